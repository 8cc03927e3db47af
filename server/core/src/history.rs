//! Decided records are history.
//!
//! A record whose status is final (accepted, rejected, superseded, deprecated, implemented,
//! withdrawn, …) records what was decided, under the template of its day. Nobody edits an RFC
//! accepted in 2015 to add a section the template gained later, and an accepted ADR is, by the
//! practice's own rule, changed only by its successor. So on a decided record only the rules that
//! catch what misleads a reader today run (a status that is not a status, a malformed date; the
//! workspace rules on references and supersession run everywhere); the structural and quality
//! rules are for drafts and proposals, and for decided records only with `strict-history`.
//!
//! The pause is the default: a repository with years of accepted records is quiet on its first
//! run. `strict-history = true` in `docwright.toml` (or `--strict-history`) checks every record
//! like a draft, which is how a team audits a whole log.

use std::collections::BTreeMap;

use crate::kinds::Kind;
use crate::outline::Outline;

/// `strict-history`, `[history]` in `docwright.toml`.
///
/// ```toml
/// strict-history = true               # check decided records like drafts (default false)
/// [history]
/// decided-statuses = ["accepted", "rejected", "superseded", "deprecated"]
/// default-status = { rfc = "accepted" } # what a numbered record of a kind states when it states none
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryConfig {
    /// Check decided records like drafts; `false` (the default) pauses the structural and
    /// quality rules on them.
    pub strict: bool,
    /// Status names (lower case) that mean a decision was made; the first word of a written
    /// status is compared, after the kind's vocabulary has named it ("Superceded by 3" is
    /// `superseded`).
    pub decided_statuses: Vec<String>,
    /// Per kind, the status a numbered record carries when it states none: a Rust RFC in
    /// `text/` was merged, so it is accepted. A record without a number (`0000-…`, pyadr's
    /// `XXXX-…`) is a proposal whatever the default.
    pub default_status: BTreeMap<String, String>,
}

/// The statuses that mean a decision was made, as the built-in kinds and the tools spell them.
pub const DEFAULT_DECIDED_STATUSES: &[&str] = &[
    "accepted",
    "approved",
    "rejected",
    "declined",
    "superseded",
    "deprecated",
    "obsolete",
    "retired",
    "replaced",
    "implemented",
    "withdrawn",
    "final",
    "merged",
    "completed",
    "done",
    // A decision's later stages, as RFC processes that track a proposal to its release name them.
    "released",
    "shipped",
    "recommended",
    "discontinued",
];

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            strict: false,
            decided_statuses: DEFAULT_DECIDED_STATUSES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            default_status: BTreeMap::from([("rfc".to_string(), "accepted".to_string())]),
        }
    }
}

/// Why a document is a decided record: the status that says so, and whether it was written or
/// taken from the kind's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    pub status: String,
    pub stated: bool,
}

impl Decided {
    /// One sentence for people: why the structural checks are paused on this record.
    pub fn explanation(&self) -> String {
        let how = if self.stated {
            format!("its status is {}", self.status)
        } else {
            format!(
                "it states no status and records of its kind are {} once numbered",
                self.status
            )
        };
        format!(
            "This record is decided ({how}): it is history, so only the checks that catch what \
             misleads a reader today run on it. `strict-history = true` in docwright.toml (or \
             `--strict-history`) checks it like a draft."
        )
    }
}

/// Whether the document (of `kind`, with `outline`) is a decided record, and why; `None` for a
/// draft, a proposal, a document of no status, or any document under `strict-history`.
pub fn decided(outline: &Outline, kind: &Kind, history: &HistoryConfig) -> Option<Decided> {
    if history.strict {
        return None;
    }
    let written = crate::status::stated_status(outline, Some(kind))
        .map(|field| field.value.trim())
        .filter(|value| !value.is_empty());
    let (status, stated) = match written {
        Some(value) => (value.to_string(), true),
        None => {
            let numbered = outline.number.as_ref().is_some_and(|n| n.number > 0);
            let default = history.default_status.get(&kind.name)?;
            if !numbered {
                return None;
            }
            (default.clone(), false)
        }
    };
    let name = match kind.match_status(&status) {
        Some(matched) => matched.spec.name.clone(),
        None => first_word(&status),
    };
    history
        .is_decided(&name)
        .then_some(Decided { status, stated })
}

impl HistoryConfig {
    /// Whether `name` (a status's name, or the first word of one) means a decision was made.
    pub fn is_decided(&self, name: &str) -> bool {
        self.decided_statuses
            .iter()
            .any(|decided| decided.eq_ignore_ascii_case(name))
    }
}

/// The first word of a written status, lower case, Markdown around it ignored (`**Accepted**`,
/// `Implemented (Swift 5.1)`).
pub fn first_word(status: &str) -> String {
    status
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .find(|word| !word.is_empty())
        .unwrap_or_default()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::outline::parse_outline_fast;

    fn paused() -> HistoryConfig {
        HistoryConfig::default()
    }

    fn strict() -> HistoryConfig {
        HistoryConfig {
            strict: true,
            ..HistoryConfig::default()
        }
    }

    fn decided_for(kind: &str, file: &str, text: &str) -> Option<Decided> {
        let config = Config::default();
        let outline = parse_outline_fast(text, Some(file));
        decided(&outline, config.kind(kind).unwrap(), &paused())
    }

    #[test]
    fn final_statuses_make_a_record_decided_whatever_surrounds_them() {
        let adr = |status: &str| format!("# 1. X\n\nDate: 2020-01-01\n\n## Status\n\n{status}\n");
        for status in [
            "Accepted",
            "**Accepted**",
            "Superceded by [3. Use PostgreSQL](0003-x.md)",
            "Rejected on 2021-02-03",
            "Deprecated",
        ] {
            assert!(
                decided_for("adr", "0001-x.md", &adr(status)).is_some(),
                "{status}"
            );
        }
        for status in ["Proposed", "Draft", "In review", "[draft | proposed]"] {
            assert!(
                decided_for("adr", "0001-x.md", &adr(status)).is_none(),
                "{status}"
            );
        }
    }

    #[test]
    fn a_numbered_rust_rfc_is_accepted_and_an_unnumbered_one_a_proposal() {
        let rfc = "- Feature Name: x\n- Start Date: 2015-01-01\n\n# Summary\n\nx\n";
        let merged = decided_for("rfc", "1234-x.md", rfc).expect("merged RFC");
        assert!(!merged.stated);
        assert!(decided_for("rfc", "0000-x.md", rfc).is_none());
    }

    #[test]
    fn strict_history_checks_everything() {
        let config = Config::default();
        let text = "# 1. X\n\n## Status\n\nAccepted\n";
        let outline = parse_outline_fast(text, Some("0001-x.md"));
        let adr = config.kind("adr").unwrap();
        assert!(decided(&outline, adr, &paused()).is_some());
        assert!(decided(&outline, adr, &strict()).is_none());
    }
}
