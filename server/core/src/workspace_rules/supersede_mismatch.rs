use crate::diagnostic::Diagnostic;
use crate::index::{DocEntry, Relation};
use crate::resolve::Resolution;
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule, doc_name};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// Two documents disagree about which one replaced the other.
    ///
    /// Supersession is written twice: the old decision's status says "Superseded by ADR-0012",
    /// and the new one says "Supersedes ADR-0007" (in its status, its `## Status` section, the
    /// lines under its title, or a `supersedes:` front matter key). A reader may arrive at either
    /// end, so both ends must agree. Reported:
    ///
    /// - A says it is superseded by B, but there is no B, or B does not say it supersedes A
    ///   (the successor may have been renumbered, or its author forgot the back-reference).
    ///   The second only in a workspace where some document says it supersedes another: a
    ///   team whose template has no place for it (MADR's, log4brains') writes one end only.
    /// - B says it supersedes A, but A's status does not say it has been superseded: A still
    ///   reads as current policy.
    pub struct SupersedeMismatch {
        id: "supersede-mismatch",
        severity: Warning,
        summary: "A supersession is not stated by both documents",
    }
}

impl WorkspaceRule for SupersedeMismatch {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        if doc.is_template {
            return;
        }
        for reference in doc.related(Relation::SupersededBy) {
            let message = match ctx.resolve(doc, reference) {
                Resolution::MissingDoc | Resolution::UnknownPrefix => format!(
                    "superseded by `{}`, but no such document exists",
                    reference.written
                ),
                resolution => {
                    let Some(successor) = resolution.doc() else {
                        continue;
                    };
                    if successor.path == doc.path
                        || says_it_supersedes(ctx, successor, doc)
                        || !writes_supersedes(ctx)
                    {
                        continue;
                    }
                    format!(
                        "superseded by {}, but {} does not say it supersedes {}",
                        doc_name(successor),
                        doc_name(successor),
                        doc_name(doc)
                    )
                }
            };
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: reference.range,
                message,
                fix: None,
            });
        }
        for reference in doc.related(Relation::Supersedes) {
            let Some(predecessor) = ctx.resolve(doc, reference).doc() else {
                continue;
            };
            if predecessor.path == doc.path || predecessor.is_superseded() {
                continue;
            }
            let status = predecessor
                .status
                .as_deref()
                .map_or("no status".to_string(), |s| format!("the status `{s}`"));
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: reference.range,
                message: format!(
                    "supersedes {}, but {} has {status}, not \"superseded by {}\"",
                    doc_name(predecessor),
                    doc_name(predecessor),
                    doc_name(doc)
                ),
                fix: None,
            });
        }
    }
}

/// Whether any document of the workspace says it supersedes another: where none does (MADR's
/// and log4brains' templates have no place for it, only the old record's "superseded by"), a
/// successor that does not say so follows the team's way, and is not reported.
fn writes_supersedes(ctx: &WorkspaceContext) -> bool {
    ctx.index
        .docs()
        .any(|d| !d.is_template && d.related(Relation::Supersedes).next().is_some())
}

/// Whether `successor` says it supersedes `predecessor`.
fn says_it_supersedes(
    ctx: &WorkspaceContext,
    successor: &DocEntry,
    predecessor: &DocEntry,
) -> bool {
    successor.related(Relation::Supersedes).any(|r| {
        ctx.resolve(successor, r)
            .doc()
            .is_some_and(|d| d.path == predecessor.path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::Index;

    fn mismatches(docs: &[(&str, &str)]) -> Vec<String> {
        let config = Config::default();
        let index = Index::of_default_config(docs);
        let ctx = WorkspaceContext::new(&index, &config);
        let mut out = Vec::new();
        for doc in index.docs() {
            SupersedeMismatch.check(&ctx, doc, &mut out);
        }
        out.into_iter().map(|d| d.message).collect()
    }

    const OLD: &str = "# 1. Use MySQL\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by \
                       [2. Use Postgres](0002-use-postgres.md)\n\n## Context\n\nC.\n";
    const NEW: &str = "# 2. Use Postgres\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\n\
                       ## Context\n\nC.\n";

    #[test]
    fn a_team_that_never_writes_supersedes_is_not_asked_for_it() {
        let docs = [
            ("docs/adr/0001-use-mysql.md", OLD),
            ("docs/adr/0002-use-postgres.md", NEW),
        ];
        assert_eq!(mismatches(&docs), Vec::<String>::new());
    }

    #[test]
    fn a_team_that_writes_supersedes_elsewhere_is() {
        let docs = [
            ("docs/adr/0001-use-mysql.md", OLD),
            ("docs/adr/0002-use-postgres.md", NEW),
            (
                "docs/adr/0003-use-json.md",
                "# 3. Use JSON\n\nDate: 2024-03-01\n\n## Status\n\nSuperseded by \
                 [4. Use YAML](0004-use-yaml.md)\n\n## Context\n\nC.\n",
            ),
            (
                "docs/adr/0004-use-yaml.md",
                "# 4. Use YAML\n\nDate: 2024-04-01\n\n## Status\n\nAccepted\n\nSupersedes \
                 [3. Use JSON](0003-use-json.md)\n\n## Context\n\nC.\n",
            ),
        ];
        let found = mismatches(&docs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("does not say it supersedes"), "{found:?}");
    }
}
