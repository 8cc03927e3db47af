use crate::diagnostic::Diagnostic;
use crate::index::DocEntry;
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule, doc_name};
use crate::{declare_rule, rule_metadata};
use std::collections::HashSet;

declare_rule! {
    /// Documents supersede each other in a circle.
    ///
    /// When ADR-0003 is superseded by ADR-0007 and ADR-0007, directly or through others, is
    /// superseded by ADR-0003, no decision in the circle is the current one: a reader following
    /// "superseded by" goes round for ever, and every one of them reads as both dead and alive.
    /// Usually one link points the wrong way (an "is superseded by" written as "supersedes").
    ///
    /// Both ways of writing supersession count: "Superseded by B" in A, and "Supersedes A" in B.
    /// The circle is reported on each document in it.
    pub struct SupersedeCycle {
        id: "supersede-cycle",
        severity: Error,
        summary: "Documents supersede each other in a cycle",
    }
}

impl WorkspaceRule for SupersedeCycle {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        let Some(cycle) = cycle_through(ctx, doc) else {
            return;
        };
        let names: Vec<String> = cycle.iter().map(|d| doc_name(d)).collect();
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: doc.title_range,
            message: format!(
                "supersession cycle: {} → {}; no document in it is current",
                names.join(" → "),
                doc_name(doc)
            ),
            fix: None,
        });
    }
}

/// The shortest chain of successors from `doc` back to itself (starting with `doc`), if any:
/// a breadth-first search, so each document is visited once however tangled the graph.
fn cycle_through<'a>(ctx: &WorkspaceContext<'a>, doc: &DocEntry) -> Option<Vec<&'a DocEntry>> {
    let start: &'a DocEntry = ctx.index.get(&doc.path)?;
    let mut parent: Vec<(&'a DocEntry, usize)> = vec![(start, usize::MAX)];
    let mut seen: HashSet<&str> = HashSet::from([start.path.as_str()]);
    let mut next = 0;
    while next < parent.len() {
        let (current, _) = parent[next];
        for successor in ctx.successors(current) {
            if successor.path == start.path {
                let mut chain = vec![current];
                let mut at = parent[next].1;
                while at != usize::MAX {
                    chain.push(parent[at].0);
                    at = parent[at].1;
                }
                chain.reverse();
                return Some(chain);
            }
            if seen.insert(successor.path.as_str()) {
                parent.push((successor, next));
            }
        }
        next += 1;
    }
    None
}
