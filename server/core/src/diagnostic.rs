//! What a rule reports, and the fix that resolves it, in byte ranges. The CLI and the language
//! server translate these at their edges.

use crate::position::TextRange;
pub use crate::rule_ids::Applicability;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// One replacement in one document. Edits of a fix never overlap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

impl Diagnostic {
    /// How safe this diagnostic's fix is: what its rule declares (`Safe` for a rule that does not
    /// say, so that a new fix is never hidden). `None` without a fix.
    pub fn fix_applicability(&self) -> Option<Applicability> {
        self.fix.as_ref()?;
        Some(crate::rule_ids::rule_fix_applicability(self.rule).unwrap_or(Applicability::Safe))
    }

    /// Whether `--fix` (or "fix all") may apply this diagnostic's fix: it has one, and it is safe
    /// or unsafe fixes were asked for.
    pub fn fix_allowed(&self, unsafe_fixes: bool) -> bool {
        match self.fix_applicability() {
            Some(Applicability::Safe) => true,
            Some(Applicability::Unsafe) => unsafe_fixes,
            None => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Imperative and specific: "Insert the missing `## Decision` section".
    pub title: String,
    pub edits: Vec<TextEdit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    pub fix: Option<Fix>,
}
