//! `--format json`: one object per checked file, in path order.
//!
//! ```json
//! [{"path": "docs/adr/0002-x.md", "kind": "adr", "diagnostics": [{
//!     "rule": "missing-section", "severity": "warning", "message": "…",
//!     "range": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 9}},
//!     "byte_range": {"start": 0, "end": 8},
//!     "fix": {"title": "…", "edits": [{"range": …, "byte_range": …, "new_text": "…"}]}
//! }]}]
//! ```
//!
//! Lines and columns are 1-based; columns count characters and `end` is exclusive, as in the
//! human output. `byte_range` is the UTF-8 byte offsets for tools that slice the file. `fix` is
//! `null` when the rule has none. Every file checked is listed, clean ones with an empty
//! `diagnostics`, so that the kind of each file can be read from the output.

use crate::analysis::diagnostic::{Diagnostic, Severity, TextEdit};
use crate::analysis::position::TextRange;
use crate::cli::location::{SourceMap, Span};
use crate::cli::report::FileResult;
use serde::Serialize;

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    kind: Option<&'a str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    range: Span,
    byte_range: TextRange,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    /// `safe` (applied by `--fix`) or `unsafe` (only with `--unsafe-fixes`).
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: Span,
    byte_range: TextRange,
    new_text: &'a str,
}

pub fn render(files: &[FileResult]) -> String {
    let json_files: Vec<JsonFile> = files
        .iter()
        .map(|file| {
            // A rope only for files with something to locate: most files of a large run are clean.
            let diagnostics = if file.diagnostics.is_empty() {
                Vec::new()
            } else {
                let map = SourceMap::new(&file.text);
                file.diagnostics
                    .iter()
                    .map(|d| diagnostic(&map, d))
                    .collect()
            };
            JsonFile {
                path: &file.path,
                kind: file.kind.as_deref(),
                diagnostics,
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json_files).expect("plain data serialises");
    text.push('\n');
    text
}

fn diagnostic<'a>(map: &SourceMap, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity,
        message: &d.message,
        range: map.span(d.range),
        byte_range: d.range,
        fix: d.fix.as_ref().map(|fix| JsonFix {
            title: &fix.title,
            applicability: d.fix_applicability().map_or("safe", |a| a.as_str()),
            edits: fix.edits.iter().map(|e| edit(map, e)).collect(),
        }),
    }
}

fn edit<'a>(map: &SourceMap, e: &'a TextEdit) -> JsonEdit<'a> {
    JsonEdit {
        range: map.span(e.range),
        byte_range: e.range,
        new_text: &e.new_text,
    }
}
