use crate::analysis::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::analysis::edit_distance::edit_distance;
use crate::analysis::kinds::Kind;
use crate::analysis::position::TextRange;
use crate::analysis::rules::support::looks_like_placeholder;
use crate::analysis::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The document's status is not one its kind knows.
    ///
    /// Statuses are a small shared vocabulary: `proposed`, `accepted`, `rejected`, `deprecated`,
    /// `superseded by ADR-0012`. Indexes, dashboards and readers filter on them; a status of
    /// `Aproved`, `done` or `LGTM` drops the document out of every such view, and leaves readers
    /// guessing what it means.
    ///
    /// The first word decides, ignoring case and surrounding emphasis, so `**Accepted**` and
    /// `Superseded by [ADR-0012](0012-use-kafka.md)` are fine. When the word is a near miss of a
    /// known status (a typo such as `Acepted`), the fix replaces it. A template placeholder such
    /// as `{proposed | accepted | …}` is reported by `placeholder-text` instead.
    ///
    /// ```markdown
    /// ## Status
    ///
    /// Acepted          <- reported; the fix writes `Accepted`
    /// ```
    pub struct InvalidStatus {
        id: "invalid-status",
        severity: Error,
        summary: "The status is not in the kind's vocabulary",
        fix: Safe,
    }
}

impl Rule for InvalidStatus {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        let Some(field) = ctx.outline.meta("status") else {
            return;
        };
        let value = strip_emphasis(&field.value);
        if kind.statuses.is_empty() || value.is_empty() || looks_like_placeholder(value) {
            return;
        }
        if kind.match_status(value).is_some() {
            return;
        }
        let vocabulary = kind
            .statuses
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let word_range = first_word_range(ctx.text, field.value_range);
        let written = word_range.map(|r| r.slice(ctx.text));
        let suggestion = written.and_then(|word| closest_status(kind, &word.to_lowercase()));
        let mut message = format!(
            "unknown status `{}`: {} uses {vocabulary}",
            field.value.trim(),
            kind.display_name
        );
        if let Some(suggestion) = suggestion {
            message.push_str(&format!("; did you mean `{suggestion}`?"));
        }
        let fix = match (suggestion, word_range, written) {
            (Some(suggestion), Some(range), Some(word)) => {
                let replacement = same_case_as(word, suggestion);
                Some(Fix {
                    title: format!("Change the status to `{replacement}`"),
                    edits: vec![TextEdit {
                        range,
                        new_text: replacement,
                    }],
                })
            }
            _ => None,
        };
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: field.value_range,
            message,
            fix,
        });
    }
}

/// The value without surrounding emphasis, code or quotes: `**Accepted**` → `Accepted`.
/// A value written as a link (`[Accepted](https://…)`) is its link text.
fn strip_emphasis(value: &str) -> &str {
    let bare = value.trim().trim_matches(|c: char| {
        matches!(c, '*' | '_' | '`' | '"' | '\'' | '~') || c.is_whitespace()
    });
    match bare
        .strip_prefix('[')
        .and_then(|rest| rest.split_once("]("))
    {
        Some((link_text, _)) => strip_emphasis(link_text),
        None => bare,
    }
}

/// The known status closest to a mistyped first word, when within two edits (and less than half
/// the word, so that short words do not match everything).
fn closest_status<'k>(kind: &'k Kind, lower_word: &str) -> Option<&'k str> {
    let word_length = lower_word.chars().count();
    kind.statuses
        .iter()
        .map(|status| {
            let first_word = status
                .name
                .split_whitespace()
                .next()
                .unwrap_or(&status.name);
            (
                edit_distance(lower_word, &first_word.to_lowercase()),
                first_word,
            )
        })
        .filter(|&(distance, _)| distance > 0 && distance <= 2 && distance * 2 < word_length)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// The first word written inside the value's range (after any emphasis or quotes).
fn first_word_range(text: &str, value_range: TextRange) -> Option<TextRange> {
    let written = value_range.slice(text);
    let start = written.find(char::is_alphanumeric)?;
    let length = written[start..]
        .find(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
        .unwrap_or(written.len() - start);
    Some(TextRange::new(
        value_range.start + start,
        value_range.start + start + length,
    ))
}

/// `replacement` in the case style of `written`: `ACEPTED` → `ACCEPTED`, `Acepted` → `Accepted`.
fn same_case_as(written: &str, replacement: &str) -> String {
    let has_lower = written.chars().any(char::is_lowercase);
    let first_upper = written.chars().next().is_some_and(char::is_uppercase);
    if !has_lower && first_upper {
        replacement.to_uppercase()
    } else if first_upper {
        let mut chars = replacement.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        replacement.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_follows_what_was_written() {
        assert_eq!(same_case_as("ACEPTED", "accepted"), "ACCEPTED");
        assert_eq!(same_case_as("Acepted", "accepted"), "Accepted");
        assert_eq!(same_case_as("acepted", "accepted"), "accepted");
    }

    #[test]
    fn emphasis_and_quotes_are_ignored() {
        assert_eq!(strip_emphasis(" **Accepted** "), "Accepted");
        assert_eq!(strip_emphasis("\"proposed\""), "proposed");
        assert_eq!(
            strip_emphasis("[**Accepted**](https://example.com/vote)"),
            "Accepted"
        );
    }

    #[test]
    fn the_first_word_is_found_inside_emphasis() {
        let text = "Status: **Acepted** by all";
        let range = first_word_range(text, TextRange::new(8, text.len())).unwrap();
        assert_eq!(range.slice(text), "Acepted");
    }
}
