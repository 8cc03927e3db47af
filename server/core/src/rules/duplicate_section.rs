use crate::diagnostic::Diagnostic;
use crate::rules::support::{kind_sections, line_number};
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The same section of the document's kind appears twice at the same level.
    ///
    /// A reader who finds the *Decision* expects to have found the decision. A second
    /// `## Decision` further down (or a `## Detailed design` beside a `## Reference-level
    /// explanation`, which a Rust RFC treats as the same section) means one of them is stale, or
    /// the two halves of one argument were split apart, and links to the section's anchor land on
    /// whichever comes first.
    ///
    /// Merge the two sections, or rename one if it really is about something else. Sections are
    /// compared by the kind's names and aliases, ignoring case, numbering and punctuation. The
    /// two halves of a combined section are not a repeat: `## Rationale` and `## Alternatives`
    /// together are a Rust RFC's *Rationale and alternatives*, written as two. There is no
    /// automatic fix: which text wins is the author's call.
    ///
    /// ```markdown
    /// ## Decision
    /// We will use PostgreSQL.
    /// ## Consequences
    /// ...
    /// ## Decision          <- reported here
    /// ```
    pub struct DuplicateSection {
        id: "duplicate-section",
        severity: Warning,
        summary: "A section of the document's kind appears more than once",
    }
}

impl Rule for DuplicateSection {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        let sections = kind_sections(ctx.text, ctx.outline, kind);
        for (position, section) in sections.iter().enumerate() {
            let first = sections[..position].iter().find(|earlier| {
                earlier.spec_index == section.spec_index && earlier.level == section.level
            });
            let Some(first) = first else { continue };
            if section.level != kind.section_level {
                // Deeper headings repeat legitimately ("### Drawbacks" under each of several
                // proposals); only the kind's own sections must be unique.
                continue;
            }
            let heading = &ctx.outline.headings[section.heading];
            let first_heading = &ctx.outline.headings[first.heading];
            if halves_of(&section.spec.name, &first_heading.text, &heading.text) {
                continue;
            }
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: heading.range,
                message: format!(
                    "duplicate section: `{}` repeats the `{}` section already on line {} ({} has one)",
                    heading.text,
                    section.spec.name,
                    line_number(ctx.text, first_heading.range.start),
                    kind.display_name,
                ),
                fix: None,
            });
        }
    }
}

/// Whether two different headings are each a part of a combined section's name ("Rationale" and
/// "Alternatives" of "Rationale and alternatives"), words compared without case or punctuation.
fn halves_of(name: &str, first: &str, second: &str) -> bool {
    fn words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .collect()
    }
    let name = words(name);
    let is_part = |heading: &[String]| {
        !heading.is_empty()
            && heading.len() < name.len()
            && name.windows(heading.len()).any(|w| w == heading)
    };
    let (first, second) = (words(first), words(second));
    first != second && is_part(&first) && is_part(&second)
}
