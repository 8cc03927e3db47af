use crate::diagnostic::Diagnostic;
use crate::outline::placeholder::{PlaceholderKind, find_placeholders};
use crate::position::TextRange;
use crate::rules::{Rule, RuleContext};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// Template text was left in the document.
    ///
    /// Templates ask questions in place: `{title of option 1}`, `TODO`, `???`,
    /// `<<[UNRESOLVED]>>`, "Why should we *not* do this?". Each one left in is a question the
    /// reader still has, and a reviewer who approves the document approves the gap. They also
    /// hide how finished a document is: three paragraphs of template read like three paragraphs
    /// of content until one looks closely.
    ///
    /// Every placeholder is reported where it is, so the list doubles as the document's to-do list.
    /// Placeholders inside code, inside HTML comments and front matter comments (which readers
    /// never see), in link targets and definitions and in images (a `TBD` badge) are ignored, and
    /// so are braces in a URL or path (`/pods/{name}`), a set of words (`{list, watch}`) or one
    /// plain word (`{citationkey}`) outside a template's own line, a marker in quotes (`"TBD"`),
    /// `???` alone in a table cell (a gap in a chart), and a template question kept as a prompt and
    /// answered below it. Replace each with what it asks for, or remove it; an open question that
    /// must stay open can be kept with `<!-- docwright-disable-next-line placeholder-text -->`. In
    /// a log whose template is its schema, a distinctive line of that template (a guidance
    /// sentence, or `- <test>: <link to test coverage>`) left unchanged in a record is reported
    /// too, unless it is kept as a prompt with the author's answer below it; short lines, headings
    /// and lines many of the log's records share are not. A section whose only words are
    /// placeholders (`TBD`, or exactly its template text) is one finding, `empty-section`'s. A
    /// kind's own template (`0000-template.md`, `adr-template.md`) is all placeholders by design
    /// and is not checked.
    ///
    /// ```markdown
    /// ## Considered Options
    ///
    /// * PostgreSQL
    /// * {title of option 2}     <- reported
    /// ```
    pub struct PlaceholderText {
        id: "placeholder-text",
        severity: Warning,
        summary: "Template placeholders were left in the document",
    }
}

impl Rule for PlaceholderText {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        if ctx.kind.is_none() || ctx.is_template {
            return;
        }
        // Nor in what readers never read as prose: link definitions (`[TBD]: https://…/TBD-red`),
        // link targets, and images (a `![TBD][]` badge shows a state, it leaves nothing unwritten).
        let links = ctx
            .outline
            .links
            .iter()
            .map(|l| if l.image { l.range } else { l.target_range });
        let definitions = ctx.outline.link_definitions.iter().map(|d| d.range);
        // Nor in front matter comments (`stage: accepted # FIXME: a further stage?`): a
        // maintainer's note to self, which a rendered page does not show.
        let front_matter_comments = ctx
            .outline
            .front_matter
            .as_ref()
            .map(|block| crate::outline::metadata::front_matter_comments(ctx.text, block))
            .unwrap_or_default();
        let excluded = merged(
            [
                &ctx.outline.code_blocks,
                &ctx.outline.code_spans,
                &ctx.outline.html_comments,
            ]
            .into_iter()
            .flatten()
            .copied()
            .chain(links)
            .chain(definitions)
            .chain(front_matter_comments)
            .collect(),
        );
        // A section with nothing in it but placeholders (`TBD`, or its template text just
        // inserted) is `empty-section`'s one finding.
        let empty: Vec<TextRange> = crate::rules::support::sections_reported_empty(ctx)
            .iter()
            .map(|s| s.block)
            .collect();
        let in_empty = |range: TextRange| empty.iter().any(|b| b.contains(range.start));
        let placeholders = find_placeholders(ctx.text, &excluded);
        if let Some(kind) = ctx.kind.filter(|k| !k.template_lines.is_empty()) {
            out.extend(
                unchanged_template_lines(ctx.text, &kind.template_lines, &excluded, &placeholders)
                    .into_iter()
                    .filter(|&range| !in_empty(range))
                    .map(|range| Diagnostic {
                        rule: Self::ID,
                        severity: self.default_severity(),
                        range,
                        message: format!(
                            "template text left unchanged: \"{}\"",
                            abbreviated(range.slice(ctx.text))
                        ),
                        fix: None,
                    }),
            );
        }
        for placeholder in placeholders {
            if in_empty(placeholder.range) {
                continue;
            }
            let shown = abbreviated(&placeholder.text);
            let message = match placeholder.kind {
                PlaceholderKind::Braces => format!("template placeholder `{shown}` left in"),
                PlaceholderKind::Marker => {
                    format!("`{shown}` marks something still to be written")
                }
                PlaceholderKind::Unresolved => format!("unresolved question marked `{shown}`"),
                PlaceholderKind::Ellipsis => {
                    "template bullet `…` left in: list the remaining items or remove it".to_string()
                }
                PlaceholderKind::TemplateText => {
                    format!("template text left unchanged: \"{shown}\"")
                }
            };
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: placeholder.range,
                message,
                fix: None,
            });
        }
    }
}

/// The lines of `text` that are a line of the log's template, unchanged (see
/// `Kind::template_lines`), outside `excluded` and not already holding a placeholder: each
/// line's range, its list or quote marker left out. A line kept as a prompt and answered below
/// it (the author's own text follows before the next heading) is no leftover.
fn unchanged_template_lines(
    text: &str,
    template_lines: &[String],
    excluded: &[TextRange],
    placeholders: &[crate::outline::placeholder::Placeholder],
) -> Vec<TextRange> {
    use crate::logs::normalize_template_line;
    let wanted: std::collections::HashSet<&str> =
        template_lines.iter().map(String::as_str).collect();
    let mut lines: Vec<(usize, &str, Option<String>)> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        lines.push((offset, raw, normalize_template_line(raw)));
        offset += raw.len();
    }
    let is_template_line =
        |normalized: &Option<String>| normalized.as_deref().is_some_and(|l| wanted.contains(l));
    // Whether the author wrote something of their own after line `at`, before the next heading:
    // past blank lines, other lines of the template and, for a quoted prompt, the rest of the
    // quote.
    let answered_below = |at: usize| {
        let quoted = lines[at].1.trim_start().starts_with('>');
        for (_, raw, normalized) in &lines[at + 1..] {
            let trimmed = raw.trim();
            if trimmed.is_empty()
                || is_template_line(normalized)
                || (quoted && trimmed.starts_with('>'))
            {
                continue;
            }
            return !trimmed.starts_with('#');
        }
        false
    };
    let mut found = Vec::new();
    for (at, (start, raw, normalized)) in lines.iter().enumerate() {
        let Some(line) = normalized.as_deref().filter(|l| wanted.contains(l)) else {
            continue;
        };
        let trimmed = raw.trim_end();
        let first_word = line.split(' ').next().unwrap_or_default();
        let from = start + trimmed.find(first_word).unwrap_or(0);
        let range = TextRange::new(from, start + trimmed.len());
        let overlaps = |r: &TextRange| r.start < range.end && range.start < r.end;
        if excluded.iter().any(overlaps)
            || placeholders.iter().any(|p| overlaps(&p.range))
            || answered_below(at)
        {
            continue;
        }
        found.push(range);
    }
    found
}

/// Sorted, overlapping and touching ranges merged: what `find_placeholders` expects.
fn merged(mut ranges: Vec<TextRange>) -> Vec<TextRange> {
    ranges.sort();
    let mut out: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// The placeholder on one line, cut to a readable length.
fn abbreviated(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let one_line = crate::words::collapse_whitespace(text);
    if one_line.chars().count() <= MAX_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(MAX_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_merged() {
        let r = |a, b| TextRange::new(a, b);
        assert_eq!(
            merged(vec![r(5, 8), r(0, 2), r(1, 3), r(8, 9)]),
            vec![r(0, 3), r(5, 9)]
        );
    }

    #[test]
    fn a_template_line_kept_as_a_prompt_and_answered_below_is_no_leftover() {
        let template =
            ["There are tradeoffs to choosing any path, please identify them here.".to_string()];
        let lines = |text: &str| -> Vec<String> {
            unchanged_template_lines(text, &template, &[], &[])
                .iter()
                .map(|r| r.slice(text).to_string())
                .collect()
        };
        let prompt = "> There are tradeoffs to choosing any path, please identify them here.\n";
        let answered = format!("## Drawbacks\n\n{prompt}> More guidance.\n\nIt costs a lot.\n");
        assert_eq!(lines(&answered), Vec::<String>::new());
        let left = format!("## Drawbacks\n\n{prompt}\n## Alternatives\n\nNone.\n");
        assert_eq!(lines(&left), [prompt[2..].trim_end()]);
    }

    #[test]
    fn long_placeholders_are_abbreviated_on_one_line() {
        assert_eq!(abbreviated("{a\n  b}"), "{a b}");
        let long = "x".repeat(100);
        assert_eq!(abbreviated(&long).chars().count(), 60);
    }
}
