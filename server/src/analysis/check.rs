//! The check engine: detect the kind, run every enabled rule, apply configured severities and
//! suppressions. The one entry point both the CLI and the server call.

use crate::analysis::config::Config;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::kinds::detect::{Detection, PathHints};
use crate::analysis::outline::Outline;

pub struct CheckInput<'a> {
    /// Workspace-relative path with `/` separators, when the document has one.
    pub path: Option<&'a str>,
    pub text: &'a str,
    pub outline: &'a Outline,
    pub config: &'a Config,
    pub hints: &'a PathHints,
    /// `YYYY-MM-DD`.
    pub today: &'a str,
}

pub struct CheckResult {
    pub detection: Detection,
    /// Sorted by range start, then rule id.
    pub diagnostics: Vec<Diagnostic>,
}

pub fn check(input: &CheckInput) -> CheckResult {
    let detection = crate::analysis::kinds::detect::detect_kind(&crate::analysis::kinds::detect::DetectInput {
        path: input.path,
        text: input.text,
        outline: input.outline,
        config: input.config,
        hints: input.hints,
    });
    CheckResult {
        detection,
        diagnostics: Vec::new(),
    }
}
