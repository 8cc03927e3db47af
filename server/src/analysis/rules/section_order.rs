use crate::analysis::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::analysis::position::TextRange;
use crate::analysis::rules::support::{
    KindSection, first_at_kind_level, kind_sections, longest_increasing_run, padded_insertion,
    removal_range,
};
use crate::analysis::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A section of the document's kind comes before one that the kind puts earlier.
    ///
    /// Templates order their sections so that each one builds on the last: an ADR gives the
    /// *Context* before the *Decision* and the *Decision* before its *Consequences*; an RFC
    /// motivates before it designs. Readers who know the template skim in that order, and
    /// reviewers compare documents side by side. A decision stated before its context reads as
    /// a conclusion looking for a reason.
    ///
    /// The fewest sections that would put the rest in order are reported (if only `## Context`
    /// strayed below `## Consequences`, only it is), on their headings. The fix moves the whole
    /// section, subsections included, to where the kind says it belongs; no text is lost.
    ///
    /// ```markdown
    /// ## Decision
    /// ## Context        <- reported: belongs before `Decision`
    /// ## Consequences
    /// ```
    pub struct SectionOrder {
        id: "section-order",
        severity: Warning,
        summary: "A section of the document's kind is out of the kind's order",
        fix: Unsafe,
    }
}

impl Rule for SectionOrder {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        let sections = kind_sections(ctx.text, ctx.outline, kind);
        let ordered = first_at_kind_level(&sections, kind);
        let in_order = longest_increasing_run(&ordered);
        let kept: Vec<&KindSection> = in_order.iter().map(|&i| ordered[i]).collect();
        for (position, misplaced) in ordered.iter().enumerate() {
            if in_order.contains(&position) {
                continue;
            }
            let heading = &ctx.outline.headings[misplaced.heading];
            let (target, relation, neighbour) =
                match kept.iter().find(|s| s.spec_index > misplaced.spec_index) {
                    Some(next) => (next.block.start, "before", next),
                    None => {
                        // Nothing kept belongs after it, and it is not last, so something kept
                        // belongs before it: it goes after the last such section.
                        let Some(previous) = kept.last() else {
                            continue;
                        };
                        (previous.block.end, "after", previous)
                    }
                };
            let neighbour_text = &ctx.outline.headings[neighbour.heading].text;
            let moved = misplaced.block.slice(ctx.text);
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: heading.range,
                message: format!(
                    "section `{}` is out of order: {} puts it {relation} `{neighbour_text}`",
                    heading.text, kind.display_name
                ),
                fix: Some(Fix {
                    title: format!("Move `{}` {relation} `{neighbour_text}`", heading.text),
                    edits: vec![
                        TextEdit {
                            range: removal_range(ctx.text, misplaced.block),
                            new_text: String::new(),
                        },
                        TextEdit {
                            range: TextRange::empty(target),
                            new_text: padded_insertion(ctx.text, target, moved),
                        },
                    ],
                }),
            });
        }
    }
}
