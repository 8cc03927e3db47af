//! `docwright rules` and `docwright explain RULE`.

use crate::analysis::diagnostic::{Applicability, Severity};
use crate::analysis::edit_distance::edit_distance;
use crate::analysis::rules::all_rules;
use crate::analysis::workspace_rules::all_workspace_rules;
use crate::cli::exit;
use std::io::Write;

/// What the command line shows of a rule, document rule or workspace rule alike.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub docs: &'static str,
    /// Whether the rule's fixes are safe (`--fix`) or unsafe (`--unsafe-fixes`); `None` when it
    /// offers none.
    pub fix: Option<Applicability>,
}

/// Every rule: the document rules, then the workspace rules (references between documents), in
/// the order `docwright rules` lists them and SARIF numbers them.
pub fn every_rule() -> Vec<RuleInfo> {
    let document = all_rules().iter().map(|r| RuleInfo {
        id: r.id(),
        severity: r.default_severity(),
        summary: r.summary(),
        docs: r.docs(),
        fix: r.fix_applicability(),
    });
    let workspace = all_workspace_rules().iter().map(|r| RuleInfo {
        id: r.id(),
        severity: r.default_severity(),
        summary: r.summary(),
        docs: r.docs(),
        fix: r.fix_applicability(),
    });
    document.chain(workspace).collect()
}

pub fn list_rules() -> i32 {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(rules_table(&every_rule()).as_bytes());
    exit::CLEAN
}

/// One line per rule: id, default severity, summary, in columns.
pub fn rules_table(rules: &[RuleInfo]) -> String {
    let id_width = rules
        .iter()
        .map(|r| r.id.len())
        .chain(["RULE".len()])
        .max()
        .unwrap_or(0);
    let severity_width = "SEVERITY".len();
    let fix_width = "unsafe".len();
    let mut table = format!(
        "{:id_width$}  {:severity_width$}  {:fix_width$}  SUMMARY\n",
        "RULE", "SEVERITY", "FIX"
    );
    for rule in rules {
        table.push_str(&format!(
            "{:id_width$}  {:severity_width$}  {:fix_width$}  {}\n",
            rule.id,
            rule.severity.as_str(),
            rule.fix.map_or("-", Applicability::as_str),
            rule.summary
        ));
    }
    table
}

pub fn explain(id: &str) -> i32 {
    let rules = every_rule();
    match rules.iter().find(|r| r.id == id) {
        Some(rule) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(explanation(rule).as_bytes());
            exit::CLEAN
        }
        None => {
            let ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
            match closest(id, &ids) {
                Some(suggestion) => eprintln!(
                    "error: unknown rule `{id}`; did you mean `{suggestion}`? (`docwright rules` lists them all)"
                ),
                None => eprintln!("error: unknown rule `{id}` (`docwright rules` lists them all)"),
            }
            exit::USAGE
        }
    }
}

/// The rule's heading, default severity and documentation, as Markdown.
pub fn explanation(rule: &RuleInfo) -> String {
    let fix = match rule.fix {
        None => String::new(),
        Some(Applicability::Safe) => {
            "\n\nFix: safe (applied by `docwright check --fix`)".to_string()
        }
        Some(Applicability::Unsafe) => {
            "\n\nFix: unsafe (applied only by `docwright check --unsafe-fixes`; the editor offers \
             it, never as the preferred action)"
                .to_string()
        }
    };
    format!(
        "# {}\n\n{}\n\nDefault severity: {}{fix}\n\n{}\n",
        rule.id,
        rule.summary,
        rule.severity.as_str(),
        dedent_doc(rule.docs).trim()
    )
}

/// Doc comments arrive as `/// text` lines with the space after `///` kept: drop that one space.
pub(crate) fn dedent_doc(docs: &str) -> String {
    docs.lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The id closest to `wanted`, if it is close enough to be what the user meant.
fn closest<'a>(wanted: &str, ids: &[&'a str]) -> Option<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    ids.iter()
        .map(|id| (edit_distance(&wanted, id), *id))
        .filter(|(distance, id)| *distance <= (id.len() / 3).max(2))
        .min()
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_ids() {
        let ids = ["missing-section", "unknown-status", "placeholder-text"];
        assert_eq!(closest("missng-section", &ids), Some("missing-section"));
        assert_eq!(closest("Unknown-Statu", &ids), Some("unknown-status"));
        assert_eq!(closest("spelling", &ids), None);
    }

    #[test]
    fn doc_comment_space_is_removed() {
        assert_eq!(dedent_doc(" Why.\n\n Because.\n"), "Why.\n\nBecause.");
    }
}
