use crate::diagnostic::Diagnostic;
use crate::rules::support::{prose_paragraphs, prose_words, title_or_first_line};
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A one-pager runs past a page.
    ///
    /// A one-pager is read in the five minutes its readers have; a page is about 500 words of
    /// prose. Past that, the readers skim, and what they skip is chosen by chance, not by you.
    /// Cut to the ask and the case for it, and link to the design doc for the rest.
    ///
    /// Only prose counts: paragraphs, list items and quotes from the first section on. Headings,
    /// front matter, code, tables, HTML comments and link definitions do not. The rule runs on
    /// documents of the `one-pager` kind. A team with a longer page raises the limit:
    ///
    /// ```toml
    /// [rules]
    /// one-pager-too-long = { max-words = 700 }
    /// ```
    pub struct OnePagerTooLong {
        id: "one-pager-too-long",
        severity: Warning,
        summary: "A one-pager has more than about a page of prose (500 words)",
    }
}

/// The kind the rule is for.
pub const ONE_PAGER_KIND: &str = "one-pager";

impl Rule for OnePagerTooLong {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        if ctx.kind.is_none_or(|k| k.name != ONE_PAGER_KIND) || ctx.is_template {
            return;
        }
        let max = ctx.config.thresholds.max_words;
        let words: usize = prose_paragraphs(ctx.text, ctx.outline)
            .iter()
            .map(|p| prose_words(p.slice(ctx.text)).count())
            .sum();
        if words <= max {
            return;
        }
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: title_or_first_line(ctx.text, ctx.outline),
            message: format!(
                "{words} words of prose; a one-pager is read in five minutes, about {max} words \
                 (`max-words`): cut to the ask and its case, and link to the rest"
            ),
            fix: None,
        });
    }
}
