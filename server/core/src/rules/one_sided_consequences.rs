use crate::diagnostic::Diagnostic;
use crate::outline::placeholder::find_placeholders;
use crate::rules::support::kind_sections;
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The consequences name only upsides.
    ///
    /// Every decision costs something: a dependency to maintain, a skill to learn, an option
    /// closed. A consequences section that lists only benefits reads as advocacy, and leaves the
    /// next team to discover the costs the hard way. Name at least one downside or risk, even a
    /// small one; MADR writes them as `* Bad, because …`.
    ///
    /// The rule looks at the sections of the document's kind whose name speaks of consequences
    /// or trade-offs, when they weigh them in MADR's bullets (`* Good, because …`, `* Bad,
    /// because …`, `* Neutral, because …`): it asks for at least one that is not `Good`. Prose is
    /// left alone, since telling a cost from a benefit in sentences is guesswork, and so is a
    /// section still holding template placeholders. It is a hint: only the author knows whether
    /// there truly is no cost.
    ///
    /// ```markdown
    /// ## Consequences
    ///
    /// * Good, because queries get faster.
    /// * Good, because the team knows it.
    /// ```
    pub struct OneSidedConsequences {
        id: "one-sided-consequences",
        severity: Hint,
        summary: "The consequences or trade-offs name only upsides",
    }
}

/// How MADR opens a weighed bullet, after the list marker.
const UPSIDE: &str = "good";
const WEIGHED: &[&str] = &["good", "bad", "neutral"];

impl Rule for OneSidedConsequences {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        if ctx.is_template {
            return;
        }
        for section in kind_sections(ctx.text, ctx.outline, kind) {
            let name = section.spec.name.to_lowercase();
            if !(name.contains("consequence") || name.contains("trade-off")) || !section.has_content
            {
                continue;
            }
            let body = ctx.text[section.block.start..section.block.end]
                .split_once('\n')
                .map_or("", |(_, body)| body);
            // A section still holding placeholders is unfinished: `placeholder-text` speaks.
            if !find_placeholders(body, &[]).is_empty() {
                continue;
            }
            let weighed = weighed_bullets(body);
            if weighed.is_empty() || weighed.iter().any(|w| *w != UPSIDE) {
                continue;
            }
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: section.heading_range,
                message: format!(
                    "`{}` names only upsides; what does the decision cost?",
                    ctx.outline.headings[section.heading].text
                ),
                fix: None,
            });
        }
    }
}

/// The first word of every weighed bullet (`* Good, because …` → `good`), lower case.
fn weighed_bullets(body: &str) -> Vec<&'static str> {
    body.lines()
        .filter_map(|line| {
            let item = line
                .trim_start()
                .strip_prefix(['*', '-', '+'])?
                .trim_start();
            let word: String = item
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase();
            let rest = item[word.len()..].trim_start();
            if !(rest.starts_with(',') || rest.starts_with(':')) {
                return None;
            }
            WEIGHED.iter().copied().find(|w| *w == word)
        })
        .collect()
}
