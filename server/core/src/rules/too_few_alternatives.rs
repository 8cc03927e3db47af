use crate::diagnostic::Diagnostic;
use crate::outline::Outline;
use crate::outline::content::has_real_content;
use crate::outline::placeholder::find_placeholders;
use crate::position::TextRange;
use crate::rules::support::kind_sections;
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The options or alternatives section lists only one option.
    ///
    /// A decision is a choice. When the record names a single option, the reader cannot tell
    /// whether anything else was weighed, and cannot judge the decision when circumstances change:
    /// the option that was rejected for a reason that no longer holds is exactly what they need.
    /// List at least two options (doing nothing counts), each with a line on why it lost.
    ///
    /// The rule looks at the sections of the document's kind whose name speaks of options or
    /// alternatives ("Considered Options", "Rationale and alternatives", "Alternatives
    /// considered") and counts their list items and sub-headings. A list of options must name
    /// two, the chosen one included; a list of alternatives to a proposal one, the proposal being
    /// the other. A section written as prose is left alone: the rule cannot count options in
    /// sentences.
    ///
    /// A team that wants more than two options on the table raises the minimum (the chosen one
    /// counts; a list of alternatives to a proposal needs one fewer):
    ///
    /// ```toml
    /// [rules]
    /// too-few-alternatives = { min-options = 3 }
    /// ```
    ///
    /// ```markdown
    /// ## Considered Options
    ///
    /// * PostgreSQL
    /// ```
    pub struct TooFewAlternatives {
        id: "too-few-alternatives",
        severity: Warning,
        summary: "An options or alternatives section lists fewer than two options",
    }
}

impl Rule for TooFewAlternatives {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        if ctx.is_template {
            return;
        }
        let min_options = ctx.config.thresholds.min_options;
        for section in kind_sections(ctx.text, ctx.outline, kind) {
            if !names_options(&section.spec.name) || !section.has_content {
                continue;
            }
            let Some(outline_section) = ctx
                .outline
                .all_sections()
                .find(|s| s.heading == section.heading)
            else {
                continue;
            };
            // Sub-headings still named by the template (`### {title of option 1}`) are no options.
            let named_children = outline_section
                .children
                .iter()
                .filter(|c| {
                    find_placeholders(&ctx.outline.headings[c.heading].text, &[]).is_empty()
                })
                .count();
            let count =
                options_in(ctx.text, ctx.outline, outline_section.own_body).len() + named_children;
            // A list of options includes the chosen one; a list of alternatives (an RFC's
            // "Rationale and alternatives") does not, the proposal itself being the other option.
            let listed_needed = if section.spec.name.to_lowercase().contains("option") {
                min_options
            } else {
                min_options.saturating_sub(1).max(1)
            };
            if count == 0 || count >= listed_needed {
                continue;
            }
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: section.heading_range,
                message: format!(
                    "`{}` names only {}; a decision weighs at least {min_options} (doing nothing counts)",
                    ctx.outline.headings[section.heading].text,
                    if count == 1 {
                        String::from("one option")
                    } else {
                        format!("{count} options")
                    }
                ),
                fix: None,
            });
        }
    }
}

/// Whether a section's canonical name is about options or alternatives.
pub fn names_options(section_name: &str) -> bool {
    let lower = section_name.to_lowercase();
    lower.contains("option") || lower.contains("alternative")
}

/// The top-level list items of `range` that are real options (not placeholders), as the ranges
/// of their text (marker excluded, first line only).
pub fn options_in(text: &str, outline: &Outline, range: TextRange) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut offset = range.start;
    for line in text[range.start..range.end].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if outline.in_code(start) || line.starts_with([' ', '\t']) {
            continue;
        }
        let Some(marker_len) = list_marker_len(line) else {
            continue;
        };
        let item = line[marker_len..].trim_end();
        if item.is_empty() || !has_real_content(item) {
            continue;
        }
        let item_start = start + marker_len;
        out.push(TextRange::new(item_start, item_start + item.len()));
    }
    out
}

/// The length of a list marker and its space (`* `, `- `, `+ `, `1. `, `2) `), if the line starts
/// with one.
fn list_marker_len(line: &str) -> Option<usize> {
    if line.starts_with("* ") || line.starts_with("- ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && digits < 10
        && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
    {
        return Some(digits + 2);
    }
    None
}
