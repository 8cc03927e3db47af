//! `index`: a folder's documents as a Markdown table (id, title, status, date) kept between two
//! markers in the folder's README.md or index.md:
//!
//! ```markdown
//! <!-- docwright:index -->
//! | ID | Title | Status | Date |
//! | --- | --- | --- | --- |
//! | ADR-0001 | [Record architecture decisions](0001-record-architecture-decisions.md) | Accepted | 2024-01-01 |
//! <!-- docwright:index-end -->
//! ```
//!
//! Everything outside the markers is the author's and is never touched; the table is rewritten
//! whole, so refreshing an index that is already current changes nothing.

use crate::analysis::authoring::DocText;
use crate::analysis::config::Config;
use crate::analysis::diagnostic::TextEdit;
use crate::analysis::index::DocEntry;
use crate::analysis::kinds::detect::{PathHints, is_template_file_name};
use crate::analysis::position::TextRange;

pub const START_MARKER: &str = "<!-- docwright:index -->";
pub const END_MARKER: &str = "<!-- docwright:index-end -->";

/// The file names that hold a folder's index, in order of preference.
pub const INDEX_FILE_NAMES: &[&str] = &["README.md", "index.md"];

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexRow {
    pub id: String,
    pub title: String,
    /// The document's path relative to the index file's folder.
    pub link: String,
    pub status: String,
    pub date: String,
}

/// Whether a file of a decision folder is listed in its index: Markdown, and neither an index
/// file nor a template.
pub fn is_indexed_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") || lower.ends_with(".markdown"))
        && !INDEX_FILE_NAMES
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
        && !is_template_file_name(name)
}

/// The rows for `docs` (workspace-relative paths) in an index file in `index_folder`, sorted by
/// path, which orders numbered and dated file names chronologically. `hints` are the folder's
/// (as the edge found them for detection), so that ids read as the workspace index reads them.
pub fn index_rows(
    docs: &[DocText],
    index_folder: &str,
    config: &Config,
    hints: &PathHints,
) -> Vec<IndexRow> {
    let entries: Vec<DocEntry> = docs
        .iter()
        .map(|doc| DocEntry::from_text(doc.path, doc.text, config, hints))
        .collect();
    rows_of_entries(entries.iter(), index_folder)
}

/// The rows for documents already in the workspace index, sorted by path.
pub fn rows_of_entries<'e>(
    entries: impl Iterator<Item = &'e DocEntry>,
    index_folder: &str,
) -> Vec<IndexRow> {
    let mut entries: Vec<&DocEntry> = entries.collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
        .into_iter()
        .map(|entry| index_row(entry, index_folder))
        .collect()
}

/// One document's row in an index file in `index_folder`.
pub fn index_row(entry: &DocEntry, index_folder: &str) -> IndexRow {
    let file_name = entry.path.rsplit('/').next().unwrap_or(&entry.path);
    let id = match &entry.id {
        Some(id) => id.to_string(),
        None => crate::analysis::index::file_stem(&entry.path),
    };
    IndexRow {
        id,
        title: entry.title.clone().unwrap_or_else(|| file_name.to_string()),
        link: crate::analysis::resolve::relative_path(index_folder, &entry.path),
        status: entry.status.clone().unwrap_or_default(),
        date: entry.date.clone().unwrap_or_default(),
    }
}

/// The table with its markers, ending in a line break.
pub fn index_block(rows: &[IndexRow]) -> String {
    let mut out =
        format!("{START_MARKER}\n| ID | Title | Status | Date |\n| --- | --- | --- | --- |\n");
    for row in rows {
        out.push_str(&format!(
            "| {} | [{}]({}) | {} | {} |\n",
            cell(&row.id),
            cell(&row.title.replace(['[', ']'], "")),
            row.link.replace(' ', "%20"),
            cell(&one_line(&row.status)),
            cell(&row.date),
        ));
    }
    out.push_str(END_MARKER);
    out.push('\n');
    out
}

/// Where the markers are: the range from the start marker to the end of the end marker's line.
pub fn marked_range(text: &str) -> Option<TextRange> {
    let start = text.find(START_MARKER)?;
    let end_marker = start + text[start..].find(END_MARKER)?;
    let mut end = end_marker + END_MARKER.len();
    if text[end..].starts_with("\r\n") {
        end += 2;
    } else if text[end..].starts_with('\n') {
        end += 1;
    }
    Some(TextRange::new(start, end))
}

/// The edit that brings an index file up to date: the marked block replaced, or, without
/// markers, an `## Index` section with the block appended. `None` when it is current.
pub fn index_edit(text: &str, rows: &[IndexRow]) -> Option<TextEdit> {
    let block = index_block(rows);
    match marked_range(text) {
        Some(range) => {
            let current = &text[range.start..range.end];
            let wanted = if current.ends_with('\n') {
                block
            } else {
                block.trim_end_matches('\n').to_string()
            };
            (current.replace("\r\n", "\n") != wanted).then_some(TextEdit {
                range,
                new_text: wanted,
            })
        }
        None => {
            let separator = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            Some(TextEdit {
                range: TextRange::empty(text.len()),
                new_text: format!("{separator}## Index\n\n{block}"),
            })
        }
    }
}

/// A new index file for a folder that has none.
pub fn new_index_file(rows: &[IndexRow]) -> String {
    format!("# Decisions\n\n{}", index_block(rows))
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The index file pyadr's `toc` rewrites whole, in its records folder.
pub const PYADR_INDEX: &str = "index.md";

/// `index.md` as `pyadr toc` writes it: the numbered records (`NNNN-*`, by file name) under
/// `## Accepted Records`, `## Rejected Records`, `## Superseded Records` and
/// `## Deprecated Records` (`* None` when empty), then any other status under its own `###`
/// heading. A record's line is `* [NNNN - Title](file)`, followed by `: status phrase` when the
/// status line says more than the status. `docs` are (file name, text).
pub fn pyadr_toc(docs: &[(&str, &str)]) -> String {
    const STANDARD: [(&str, &str); 4] = [
        ("accepted", "Accepted Records"),
        ("rejected", "Rejected Records"),
        ("superseded", "Superseded Records"),
        ("deprecated", "Deprecated Records"),
    ];
    let mut sorted: Vec<&(&str, &str)> = docs
        .iter()
        .filter(|(name, _)| {
            name.len() > 5
                && name.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && name.as_bytes()[4] == b'-'
        })
        .collect();
    sorted.sort_by_key(|(name, _)| *name);
    let mut standard: Vec<Vec<String>> = vec![Vec::new(); STANDARD.len()];
    let mut other: Vec<(String, Vec<String>)> = Vec::new();
    for (name, text) in sorted {
        let mut lines = text.lines();
        let Some(title) = lines.by_ref().find_map(|line| line.strip_prefix("# ")) else {
            continue;
        };
        let Some(full_status) = lines.find_map(|line| line.strip_prefix("* Status:")) else {
            continue;
        };
        let full_status = full_status.trim();
        let (status, phrase) = match full_status.split_once(' ') {
            Some((status, phrase)) => (status, phrase.trim()),
            None => (full_status, ""),
        };
        let supplement = if phrase.is_empty() {
            String::new()
        } else {
            format!(": {status} {phrase}")
        };
        let id = name.split('-').next().unwrap_or(name);
        let line = format!("* [{id} - {}]({name}){supplement}\n", title.trim());
        match STANDARD.iter().position(|(s, _)| *s == status) {
            Some(at) => standard[at].push(line),
            None => match other.iter_mut().find(|(s, _)| s == status) {
                Some((_, lines)) => lines.push(line),
                None => other.push((status.to_string(), vec![line])),
            },
        }
    }
    let mut out = String::from(
        "<!-- This file has been generated by `pyadr`. Manual changes will be erased at next generation. -->\n# Architecture Decision Records\n",
    );
    for ((_, heading), lines) in STANDARD.iter().zip(&standard) {
        out.push_str(&format!("\n## {heading}\n\n"));
        if lines.is_empty() {
            out.push_str("* None\n");
        }
        for line in lines {
            out.push_str(line);
        }
    }
    out.push_str("\n## Records with non-standard statuses\n");
    if other.is_empty() {
        out.push_str("\n* None\n");
    }
    for (status, lines) in &other {
        out.push_str(&format!("\n### Status `{status}`\n\n"));
        for line in lines {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn pyadr_toc_groups_by_status_as_pyadr_does() {
        let docs = [
            (
                "0001-b.md",
                "# B\n\n* Status: superseded by [ADR-0002](0002-c.md)\n* Date: x\n",
            ),
            ("0000-a.md", "# A\n\n* Status: accepted\n* Date: x\n"),
            ("0002-c.md", "# C\n\n* Status: superseding\n* Date: x\n"),
            ("XXXX-d.md", "# D\n\n* Status: proposed\n* Date: x\n"),
        ];
        let toc = pyadr_toc(&docs);
        assert!(
            toc.contains(
                "## Accepted Records\n\n* [0000 - A](0000-a.md)\n\n## Rejected Records\n\n* None\n"
            ),
            "{toc}"
        );
        assert!(
            toc.contains("* [0001 - B](0001-b.md): superseded by [ADR-0002](0002-c.md)\n"),
            "{toc}"
        );
        assert!(
            toc.ends_with("### Status `superseding`\n\n* [0002 - C](0002-c.md)\n"),
            "{toc}"
        );
        assert!(!toc.contains("XXXX"));
    }

    use super::*;
    use crate::analysis::authoring::apply_edits;

    fn rows() -> Vec<IndexRow> {
        let config = Config::default();
        let docs = [
            DocText {
                path: "doc/adr/0002-use-postgresql.md",
                text: "# 2. Use PostgreSQL\n\nDate: 2024-06-01\n\n## Status\n\nProposed\n",
            },
            DocText {
                path: "doc/adr/0001-record-decisions.md",
                text: "# 1. Record decisions\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n",
            },
        ];
        index_rows(&docs, "doc/adr", &config, &PathHints::default())
    }

    #[test]
    fn rows_are_sorted_and_read_from_each_documents_metadata() {
        let rows = rows();
        assert_eq!(rows[0].id, "ADR-0001");
        assert_eq!(rows[0].title, "Record decisions");
        assert_eq!(rows[0].link, "0001-record-decisions.md");
        assert_eq!(rows[0].status, "Accepted");
        assert_eq!(rows[1].date, "2024-06-01");
    }

    #[test]
    fn the_block_is_appended_then_refreshed_in_place() {
        let readme = "# Decisions\n\nWhy we keep them.\n";
        let first = apply_edits(readme, &[index_edit(readme, &rows()).unwrap()]);
        assert!(first.starts_with(
            "# Decisions\n\nWhy we keep them.\n\n## Index\n\n<!-- docwright:index -->\n| ID |"
        ));
        assert!(first.contains(
            "| ADR-0002 | [Use PostgreSQL](0002-use-postgresql.md) | Proposed | 2024-06-01 |\n"
        ));
        assert_eq!(
            index_edit(&first, &rows()),
            None,
            "a current index is left alone"
        );

        let mut fewer = rows();
        fewer.pop();
        let second = apply_edits(&first, &[index_edit(&first, &fewer).unwrap()]);
        assert!(!second.contains("ADR-0002"));
        assert!(second.starts_with("# Decisions\n\nWhy we keep them.\n"));
    }

    #[test]
    fn pipes_in_cells_are_escaped() {
        let row = IndexRow {
            id: "X".into(),
            title: "A | B".into(),
            link: "x.md".into(),
            status: "accepted".into(),
            date: String::new(),
        };
        assert!(index_block(&[row]).contains("| X | [A \\| B](x.md) | accepted |  |"));
    }
}
