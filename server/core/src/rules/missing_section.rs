use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::kinds::{Kind, SectionSpec};
use crate::position::TextRange;
use crate::rules::support::{
    in_place, kind_sections, lowercase_first, padded_insertion, placement, section_block,
    status_section_reported_elsewhere,
};
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A section that documents of this kind are expected to have is absent.
    ///
    /// Readers of a design document go looking for particular sections: the *Decision* of an
    /// ADR, the *Motivation* of an RFC, the *Impact* of a post-mortem. When one is missing they
    /// cannot tell whether it was forgotten, deliberately left out, or hidden under another
    /// heading, and reviewers end up asking in comments what the template would have asked.
    ///
    /// A section counts as present under its name or any of its aliases (for a Rust RFC,
    /// `## Detailed design` stands for `## Reference-level explanation`), at any heading level.
    ///
    /// Templates grow. A kind that accepts the forms of its template's earlier generations (the
    /// Rust RFC template of 2014 had no *Guide-level explanation*) judges a document by the form
    /// it was written to: a form whose list names every section the document has, and that leaves
    /// the fewest required sections missing. An RFC written to the 2014 form is not told to add
    /// a section invented in 2017; one that has the newer sections is.
    /// The finding points at where the section belongs (the end of the text before it), not at
    /// a neighbouring heading, which is not wrong. The fix inserts the heading and the kind's
    /// template text there, where the kind's order says the section belongs. (When the kind keeps its status in a `## Status` section, a missing one
    /// is reported by `missing-status`, whose fix also writes a status.)
    ///
    /// ```markdown
    /// # 7. Use PostgreSQL
    ///
    /// ## Status
    ///
    /// Accepted
    ///
    /// ## Context
    ///
    /// We need a database. <- `## Decision` belongs here, at the end of Context
    ///
    /// ## Consequences
    /// ```
    pub struct MissingSection {
        id: "missing-section",
        severity: Warning,
        summary: "A section the document's kind requires is absent",
        fix: Safe,
    }
}

impl Rule for MissingSection {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        let sections = kind_sections(ctx.text, ctx.outline, kind);
        // Sections of its own, none of them the kind's: the document follows another template
        // (a translated one, `## Contexte`, `## Décision`), and the kind's names would be noise.
        let own_sections = ctx
            .outline
            .headings
            .iter()
            .enumerate()
            .filter(|(i, h)| Some(*i) != ctx.outline.title && h.level >= 2)
            .count();
        if sections.is_empty() && own_sections >= 2 {
            return;
        }
        let ordered = in_place(&sections, kind);
        let missing: Vec<usize> = kind
            .sections
            .iter()
            .enumerate()
            .filter(|(spec_index, spec)| {
                spec.required
                    && !sections.iter().any(|s| s.spec_index == *spec_index)
                    && !named_by_a_heading(ctx.outline, spec)
                    && !status_section_reported_elsewhere(kind, spec)
            })
            .map(|(spec_index, _)| spec_index)
            .collect();
        let missing = missing_in_the_closest_form(kind, &sections, missing);
        for spec_index in missing {
            let spec = &kind.sections[spec_index];
            let (_, offset) = placement(ctx.text, ctx.outline, &ordered, spec_index);
            let new_text =
                padded_insertion(ctx.text, offset, &section_block(kind.section_level, spec));
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: insertion_point(ctx.text, offset),
                message: match spec.purpose.trim().trim_end_matches('.') {
                    "" => format!(
                        "missing section `{}` (required by {})",
                        heading_label(kind, spec),
                        kind.display_name
                    ),
                    purpose => format!(
                        "missing section `{}` (required by {}: {})",
                        heading_label(kind, spec),
                        kind.display_name,
                        lowercase_first(purpose)
                    ),
                },
                fix: Some(Fix {
                    title: format!("Insert the missing `{}` section", heading_label(kind, spec)),
                    edits: vec![TextEdit {
                        range: TextRange::empty(offset),
                        new_text,
                    }],
                }),
            });
        }
    }
}

/// Where a missing section is reported (ADR 0020): an empty range at the end of the last line
/// of text before the place the section belongs, so that the editor points there without
/// underlining a heading that is right where it is.
fn insertion_point(text: &str, offset: usize) -> TextRange {
    let offset = offset.min(text.len());
    let before = text[..offset].trim_end_matches([' ', '\t', '\n', '\r']);
    TextRange::empty(before.len())
}

/// Whether a section heading other than the title names `spec` although it counted for another
/// section first: one combined section (`## Drawbacks / alternatives`) stands for both.
fn named_by_a_heading(outline: &crate::outline::Outline, spec: &SectionSpec) -> bool {
    let names: Vec<String> = std::iter::once(&spec.name)
        .chain(&spec.aliases)
        .map(|name| crate::outline::normalize::normalize_heading(name))
        .collect();
    outline
        .headings
        .iter()
        .enumerate()
        .any(|(index, heading)| outline.title != Some(index) && names.contains(&heading.normalized))
}

/// Of the sections `missing` from the kind's own form, those the document's closest accepted form
/// requires: each of the kind's `other_orders` is an earlier form of its template, which applies
/// when it names every section the document has; the form leaving the fewest required sections
/// missing wins (the kind's own form on a tie).
fn missing_in_the_closest_form(
    kind: &Kind,
    present: &[crate::rules::support::KindSection],
    missing: Vec<usize>,
) -> Vec<usize> {
    let mut best = missing.clone();
    for order in &kind.other_orders {
        let listed: Vec<usize> = order
            .iter()
            .filter_map(|name| {
                let normalized = crate::outline::normalize::normalize_heading(name);
                kind.section_for(&normalized).map(|(index, _)| index)
            })
            .collect();
        if !present.iter().all(|s| listed.contains(&s.spec_index)) {
            continue;
        }
        let in_form: Vec<usize> = missing
            .iter()
            .copied()
            .filter(|index| listed.contains(index))
            .collect();
        if in_form.len() < best.len() {
            best = in_form;
        }
    }
    best
}

fn heading_label(kind: &Kind, spec: &SectionSpec) -> String {
    crate::rules::support::heading_line(kind.section_level, &spec.name)
}
