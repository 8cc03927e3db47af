//! Human output in the style of rustc and ruff:
//!
//! ```text
//! warning[missing-section]: The required `## Decision` section is missing
//!  --> docs/adr/0002-use-postgres.md:1:1
//!   |
//! 1 | # 2. Use Postgres
//!   | ^^^^^^^^^^^^^^^^^
//!   |
//!   = help: Insert the missing `## Decision` section
//! ```
//!
//! The text carries ANSI styles; the caller writes it through `anstream`, which strips them when
//! the output is not a terminal, `NO_COLOR` is set, or `--no-color` was given.

use crate::analysis::diagnostic::{Diagnostic, Severity};
use crate::cli::location::SourceMap;
use crate::cli::report::{FileResult, Totals};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

const TAB_WIDTH: usize = 4;

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::BrightRed,
        Severity::Warning => AnsiColor::BrightYellow,
        Severity::Info | Severity::Hint => AnsiColor::BrightCyan,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

fn gutter_style() -> Style {
    Style::new()
        .bold()
        .fg_color(Some(AnsiColor::BrightBlue.into()))
}

fn bold() -> Style {
    Style::new().bold()
}

/// Every diagnostic of every file, in order, each followed by a blank line.
pub fn render_diagnostics(files: &[FileResult]) -> String {
    let mut out = String::new();
    for file in files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let map = SourceMap::new(&file.text);
        for diagnostic in &file.diagnostics {
            render_one(&mut out, &file.path, &map, diagnostic);
            out.push('\n');
        }
    }
    out
}

fn render_one(out: &mut String, path: &str, map: &SourceMap, diagnostic: &Diagnostic) {
    let severity = severity_style(diagnostic.severity);
    let gutter = gutter_style();
    let bold = bold();
    let span = map.span(diagnostic.range);
    let line_number = span.start.line.to_string();
    let pad = " ".repeat(line_number.len());

    let _ = writeln!(
        out,
        "{severity}{}[{}]{severity:#}{bold}: {}{bold:#}",
        diagnostic.severity.as_str(),
        diagnostic.rule,
        diagnostic.message
    );
    let _ = writeln!(
        out,
        "{pad}{gutter}-->{gutter:#} {path}:{}:{}",
        span.start.line, span.start.column
    );
    let _ = writeln!(out, "{pad} {gutter}|{gutter:#}");

    let line = map.line_text(span.start.line);
    let start_char = (span.start.column - 1) as usize;
    // A range running past its first line is marked to that line's end.
    let end_char = if span.end.line == span.start.line {
        (span.end.column - 1) as usize
    } else {
        line.chars().count()
    };
    let (shown, marker_start, marker_width) = layout_marker(line, start_char, end_char);
    let _ = writeln!(out, "{gutter}{line_number} |{gutter:#} {shown}");
    let _ = writeln!(
        out,
        "{pad} {gutter}|{gutter:#} {}{severity}{}{severity:#}",
        " ".repeat(marker_start),
        "^".repeat(marker_width)
    );

    if let Some(fix) = &diagnostic.fix {
        let _ = writeln!(out, "{pad} {gutter}|{gutter:#}");
        let _ = writeln!(
            out,
            "{pad} {gutter}={gutter:#} {bold}help{bold:#}: {}{}",
            fix.title,
            if diagnostic.fix_allowed(false) {
                ""
            } else {
                " (unsafe fix: applied only with `--unsafe-fixes`)"
            }
        );
    }
}

/// The line as displayed (tabs expanded, trailing white space dropped) with the display column
/// and width of the marker for characters `start..end`. The marker is at least one `^` wide, so
/// an empty range (an insertion point) is still visible.
fn layout_marker(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let mut shown = String::with_capacity(line.len());
    let mut column = 0;
    let mut marker_start = None;
    let mut marker_end = None;
    for (i, ch) in line.chars().enumerate() {
        if i == start {
            marker_start = Some(column);
        }
        if i == end {
            marker_end = Some(column);
        }
        if ch == '\t' {
            let spaces = TAB_WIDTH - column % TAB_WIDTH;
            shown.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            shown.push(ch);
            column += ch.width().unwrap_or(0);
        }
    }
    let marker_start = marker_start.unwrap_or(column);
    let marker_end = marker_end.unwrap_or(column);
    let width = marker_end.saturating_sub(marker_start).max(1);
    (shown.trim_end().to_string(), marker_start, width)
}

/// `3 errors, 2 warnings in 10 files (1 file of no kind skipped)`, with the fixes applied first.
pub fn render_summary(files: &[FileResult], totals: &Totals) -> String {
    let mut out = String::new();
    let bold = bold();
    for file in files.iter().filter(|f| !f.fixed.is_empty()) {
        let _ = writeln!(
            out,
            "{bold}Fixed{bold:#} {} in {}: {}",
            plural(file.fixed.len(), "problem", "problems"),
            file.path,
            file.fixed.join("; ")
        );
    }
    let style = if totals.errors > 0 {
        severity_style(Severity::Error)
    } else if totals.warnings > 0 {
        severity_style(Severity::Warning)
    } else {
        Style::new()
            .bold()
            .fg_color(Some(AnsiColor::BrightGreen.into()))
    };
    let mut line = format!(
        "{}, {}",
        plural(totals.errors, "error", "errors"),
        plural(totals.warnings, "warning", "warnings")
    );
    if totals.notes > 0 {
        let _ = write!(line, ", {}", plural(totals.notes, "note", "notes"));
    }
    let _ = write!(line, " in {}", plural(totals.files, "file", "files"));
    if totals.files_of_no_kind > 0 {
        let _ = write!(
            line,
            " ({} of no kind skipped)",
            plural(totals.files_of_no_kind, "file", "files")
        );
    }
    let _ = writeln!(out, "{style}{line}{style:#}");
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_sits_under_the_range() {
        let (shown, start, width) = layout_marker("## Statuss", 3, 10);
        assert_eq!(shown, "## Statuss");
        assert_eq!((start, width), (3, 7));
    }

    #[test]
    fn empty_range_gets_one_caret_even_at_line_end() {
        let (_, start, width) = layout_marker("abc", 1, 1);
        assert_eq!((start, width), (1, 1));
        let (_, start, width) = layout_marker("abc", 3, 3);
        assert_eq!((start, width), (3, 1));
    }

    #[test]
    fn tabs_and_wide_characters_move_the_marker() {
        let (shown, start, width) = layout_marker("\tx", 1, 2);
        assert_eq!(shown, "    x");
        assert_eq!((start, width), (4, 1));
        let (_, start, width) = layout_marker("決定 TODO", 3, 7);
        assert_eq!((start, width), (5, 4));
    }

    fn file(kind: Option<&str>, severities: &[Severity]) -> FileResult {
        use crate::analysis::position::TextRange;
        FileResult {
            path: "docs/adr/0001-x.md".to_string(),
            text: "# 1. X\n".to_string(),
            byte_order_mark: false,
            kind: kind.map(str::to_string),
            diagnostics: severities
                .iter()
                .map(|&severity| Diagnostic {
                    rule: "missing-section",
                    severity,
                    range: TextRange::new(0, 6),
                    message: "m".to_string(),
                    fix: None,
                })
                .collect(),
            fixed: Vec::new(),
        }
    }

    fn plain_summary(files: &[FileResult]) -> String {
        anstream::adapter::strip_str(&render_summary(files, &Totals::of(files))).to_string()
    }

    #[test]
    fn summary_counts_in_words_with_singulars() {
        let files = [
            file(
                Some("adr"),
                &[Severity::Error, Severity::Warning, Severity::Warning],
            ),
            file(None, &[]),
        ];
        assert_eq!(
            plain_summary(&files),
            "1 error, 2 warnings in 2 files (1 file of no kind skipped)\n"
        );
        let files = [file(Some("adr"), &[Severity::Info, Severity::Hint])];
        assert_eq!(
            plain_summary(&files),
            "0 errors, 0 warnings, 2 notes in 1 file\n"
        );
    }

    #[test]
    fn fixes_are_listed_before_the_summary() {
        let mut fixed = file(Some("adr"), &[]);
        fixed.fixed = vec!["Insert the missing `## Decision` section".to_string()];
        assert_eq!(
            plain_summary(&[fixed]),
            "Fixed 1 problem in docs/adr/0001-x.md: Insert the missing `## Decision` section\n\
             0 errors, 0 warnings in 1 file\n"
        );
    }

    #[test]
    fn a_diagnostic_reads_like_rustc() {
        let mut result = file(Some("adr"), &[Severity::Warning]);
        result.diagnostics[0].fix = Some(crate::analysis::diagnostic::Fix {
            title: "Insert it".to_string(),
            edits: Vec::new(),
        });
        let text = anstream::adapter::strip_str(&render_diagnostics(&[result])).to_string();
        assert_eq!(
            text,
            "warning[missing-section]: m\n \
             --> docs/adr/0001-x.md:1:1\n  \
             |\n\
             1 | # 1. X\n  \
             | ^^^^^^\n  \
             |\n  \
             = help: Insert it\n\n"
        );
    }
}
