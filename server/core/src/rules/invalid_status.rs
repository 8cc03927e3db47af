use crate::diagnostic::{Diagnostic, Fix, Severity, TextEdit};
use crate::kinds::{Kind, StatusVocabulary};
use crate::position::TextRange;
use crate::rules::support::looks_like_placeholder;
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The document's status is not one its kind knows.
    ///
    /// Statuses are a small shared vocabulary: `proposed`, `accepted`, `rejected`, `deprecated`,
    /// `superseded by ADR-0012`. Indexes, dashboards and readers filter on them; a status of
    /// `Acepted` drops the document out of every such view.
    ///
    /// The status is read only where the document keeps its metadata: the front matter, the
    /// `Key: value` lines or bullets under the title, or the first line of a top-level
    /// `## Status` section (never a subsection, never a comment). The first words decide,
    /// ignoring case and the Markdown around them, so `**Accepted**`, `Implemented (Swift 5.1)`,
    /// `Accepted 2024-03-04` and `Superseded by [ADR-0012](0012-use-kafka.md)` are fine. A
    /// template placeholder such as `{proposed | accepted | …}`, `[draft | proposed | …]` or
    /// `STATUS` is no status at all, and not reported here.
    ///
    /// A near miss of a known status (a typo such as `Acepted`) is a warning, and the fix
    /// corrects it. Any other status (`Pending`, `On hold`, `Partly superseded`) may well be
    /// your team's own: it is only a hint, naming the statuses the kind knows. To make it
    /// known, list it in `docwright.toml` (`[kinds.adr] statuses = [...]`); to have every
    /// status outside the list reported as a warning, close the vocabulary with
    /// `statuses-open = false`.
    ///
    /// ```markdown
    /// ## Status
    ///
    /// Acepted          <- warning; the fix writes `Accepted`
    /// ```
    pub struct InvalidStatus {
        id: "invalid-status",
        severity: Warning,
        summary: "The status is not in the kind's vocabulary",
        fix: Safe,
    }
}

impl Rule for InvalidStatus {
    rule_metadata!();
    /// A status that is not a status misleads a reader of a decided record as much as a draft's.
    fn checks_decided_records(&self) -> bool {
        true
    }

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        let Some(field) = kind.status_field(ctx.outline) else {
            return;
        };
        let value = strip_emphasis(&field.value);
        if kind.statuses.is_empty() || value.is_empty() || is_status_placeholder(value) {
            return;
        }
        // A later line of a `## Status` section may state it (adr-tools' relation lines first).
        let stated = crate::status::stated_in_field(field, Some(kind));
        if kind.match_status(strip_emphasis(stated.value)).is_some() {
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
        let shown = field.value.trim();
        let (severity, message) = match suggestion {
            Some(suggestion) => (
                Severity::Warning,
                format!(
                    "unknown status `{shown}`: {} uses {vocabulary}; did you mean \
                     `{suggestion}`?",
                    kind.display_name
                ),
            ),
            None if kind.status_vocabulary == StatusVocabulary::Closed => (
                Severity::Warning,
                format!(
                    "unknown status `{shown}`: {} uses only {vocabulary}",
                    kind.display_name
                ),
            ),
            None => (
                Severity::Hint,
                format!(
                    "status `{shown}` is not one {} names ({vocabulary}); if it is your team's \
                     own, list it in `[kinds.{}] statuses` in docwright.toml",
                    kind.display_name, kind.name
                ),
            ),
        };
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
            severity,
            range: field.value_range,
            message,
            fix,
        });
    }
}

/// Whether a written status is a template's placeholder rather than a status: the choices
/// offered (`{proposed | rejected | …}`, `[draft | proposed | …]`, `proposed / accepted`), a
/// placeholder of any other form (`{status}`, `TBD`), or the word `status` itself (`STATUS`,
/// `<status>`).
pub fn is_status_placeholder(value: &str) -> bool {
    let bare = value
        .trim()
        .trim_matches(|c: char| matches!(c, '[' | ']' | '{' | '}' | '<' | '>' | '(' | ')'))
        .trim();
    let choices = bare.contains('|')
        || bare
            .split('/')
            .filter(|choice| {
                let choice = choice.trim();
                !choice.is_empty() && choice.chars().all(|c| c.is_alphabetic() || c == ' ')
            })
            .count()
            >= 3;
    choices || bare.eq_ignore_ascii_case("status") || looks_like_placeholder(value)
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

/// The known status closest to a mistyped first word: one edit away (a transposition counts
/// as one), or two for a word of nine letters or more. Closer than that, a different word
/// (`Reverted` is not a misspelt `rejected`) would be "corrected".
fn closest_status<'k>(kind: &'k Kind, lower_word: &str) -> Option<&'k str> {
    let word_length = lower_word.chars().count();
    let allowed = match word_length {
        0..=3 => 0,
        4..=8 => 1,
        _ => 2,
    };
    kind.statuses
        .iter()
        .map(|status| {
            let first_word = status
                .name
                .split_whitespace()
                .next()
                .unwrap_or(&status.name);
            (
                typo_distance(lower_word, &first_word.to_lowercase()),
                first_word,
            )
        })
        .filter(|&(distance, _)| distance > 0 && distance <= allowed)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Edits between two words counting insertions, deletions, substitutions and swaps of two
/// neighbouring letters (`accpeted`) as one each.
fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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
    fn template_choices_are_placeholders_not_statuses() {
        for value in [
            "[draft | proposed | rejected | accepted | deprecated | … | superseded by ADR-0005]",
            "STATUS",
            "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123",
            "<status>",
            "proposed / accepted / rejected",
            "{status}",
            "TBD",
        ] {
            assert!(is_status_placeholder(value), "{value}");
        }
        for value in [
            "Accepted",
            "on hold",
            "Superseded by ADR-0012",
            "Implemented (Swift 5.1)",
        ] {
            assert!(!is_status_placeholder(value), "{value}");
        }
    }

    #[test]
    fn only_typos_are_near_misses() {
        let kind = crate::config::Config::default()
            .kind("adr")
            .unwrap()
            .clone();
        assert_eq!(closest_status(&kind, "acepted"), Some("accepted"));
        assert_eq!(closest_status(&kind, "accpeted"), Some("accepted"));
        assert_eq!(closest_status(&kind, "superseeded"), Some("superseded"));
        assert_eq!(closest_status(&kind, "reverted"), None);
        assert_eq!(closest_status(&kind, "pending"), None);
        assert_eq!(closest_status(&kind, "approved"), None);
        assert_eq!(closest_status(&kind, "on"), None);
    }

    #[test]
    fn the_first_word_is_found_inside_emphasis() {
        let text = "Status: **Acepted** by all";
        let range = first_word_range(text, TextRange::new(8, text.len())).unwrap();
        assert_eq!(range.slice(text), "Acepted");
    }
}
