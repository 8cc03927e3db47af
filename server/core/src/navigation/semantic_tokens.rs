//! Semantic tokens: what Docwright knows of a document's text and a Markdown grammar does not.
//! A bare id (`ADR-0007`) is a reference to another record, the status line's value is a word of
//! the log's vocabulary, a `{title of option 2}` is a template placeholder left in, and a link or
//! id whose target was superseded points at a decision that no longer holds. The editor colours
//! them, so a reader sees them without hovering.

use crate::index::{DocEntry, Index, RefForm};
use crate::position::TextRange;
use crate::resolve::{Resolution, resolve};

/// What a span of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpanKind {
    /// A reference to another document: a bare id always; a link or wiki link only when its
    /// target is superseded (the editor already styles links).
    Reference,
    /// The value of the document's status.
    Status,
    /// Template text left in (what `placeholder-text` reports).
    Placeholder,
}

/// One span, in byte offsets of the document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemanticSpan {
    pub range: TextRange,
    pub kind: SpanKind,
    /// The reference's target is superseded: shown struck through where the editor does so.
    pub superseded: bool,
}

/// The spans of `entry`'s text, in document order and not overlapping (the protocol's tokens
/// may not overlap): where two would, the earlier one is kept. `placeholders` are the ranges the
/// `placeholder-text` rule reported, so that what is coloured is what the rule says (a disabled
/// rule colours nothing). A template's statuses and references are examples: only its
/// placeholders are coloured, which is what a template is.
pub fn semantic_spans(
    index: &Index,
    entry: &DocEntry,
    placeholders: &[TextRange],
) -> Vec<SemanticSpan> {
    let mut spans: Vec<SemanticSpan> = placeholders
        .iter()
        .filter(|r| !r.is_empty())
        .map(|&range| SemanticSpan {
            range,
            kind: SpanKind::Placeholder,
            superseded: false,
        })
        .collect();
    if !entry.is_template {
        if let Some(range) = entry.status_range.filter(|r| !r.is_empty()) {
            spans.push(SemanticSpan {
                range,
                kind: SpanKind::Status,
                superseded: false,
            });
        }
        for reference in &entry.references {
            let superseded = matches!(
                resolve(index, entry, &reference.target),
                Resolution::Found { doc, .. } if doc.path != entry.path && doc.is_superseded()
            );
            if reference.form == RefForm::Textual || superseded {
                spans.push(SemanticSpan {
                    range: reference.range,
                    kind: SpanKind::Reference,
                    superseded,
                });
            }
        }
    }
    spans.sort_by_key(|s| (s.range.start, s.range.end, s.kind));
    let mut kept: Vec<SemanticSpan> = Vec::with_capacity(spans.len());
    for span in spans {
        if kept
            .last()
            .is_none_or(|last| last.range.end <= span.range.start)
        {
            kept.push(span);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    fn workspace(docs: Vec<(&str, &str)>) -> Index {
        Index::build(IndexSettings::default(), docs, &Config::default(), &|_| {
            PathHints::default()
        })
    }

    const CITING: &str = "# 9. Use read replicas\n\n## Status\n\nAccepted\n\n## Context\n\n\
        ADR-0007 chose the store; [the old one](0003-use-mysql.md) came first, \
        [the new one](0007-use-postgresql.md) holds.\n";

    fn spans_of_citing(placeholders: &[TextRange]) -> Vec<(String, SpanKind, bool)> {
        let index = workspace(vec![
            (
                "adr/0003-use-mysql.md",
                "# 3. Use MySQL\n\n## Status\n\nSuperseded by ADR-0007\n",
            ),
            (
                "adr/0007-use-postgresql.md",
                "# 7. Use PostgreSQL\n\n## Status\n\nAccepted\n\nSupersedes ADR-0003\n",
            ),
            ("adr/0009-use-read-replicas.md", CITING),
        ]);
        let entry = index.get("adr/0009-use-read-replicas.md").unwrap();
        semantic_spans(&index, entry, placeholders)
            .into_iter()
            .map(|s| (s.range.slice(CITING).to_string(), s.kind, s.superseded))
            .collect()
    }

    #[test]
    fn ids_statuses_and_links_to_superseded_records() {
        assert_eq!(
            spans_of_citing(&[]),
            vec![
                ("Accepted".to_string(), SpanKind::Status, false),
                ("ADR-0007".to_string(), SpanKind::Reference, false),
                (
                    "[the old one](0003-use-mysql.md)".to_string(),
                    SpanKind::Reference,
                    true
                ),
            ],
            "the link to the current record is left to the editor's link style"
        );
    }

    #[test]
    fn overlapping_spans_keep_the_first() {
        let start = CITING.find("ADR-0007").unwrap();
        let placeholder = TextRange::new(start - 2, start + 3);
        let spans = spans_of_citing(&[placeholder]);
        assert!(
            spans.iter().all(|(text, _, _)| text != "ADR-0007"),
            "{spans:?}"
        );
        assert!(
            spans
                .iter()
                .any(|(_, kind, _)| *kind == SpanKind::Placeholder)
        );
    }
}
