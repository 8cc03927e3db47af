use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::kinds::Kind;
use crate::outline::normalize::normalize_heading;
use crate::position::TextRange;
use crate::rules::support::{
    KindSection, first_at_kind_level, kind_sections, longest_increasing, padded_insertion,
    removal_range,
};
use crate::rules::{Rule, RuleContext};
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
    /// A kind may accept more than one order: adr-tools writes `## Status` first, Michael
    /// Nygard's own 2011 post puts it after the *Decision*, and both are Nygard ADRs. Only a
    /// document that contradicts every order its kind accepts is reported, against the order it
    /// comes closest to (`other-orders` in `docwright.toml` adds a team's own).
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
        // The accepted order the document strays least from; none at all, and it is in order.
        let Some((order, in_order)) = accepted_orders(kind, &ordered)
            .into_iter()
            .map(|order| {
                let constrained: Vec<(usize, usize)> = ordered
                    .iter()
                    .enumerate()
                    .filter_map(|(position, s)| Some((position, order[s.spec_index]?)))
                    .collect();
                let ranks: Vec<usize> = constrained.iter().map(|&(_, rank)| rank).collect();
                let kept: Vec<usize> = longest_increasing(&ranks)
                    .into_iter()
                    .map(|i| constrained[i].0)
                    .collect();
                let strays = constrained.len() - kept.len();
                (order, kept, strays)
            })
            .min_by_key(|(_, _, strays)| *strays)
            .filter(|(_, _, strays)| *strays > 0)
            .map(|(order, kept, _)| (order, kept))
        else {
            return;
        };
        let rank = |s: &KindSection| order[s.spec_index];
        let kept: Vec<&KindSection> = in_order.iter().map(|&i| ordered[i]).collect();
        for (position, misplaced) in ordered.iter().enumerate() {
            let Some(misplaced_rank) = rank(misplaced) else {
                continue;
            };
            if in_order.contains(&position) {
                continue;
            }
            let heading = &ctx.outline.headings[misplaced.heading];
            let (target, relation, neighbour) =
                match kept.iter().find(|s| rank(s) > Some(misplaced_rank)) {
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

/// Every order the kind accepts, as the rank of each of its sections (by index into
/// `Kind::sections`; `None` for a section the order leaves free): the order of `sections`
/// first, then `other_orders`. A document in the kind's own order (most are) needs no other,
/// and the others are not worked out for it.
fn accepted_orders(kind: &Kind, ordered: &[&KindSection]) -> Vec<Vec<Option<usize>>> {
    let mut orders = vec![(0..kind.sections.len()).map(Some).collect::<Vec<_>>()];
    let in_own_order = ordered
        .windows(2)
        .all(|pair| pair[0].spec_index < pair[1].spec_index);
    if in_own_order || kind.other_orders.is_empty() {
        return orders;
    }
    let names: Vec<Vec<String>> = kind
        .sections
        .iter()
        .map(|s| {
            std::iter::once(&s.name)
                .chain(&s.aliases)
                .map(|n| normalize_heading(n))
                .collect()
        })
        .collect();
    for order in &kind.other_orders {
        let mut ranks = vec![None; kind.sections.len()];
        for (rank, name) in order.iter().enumerate() {
            let name = normalize_heading(name);
            if let Some(index) = names.iter().position(|n| n.contains(&name)) {
                ranks[index].get_or_insert(rank);
            }
        }
        orders.push(ranks);
    }
    orders
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture_tests::check_fixture_text;

    fn reported(text: &str) -> Vec<String> {
        check_fixture_text(text, "adr")
            .into_iter()
            .filter(|d| d.rule == "section-order")
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn nygard_2011_order_and_adr_tools_order_are_both_accepted() {
        let adr_tools = "# 1. X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n\
                         ## Decision\n\nd\n\n## Consequences\n\ne\n";
        let nygard = "# 1. X\n\nDate: 2024-01-01\n\n## Context\n\nc\n\n## Decision\n\nd\n\n\
                      ## Status\n\nAccepted\n\n## Consequences\n\ne\n";
        assert_eq!(reported(adr_tools), Vec::<String>::new());
        assert_eq!(reported(nygard), Vec::<String>::new());
    }

    #[test]
    fn an_order_no_accepted_order_allows_is_reported_once_against_the_closest() {
        // Decision before Context contradicts both orders; Status last fits neither, but
        // Nygard's 2011 order explains Status after Decision, so only Context is moved.
        let text = "# 1. X\n\nDate: 2024-01-01\n\n## Decision\n\nd\n\n## Context\n\nc\n\n\
                    ## Status\n\nAccepted\n\n## Consequences\n\ne\n";
        let found = reported(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`Context`"), "{found:?}");
    }
}
