//! `docwright.toml`: kinds added or overridden, rule severities, ignore globs.
//!
//! The core only parses text handed to it; finding and reading the file is the edge's job. A
//! broken config yields one [`ConfigError`] with line and column, and the caller goes on with
//! `Config::default()`.

use crate::analysis::diagnostic::Severity;
use crate::analysis::kinds::Kind;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Config {
    /// The built-in kinds with the file's overrides applied, then the file's own kinds.
    pub kinds: Vec<Kind>,
    /// Per-rule settings from `[rules]`.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Workspace-relative globs of files never checked.
    pub ignore: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kinds: crate::analysis::kinds::builtin::builtin_kinds(),
            rules: BTreeMap::new(),
            ignore: Vec::new(),
        }
    }
}

impl Config {
    pub fn kind(&self, name: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.name == name)
    }
}

/// A `docwright.toml` that could not be used, located for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based, for messages.
    pub line: usize,
    pub column: usize,
    /// Byte range into the config text, for an editor diagnostic.
    pub range: crate::analysis::position::TextRange,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}
