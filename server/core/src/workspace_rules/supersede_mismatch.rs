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
                    if successor.path == doc.path || says_it_supersedes(ctx, successor, doc) {
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
