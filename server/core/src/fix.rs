//! Applying fixes to text: used by `docwright check --fix` and to test every fix.

use crate::diagnostic::{Diagnostic, TextEdit};

/// `diagnostics` with the fixes `--fix` may not apply removed: the unsafe ones unless
/// `unsafe_fixes`. The diagnostics themselves stay.
pub fn keep_allowed_fixes(diagnostics: &mut [Diagnostic], unsafe_fixes: bool) {
    for diagnostic in diagnostics {
        if !diagnostic.fix_allowed(unsafe_fixes) {
            diagnostic.fix = None;
        }
    }
}

/// Applies non-overlapping edits to `text`. Overlapping edits after the first are skipped, and
/// the number skipped is returned, so that one bad fix never corrupts the document.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> (String, usize) {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut skipped = 0;
    for edit in sorted {
        if edit.range.start < cursor || edit.range.end > text.len() {
            skipped += 1;
            continue;
        }
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.new_text);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    (out, skipped)
}

/// Applies every fix of `diagnostics` that does not conflict with a fix accepted before it (in
/// the order given), all at once: (the new text, fixes applied, fixes skipped).
///
/// A fix is applied whole or not at all. Two fixes conflict when their edits overlap, when one
/// inserts strictly inside a range the other replaces, or when both insert at the same offset
/// and come from different rules (their order would be a guess; the same rule emits insertions at
/// one offset in the order they belong, as `missing-section` does for adjacent sections). A
/// skipped fix usually applies on the next round: see [`fix_until_stable`].
pub fn fix_all(text: &str, diagnostics: &[Diagnostic]) -> (String, usize, usize) {
    let (edits, applied, skipped) = compatible_fixes(text, diagnostics);
    let (fixed, overlapping) = apply_edits(text, &edits);
    debug_assert_eq!(overlapping, 0, "accepted edits never overlap");
    (fixed, applied, skipped)
}

/// The edits [`fix_all`] would apply, without applying them (an editor's "fix all" action sends
/// these to the client): (the edits of every fix accepted, in an order `apply_edits` keeps,
/// fixes accepted, fixes skipped).
pub fn compatible_fixes(text: &str, diagnostics: &[Diagnostic]) -> (Vec<TextEdit>, usize, usize) {
    let mut accepted: Vec<(&'static str, &TextEdit)> = Vec::new();
    let (mut applied, mut skipped) = (0, 0);
    for diagnostic in diagnostics {
        let Some(fix) = &diagnostic.fix else { continue };
        let valid = fix.edits.iter().all(|edit| {
            edit.range.start <= edit.range.end
                && edit.range.end <= text.len()
                && text.is_char_boundary(edit.range.start)
                && text.is_char_boundary(edit.range.end)
        });
        let self_overlapping = fix
            .edits
            .iter()
            .enumerate()
            .any(|(i, a)| fix.edits[i + 1..].iter().any(|b| conflicts(a, b, false)));
        let clashes = fix.edits.iter().any(|edit| {
            accepted
                .iter()
                .any(|(rule, other)| conflicts(edit, other, *rule != diagnostic.rule))
        });
        if !valid || self_overlapping || clashes || fix.edits.is_empty() {
            skipped += 1;
            continue;
        }
        accepted.extend(fix.edits.iter().map(|edit| (diagnostic.rule, edit)));
        applied += 1;
    }
    let edits = accepted.into_iter().map(|(_, edit)| edit.clone()).collect();
    (edits, applied, skipped)
}

/// Whether two edits cannot both be applied in one pass.
fn conflicts(a: &TextEdit, b: &TextEdit, different_rules: bool) -> bool {
    let (a, b) = (a.range, b.range);
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start && different_rules,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.intersects(b),
    }
}

/// What [`fix_until_stable`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    /// Fixes applied over all rounds.
    pub applied: usize,
    /// Fixes still offered after the last round but not applied (they conflict with each other,
    /// or do not resolve their own diagnostic).
    pub remaining: usize,
    /// Rounds that changed the text.
    pub rounds: usize,
}

/// The most rounds [`fix_until_stable`] runs: each round re-checks the text, so fixes deferred by
/// a conflict get their turn, and a fix that never settles cannot loop forever.
pub const MAX_FIX_ROUNDS: usize = 5;

/// `--fix`: checks `text` with `check`, applies every fix that fits ([`fix_all`]), and repeats on
/// the new text until no fix applies or [`MAX_FIX_ROUNDS`] rounds have run.
pub fn fix_until_stable(text: &str, mut check: impl FnMut(&str) -> Vec<Diagnostic>) -> FixOutcome {
    let mut current = text.to_string();
    let mut applied_total = 0;
    let mut rounds = 0;
    loop {
        let diagnostics = check(&current);
        let offered = diagnostics.iter().filter(|d| d.fix.is_some()).count();
        if offered == 0 || rounds == MAX_FIX_ROUNDS {
            return FixOutcome {
                text: current,
                applied: applied_total,
                remaining: offered,
                rounds,
            };
        }
        let (fixed, applied, _skipped) = fix_all(&current, &diagnostics);
        if applied == 0 || fixed == current {
            return FixOutcome {
                text: current,
                applied: applied_total,
                remaining: offered,
                rounds,
            };
        }
        applied_total += applied;
        rounds += 1;
        current = fixed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};
    use crate::position::TextRange;

    fn edit(start: usize, end: usize, new_text: &str) -> TextEdit {
        TextEdit {
            range: TextRange::new(start, end),
            new_text: new_text.to_string(),
        }
    }

    fn fixing(rule: &'static str, edits: Vec<TextEdit>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Warning,
            range: TextRange::empty(0),
            message: String::new(),
            fix: Some(Fix {
                title: String::new(),
                edits,
            }),
        }
    }

    #[test]
    fn apply_edits_skips_overlaps() {
        let (text, skipped) = apply_edits(
            "abcdef",
            &[edit(1, 3, "X"), edit(2, 4, "Y"), edit(5, 5, "!")],
        );
        assert_eq!(text, "aXde!f");
        assert_eq!(skipped, 1);
    }

    #[test]
    fn fix_all_applies_whole_fixes_and_skips_conflicting_ones() {
        let text = "one two three";
        let diagnostics = vec![
            fixing("a", vec![edit(0, 3, "1"), edit(8, 13, "3")]),
            // Overlaps the first fix's second edit: skipped whole, its first edit too.
            fixing("b", vec![edit(4, 7, "2"), edit(10, 12, "x")]),
            fixing("c", vec![edit(4, 7, "2")]),
        ];
        let (fixed, applied, skipped) = fix_all(text, &diagnostics);
        assert_eq!(fixed, "1 2 3");
        assert_eq!((applied, skipped), (2, 1));
    }

    #[test]
    fn insertions_at_one_offset_keep_order_within_a_rule_and_defer_across_rules() {
        let text = "ab";
        let diagnostics = vec![
            fixing("missing-section", vec![edit(1, 1, "1")]),
            fixing("missing-section", vec![edit(1, 1, "2")]),
            fixing("missing-status", vec![edit(1, 1, "3")]),
            // Inserting inside a replaced range is a conflict too.
            fixing("x", vec![edit(0, 2, "AB")]),
        ];
        let (fixed, applied, skipped) = fix_all(text, &diagnostics);
        assert_eq!(fixed, "a12b");
        assert_eq!((applied, skipped), (2, 2));
    }

    #[test]
    fn out_of_bounds_and_empty_fixes_are_skipped() {
        let diagnostics = vec![fixing("a", vec![edit(2, 9, "x")]), fixing("b", vec![])];
        assert_eq!(fix_all("abc", &diagnostics), ("abc".to_string(), 0, 2));
    }

    #[test]
    fn fix_until_stable_runs_deferred_fixes_in_later_rounds() {
        // A toy checker: the text must contain "A" and "B", each inserted at offset 0 by a
        // different rule, so the second waits for the second round.
        let check = |text: &str| {
            let mut out = Vec::new();
            if !text.contains('A') {
                out.push(fixing("a", vec![edit(0, 0, "A")]));
            }
            if !text.contains('B') {
                out.push(fixing("b", vec![edit(0, 0, "B")]));
            }
            out
        };
        let outcome = fix_until_stable("-", check);
        assert_eq!(outcome.text, "BA-");
        assert_eq!(
            (outcome.applied, outcome.remaining, outcome.rounds),
            (2, 0, 2)
        );
    }

    #[test]
    fn fix_until_stable_stops_after_the_round_limit() {
        let outcome = fix_until_stable("", |_| vec![fixing("a", vec![edit(0, 0, "x")])]);
        assert_eq!(outcome.text, "x".repeat(MAX_FIX_ROUNDS));
        assert_eq!(outcome.rounds, MAX_FIX_ROUNDS);
        assert_eq!(outcome.remaining, 1);
    }
}
