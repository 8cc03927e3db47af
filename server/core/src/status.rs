//! One status model for everything that shows a document's status (the title symbol's detail,
//! which the editor plugins put in the status bar; hovers; cards): the status in the kind's
//! words (in the case the document writes it), normalised ("Superseded by ADR-0003" for "Superceded by 3. Use PostgreSQL for order
//! storage"), short, never the raw line; and no status at all for a template placeholder.

use crate::doc_id::DocId;
use crate::kinds::Kind;
use crate::outline::metadata::{number_from_file_name, number_from_title};
use crate::outline::placeholder::find_placeholders;
use crate::outline::refs::textual_refs;
use crate::outline::{MetaField, Outline};
use crate::position::TextRange;

/// The status a document states, and where: the value of its status field, unless that is no
/// status of the kind and a later line of its `## Status` section is one. adr-tools writes
/// relation lines there ("Clarified by [3. Use InnoDB](0003-use-innodb.md)") and removes
/// "Accepted" when it supersedes a record, so its "Superseded by [4. …](…)" may come second.
pub fn stated_status<'o>(outline: &'o Outline, kind: Option<&Kind>) -> Option<StatedStatus<'o>> {
    let field = match kind {
        Some(kind) => kind.status_field(outline)?,
        None => outline.meta(crate::kinds::STATUS_META_KEY)?,
    };
    Some(stated_in_field(field, kind))
}

/// [`stated_status`] of one status field.
pub fn stated_in_field<'f>(field: &'f MetaField, kind: Option<&Kind>) -> StatedStatus<'f> {
    let first = StatedStatus {
        value: &field.value,
        range: field.value_range,
    };
    let Some(kind) = kind else { return first };
    if kind.match_status(&field.value).is_some() {
        return first;
    }
    field
        .later_values
        .iter()
        .find(|(_, value)| kind.match_status(value).is_some())
        .map_or(first, |(range, value)| StatedStatus {
            value,
            range: *range,
        })
}

/// A status as a document states it (see [`stated_status`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatedStatus<'a> {
    /// The line as written, in plain text.
    pub value: &'a str,
    pub range: TextRange,
}

/// How many characters of a status the kind does not know are shown.
const UNKNOWN_STATUS_CHARS: usize = 24;

/// The status as people are shown it, from the value as written (`Outline::meta("status")`'s
/// value) and the document's kind. `None` for no status or a template placeholder.
pub fn shown_status(value: &str, kind: Option<&Kind>) -> Option<String> {
    let value = value.lines().map(str::trim).find(|l| !l.is_empty())?;
    if let Some(matched) = kind.and_then(|k| k.match_status(value)) {
        // The kind's name for it, in the case the document writes it (MADR writes `accepted`).
        let name = if value.starts_with(|c: char| c.is_uppercase()) {
            capitalised(&matched.spec.name)
        } else {
            matched.spec.name.clone()
        };
        if !matched.spec.takes_reference || matched.rest.is_empty() {
            return Some(name);
        }
        let target = reference_id(&matched.rest, kind.and_then(|k| k.id_prefix.as_deref()))
            .unwrap_or_else(|| cut(&matched.rest, UNKNOWN_STATUS_CHARS));
        return Some(format!("{name} by {target}"));
    }
    if !find_placeholders(value, &[]).is_empty() {
        return None;
    }
    Some(cut(value, UNKNOWN_STATUS_CHARS))
}

/// The document a status's reference names, as an id: `ADR-0012` from "ADR-0012", "ADR 12",
/// "[12. Use X](…)", "3. Use PostgreSQL" or "0003-use-postgres.md" (with the kind's prefix).
/// Read with the index's own parsers: a textual id as references are found
/// ([`textual_refs`]), a file name's number and a title's number as documents are numbered
/// ([`number_from_file_name`], [`number_from_title`]).
fn reference_id(rest: &str, kind_prefix: Option<&str>) -> Option<String> {
    let rest = rest.trim_start_matches(['[', '(', '`', '*', '_', ' ']);
    let first_word = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ']' | ')' | '`' | '*'))
        .next()
        .unwrap_or(rest);
    let (prefix, number) = textual_refs(rest, &[])
        .into_iter()
        .find(|found| found.range.start == 0)
        .map(|found| (Some(found.prefix), found.number))
        .or_else(|| {
            let file_name = first_word.rsplit('/').next().unwrap_or(first_word);
            let lower = file_name.to_ascii_lowercase();
            (lower.ends_with(".md") || lower.ends_with(".markdown"))
                .then(|| number_from_file_name(file_name))
                .flatten()
                .map(|n| (n.prefix, n.number))
        })
        .or_else(|| number_from_title(rest).map(|n| (n.prefix, n.number)))
        .or_else(|| {
            // "Superseded by 3": the number alone.
            let digits = rest.trim().trim_end_matches(['.', ',', ':', ';', ']', ')']);
            (!digits.is_empty() && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| (None, digits.parse().ok()))
                .and_then(|(prefix, number)| Some((prefix, number?)))
        })?;
    let id = DocId {
        prefix: prefix
            .or_else(|| kind_prefix.map(str::to_string))
            .map(|p| p.to_uppercase()),
        number,
    };
    Some(id.to_string())
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// At most `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max - 1).collect();
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn adr() -> Kind {
        Config::default().kind("adr").cloned().unwrap()
    }

    #[test]
    fn statuses_are_normalised() {
        let kind = adr();
        let shown = |value: &str| shown_status(value, Some(&kind));
        assert_eq!(
            shown("Superceded by 3. Use PostgreSQL for order storage").as_deref(),
            Some("Superseded by ADR-0003")
        );
        assert_eq!(
            shown("superseded by [ADR-0012](0012-x.md)").as_deref(),
            Some("superseded by ADR-0012")
        );
        assert_eq!(shown("Accepted").as_deref(), Some("Accepted"));
        assert_eq!(shown("accepted\n\nmore text").as_deref(), Some("accepted"));
        // A template placeholder is no status.
        assert_eq!(
            shown("{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}"),
            None
        );
        assert_eq!(shown("TBD"), None);
        assert_eq!(shown("  "), None);
        // A status the kind does not know is shown short.
        let long = shown("Waiting for the architecture board to meet in spring").unwrap();
        assert!(long.chars().count() <= UNKNOWN_STATUS_CHARS, "{long}");
        assert!(long.ends_with('…'), "{long}");
    }

    #[test]
    fn references_become_ids() {
        assert_eq!(
            reference_id("0009-new.md", Some("ADR")).as_deref(),
            Some("ADR-0009")
        );
        assert_eq!(
            reference_id("[RFC 12](x)", Some("ADR")).as_deref(),
            Some("RFC-0012")
        );
        assert_eq!(reference_id("the new one", Some("ADR")), None);
        assert_eq!(reference_id("7. Use X", None).as_deref(), Some("0007"));
        assert_eq!(
            reference_id("ADR 12", Some("ADR")).as_deref(),
            Some("ADR-0012")
        );
        assert_eq!(
            reference_id("[12. Use X](0012-use-x.md)", Some("ADR")).as_deref(),
            Some("ADR-0012")
        );
        assert_eq!(
            reference_id("../adr/0003-use-postgres.md", Some("ADR")).as_deref(),
            Some("ADR-0003")
        );
        assert_eq!(reference_id("3", Some("ADR")).as_deref(), Some("ADR-0003"));
        // A year at the head of a phrase is not a number a document is known by.
        assert_eq!(reference_id("2024 Roadmap", Some("ADR")), None);
    }
}
