//! Hover on a reference: what the cited document is (title, id, kind, status, date, summary),
//! whether something replaced it, and for a link to a section, the start of that section.
//!
//! The index holds no document text, so the section's lines are quoted in a second step: the
//! hover names the span to quote ([`SectionPreview`]), the edge reads that document (only ever one
//! the index holds) and [`ReferenceHover::markdown_with_excerpt`] finishes the text.

use crate::config::Config;
use crate::index::{DocEntry, Index, RefForm, Reference, SectionEntry};
use crate::navigation::definition::resolved_reference_at;
use crate::position::TextRange;
use crate::resolve::Resolution;
use crate::workspace_rules::{WorkspaceContext, doc_name};
use std::fmt::Write;

/// At most this many lines of a linked section are quoted.
const EXCERPT_MAX_LINES: usize = 6;
/// And at most this many characters.
const EXCERPT_MAX_CHARS: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceHover {
    /// The reference hovered, in the hovered document.
    pub range: TextRange,
    /// Everything but the section's lines.
    pub markdown: String,
    /// The section to quote, when the reference names one.
    pub section: Option<SectionPreview>,
}

/// The lines under a linked heading: from the end of the heading to the next heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionPreview {
    pub path: String,
    /// May run past the end of the text (a last section): clamped when quoted.
    pub body: TextRange,
}

impl ReferenceHover {
    /// The hover text with the section's first lines (`excerpt`, from [`section_excerpt`]).
    pub fn markdown_with_excerpt(&self, excerpt: Option<&str>) -> String {
        match excerpt {
            Some(excerpt) if !excerpt.is_empty() => {
                let quoted: Vec<String> = excerpt.lines().map(|l| format!("> {l}")).collect();
                format!("{}\n\n{}", self.markdown, quoted.join("\n"))
            }
            _ => self.markdown.clone(),
        }
    }
}

/// The hover for the reference at `offset` in `from`; `None` when the cursor is not on a
/// reference or the reference points outside the workspace (an external URL, an id with a prefix
/// no document has), where the document's own hover applies.
pub fn reference_hover(
    index: &Index,
    config: &Config,
    from: &DocEntry,
    offset: usize,
) -> Option<ReferenceHover> {
    let (reference, resolution) = resolved_reference_at(index, from, offset)?;
    let context = WorkspaceContext::new(index, config);
    let (markdown, section) = match &resolution {
        Resolution::Found { doc, section } => (
            doc_card(&context, doc, section.map(|s| s.text.as_str())),
            section.map(|s| preview(doc, s)),
        ),
        Resolution::MissingAnchor { doc, anchor } => (
            format!(
                "{}\n\nNo section `#{anchor}` in {}",
                doc_card(&context, doc, None),
                doc_name(doc)
            ),
            None,
        ),
        Resolution::MissingDoc => (
            format!("No document {} in this workspace", as_written(reference)),
            None,
        ),
        Resolution::Ambiguous(docs) => {
            let mut text = format!(
                "{} names {} documents:\n",
                as_written(reference),
                docs.len()
            );
            for doc in docs {
                let _ = write!(text, "\n- {}", one_line(doc));
            }
            (text, None)
        }
        Resolution::UnknownPrefix | Resolution::External => return None,
    };
    Some(ReferenceHover {
        range: reference.range,
        markdown,
        section,
    })
}

/// How the reference is shown in a message: an id as it is, a path or name in code style.
fn as_written(reference: &Reference) -> String {
    match reference.form {
        RefForm::Textual => reference.written.clone(),
        _ if reference.written.contains(['`', '\n']) => reference.written.replace('`', "'"),
        _ => format!("`{}`", reference.written),
    }
}

/// `ADR-0007 · Use PostgreSQL — `docs/adr/0007-use-postgres.md``.
fn one_line(doc: &DocEntry) -> String {
    let mut line = String::new();
    if let Some(id) = doc.id.as_ref().filter(|id| id.prefix.is_some()) {
        let _ = write!(line, "{id} · ");
    }
    line.push_str(doc.title.as_deref().unwrap_or("(untitled)"));
    let _ = write!(line, " — `{}`", doc.path);
    line
}

/// Title and id, then kind, status and date, the successors, the summary, and the section.
fn doc_card(context: &WorkspaceContext, doc: &DocEntry, section: Option<&str>) -> String {
    let mut text = String::new();
    let id = doc.id.as_ref().filter(|id| id.prefix.is_some());
    match (id, doc.title.as_deref()) {
        (Some(id), Some(title)) => {
            let _ = write!(text, "**{id} · {}**", escape(title));
        }
        (Some(id), None) => {
            let _ = write!(text, "**{id}**");
        }
        (None, Some(title)) => {
            let _ = write!(text, "**{}**", escape(title));
        }
        (None, None) => {
            let _ = write!(text, "`{}`", doc.path);
        }
    }
    let mut facts: Vec<String> = Vec::new();
    if let Some(kind) = doc.kind.as_deref() {
        facts.push(
            context
                .config
                .kind(kind)
                .map_or_else(|| kind.to_string(), |k| k.display_name.clone()),
        );
    }
    let successors = context.successors(doc);
    // The status normalised (`analysis::status`, kept in the entry), never the raw line.
    if let Some(status) = &doc.shown_status {
        facts.push(format!("status: {}", escape(status)));
    }
    if let Some(date) = &doc.date {
        facts.push(escape(date));
    }
    facts.push(format!("`{}`", doc.path));
    let _ = write!(text, "\n\n{}", facts.join(" · "));
    if !successors.is_empty() {
        let names: Vec<String> = successors
            .iter()
            .map(|s| match s.title.as_deref() {
                Some(title) => format!("{} ({})", doc_name(s), escape(title)),
                None => doc_name(s),
            })
            .collect();
        let _ = write!(text, "\n\n**Superseded by {}**", names.join(", "));
    }
    if let Some(summary) = &doc.summary {
        let _ = write!(text, "\n\n{summary}");
    }
    if let Some(section) = section {
        let _ = write!(text, "\n\n---\n\n§ **{}**", escape(section));
    }
    text
}

/// Markdown emphasis and code characters in a title or status would change how it renders.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The span under a heading: to the next heading of the document, whatever its level.
fn preview(doc: &DocEntry, section: &SectionEntry) -> SectionPreview {
    let end = doc
        .sections
        .iter()
        .filter(|s| s.level > 0 && s.range.start > section.range.start)
        .map(|s| s.range.start)
        .min()
        .unwrap_or(usize::MAX);
    SectionPreview {
        path: doc.path.clone(),
        body: TextRange::new(section.range.end, end.max(section.range.end)),
    }
}

/// The first lines of a section's body in `text` (the target document's current text): blank
/// lines at the start skipped, at most [`EXCERPT_MAX_LINES`] lines and [`EXCERPT_MAX_CHARS`]
/// characters, cut on a line. `None` for an empty section.
pub fn section_excerpt(text: &str, body: TextRange) -> Option<String> {
    let start = body.start.min(text.len());
    let end = body.end.min(text.len());
    let body = text.get(start..end)?;
    let mut lines: Vec<&str> = Vec::new();
    let mut chars = 0;
    for line in body.lines().skip_while(|l| l.trim().is_empty()) {
        let line = line.trim_end();
        chars += line.chars().count();
        if lines.len() == EXCERPT_MAX_LINES || (chars > EXCERPT_MAX_CHARS && !lines.is_empty()) {
            lines.push("…");
            break;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    const OLD: &str = "# 1. Use MySQL\n\nDate: 2023-01-01\n\n## Status\n\nSuperseded by ADR-0002\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe use MySQL.\nIt is familiar.\n";
    const NEW: &str = "# 2. Use PostgreSQL\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\nSupersedes [ADR-0001](0001-use-mysql.md)\n\n## Context\n\nSee [the old decision](0001-use-mysql.md#decision), ADR-0009 and [x](0001-use-mysql.md#nope).\n";

    fn setup() -> (Index, Config) {
        let config = Config::default();
        let index = Index::build(
            IndexSettings::default(),
            vec![
                ("doc/adr/0001-use-mysql.md", OLD),
                ("doc/adr/0002-use-postgresql.md", NEW),
            ],
            &config,
            &|_| PathHints::default(),
        );
        (index, config)
    }

    fn hover_at(needle: &str) -> Option<ReferenceHover> {
        let (index, config) = setup();
        let from = index.get("doc/adr/0002-use-postgresql.md").unwrap().clone();
        reference_hover(&index, &config, &from, NEW.find(needle).unwrap() + 1)
    }

    #[test]
    fn a_superseded_target_says_what_replaced_it() {
        let hover = hover_at("[ADR-0001]").unwrap();
        let text = &hover.markdown;
        assert!(text.starts_with("**ADR-0001 · Use MySQL**"), "{text}");
        assert!(text.contains("2023-01-01"), "{text}");
        assert!(text.contains("status: Superseded by ADR-0002"), "{text}");
        assert!(
            text.contains("**Superseded by ADR-0002 (Use PostgreSQL)**"),
            "{text}"
        );
        assert!(text.contains("We need a database."), "{text}");
        assert_eq!(hover.section, None);
    }

    #[test]
    fn a_section_link_quotes_the_section() {
        let hover = hover_at("[the old").unwrap();
        assert!(
            hover.markdown.ends_with("§ **Decision**"),
            "{}",
            hover.markdown
        );
        let preview = hover.section.clone().unwrap();
        let excerpt = section_excerpt(OLD, preview.body);
        assert_eq!(excerpt.as_deref(), Some("We use MySQL.\nIt is familiar."));
        assert!(
            hover
                .markdown_with_excerpt(excerpt.as_deref())
                .ends_with("> We use MySQL.\n> It is familiar.")
        );
    }

    #[test]
    fn missing_targets_are_named() {
        assert_eq!(
            hover_at("ADR-0009").unwrap().markdown,
            "No document ADR-0009 in this workspace"
        );
        let missing_anchor = hover_at("[x]").unwrap().markdown;
        assert!(
            missing_anchor.ends_with("No section `#nope` in ADR-0001"),
            "{missing_anchor}"
        );
        assert_eq!(hover_at("Context\n\nSee"), None, "not on a reference");
    }

    #[test]
    fn excerpts_are_cut() {
        let text = "## H\n\n1\n2\n3\n4\n5\n6\n7\n8\n";
        assert_eq!(
            section_excerpt(text, TextRange::new(4, usize::MAX)).as_deref(),
            Some("1\n2\n3\n4\n5\n6\n…")
        );
        assert_eq!(section_excerpt(text, TextRange::new(4, 6)), None);
    }
}
