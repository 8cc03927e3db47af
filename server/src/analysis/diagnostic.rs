//! What a rule reports, and the fix that resolves it, in byte ranges. The CLI and the language
//! server translate these at their edges.

use crate::analysis::position::TextRange;
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

impl Diagnostic {
    /// How safe this diagnostic's fix is: what its rule declares (`Safe` for a rule that does not
    /// say, so that a new fix is never hidden). `None` without a fix.
    pub fn fix_applicability(&self) -> Option<Applicability> {
        self.fix.as_ref()?;
        Some(crate::analysis::fix::rule_fix_applicability(self.rule).unwrap_or(Applicability::Safe))
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
