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

use crate::authoring::DocText;
use crate::config::Config;
use crate::diagnostic::TextEdit;
use crate::index::DocEntry;
use crate::kinds::detect::{PathHints, is_template_file_name};
use crate::position::TextRange;

pub use crate::index_markers::{END_MARKER, INDEX_FILE_NAMES, START_MARKER, marked_range};

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
        None => crate::index::file_stem(&entry.path),
    };
    IndexRow {
        id,
        title: entry.title.clone().unwrap_or_else(|| file_name.to_string()),
        link: crate::resolve::relative_path(index_folder, &entry.path),
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
    crate::words::collapse_whitespace(text)
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

/// The first line of adr-tools' table of contents, as `adr generate toc` prints it.
pub const ADR_TOOLS_TOC_HEADING: &str = "# Architecture Decision Records\n";

/// The file adr-tools' table of contents is kept in by convention
/// (`adr generate toc > doc/adr/README.md`): `adr list` leaves it out, as it does every file not
/// named `NNNN-….md`.
pub const ADR_TOOLS_INDEX: &str = "README.md";

/// Whether `adr list` lists a file of the log: its name matches `^[0-9]+-[^/]*\.md` (the `grep`
/// in adr-tools' `adr-list`, which is not anchored at the end).
pub fn is_adr_tools_record_name(name: &str) -> bool {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && name[digits..].starts_with('-')
        && name[digits + 1..].contains(".md")
        && !name.contains('/')
}

/// adr-tools' bullet for one record: `* [TITLE](FILE)`, the title being the first line with
/// its first two bytes cut (`head -1 | cut -c 3-`), a carriage return kept as `head` keeps it.
fn adr_tools_toc_line(name: &str, text: &str) -> String {
    let first_line = text.split('\n').next().unwrap_or("");
    let title = String::from_utf8_lossy(first_line.as_bytes().get(2..).unwrap_or(&[]));
    format!("* [{title}]({name})\n")
}

/// The bullets of adr-tools' table of contents for `records` (file name, text): the records
/// `adr list` lists, in byte order of their names (`sort` in the C locale).
fn adr_tools_toc_lines(records: &[(&str, &str)]) -> String {
    let mut records: Vec<&(&str, &str)> = records
        .iter()
        .filter(|(name, _)| is_adr_tools_record_name(name))
        .collect();
    records.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    records
        .iter()
        .map(|(name, text)| adr_tools_toc_line(name, text))
        .collect()
}

/// What `adr generate toc` prints for a log holding `records` (file name, text), byte for byte.
pub fn adr_tools_toc(records: &[(&str, &str)]) -> String {
    format!("{ADR_TOOLS_TOC_HEADING}\n{}", adr_tools_toc_lines(records))
}

/// The update of an existing adr-tools table of contents: `Some(None)` when it is current,
/// `Some(Some(edit))` replacing its bullets (an intro or outro written with `-i`/`-o` is kept),
/// `None` when `existing` is not one (it does not start with adr-tools' heading, or holds no
/// bullets to replace after something else).
pub fn adr_tools_toc_edit(existing: &str, records: &[(&str, &str)]) -> Option<Option<TextEdit>> {
    if !existing.starts_with(ADR_TOOLS_TOC_HEADING) {
        return None;
    }
    let lines = adr_tools_toc_lines(records);
    // The first run of `* [` lines is the list `adr generate toc` wrote.
    let mut offset = ADR_TOOLS_TOC_HEADING.len();
    let mut block: Option<(usize, usize)> = None;
    for line in existing[offset..].split_inclusive('\n') {
        let is_bullet = line.starts_with("* [");
        match (&mut block, is_bullet) {
            (None, true) => block = Some((offset, offset + line.len())),
            (Some((_, end)), true) if *end == offset => *end = offset + line.len(),
            (Some(_), _) => break,
            (None, false) => {}
        }
        offset += line.len();
    }
    let range = match block {
        Some((start, end)) => TextRange::new(start, end),
        // An empty log's table: the heading and a blank line, nothing else.
        None if existing[ADR_TOOLS_TOC_HEADING.len()..].trim().is_empty() => {
            TextRange::new(0, existing.len())
        }
        None => return None,
    };
    let new_text = if block.is_some() {
        lines
    } else {
        adr_tools_toc(records)
    };
    if range.slice(existing) == new_text {
        return Some(None);
    }
    Some(Some(TextEdit { range, new_text }))
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
    use crate::authoring::apply_edits;

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
    fn adr_tools_toc_lists_what_adr_list_lists_titles_cut_as_cut_does() {
        let records = [
            ("0002-b.md", "# 2. B\n\nDate: x\n"),
            ("README.md", "# Architecture Decision Records\n"),
            ("0001-a.md", "# 1. A\n"),
            ("template.md", "# NUMBER. TITLE\n"),
            ("10-c.md.orig", "#C\n"),
        ];
        assert_eq!(
            adr_tools_toc(&records),
            "# Architecture Decision Records\n\n* [1. A](0001-a.md)\n* [2. B](0002-b.md)\n* [](10-c.md.orig)\n"
        );
        assert!(!is_adr_tools_record_name("0001.md"));
        assert!(!is_adr_tools_record_name("x-0001-a.md"));
    }

    #[test]
    fn an_adr_tools_toc_is_refreshed_between_its_intro_and_outro() {
        let old = [("0001-a.md", "# 1. A\n")];
        let new = [("0001-a.md", "# 1. A\n"), ("0002-b.md", "# 2. B\n")];
        let readme = "# Architecture Decision Records\n\nIntro.\n\n* [1. A](0001-a.md)\n\nOutro.\n";
        assert_eq!(adr_tools_toc_edit(readme, &old), Some(None));
        let edit = adr_tools_toc_edit(readme, &new).unwrap().unwrap();
        assert_eq!(
            apply_edits(readme, &[edit]),
            "# Architecture Decision Records\n\nIntro.\n\n* [1. A](0001-a.md)\n* [2. B](0002-b.md)\n\nOutro.\n"
        );
        // An empty log's table gets its first bullets; a README of another form is not one.
        let empty = "# Architecture Decision Records\n\n";
        let edit = adr_tools_toc_edit(empty, &old).unwrap().unwrap();
        assert_eq!(apply_edits(empty, &[edit]), adr_tools_toc(&old));
        assert_eq!(
            adr_tools_toc_edit("# Decisions\n\n* [1. A](0001-a.md)\n", &new),
            None
        );
        assert_eq!(
            adr_tools_toc_edit("# Architecture Decision Records\n\nOnly prose.\n", &new),
            None
        );
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
