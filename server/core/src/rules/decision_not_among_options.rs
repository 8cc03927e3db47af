use crate::diagnostic::Diagnostic;
use crate::position::TextRange;
use crate::rules::support::kind_sections;
use crate::rules::too_few_alternatives::{names_options, options_in};
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The chosen option is not one of the considered options.
    ///
    /// MADR states the outcome as `Chosen option: "…"`, naming one of the options listed under
    /// "Considered Options". When the name matches none of them, the reader cannot find the
    /// pros and cons that justified the choice: an option was renamed in one place only, or the
    /// decision changed after the options were written down and the record was not brought
    /// along. Use the option's name exactly as the list writes it.
    ///
    /// ```markdown
    /// ## Considered Options
    ///
    /// * MySQL
    /// * PostgreSQL
    ///
    /// ## Decision Outcome
    ///
    /// Chosen option: "Postgres", because …
    /// ```
    pub struct DecisionNotAmongOptions {
        id: "decision-not-among-options",
        severity: Warning,
        summary: "MADR's chosen option is not one of the considered options",
    }
}

const CHOSEN: &str = "chosen option:";

impl Rule for DecisionNotAmongOptions {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        if ctx.is_template {
            return;
        }
        let options: Vec<String> = kind_sections(ctx.text, ctx.outline, kind)
            .into_iter()
            .filter(|s| names_options(&s.spec.name))
            .filter_map(|s| ctx.outline.all_sections().find(|o| o.heading == s.heading))
            .flat_map(|section| {
                let mut names: Vec<String> = options_in(ctx.text, ctx.outline, section.own_body)
                    .into_iter()
                    .map(|r| comparable(&ctx.text[r.start..r.end]))
                    .collect();
                names.extend(
                    section
                        .children
                        .iter()
                        .map(|c| comparable(&ctx.outline.headings[c.heading].text)),
                );
                names
            })
            .collect();
        if options.is_empty() {
            return;
        }
        let Some((range, chosen)) = chosen_option(ctx) else {
            return;
        };
        let wanted = comparable(&chosen);
        if wanted.is_empty() || wanted.starts_with('{') {
            return;
        }
        let found = options
            .iter()
            .any(|option| option == &wanted || starts_with_word(option, &wanted));
        if !found {
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range,
                message: format!(
                    "the chosen option \"{chosen}\" is not among the considered options"
                ),
                fix: None,
            });
        }
    }
}

/// The quoted name after `Chosen option:` and its range (quotes excluded), outside code.
fn chosen_option(ctx: &RuleContext) -> Option<(TextRange, String)> {
    // ASCII only, so that offsets in `lower` are offsets in the text.
    let lower = ctx.text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(CHOSEN) {
        let at = from + found;
        from = at + CHOSEN.len();
        if ctx.outline.in_code(at) {
            continue;
        }
        let rest = &ctx.text[from..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let trimmed = line.trim_start();
        let quote = trimmed.chars().next()?;
        let close = match quote {
            '"' => '"',
            '“' => '”',
            '`' => '`',
            _ => return None,
        };
        let start = from + (line.len() - trimmed.len()) + quote.len_utf8();
        let end = start + ctx.text[start..].find(close).filter(|e| *e <= line.len())?;
        return Some((TextRange::new(start, end), ctx.text[start..end].to_string()));
    }
    None
}

/// An option's name for comparison: markup and case dropped, white space collapsed.
fn comparable(text: &str) -> String {
    without_link_destinations(text)
        // Quotes too: `"Include in 'More Information'"` names `Include in "More Information"`.
        .replace(['*', '_', '`', '"', '\'', '[', ']'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `[MADR](https://adr.github.io/madr/) 4.0.0` → `[MADR] 4.0.0`: what a reader sees.
fn without_link_destinations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..=at]);
        let after = &rest[at + 2..];
        match after.find(')') {
            Some(close) => rest = &after[close + 1..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `option` is `name` followed by a description ("MADR 4.0.0 – lean").
fn starts_with_word(option: &str, name: &str) -> bool {
    option.starts_with(name)
        && option[name.len()..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_alphanumeric())
}
