use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::position::TextRange;
use crate::rules::support::{
    after_front_matter, first_nonblank_line, line_start, next_line_start, padded_insertion,
};
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The document has no level-1 title, or an empty one.
    ///
    /// The title is what readers see in the index, in search results, in the tab of their
    /// browser and in every link to the document. Without one, tools fall back on the file name
    /// and readers on guesswork; for a decision record, the title is the decision in a few words
    /// ("Use PostgreSQL for the order store"), the most-read line of the document.
    ///
    /// The title is the first heading of the document, at level 1 (`# …`), after any front
    /// matter. The fix derives one from the file name in the kind's title format:
    /// `0007-use-postgres.md` becomes `# 7. Use postgres` for a Nygard ADR.
    ///
    /// ```markdown
    /// Date: 2024-03-04     <- reported: no `# 7. Use postgres` above
    ///
    /// ## Status
    /// ```
    pub struct MissingTitle {
        id: "missing-title",
        severity: Warning,
        summary: "The document has no level-1 title",
        fix: Safe,
    }
}

impl Rule for MissingTitle {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        if !kind.title_required || ctx.is_template {
            // A template's title is a placeholder by design (`# {short title}`).
            return;
        }
        let empty_title = match ctx.outline.title_heading() {
            Some(title) if !title.text.trim().is_empty() => return,
            Some(title) => Some(title.range),
            None => None,
        };
        if empty_title.is_none()
            && let Some(diagnostic) = self.late_title(ctx)
        {
            out.push(diagnostic);
            return;
        }
        let derived = ctx
            .file_name()
            .and_then(|name| {
                title_from_file_name(name, ctx.outline.number.as_ref().map(|n| n.number))
            })
            .map(|(number, title)| title_line(&kind.title_template, number, &title));
        let (range, message) = match empty_title {
            Some(range) => (
                range,
                format!(
                    "the title is empty; {} documents need a title",
                    kind.display_name
                ),
            ),
            None => (
                first_nonblank_line(ctx.text, after_front_matter(ctx.outline)),
                format!(
                    "missing title: {} documents start with a level-1 heading (`# …`)",
                    kind.display_name
                ),
            ),
        };
        let fix = derived.map(|line| {
            let edit = match empty_title {
                Some(heading) => TextEdit {
                    range: heading,
                    new_text: line.clone(),
                },
                None => {
                    // Where the body starts, so that the blank lines after the front matter stay.
                    let body = after_front_matter(ctx.outline);
                    let first_line = first_nonblank_line(ctx.text, body);
                    let at = if first_line.is_empty() {
                        body
                    } else {
                        first_line.start
                    };
                    TextEdit {
                        range: TextRange::empty(at),
                        new_text: padded_insertion(ctx.text, at, &format!("{line}\n")),
                    }
                }
            };
            Fix {
                title: format!("Insert the title `{line}`"),
                edits: vec![edit],
            }
        });
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range,
            message,
            fix,
        });
    }
}

impl MissingTitle {
    /// A level-1 heading written below another heading is the title in the wrong place (the
    /// outline only takes a first heading as the title): it moves to the top.
    fn late_title(&self, ctx: &RuleContext) -> Option<Diagnostic> {
        let title = ctx
            .outline
            .headings
            .iter()
            .find(|h| h.level == 1 && !h.text.trim().is_empty())?;
        let first = ctx.outline.headings.first()?;
        let start = line_start(ctx.text, title.range.start);
        let mut end = next_line_start(ctx.text, title.range.end);
        // Its blank lines go with it, so none are left doubled.
        while end < ctx.text.len() && ctx.text[end..].starts_with(['\n', '\r']) {
            end = next_line_start(ctx.text, end);
        }
        let body = after_front_matter(ctx.outline);
        let first_line = first_nonblank_line(ctx.text, body);
        let at = if first_line.is_empty() {
            body
        } else {
            first_line.start
        };
        let line = format!("# {}", title.text.trim());
        Some(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: title.range,
            message: format!(
                "the title `{}` is not the first heading: `{}` comes before it",
                title.text.trim(),
                first.text
            ),
            fix: Some(Fix {
                title: "Move the title to the top".to_string(),
                edits: vec![
                    TextEdit {
                        range: TextRange::empty(at),
                        new_text: padded_insertion(ctx.text, at, &format!("{line}\n")),
                    },
                    TextEdit {
                        range: TextRange::new(start, end),
                        new_text: String::new(),
                    },
                ],
            }),
        })
    }
}

/// The number and the title a file name suggests: `0007-use-postgres.md` → (7, "Use postgres").
/// `None` when the name holds no words.
fn title_from_file_name(
    file_name: &str,
    known_number: Option<u32>,
) -> Option<(Option<u32>, String)> {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _extension)| stem);
    let digits_start = stem.find(|c: char| c.is_ascii_digit());
    let mut number = known_number;
    let mut words = stem;
    // A leading id (`0007-`, `ADR-0007-`, `adr_12_`) is the number, not part of the title.
    if let Some(start) = digits_start {
        let prefix = &stem[..start];
        if prefix
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')
            && prefix.len() <= 4
        {
            let digits_end = stem[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(stem.len(), |i| start + i);
            number = number.or_else(|| stem[start..digits_end].parse().ok());
            words = &stem[digits_end..];
        }
    }
    let title = words
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = title.chars();
    let first = chars.next()?;
    Some((number, first.to_uppercase().chain(chars).collect()))
}

/// The title heading in the kind's format (`{number}. {title}`), as a level-1 ATX heading.
fn title_line(template: &str, number: Option<u32>, title: &str) -> String {
    let template = match (template.trim(), number) {
        ("", _) | (_, None) => "{title}",
        (template, Some(_)) => template,
    };
    let filled = template
        .replace(
            "{number}",
            &number.map(|n| n.to_string()).unwrap_or_default(),
        )
        .replace("{title}", title);
    if filled.starts_with('#') {
        filled
    } else {
        format!("# {filled}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(
            title_from_file_name("0007-use-postgres.md", None),
            Some((Some(7), "Use postgres".to_string()))
        );
        assert_eq!(
            title_from_file_name("ADR-0012_choose_a_queue.md", None),
            Some((Some(12), "Choose a queue".to_string()))
        );
        assert_eq!(
            title_from_file_name("incident-review.md", None),
            Some((None, "Incident review".to_string()))
        );
        assert_eq!(title_from_file_name("0001.md", None), None);
    }

    #[test]
    fn title_lines_follow_the_kind_template() {
        assert_eq!(
            title_line("{number}. {title}", Some(7), "Use postgres"),
            "# 7. Use postgres"
        );
        assert_eq!(
            title_line("# RFC {number}: {title}", Some(3), "Goals"),
            "# RFC 3: Goals"
        );
        assert_eq!(
            title_line("{number}. {title}", None, "Use postgres"),
            "# Use postgres"
        );
        assert_eq!(title_line("", Some(7), "Use postgres"), "# Use postgres");
    }
}
