use crate::diagnostic::Diagnostic;
use crate::index::{DocEntry, RefTarget};
use crate::resolve::Resolution;
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A bare id names records of several decision logs, none of them this document's own.
    ///
    /// A repository may keep several decision logs, each numbered from 1: one per service of a
    /// monorepo, or `docs/decisions/` beside an older `docs/adr/`. Inside a log, `ADR-0002` means
    /// that log's record. From a document in no log (a README), or in a log without that number,
    /// "ADR-0002" could be any of them, and readers and tools can only guess. The message lists
    /// the candidates: link the one you mean (`[ADR-0002](../payments/adr/0002-x.md)`), and the
    /// link resolves by its path.
    ///
    /// Two records of one log with the same id are a different problem, which `duplicate-id`
    /// reports.
    pub struct AmbiguousReference {
        id: "ambiguous-reference",
        severity: Info,
        summary: "An id names records of several decision logs",
    }
}

impl WorkspaceRule for AmbiguousReference {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        if doc.is_template {
            return;
        }
        for reference in &doc.references {
            if !matches!(
                reference.target,
                RefTarget::Id { .. } | RefTarget::Wiki { .. }
            ) || ctx.is_ignored(reference)
            {
                continue;
            }
            let Resolution::Ambiguous(candidates) = ctx.resolve(doc, reference) else {
                continue;
            };
            // Candidates that all sit in one log are that log's duplicates: `duplicate-id`.
            let mut logs: Vec<Option<&str>> = candidates.iter().map(|d| d.log.as_deref()).collect();
            logs.sort();
            logs.dedup();
            if logs.len() < 2 {
                continue;
            }
            const SHOWN: usize = 3;
            let mut listed = candidates
                .iter()
                .take(SHOWN)
                .map(|d| format!("`{}`", d.path))
                .collect::<Vec<_>>()
                .join(", ");
            if candidates.len() > SHOWN {
                listed.push_str(&format!(" and {} more", candidates.len() - SHOWN));
            }
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: reference.range,
                message: format!(
                    "`{}` is ambiguous: {} decision logs have it ({listed}); link the one you mean",
                    reference.written.trim(),
                    logs.len()
                ),
                fix: None,
            });
        }
    }
}
