//! Inlay hints: after a bare id (`ADR-0007`, `RFC 2094`), the title of the document it names, so
//! a reader need not remember what decision 7 was. Links are left alone: their text is already
//! visible.

use crate::analysis::index::{DocEntry, Index, RefForm};
use crate::analysis::position::TextRange;
use crate::analysis::resolve::{Resolution, resolve};

/// One hint, placed right after the reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleHint {
    /// The byte offset the hint follows: the end of the id.
    pub offset: usize,
    /// `▸ Use PostgreSQL`, with ` (superseded)` when the target is.
    pub label: String,
    /// The target's id and status: `ADR-0007 · Status: Accepted`.
    pub tooltip: String,
}

/// The hints for the textual references of `entry` that end inside `range`. Only references
/// that resolve to exactly one other document with a title get one: an unknown or ambiguous id
/// shows nothing (the workspace rules report those), and a document naming itself needs no
/// reminder.
pub fn title_hints(index: &Index, entry: &DocEntry, range: TextRange) -> Vec<TitleHint> {
    entry
        .references
        .iter()
        .filter(|r| r.form == RefForm::Textual)
        .filter(|r| range.start <= r.range.end && r.range.end <= range.end)
        .filter_map(|reference| {
            let Resolution::Found {
                doc: target,
                section: None,
            } = resolve(index, entry, &reference.target)
            else {
                return None;
            };
            if target.path == entry.path {
                return None;
            }
            let title = target.title.as_deref()?.trim();
            if title.is_empty() {
                return None;
            }
            let label = if target.is_superseded() {
                format!("▸ {title} (superseded)")
            } else {
                format!("▸ {title}")
            };
            let name = crate::analysis::workspace_rules::doc_name(target);
            let tooltip = match target.status.as_deref() {
                Some(status) => format!("{name} · Status: {status}"),
                None => name,
            };
            Some(TitleHint {
                offset: reference.range.end,
                label,
                tooltip,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::config::Config;
    use crate::analysis::index::IndexSettings;
    use crate::analysis::kinds::detect::PathHints;

    const CITING: &str = "# 9. Use read replicas\n\n## Status\n\nAccepted\n\n## Context\n\n\
        ADR-0007 chose the store, ADR-0003 came before it, ADR-0042 does not exist, \
        ADR-0005 is claimed twice and ADR-0009 is this one. See [ADR-0007](0007-use-postgresql.md).\n";

    fn workspace() -> Index {
        let docs = vec![
            (
                "adr/0007-use-postgresql.md",
                "# 7. Use PostgreSQL\n\n## Status\n\nAccepted\n",
            ),
            (
                "adr/0003-use-mysql.md",
                "# 3. Use MySQL\n\n## Status\n\nSuperseded by ADR-0007\n",
            ),
            ("adr/0005-a.md", "# 5. A\n\n## Status\n\nAccepted\n"),
            ("adr/0005-b.md", "# 5. B\n\n## Status\n\nAccepted\n"),
            ("adr/0009-use-read-replicas.md", CITING),
        ];
        Index::build(IndexSettings::default(), docs, &Config::default(), &|_| {
            PathHints::default()
        })
    }

    #[test]
    fn resolved_bare_ids_get_the_title_and_nothing_else_does() {
        let index = workspace();
        let entry = index.get("adr/0009-use-read-replicas.md").unwrap();
        let hints = title_hints(&index, entry, TextRange::new(0, CITING.len()));
        let labels: Vec<(&str, &str)> = hints
            .iter()
            .map(|h| (&CITING[..h.offset], h.label.as_str()))
            .map(|(before, label)| (&before[before.len() - 8..], label))
            .collect();
        assert_eq!(
            labels,
            [
                ("ADR-0007", "▸ Use PostgreSQL"),
                ("ADR-0003", "▸ Use MySQL (superseded)"),
            ]
        );
        assert_eq!(hints[0].tooltip, "ADR-0007 · Status: Accepted");
        assert_eq!(
            hints[1].tooltip,
            "ADR-0003 · Status: Superseded by ADR-0007"
        );
    }

    #[test]
    fn only_references_ending_in_the_range_are_hinted() {
        let index = workspace();
        let entry = index.get("adr/0009-use-read-replicas.md").unwrap();
        let second = CITING.find("ADR-0003").unwrap();
        let hints = title_hints(&index, entry, TextRange::new(second, CITING.len()));
        assert_eq!(hints.len(), 1);
        assert_eq!(hints[0].offset, second + "ADR-0003".len());
    }
}
