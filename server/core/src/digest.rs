//! The decision digest: the decisions whose status changed in a window of time, grouped by log,
//! each with its id, title, link and one line of its summary.
//!
//! The edge reads the repository's history (`host::digest`, through git) and hands in the
//! index entries of the documents that changed, as they were at the start of the window and as
//! they are at its end; [`status_changes`] compares them, and the renderers print the result as
//! Markdown (for a weekly update's `Decisions` section, or a terminal) or JSON.

use crate::diagnostic::TextEdit;
use crate::index::DocEntry;
use crate::kinds::Kind;
use crate::outline::Outline;
use crate::outline::content::has_real_content_in;
use crate::outline::normalize::normalize_heading;
use crate::position::TextRange;
use crate::resolve::relative_path;
use serde::Serialize;
use std::collections::BTreeMap;

/// The statuses a digest reports: a decision proposed, made, turned down or retired.
pub const DIGEST_STATUSES: &[&str] = &[
    "proposed",
    "accepted",
    "rejected",
    "superseded",
    "deprecated",
];

/// How long a summary line may be, in characters, before it is cut.
pub const SUMMARY_LINE_MAX_CHARS: usize = 160;

/// One decision whose status changed in the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DigestChange {
    /// `ADR-0003`, when the record is numbered.
    pub id: Option<String>,
    pub title: String,
    /// Workspace-relative, `/` separators.
    pub path: String,
    /// The status it has at the end of the window, as its kind names it (`accepted`).
    pub status: String,
    /// The status it had at the start, when it existed then with one.
    pub previous: Option<String>,
    /// One line of its summary.
    pub summary: Option<String>,
}

/// The changes of one decision log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogDigest {
    /// The log's folder, workspace-relative (`""` at the root).
    pub log: String,
    pub changes: Vec<DigestChange>,
}

/// A digest: the window (as given or resolved, for people) and the changes by log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Digest {
    pub since: String,
    pub until: String,
    pub logs: Vec<LogDigest>,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.logs.iter().all(|log| log.changes.is_empty())
    }

    pub fn changes(&self) -> impl Iterator<Item = &DigestChange> {
        self.logs.iter().flat_map(|log| &log.changes)
    }
}

/// What the edge knows of the repository's history, asked by the rules that need it
/// (`weekly-update-uncited-decisions`). The core never runs git itself.
pub trait DecisionHistory: Sync {
    /// The decisions whose status changed from the start of `since` to the end of `until`
    /// (`YYYY-MM-DD`, both included), or `None` when the history cannot tell (no git, no
    /// commit in reach): a rule then says nothing.
    fn changes_between(&self, since: &str, until: &str) -> Option<Vec<LogDigest>>;
}

/// The decisions of `after` whose status is one of [`DIGEST_STATUSES`] and differs from the
/// status the same path had in `before` (a record new in the window counts with no previous
/// status). Records of no log, templates and statuses outside the kind's vocabulary are left
/// out. Grouped by log (by folder), each log's changes by id, then path.
pub fn status_changes(before: &[DocEntry], after: &[DocEntry]) -> Vec<LogDigest> {
    let previous: BTreeMap<&str, &DocEntry> = before.iter().map(|e| (e.path.as_str(), e)).collect();
    let mut logs: BTreeMap<String, Vec<(Option<u32>, DigestChange)>> = BTreeMap::new();
    for entry in after {
        let (Some(log), false) = (&entry.log, entry.is_template) else {
            continue;
        };
        let Some(status) = entry.status_name.as_deref().map(str::to_lowercase) else {
            continue;
        };
        if !DIGEST_STATUSES.contains(&status.as_str()) {
            continue;
        }
        let was = previous
            .get(entry.path.as_str())
            .and_then(|old| old.status_name.as_deref())
            .map(str::to_lowercase);
        if was.as_deref() == Some(status.as_str()) {
            continue;
        }
        let change = DigestChange {
            id: entry
                .id
                .as_ref()
                .filter(|id| id.prefix.is_some())
                .map(ToString::to_string),
            title: entry.title.clone().unwrap_or_else(|| entry.stem()),
            path: entry.path.clone(),
            status,
            previous: was,
            summary: entry.summary.as_deref().and_then(summary_line),
        };
        logs.entry(log.clone())
            .or_default()
            .push((entry.id.as_ref().map(|id| id.number), change));
    }
    logs.into_iter()
        .map(|(log, mut changes)| {
            changes.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
            LogDigest {
                log,
                changes: changes.into_iter().map(|(_, c)| c).collect(),
            }
        })
        .collect()
}

/// The first sentence of a summary, on one line, cut at [`SUMMARY_LINE_MAX_CHARS`].
pub fn summary_line(summary: &str) -> Option<String> {
    let flat = crate::words::collapse_whitespace(summary);
    let sentence = match flat.find(". ") {
        Some(end) => &flat[..=end],
        None => flat.as_str(),
    };
    let line: String = if sentence.chars().count() > SUMMARY_LINE_MAX_CHARS {
        let cut: String = sentence.chars().take(SUMMARY_LINE_MAX_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        sentence.to_string()
    };
    (!line.is_empty()).then_some(line)
}

/// One list item per change, links relative to `from_folder` (workspace-relative: `""` for the
/// root, `updates` for a weekly update in `updates/`):
/// `- [ADR-0003: Use PostgreSQL](../docs/adr/0003-use-postgresql.md): accepted (was proposed). We will …`
pub fn render_items(logs: &[LogDigest], from_folder: &str) -> String {
    let mut out = String::new();
    for change in logs.iter().flat_map(|log| &log.changes) {
        let label = match &change.id {
            Some(id) => format!("{id}: {}", change.title),
            None => change.title.clone(),
        };
        let link = relative_path(from_folder, &change.path);
        let was = change
            .previous
            .as_ref()
            .map_or_else(String::new, |p| format!(" (was {p})"));
        let summary = change
            .summary
            .as_ref()
            .map_or_else(String::new, |s| format!(" {s}"));
        out.push_str(&format!(
            "- [{}]({}): {}{was}.{summary}\n",
            escape_link_text(&label),
            link_target(&link),
            change.status
        ));
    }
    out
}

/// The digest as Markdown: a heading for the window, then one heading and list per log.
pub fn render_markdown(digest: &Digest, from_folder: &str) -> String {
    let mut out = format!("## Decisions from {} to {}\n\n", digest.since, digest.until);
    if digest.is_empty() {
        out.push_str("No decision changed status.\n");
        return out;
    }
    for log in digest.logs.iter().filter(|l| !l.changes.is_empty()) {
        let name = if log.log.is_empty() { "." } else { &log.log };
        out.push_str(&format!("### `{name}/`\n\n"));
        out.push_str(&render_items(std::slice::from_ref(log), from_folder));
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The digest as pretty-printed JSON.
pub fn render_json(digest: &Digest) -> String {
    let mut text = serde_json::to_string_pretty(digest).unwrap_or_else(|_| String::from("{}"));
    text.push('\n');
    text
}

/// The name of the kind section a digest fills.
pub const DECISIONS_SECTION: &str = "Decisions";

/// The `Decisions` section (of `kind`) of a document, when it has one: its own body.
pub fn decisions_body(outline: &Outline, kind: &Kind) -> Option<TextRange> {
    let wanted = normalize_heading(DECISIONS_SECTION);
    let (_, spec) = kind.section_for(&wanted)?;
    outline
        .all_sections()
        .find(|section| {
            section.level == kind.section_level
                && kind
                    .section_for(&outline.headings[section.heading].normalized)
                    .is_some_and(|(_, found)| found.name == spec.name)
        })
        .map(|section| section.own_body)
}

/// The edit that fills a document's `Decisions` section with `items` (from [`render_items`]):
/// a section holding only its template text (or nothing) gets the items in its place; one with
/// real content keeps it and gets the items after it. `None` when the document has no such
/// section or there is nothing to add.
pub fn fill_decisions(text: &str, outline: &Outline, kind: &Kind, items: &str) -> Option<TextEdit> {
    if items.trim().is_empty() {
        return None;
    }
    let body = decisions_body(outline, kind)?;
    let written = body.slice(text);
    let at_end = body.end >= text.len();
    let tail = if at_end { "" } else { "\n" };
    if has_real_content_in(text, body, &outline.code_blocks) {
        let kept = written.trim_end();
        let start = body.start + kept.len();
        return Some(TextEdit {
            range: TextRange::new(start, body.end),
            new_text: format!(
                "\n\n{}{tail}",
                items.trim_end_matches('\n').to_string() + "\n"
            ),
        });
    }
    // The body starts where the heading's line ends; the line break stays.
    let start = body.start + written.len()
        - written
            .strip_prefix("\r\n")
            .or_else(|| written.strip_prefix('\n'))
            .unwrap_or(written)
            .len();
    Some(TextEdit {
        range: TextRange::new(start, body.end),
        new_text: format!(
            "\n{}{tail}",
            items.trim_end_matches('\n').to_string() + "\n"
        ),
    })
}

fn escape_link_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// A link destination that stays one: in angle brackets when it holds a space or parenthesis.
fn link_target(path: &str) -> String {
    if path.contains([' ', '(', ')']) {
        format!("<{path}>")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::Index;

    fn entries(docs: &[(&str, &str)]) -> Vec<DocEntry> {
        let index = Index::of_default_config(docs);
        index.docs().map(|d| (**d).clone()).collect()
    }

    fn adr(title: &str, status: &str) -> String {
        format!(
            "# 1. {title}\n\nDate: 2026-11-20\n\n## Status\n\n{status}\n\n## Context\n\nOrders \
             need a store. It must be durable.\n\n## Decision\n\nWe will.\n\n## Consequences\n\nOk.\n"
        )
    }

    #[test]
    fn only_changed_statuses_are_listed_with_the_previous_one() {
        let before = entries(&[
            ("docs/adr/0001-a.md", &adr("A", "Proposed")),
            ("docs/adr/0002-b.md", &adr("B", "Accepted")),
        ]);
        let after = entries(&[
            ("docs/adr/0001-a.md", &adr("A", "Accepted")),
            ("docs/adr/0002-b.md", &adr("B", "Accepted")),
            ("docs/adr/0003-c.md", &adr("C", "Proposed")),
            ("notes/x.md", "# Notes\n\nStatus: accepted\n"),
        ]);
        let logs = status_changes(&before, &after);
        assert_eq!(logs.len(), 1);
        assert_eq!(logs[0].log, "docs/adr");
        let listed: Vec<(&str, &str, Option<&str>)> = logs[0]
            .changes
            .iter()
            .map(|c| {
                (
                    c.id.as_deref().unwrap(),
                    c.status.as_str(),
                    c.previous.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("ADR-0001", "accepted", Some("proposed")),
                ("ADR-0003", "proposed", None)
            ]
        );
        assert_eq!(
            logs[0].changes[0].summary.as_deref(),
            Some("Orders need a store.")
        );
        assert_eq!(
            render_items(&logs, "updates"),
            "- [ADR-0001: A](../docs/adr/0001-a.md): accepted (was proposed). Orders need a store.\n\
             - [ADR-0003: C](../docs/adr/0003-c.md): proposed. Orders need a store.\n"
        );
    }

    #[test]
    fn the_decisions_section_is_filled_in_place_of_its_template_text_or_after_its_content() {
        let config = Config::default();
        let kind = config.kind("weekly-update").unwrap();
        let items = "- [ADR-0001: A](../docs/adr/0001-a.md): accepted.\n";
        let fill = |text: &str| {
            let outline = crate::outline::parse_outline_fast(text, Some("2026-W48.md"));
            let edit = fill_decisions(text, &outline, kind, items)?;
            let mut out = text.to_string();
            out.replace_range(edit.range.start..edit.range.end, &edit.new_text);
            Some(out)
        };
        let template =
            "# W\n\n## Decisions\n\n* {decision}: {link to its record}\n\n## Risks\n\nNone.\n";
        assert_eq!(
            fill(template).as_deref(),
            Some(
                "# W\n\n## Decisions\n\n- [ADR-0001: A](../docs/adr/0001-a.md): accepted.\n\n## Risks\n\nNone.\n"
            )
        );
        let written = "# W\n\n## Decisions\n\nWe froze the API.\n";
        assert_eq!(
            fill(written).as_deref(),
            Some(
                "# W\n\n## Decisions\n\nWe froze the API.\n\n- [ADR-0001: A](../docs/adr/0001-a.md): accepted.\n"
            )
        );
        assert_eq!(fill("# W\n\n## Progress\n\nx\n"), None);
    }

    #[test]
    fn summary_lines_are_one_sentence_and_bounded() {
        assert_eq!(summary_line("One.\nTwo. Three").as_deref(), Some("One."));
        let long = "word ".repeat(100);
        let line = summary_line(&long).unwrap();
        assert_eq!(line.chars().count(), SUMMARY_LINE_MAX_CHARS);
        assert!(line.ends_with('…'));
        assert_eq!(summary_line("  "), None);
    }
}
