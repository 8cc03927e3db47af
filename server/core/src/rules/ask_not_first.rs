use crate::diagnostic::Diagnostic;
use crate::outline::normalize::normalize_heading;
use crate::outline::placeholder::find_placeholders;
use crate::rules::support::{line_number, prose_paragraphs, prose_words};
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A one-pager whose ask is not in its first paragraph.
    ///
    /// A one-pager is written for readers with five minutes: a director between meetings, a
    /// budget review with twenty of them. Many read the first paragraph and decide from it.
    /// When the ask (the decision, approval, money or people wanted) comes only in the third
    /// section, the reader decides without having seen it, or skims the whole page hunting for
    /// it. Put the ask first, with the one reason that matters most; the rest of the page is the
    /// case for it.
    ///
    /// The rule runs on documents of a kind whose first section is the ask (its name or an alias
    /// is `Ask`, as the `one-pager` kind's `Summary` is). It reports only when it is sure: the
    /// first paragraph is written (no placeholder left) and asks nothing (no word such as *ask*,
    /// *request*, *approve*, *decide*, *fund*, *recommend*, *propose* or *need*), while a later
    /// paragraph does.
    ///
    /// ```markdown
    /// ## Summary
    ///
    /// The build farm is at capacity most afternoons.
    ///
    /// ## Proposal
    ///
    /// We ask for two more build machines this quarter.
    /// ```
    pub struct AskNotFirst {
        id: "ask-not-first",
        severity: Warning,
        summary: "A one-pager's ask is not in its first paragraph",
    }
}

/// Words that make a paragraph an ask.
const ASK_WORDS: &[&str] = &[
    "ask",
    "asks",
    "asking",
    "request",
    "requests",
    "requesting",
    "approve",
    "approves",
    "approval",
    "decide",
    "decision",
    "fund",
    "funding",
    "budget",
    "headcount",
    "sign-off",
    "recommend",
    "recommends",
    "recommendation",
    "propose",
    "proposes",
    "need",
    "needs",
    "seek",
    "seeking",
    "endorse",
    "endorsement",
];

/// Fewer words than this in the first paragraph is no paragraph to judge (a one-line status).
const MIN_WORDS: usize = 6;

impl Rule for AskNotFirst {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        let asks_first = kind.sections.first().is_some_and(|first| {
            std::iter::once(&first.name)
                .chain(&first.aliases)
                .any(|name| normalize_heading(name) == normalize_heading("Ask"))
        });
        if !asks_first || ctx.is_template {
            return;
        }
        let paragraphs = prose_paragraphs(ctx.text, ctx.outline);
        let Some((first, later)) = paragraphs.split_first() else {
            return;
        };
        let first_text = first.slice(ctx.text);
        let words: Vec<String> = prose_words(first_text).collect();
        if words.len() < MIN_WORDS
            || !find_placeholders(first_text, &[]).is_empty()
            || words.iter().any(|w| ASK_WORDS.contains(&w.as_str()))
        {
            return;
        }
        let Some(ask) = later.iter().find(|p| {
            let text = p.slice(ctx.text);
            find_placeholders(text, &[]).is_empty()
                && prose_words(text).any(|w| ASK_WORDS.contains(&w.as_str()))
        }) else {
            return;
        };
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: *first,
            message: format!(
                "the first paragraph asks nothing; the ask comes only on line {}: put it first, \
                 for readers who stop after one paragraph",
                line_number(ctx.text, ask.start)
            ),
            fix: None,
        });
    }
}
