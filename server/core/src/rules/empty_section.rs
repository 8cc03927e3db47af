use crate::diagnostic::{Diagnostic, Severity};
use crate::outline::placeholder::{Placeholder, PlaceholderKind, find_placeholders};
use crate::rules::support::{
    is_fresh_template, kind_sections, lowercase_first, status_section_reported_elsewhere,
};
use crate::rules::{Rule, RuleContext};
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
    /// section should say. A kind's own template (`adr-template.md`) is not checked.
    ///
    /// A section that holds exactly its kind's template text (just inserted by
    /// `missing-section`'s fix, or by a new document, and not written in yet) is one finding, a
    /// hint, which reads as the to-do it is rather than as a mistake. A section whose only word is
    /// a placeholder (`TBD`) is reported once, here, naming it. `placeholder-text` leaves the
    /// placeholders of both to this rule; as soon as someone writes in the section, what
    /// placeholders are left are `placeholder-text`'s.
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
            let fresh = is_fresh_template(ctx.text, &section, heading.range.end);
            let state = match placeholder_in(ctx, section.block, heading.range.end) {
                _ if fresh => "holds only its template text".to_string(),
                Some(placeholder) if placeholder.kind == PlaceholderKind::TemplateText => {
                    format!("holds only the template's prompt \"{}\"", placeholder.text)
                }
                Some(placeholder) => format!("holds only the placeholder `{}`", placeholder.text),
                None => "is empty".to_string(),
            };
            out.push(Diagnostic {
                rule: Self::ID,
                severity: if fresh {
                    Severity::Hint
                } else {
                    self.default_severity()
                },
                range: heading.range,
                message: match section.spec.purpose.trim().trim_end_matches('.') {
                    "" => format!("section `{}` {state}", heading.text),
                    purpose => format!(
                        "section `{}` {state}; {} expects it to say {}",
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

/// The first placeholder in a section's body, outside HTML comments, which readers
/// never see: what an empty section holds instead of content, if anything.
fn placeholder_in(
    ctx: &RuleContext,
    block: crate::position::TextRange,
    heading_end: usize,
) -> Option<Placeholder> {
    let start = heading_end.clamp(block.start, block.end);
    let body = &ctx.text[start..block.end];
    let comments: Vec<crate::position::TextRange> = ctx
        .outline
        .html_comments
        .iter()
        .filter(|c| c.start < block.end && start < c.end)
        .map(|c| {
            crate::position::TextRange::new(
                c.start.saturating_sub(start),
                c.end.min(block.end) - start,
            )
        })
        .collect();
    find_placeholders(body, &comments).into_iter().next()
}
