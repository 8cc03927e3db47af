use crate::calendar::week_of_file_name;
use crate::diagnostic::Diagnostic;
use crate::index::DocEntry;
use crate::outline::normalize::normalize_heading;
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A weekly update's `Decisions` section cites no decision record, though decisions changed
    /// that week.
    ///
    /// The weekly update is where a team announces what it decided. When records were proposed,
    /// accepted, rejected, superseded or deprecated in the week and the update's `Decisions`
    /// section links none of them, its readers learn of the decisions late, or from someone
    /// else, or not at all; and the update loses its use as a record of when things were
    /// decided. Link each record (`[ADR-0007](../docs/adr/0007-use-postgresql.md)` or `ADR-0007`),
    /// or fill the section with `docwright digest --since … --until …` (in the editor: the code
    /// action "Fill with this week's decisions").
    ///
    /// The week is the ISO week (Monday to Sunday) of the update's file name: `2026-11-27.md`
    /// (any day of it) or `2026-W48.md`. The decisions are those of `docwright digest` for that
    /// week, read from the repository's git history. The rule says nothing when it cannot be
    /// sure: an update with no dated name, no `Decisions` section, a workspace without git
    /// history (or an editor that has not read it), or a week in which no decision changed.
    pub struct UncitedDecisions {
        id: "uncited-decisions",
        severity: Warning,
        summary: "A weekly update's Decisions section cites none of the decisions of its week",
    }
}

/// The kind section the rule looks in.
const DECISIONS_SECTION: &str = "Decisions";

/// How many decisions a message names before it says "and N more".
const NAMED_IN_MESSAGE: usize = 3;

impl WorkspaceRule for UncitedDecisions {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        let Some(history) = ctx.history else { return };
        let Some(kind) = doc.kind.as_deref().and_then(|k| ctx.config.kind(k)) else {
            return;
        };
        if doc.is_template
            || kind
                .section_for(&normalize_heading(DECISIONS_SECTION))
                .is_none()
        {
            return;
        }
        let Some(week) = week_of_file_name(&doc.path) else {
            return;
        };
        let Some((heading, span)) = decisions_section(ctx, doc) else {
            return;
        };
        let cites_a_record = doc
            .references
            .iter()
            .filter(|r| span.0 <= r.range.start && r.range.start < span.1)
            .any(|r| {
                ctx.resolve(doc, r)
                    .doc()
                    .is_some_and(|target| target.log.is_some() && target.path != doc.path)
            });
        if cites_a_record {
            return;
        }
        let Some(logs) = history.changes_between(&week.start, &week.end) else {
            return;
        };
        let changes: Vec<String> = logs
            .iter()
            .flat_map(|log| &log.changes)
            .map(|c| {
                let name = c.id.clone().unwrap_or_else(|| c.title.clone());
                format!("{name} {}", c.status)
            })
            .collect();
        if changes.is_empty() {
            return;
        }
        let mut named = changes
            .iter()
            .take(NAMED_IN_MESSAGE)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if changes.len() > NAMED_IN_MESSAGE {
            named.push_str(&format!(" and {} more", changes.len() - NAMED_IN_MESSAGE));
        }
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: heading,
            message: format!(
                "{} decision{} changed in {} ({named}), but `{}` cites no decision record",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" },
                week.label,
                DECISIONS_SECTION
            ),
            fix: None,
        });
    }
}

/// The `Decisions` section's heading range and the byte span of the section (to the next
/// heading of its level or above).
fn decisions_section(
    ctx: &WorkspaceContext,
    doc: &DocEntry,
) -> Option<(crate::position::TextRange, (usize, usize))> {
    let kind = ctx.config.kind(doc.kind.as_deref()?)?;
    let headings: Vec<_> = doc.sections.iter().filter(|s| s.level > 0).collect();
    let at = headings.iter().position(|s| {
        s.level == kind.section_level
            && kind
                .section_for(&normalize_heading(&s.text))
                .is_some_and(|(_, spec)| spec.name == DECISIONS_SECTION)
    })?;
    let section = headings[at];
    let end = headings[at + 1..]
        .iter()
        .find(|s| s.level <= section.level)
        .map_or(usize::MAX, |s| s.range.start);
    Some((section.range, (section.range.start, end)))
}
