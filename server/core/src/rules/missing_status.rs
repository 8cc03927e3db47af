use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::kinds::{Kind, MetaLocation};
use crate::outline::normalize::normalize_heading;
use crate::outline::{FrontMatterFormat, MetaSource};
use crate::position::TextRange;
use crate::rules::support::{
    after_front_matter, heading_line, in_place, kind_sections, line_start, next_line_start,
    padded_insertion, placement, title_or_first_line,
};
use crate::rules::{Rule, RuleContext};
use crate::words::capitalised;
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The document does not say what state it is in.
    ///
    /// A design document is read long after it was written, and the first thing a reader needs
    /// to know is whether it is still a proposal, was accepted, was rejected, or has been
    /// superseded. Without a status, a rejected idea reads exactly like the team's policy, and
    /// an index of decisions cannot tell the two apart.
    ///
    /// The status goes where the document's kind keeps it: the `status:` key of the front matter
    /// (MADR), the first line of the `## Status` section (Nygard ADRs), or a `* Status:` bullet
    /// under the title. The fix adds it there as `proposed` (or the kind's first status), which
    /// is only a starting point: change it to the truth.
    ///
    /// ```markdown
    /// ---
    /// status: proposed
    /// date: 2024-03-04
    /// ---
    /// ```
    pub struct MissingStatus {
        id: "missing-status",
        severity: Warning,
        summary: "The document's kind requires a status and none is given",
        fix: Unsafe,
    }
}

impl Rule for MissingStatus {
    rule_metadata!();

    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.kind else { return };
        if !kind.status_required {
            return;
        }
        if kind
            .status_field(ctx.outline)
            .is_some_and(|field| !field.value.trim().is_empty())
        {
            return;
        }
        let status = initial_status(kind);
        let vocabulary = kind
            .statuses
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let (where_kept, fix) = match kind.status_location {
            MetaLocation::FrontMatter => (
                "the `status:` key of the front matter",
                front_matter_fix(ctx, &status),
            ),
            MetaLocation::Section => ("a `Status` section", section_fix(ctx, kind, &status)),
            MetaLocation::Line => (
                "a `Status:` line under the title",
                line_fix(
                    ctx,
                    MetaSource::Line,
                    &format!("Status: {}", capitalised(&status)),
                ),
            ),
            MetaLocation::Bullet => (
                "a `* Status:` line under the title",
                line_fix(
                    ctx,
                    MetaSource::Bullet,
                    &format!("Status: {}", capitalised(&status)),
                ),
            ),
            MetaLocation::None => ("its metadata", None),
        };
        let range = match (kind.status_location, status_heading(ctx, kind)) {
            (MetaLocation::Section, Some(heading)) => heading,
            _ => title_or_first_line(ctx.text, ctx.outline),
        };
        let mut message = match (kind.status_location, status_heading(ctx, kind)) {
            (MetaLocation::Section, Some(_)) => {
                "missing status: the `Status` section is empty".to_string()
            }
            _ => format!(
                "missing status: {} keeps it in {where_kept}",
                kind.display_name
            ),
        };
        if !vocabulary.is_empty() {
            message.push_str(&format!(" (one of: {vocabulary})"));
        }
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range,
            message,
            fix: fix.map(|edit| Fix {
                title: format!("Add the status `{status}`"),
                edits: vec![edit],
            }),
        });
    }
}

/// `proposed` when the kind knows it, else the kind's first status, else `proposed`.
fn initial_status(kind: &Kind) -> String {
    kind.status("proposed")
        .or(kind.statuses.first())
        .map_or_else(|| "proposed".to_string(), |s| s.name.clone())
}

fn front_matter_fix(ctx: &RuleContext, status: &str) -> Option<TextEdit> {
    let Some(front_matter) = &ctx.outline.front_matter else {
        return Some(TextEdit {
            range: TextRange::empty(0),
            new_text: padded_insertion(ctx.text, 0, &format!("---\nstatus: {status}\n---\n")),
        });
    };
    let line = match front_matter.format {
        FrontMatterFormat::Yaml => format!("status: {status}\n"),
        FrontMatterFormat::Toml => format!("status = \"{status}\"\n"),
    };
    // An empty `status:` key is replaced rather than repeated (a repeated key is invalid YAML).
    // Only top-level keys: an indented `status:` belongs to some nested table.
    let content = front_matter.content;
    let mut line_start = content.start;
    for written in content.slice(ctx.text).split_inclusive('\n') {
        let key = written.split([':', '=']).next().unwrap_or("");
        if key
            .trim_end()
            .trim_matches(['"', '\''])
            .eq_ignore_ascii_case("status")
        {
            let replaced_to = line_start + written.trim_end_matches(['\n', '\r']).len();
            return Some(TextEdit {
                range: TextRange::new(line_start, replaced_to),
                new_text: line.trim_end().to_string(),
            });
        }
        line_start += written.len();
    }
    // Before the closing delimiter line.
    let block = front_matter.range.slice(ctx.text).trim_end();
    let closing = front_matter.range.start + block.rfind('\n')? + 1;
    Some(TextEdit {
        range: TextRange::empty(closing),
        new_text: line,
    })
}

/// The heading of the document's `Status` section, if it has one.
fn status_heading(ctx: &RuleContext, kind: &Kind) -> Option<TextRange> {
    kind_sections(ctx.text, ctx.outline, kind)
        .into_iter()
        .find(|s| normalize_heading(&s.spec.name) == "status")
        .map(|s| s.heading_range)
}

fn section_fix(ctx: &RuleContext, kind: &Kind, status: &str) -> Option<TextEdit> {
    let sections = kind_sections(ctx.text, ctx.outline, kind);
    let value = format!("{}\n", capitalised(status));
    if let Some(section) = sections
        .iter()
        .find(|s| normalize_heading(&s.spec.name) == "status")
    {
        let body_start = next_line_start(ctx.text, section.heading_range.end);
        let body = TextRange::new(body_start.min(section.block.end), section.block.end);
        if body.slice(ctx.text).trim().is_empty() {
            let trailing = if body.end < ctx.text.len() { "\n" } else { "" };
            return Some(TextEdit {
                range: body,
                new_text: format!("\n{value}{trailing}"),
            });
        }
        return Some(TextEdit {
            range: TextRange::empty(body_start),
            new_text: padded_insertion(ctx.text, body_start, &value),
        });
    }
    let ordered = in_place(&sections, kind);
    let spec_index = kind
        .sections
        .iter()
        .position(|s| normalize_heading(&s.name) == "status");
    let offset = match spec_index {
        Some(index) => placement(ctx.text, ctx.outline, &ordered, index).1,
        // The kind has no `Status` section in its order: first, before all the others.
        None => ordered.first().map_or(ctx.text.len(), |s| s.block.start),
    };
    let block = format!("{}\n\n{value}", heading_line(kind.section_level, "Status"));
    Some(TextEdit {
        range: TextRange::empty(offset),
        new_text: padded_insertion(ctx.text, offset, &block),
    })
}

/// A `Status: …` line (or bullet) after the other metadata lines of the same form, else after the
/// title.
fn line_fix(ctx: &RuleContext, source: MetaSource, line: &str) -> Option<TextEdit> {
    let last_of_its_form = ctx
        .outline
        .metadata
        .iter()
        .filter(|f| f.source == source)
        .max_by_key(|f| f.value_range.end);
    if let Some(field) = last_of_its_form {
        let offset = next_line_start(ctx.text, field.value_range.end);
        let mut new_text = String::new();
        if !ctx.text[..offset].ends_with('\n') {
            // The metadata ends the file without a line break.
            new_text.push('\n');
        }
        if source == MetaSource::Bullet {
            // The same list marker, or the new bullet would start a list of its own.
            let own_line = &ctx.text[line_start(ctx.text, field.value_range.start)..];
            let marker = own_line
                .trim_start()
                .chars()
                .next()
                .filter(|c| matches!(c, '-' | '*' | '+'));
            new_text.push_str(&format!("{} ", marker.unwrap_or('*')));
        }
        new_text.push_str(line);
        new_text.push('\n');
        return Some(TextEdit {
            range: TextRange::empty(offset),
            new_text,
        });
    }
    let offset = ctx.outline.title_heading().map_or_else(
        || after_front_matter(ctx.outline),
        |t| next_line_start(ctx.text, t.range.end),
    );
    let written = match source {
        MetaSource::Bullet => format!("* {line}\n"),
        _ => format!("{line}\n"),
    };
    Some(TextEdit {
        range: TextRange::empty(offset),
        new_text: padded_insertion(ctx.text, offset, &written),
    })
}
