//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.
//!
//! One run; `tool.driver.rules` lists every rule (so a result's `ruleIndex` is its place in
//! `docwright rules`); each result has one physical location whose URI is relative to
//! `%SRCROOT%`, the folder docwright ran in, and whose region is 1-based with columns counted in
//! Unicode code points (`columnKind`), `endColumn` exclusive. Files outside that folder get an
//! absolute `file://` URI instead. The test suite validates this output against the OASIS schema.

use crate::analysis::diagnostic::{Diagnostic, Severity};
use crate::cli::location::SourceMap;
use crate::cli::report::FileResult;
use crate::cli::rules_cmd::{RuleInfo, every_rule};
use serde_json::{Value, json};
use std::path::Path;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const SRCROOT: &str = "%SRCROOT%";

/// `src_root` is the absolute folder that relative paths in `files` are relative to.
pub fn render(files: &[FileResult], src_root: &Path) -> String {
    let rules = every_rule();
    let rules = rules.as_slice();
    let results: Vec<Value> = files
        .iter()
        .filter(|file| !file.diagnostics.is_empty())
        .flat_map(|file| {
            let map = SourceMap::new(&file.text);
            let location = artifact_location(&file.path, src_root);
            file.diagnostics
                .iter()
                .map(move |d| result(rules, d, &map, location.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut driver = json!({
        "name": "docwright",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
    });
    // Where people learn about the tool; code scanning links to it from every alert. Only a
    // real address: none is better than a made-up one.
    if let Some(url) = crate::analysis::rule_docs::repository_url() {
        driver["informationUri"] = json!(url);
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "originalUriBaseIds": {
                SRCROOT: { "uri": directory_uri(src_root) }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).expect("plain data serialises");
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn rule_descriptor(rule: &RuleInfo) -> Value {
    let docs = crate::cli::rules_cmd::dedent_doc(rule.docs);
    let docs = docs.trim();
    let first_paragraph = docs.split("\n\n").next().unwrap_or("").replace('\n', " ");
    let full = if first_paragraph.is_empty() {
        rule.summary.to_string()
    } else {
        first_paragraph
    };
    let help = if docs.is_empty() { rule.summary } else { docs };
    let mut descriptor = json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full },
        "help": {
            "text": help,
            "markdown": help,
        },
        "defaultConfiguration": { "level": level(rule.severity) },
    });
    if let Some(url) = crate::analysis::rule_docs::rule_docs_url(rule.id) {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
}

fn result(rules: &[RuleInfo], d: &Diagnostic, map: &SourceMap, location: Value) -> Value {
    let span = map.span(d.range);
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": {
                    "startLine": span.start.line,
                    "startColumn": span.start.column,
                    "endLine": span.end.line,
                    "endColumn": span.end.column,
                }
            }
        }],
    });
    if let Some(index) = rules.iter().position(|r| r.id == d.rule) {
        result["ruleIndex"] = json!(index);
    }
    result
}

fn artifact_location(display_path: &str, src_root: &Path) -> Value {
    let path = Path::new(display_path);
    if path.is_absolute() {
        match path.strip_prefix(src_root) {
            Ok(relative) => {
                json!({ "uri": percent_encode(&crate::host::walk::display_path(relative)), "uriBaseId": SRCROOT })
            }
            Err(_) => json!({ "uri": file_uri(path) }),
        }
    } else if display_path.starts_with("../") {
        // Outside the folder docwright ran in: a relative URI would climb out of %SRCROOT%.
        json!({ "uri": file_uri(&src_root.join(path)) })
    } else {
        json!({ "uri": percent_encode(display_path), "uriBaseId": SRCROOT })
    }
}

fn file_uri(path: &Path) -> String {
    let text = crate::host::walk::display_path(path);
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", percent_encode(&text))
}

fn directory_uri(path: &Path) -> String {
    let mut uri = file_uri(path);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Percent-encodes everything but RFC 3986's unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            percent_encode("docs/adr/0001-café notes.md"),
            "docs/adr/0001-caf%C3%A9%20notes.md"
        );
        assert_eq!(file_uri(Path::new("/tmp/a b")), "file:///tmp/a%20b");
        assert_eq!(directory_uri(Path::new("/work/repo")), "file:///work/repo/");
    }

    #[test]
    fn paths_inside_the_root_are_relative_to_srcroot() {
        let root = Path::new("/work/repo");
        assert_eq!(
            artifact_location("docs/a.md", root),
            json!({"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/work/repo/docs/a.md", root),
            json!({"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/elsewhere/a.md", root),
            json!({"uri": "file:///elsewhere/a.md"})
        );
        assert_eq!(
            artifact_location("../x/a.md", root),
            json!({"uri": "file:///work/repo/../x/a.md"})
        );
    }

    #[test]
    fn severities_map_to_sarif_levels() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(level(Severity::Hint), "note");
    }
}
