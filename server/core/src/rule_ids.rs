//! The ids of every rule, and how safe each one's fixes are, as data.
//!
//! Configuration (which validates `[rules]` keys) and fixing (which asks whether a fix may be
//! applied unasked) need to know the rules by id, but sit below the rules themselves: they read
//! this table instead of the rule registries (`rules::all_rules`, `workspace_rules::
//! all_workspace_rules`). A unit test keeps the table equal to what the rules declare.

use serde::{Deserialize, Serialize};

/// Whether a fix may be applied without a person reading it (as ruff draws the line).
///
/// A safe fix only adds what is missing or corrects an obvious slip (a missing section, a
/// near-miss status, a stale index table): `docwright check --fix` applies it and the editor
/// offers it as the preferred action and in "fix all". An unsafe fix changes what the document
/// says or points at (retargeting a citation, moving sections, pointing a link at another
/// heading): applied only with `--unsafe-fixes`, offered in the editor but never preferred nor in
/// "fix all". A decision record is history; its citations are never rewritten unasked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One rule as configuration and fixing know it: its id, and the applicability of its fixes
/// (`None` for a rule that offers none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleId {
    pub id: &'static str,
    pub fix: Option<Applicability>,
}

const fn rule(id: &'static str, fix: Option<Applicability>) -> RuleId {
    RuleId { id, fix }
}

const SAFE: Option<Applicability> = Some(Applicability::Safe);
const UNSAFE: Option<Applicability> = Some(Applicability::Unsafe);

/// The document rules, in the order of `rules::all_rules` (the order `docwright rules` lists).
pub const DOCUMENT_RULES: &[RuleId] = &[
    rule("missing-title", SAFE),
    rule("missing-section", SAFE),
    rule("empty-section", None),
    rule("duplicate-section", None),
    rule("section-order", UNSAFE),
    rule("missing-status", UNSAFE),
    rule("invalid-status", SAFE),
    rule("invalid-date", SAFE),
    rule("placeholder-text", None),
    rule("too-few-alternatives", None),
    rule("decision-not-among-options", None),
    rule("one-sided-consequences", None),
    rule("review-overdue", None),
    rule("ask-not-first", None),
    rule("one-pager-too-long", None),
];

/// The workspace rules, in the order of `workspace_rules::all_workspace_rules`.
pub const WORKSPACE_RULES: &[RuleId] = &[
    rule("broken-reference", UNSAFE),
    rule("ambiguous-reference", None),
    rule("duplicate-id", None),
    rule("supersede-mismatch", None),
    rule("supersede-cycle", None),
    rule("cites-superseded", UNSAFE),
    rule("stale-index", SAFE),
    rule("dangling-code-path", None),
    rule("uncited-decisions", None),
];

/// The rule (document or workspace rule) with this id.
pub fn rule_id(id: &str) -> Option<&'static RuleId> {
    DOCUMENT_RULES
        .iter()
        .chain(WORKSPACE_RULES)
        .find(|rule| rule.id == id)
}

/// What the rule `id` (document or workspace rule) declares of its fixes; `None` for an unknown
/// rule or one without fixes.
pub fn rule_fix_applicability(id: &str) -> Option<Applicability> {
    rule_id(id)?.fix
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::all_rules;
    use crate::workspace_rules::all_workspace_rules;

    #[test]
    fn the_document_rules_table_is_what_the_rules_declare() {
        let declared: Vec<RuleId> = all_rules()
            .iter()
            .map(|r| rule(r.id(), r.fix_applicability()))
            .collect();
        assert_eq!(DOCUMENT_RULES, declared.as_slice());
    }

    #[test]
    fn the_workspace_rules_table_is_what_the_rules_declare() {
        let declared: Vec<RuleId> = all_workspace_rules()
            .iter()
            .map(|r| rule(r.id(), r.fix_applicability()))
            .collect();
        assert_eq!(WORKSPACE_RULES, declared.as_slice());
    }

    #[test]
    fn ids_are_unique_and_looked_up_in_both_tables() {
        let mut ids: Vec<&str> = DOCUMENT_RULES
            .iter()
            .chain(WORKSPACE_RULES)
            .map(|r| r.id)
            .collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count);
        assert_eq!(rule_fix_applicability("missing-section"), SAFE);
        assert_eq!(rule_fix_applicability("broken-reference"), UNSAFE);
        assert_eq!(rule_fix_applicability("empty-section"), None);
        assert_eq!(rule_id("no-such-rule"), None);
    }
}
