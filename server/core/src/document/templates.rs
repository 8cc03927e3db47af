//! Writing a kind's template into a document: the whole template into an empty one ("Fill with
//! the ADR template"), or the kind's missing pieces into an existing one ("Make this an ADR").
//! Everything here is derived from the kind's table; no kind is special-cased.

use crate::diagnostic::TextEdit;
use crate::document::features::{present_section_indices, uses_front_matter};
use crate::kinds::{Kind, MetaLocation, SectionSpec};
use crate::outline::Outline;
use crate::position::TextRange;
use crate::words::{capitalised, file_name_words};

/// Whether a document is empty enough that filling it with a template loses nothing: no text
/// besides white space, or a lone title with nothing else.
pub fn is_nearly_empty(text: &str, outline: &Outline) -> bool {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return true;
    }
    match outline.title_heading() {
        Some(title) => {
            outline.headings.len() == 1
                && outline.front_matter.is_none()
                && text[..title.range.start].trim().is_empty()
                && text[title.range.end..].trim().is_empty()
        }
        None => false,
    }
}

/// The values a new document gets: its number, title and today's date.
pub struct TemplateValues<'a> {
    pub number: u32,
    pub title: &'a str,
    pub today: &'a str,
}

/// A document's title for a template: the existing title, else the file name without its number
/// and extension, in words (`0007-use-postgres.md` → "Use postgres"), else "Title".
pub fn suggested_title(outline: &Outline, file_name: Option<&str>) -> String {
    if let Some(title) = outline.title_heading() {
        let text = title.text.trim();
        // Drop a leading number such as "7." or "ADR-0007:" so the template can write its own.
        let without_number = text
            .trim_start_matches(|c: char| c.is_ascii_alphabetic() && c.is_ascii_uppercase())
            .trim_start_matches(['-', ' ', '#'])
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ':', ' ', '-']);
        let candidate = if without_number.len() < text.len() && !without_number.is_empty() {
            without_number
        } else {
            text
        };
        if !candidate.is_empty() {
            return candidate.to_string();
        }
    }
    let words = file_name.map(file_name_words).unwrap_or_default();
    if words.is_empty() {
        String::from("Title")
    } else {
        capitalised(&words)
    }
}

/// The whole template of `kind`: front matter when the kind keeps metadata there, the title, the
/// status and date where the kind writes them, and every section with its template body.
pub fn full_template(kind: &Kind, values: &TemplateValues) -> String {
    let mut out = String::new();
    if uses_front_matter(kind) {
        out.push_str(&front_matter_block(kind, values.today, &[]));
        out.push('\n');
    }
    out.push_str(&title_line(kind, values));
    out.push_str("\n\n");
    out.push_str(&prelude(kind, values.today));
    let sections: Vec<&SectionSpec> = kind.sections.iter().collect();
    out.push_str(&sections_text(kind, &sections, values.today));
    out
}

fn title_line(kind: &Kind, values: &TemplateValues) -> String {
    let template = if kind.title_template.trim().is_empty() {
        "# {title}"
    } else {
        kind.title_template.as_str()
    };
    let line = template
        .replace("{number}", &values.number.to_string())
        .replace("{title}", values.title);
    if line.starts_with('#') {
        line
    } else {
        format!("# {line}")
    }
}

fn first_status(kind: &Kind) -> &str {
    kind.statuses
        .first()
        .map_or("proposed", |s| s.name.as_str())
}

/// A front matter block with the kind's keys; `present` keys (normalised) are left out.
fn front_matter_block(kind: &Kind, today: &str, present: &[String]) -> String {
    let mut out = String::from("---\n");
    out.push_str(&front_matter_lines(kind, today, present));
    out.push_str("---\n");
    out
}

fn front_matter_lines(kind: &Kind, today: &str, present: &[String]) -> String {
    let mut keys: Vec<String> = Vec::new();
    if kind.status_location == MetaLocation::FrontMatter {
        keys.push(String::from("status"));
    }
    if kind.date_location == MetaLocation::FrontMatter {
        keys.push(String::from("date"));
    }
    for key in &kind.front_matter_keys {
        if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            keys.push(key.clone());
        }
    }
    let mut out = String::new();
    for key in keys {
        let normalized = key.to_ascii_lowercase().replace(['_', ' '], "-");
        if present.contains(&normalized) {
            continue;
        }
        let value = match normalized.as_str() {
            "status" => first_status(kind).to_string(),
            "date" => today.to_string(),
            _ => String::new(),
        };
        if value.is_empty() {
            out.push_str(&format!("{key}:\n"));
        } else {
            out.push_str(&format!("{key}: {value}\n"));
        }
    }
    out
}

/// The status and date lines a kind writes under its title (bullets or plain lines).
fn prelude(kind: &Kind, today: &str) -> String {
    let mut out = String::new();
    let mut line = |location: MetaLocation, key: &str, value: &str| match location {
        MetaLocation::Line => out.push_str(&format!("{key}: {value}\n")),
        MetaLocation::Bullet => out.push_str(&format!("* {key}: {value}\n")),
        _ => {}
    };
    line(kind.date_location, "Date", today);
    line(kind.status_location, "Status", first_status(kind));
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn section_text(kind: &Kind, spec: &SectionSpec, today: &str) -> String {
    let marker = "#".repeat(usize::from(kind.section_level.max(1)));
    let mut body = spec.template.trim().to_string();
    if kind.status_location == MetaLocation::Section
        && spec.name.eq_ignore_ascii_case("status")
        && body.is_empty()
    {
        body = capitalised(first_status(kind));
    }
    if kind.date_location == MetaLocation::Section
        && spec.name.eq_ignore_ascii_case("date")
        && body.is_empty()
    {
        body = today.to_string();
    }
    if body.is_empty() {
        format!("{marker} {}\n", spec.name)
    } else {
        format!("{marker} {}\n\n{body}\n", spec.name)
    }
}

fn sections_text(kind: &Kind, specs: &[&SectionSpec], today: &str) -> String {
    specs
        .iter()
        .map(|s| section_text(kind, s, today))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The edits that make a document of some kind (or none) into one of `kind`: front matter with
/// the kind's keys when it uses front matter, a title when it needs one, the status and date lines
/// it writes under the title, and each missing section inserted where it belongs (after the
/// nearest present section that comes before it in the kind's order).
pub fn make_kind_edits(
    text: &str,
    outline: &Outline,
    kind: &Kind,
    values: &TemplateValues,
) -> Vec<TextEdit> {
    let mut edits: Vec<TextEdit> = Vec::new();

    if uses_front_matter(kind) {
        match &outline.front_matter {
            None => edits.push(TextEdit {
                range: TextRange::empty(0),
                new_text: if text.trim().is_empty() {
                    front_matter_block(kind, values.today, &[])
                } else {
                    format!("{}\n", front_matter_block(kind, values.today, &[]))
                },
            }),
            Some(front_matter) => {
                let present: Vec<String> = outline.metadata.iter().map(|f| f.key.clone()).collect();
                let lines = front_matter_lines(kind, values.today, &present);
                if !lines.is_empty() {
                    let at = front_matter.content.end;
                    let needs_newline =
                        at > 0 && !text[..at].ends_with('\n') && at > front_matter.content.start;
                    edits.push(TextEdit {
                        range: TextRange::empty(at),
                        new_text: if needs_newline {
                            format!("\n{lines}")
                        } else {
                            lines
                        },
                    });
                }
            }
        }
    }

    let body_start = outline.front_matter.as_ref().map_or(0, |f| f.range.end);
    let mut after_title = match outline.title_heading() {
        Some(title) => title.range.end,
        None => {
            if kind.title_required {
                let mut title = title_line(kind, values);
                title.push_str("\n\n");
                title.push_str(&prelude(kind, values.today));
                edits.push(TextEdit {
                    range: TextRange::empty(body_start),
                    new_text: title,
                });
            }
            body_start
        }
    };
    if outline.title_heading().is_some() {
        let prelude = prelude(kind, values.today);
        let has_status = kind.status_field(outline).is_some();
        if !prelude.is_empty() && !has_status {
            edits.push(TextEdit {
                range: TextRange::empty(after_title),
                new_text: format!("\n\n{}", prelude.trim_end()),
            });
        }
        after_title = after_title.max(body_start);
    }

    let present = present_sections_in_order(outline, kind);
    // Group the missing sections by the offset they go to, keeping the kind's order.
    let mut inserts: Vec<(usize, Vec<&SectionSpec>)> = Vec::new();
    for (index, spec) in kind.sections.iter().enumerate() {
        if present.iter().any(|(i, _)| *i == index) {
            continue;
        }
        let at = match present
            .iter()
            .filter(|(i, _)| *i < index)
            .max_by_key(|(i, _)| *i)
        {
            Some((_, range)) => range.end,
            None => match present
                .iter()
                .filter(|(i, _)| *i > index)
                .min_by_key(|(_, r)| r.start)
            {
                Some((_, range)) => range.start,
                None => text.len(),
            },
        };
        let at = at.max(after_title.min(text.len()));
        match inserts.iter_mut().find(|(offset, _)| *offset == at) {
            Some((_, specs)) => specs.push(spec),
            None => inserts.push((at, vec![spec])),
        }
    }
    for (at, specs) in inserts {
        let mut new_text = String::new();
        new_text.push_str(separator_before(text, at));
        new_text.push_str(&sections_text(kind, &specs, values.today));
        if at < text.len() {
            new_text.push('\n');
        }
        // Sections inserted at the title's offset go after any title edit at the same offset.
        edits.push(TextEdit {
            range: TextRange::empty(at),
            new_text,
        });
    }
    merge_inserts_at_same_offset(edits)
}

/// (index into `kind.sections`, the section's range) for every section of the kind the document has.
fn present_sections_in_order(outline: &Outline, kind: &Kind) -> Vec<(usize, TextRange)> {
    let indices = present_section_indices(outline, kind);
    let ranges = outline
        .all_sections()
        .filter(|s| s.level == kind.section_level)
        .filter(|s| {
            kind.section_for(&outline.headings[s.heading].normalized)
                .is_some()
        })
        .map(|s| s.range);
    indices.into_iter().zip(ranges).collect()
}

/// The blank line a block needs before it when written at `at`.
fn separator_before(text: &str, at: usize) -> &'static str {
    let before = &text[..at];
    if before.trim().is_empty() || before.ends_with("\n\n") || before.ends_with("\r\n\r\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    }
}

/// Edits of one fix must not overlap; two insertions at one offset are one insertion of both
/// texts, in the order they were made.
fn merge_inserts_at_same_offset(edits: Vec<TextEdit>) -> Vec<TextEdit> {
    let mut merged: Vec<TextEdit> = Vec::new();
    for edit in edits {
        if let Some(existing) = merged.iter_mut().find(|e| {
            e.range.is_empty() && edit.range.is_empty() && e.range.start == edit.range.start
        }) {
            existing.new_text.push_str(&edit.new_text);
        } else {
            merged.push(edit);
        }
    }
    merged.sort_by_key(|e| e.range.start);
    merged
}
