//! Inlay hints: after a bare id (`ADR-0007`, `RFC 2094`), the title of the document it names, so
//! a reader need not remember what decision 7 was. Links are left alone: their text is already
//! visible.
//!
//! A hint is text the editor inserts into the line: in the middle of a sentence it pushes the
//! rest of the line along and makes prose wrap. By default ([`HintPlacement::OutOfProse`]) a hint
//! is shown only where nothing of the sentence follows it: at the end of a line (closing
//! punctuation aside), in a list item, in a table cell.

use crate::index::{DocEntry, Index, RefForm};
use crate::position::TextRange;
use crate::resolve::{Resolution, resolve};

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

/// Where title hints may go (the `inlayHints` setting: `"outOfProse"`, `"everywhere"`, `"off"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HintPlacement {
    /// At the end of a line, in a list item or in a table cell.
    #[default]
    OutOfProse,
    /// After every resolved id.
    Everywhere,
    /// None.
    Off,
}

impl HintPlacement {
    pub fn parse(value: &str) -> Option<HintPlacement> {
        match value {
            "outOfProse" => Some(HintPlacement::OutOfProse),
            "everywhere" => Some(HintPlacement::Everywhere),
            "off" => Some(HintPlacement::Off),
            _ => None,
        }
    }
}

/// Whether a hint at `offset` of `text` leaves the prose alone: only closing punctuation follows
/// it on its line, or the line is a list item or a table row.
pub fn out_of_prose(text: &str, offset: usize) -> bool {
    let Some(rest) = text.get(offset..) else {
        return false;
    };
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let after = &rest[..line_end];
    if after.chars().all(|c| {
        c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')' | ']' | '*' | '_' | '!' | '?')
    }) {
        return true;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].trim_start();
    // Inside a block quote, the quoted line counts.
    let line = line.trim_start_matches(['>', ' ']);
    let list_item = line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") || {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        (1..=9).contains(&digits)
            && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
    };
    let table_row = line.starts_with('|');
    list_item || table_row
}

/// The hints that `placement` lets through, for `text` (the document the hints are in).
pub fn placed(hints: Vec<TitleHint>, text: &str, placement: HintPlacement) -> Vec<TitleHint> {
    match placement {
        HintPlacement::Everywhere => hints,
        HintPlacement::Off => Vec::new(),
        HintPlacement::OutOfProse => hints
            .into_iter()
            .filter(|h| out_of_prose(text, h.offset))
            .collect(),
    }
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
            let name = crate::workspace_rules::doc_name(target);
            // The status as `analysis::status` shows it, never the raw line.
            let tooltip = match target.shown_status.as_deref() {
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
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

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
    fn the_tooltip_shows_the_status_normalised_not_as_written() {
        let citing =
            "# 9. Use read replicas\n\n## Status\n\nAccepted\n\n## Context\n\nSee ADR-0003.\n";
        let docs = vec![
            (
                "adr/0003-use-mysql.md",
                "# 3. Use MySQL\n\n## Status\n\nSuperceded by [7. Use PostgreSQL](0007-use-postgresql.md)\n",
            ),
            (
                "adr/0007-use-postgresql.md",
                "# 7. Use PostgreSQL\n\n## Status\n\nAccepted\n",
            ),
            ("adr/0009-use-read-replicas.md", citing),
        ];
        let index = Index::build(IndexSettings::default(), docs, &Config::default(), &|_| {
            PathHints::default()
        });
        let entry = index.get("adr/0009-use-read-replicas.md").unwrap();
        let hints = title_hints(&index, entry, TextRange::new(0, citing.len()));
        assert_eq!(hints.len(), 1);
        assert_eq!(
            hints[0].tooltip,
            "ADR-0003 · Status: Superseded by ADR-0007"
        );
    }

    #[test]
    fn by_default_hints_stay_out_of_sentences() {
        let text = "# T\n\nADR-0007 chose the store, then ADR-0003.\n\n- ADR-0007 and more\n\n\
            | ADR-0007 | x |\n\n> 1. ADR-0003 quoted\n\nsee ADR-0007\n";
        let at = |needle: &str, nth: usize| {
            text.match_indices(needle).nth(nth).unwrap().0 + needle.len()
        };
        assert!(!out_of_prose(text, at("ADR-0007", 0)));
        assert!(out_of_prose(text, at("ADR-0003", 0)));
        assert!(out_of_prose(text, at("ADR-0007", 1)));
        assert!(out_of_prose(text, at("ADR-0007", 2)));
        assert!(out_of_prose(text, at("ADR-0003", 1)));
        assert!(out_of_prose(text, at("ADR-0007", 3)));
        let hint = |offset| TitleHint {
            offset,
            label: String::new(),
            tooltip: String::new(),
        };
        let hints = vec![hint(at("ADR-0007", 0)), hint(at("ADR-0003", 0))];
        assert_eq!(
            placed(hints.clone(), text, HintPlacement::OutOfProse).len(),
            1
        );
        assert_eq!(
            placed(hints.clone(), text, HintPlacement::Everywhere).len(),
            2
        );
        assert!(placed(hints, text, HintPlacement::Off).is_empty());
        assert_eq!(HintPlacement::parse("off"), Some(HintPlacement::Off));
        assert_eq!(HintPlacement::parse("sometimes"), None);
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
