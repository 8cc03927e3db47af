use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::rules::support::{
    kind_sections, lowercase_first, status_section_reported_elsewhere,
};
use crate::analysis::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A section of the document's kind is present but says nothing.
    ///
    /// An empty heading looks like an answer at a glance, so a skimming reader assumes the
    /// question was addressed, while a careful one wonders whether there is nothing to say
    /// or whether the author ran out of time. Either write the section, or say in one sentence
    /// why it does not apply ("No alternatives were considered: the library is mandated by
    /// policy"), or remove it if the kind does not require it.
    ///
    /// White space, HTML comments, link definitions and template placeholders (`{…}`, `TODO`,
    /// `TBD`) do not count as content. There is no automatic fix: only the author knows what the
    /// section should say, and re-inserting the template would only trade this warning for
    /// `placeholder-text`. A kind's own template (`adr-template.md`) is not checked.
    ///
    /// ```markdown
    /// ## Consequences
    ///
    /// TODO
    ///
    /// ## Alternatives considered
    /// ```
    pub struct EmptySection {
        id: "empty-section",
        severity: Warning,
        summary: "A section of the document's kind has no content",
    }
}

impl Rule for EmptySection {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        if ctx.is_template {
            // A template's sections hold only placeholders by design.
            return;
        }
        for section in kind_sections(ctx.text, ctx.outline, kind) {
            if section.has_content || status_section_reported_elsewhere(kind, section.spec) {
                continue;
            }
            let heading = &ctx.outline.headings[section.heading];
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: heading.range,
                message: match section.spec.purpose.trim().trim_end_matches('.') {
                    "" => format!("section `{}` is empty", heading.text),
                    purpose => format!(
                        "section `{}` is empty; {} expects it to say {}",
                        heading.text,
                        kind.display_name,
                        lowercase_first(purpose)
                    ),
                },
                fix: None,
            });
        }
    }
}
