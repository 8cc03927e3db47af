//! Helpers the structural rules share: where the kind's sections are in a document, and how to
//! insert or move a block of Markdown so that it stays separated by blank lines.
//!
//! Not a rule itself; every rule still lives in its own file.

use crate::kinds::{Kind, MetaLocation, SectionSpec};
use crate::outline::Outline;
use crate::outline::content::has_real_content;
use crate::outline::normalize::normalize_heading;
use crate::position::TextRange;

/// One heading of the document that names a section of the document's kind.
#[derive(Clone, Debug)]
pub struct KindSection<'k> {
    /// Index into `Kind::sections`: the section's place in the kind's order.
    pub spec_index: usize,
    pub spec: &'k SectionSpec,
    /// Index into `Outline::headings`.
    pub heading: usize,
    pub level: u8,
    /// The heading's own range, for diagnostics.
    pub heading_range: TextRange,
    /// From the start of the heading's line to the start of the line of the next heading of the
    /// same or a higher level (or the end of the text): what moves when the section moves.
    pub block: TextRange,
    /// Whether the section (its subsections included) has real content.
    pub has_content: bool,
}

/// Every heading that names a section of `kind`, at any level, in document order. The title is
/// not a section, unless the kind requires no title and the first heading names one of its
/// sections (a document that opens with `# Summary`), or the headings after it at its level
/// name sections too (`# Summary` … `# Motivation`: sections, and no title). A heading in a block quote is a quotation
/// (the RFC that added *Prior art* to the template quotes its `## Prior art`), not a section.
pub fn kind_sections<'k>(text: &str, outline: &Outline, kind: &'k Kind) -> Vec<KindSection<'k>> {
    let headings = &outline.headings;
    // The kind's names normalised once per document, not once per heading as
    // `Kind::section_for` would: a large RFC has hundreds of headings.
    let names: Vec<(usize, String)> = kind
        .sections
        .iter()
        .enumerate()
        .flat_map(|(i, spec)| {
            std::iter::once(&spec.name)
                .chain(&spec.aliases)
                .map(move |name| (i, normalize_heading(name)))
        })
        .collect();
    let spec_of = |heading: &crate::outline::Heading| {
        names
            .iter()
            .find(|(_, name)| *name == heading.normalized)
            .map(|(i, _)| *i)
    };
    // A first heading that names a section, followed by others of its level that do too
    // (`# Summary` … `# Motivation`), opens a document of sections without a title (an RFC of an
    // older template): it is a section, whatever the kind asks of titles.
    let title_is_a_section = outline.title.is_some_and(|title| {
        let level = headings[title].level;
        spec_of(&headings[title]).is_some()
            && headings[title + 1..]
                .iter()
                .any(|h| h.level == level && spec_of(h).is_some())
    });
    let mut found = Vec::new();
    for (index, heading) in headings.iter().enumerate() {
        let Some(spec_index) = spec_of(heading) else {
            continue;
        };
        let spec = &kind.sections[spec_index];
        if outline.title == Some(index) && kind.title_required && !title_is_a_section {
            continue;
        }
        let start = line_start(text, heading.range.start);
        if text[start..heading.range.start].contains('>') {
            continue;
        }
        let end = headings[index + 1..]
            .iter()
            .find(|next| next.level <= heading.level)
            .map_or(text.len(), |next| line_start(text, next.range.start));
        let has_content = outline
            .all_sections()
            .find(|section| section.heading == index)
            .map_or_else(
                || has_real_content(&text[heading.range.end.min(end)..end]),
                |section| section.has_content(text),
            );
        found.push(KindSection {
            spec_index,
            spec,
            heading: index,
            level: heading.level,
            heading_range: heading.range,
            block: TextRange::new(start, end),
            has_content,
        });
    }
    found
}

/// The first occurrence of each kind section at the kind's own section level, in document
/// order: the sections whose order and duplication the rules judge.
pub fn first_at_kind_level<'s, 'k>(
    sections: &'s [KindSection<'k>],
    kind: &Kind,
) -> Vec<&'s KindSection<'k>> {
    let mut seen = vec![false; kind.sections.len()];
    sections
        .iter()
        .filter(|s| s.level == kind.section_level)
        .filter(|s| !std::mem::replace(&mut seen[s.spec_index], true))
        .collect()
}

/// Where the kind section with `spec_index` belongs: (the range to report on, the offset to
/// insert at). After the nearest present section that the kind puts before it; failing that,
/// before the nearest present one the kind puts after it; failing both, at the end of the
/// document. `ordered` is [`in_place`]'s answer.
pub fn placement(
    text: &str,
    outline: &Outline,
    ordered: &[&KindSection],
    spec_index: usize,
) -> (TextRange, usize) {
    let previous = ordered
        .iter()
        .filter(|s| s.spec_index < spec_index)
        .max_by_key(|s| s.spec_index);
    if let Some(previous) = previous {
        return (previous.heading_range, previous.block.end);
    }
    let next = ordered
        .iter()
        .filter(|s| s.spec_index > spec_index)
        .min_by_key(|s| s.spec_index);
    let offset = next.map_or(text.len(), |next| next.block.start);
    (title_or_first_line(text, outline), offset)
}

/// The title's heading, or else the first line of the document's body: where a diagnostic about
/// the document as a whole goes.
pub fn title_or_first_line(text: &str, outline: &Outline) -> TextRange {
    outline.title_heading().map_or_else(
        || first_nonblank_line(text, after_front_matter(outline)),
        |title| title.range,
    )
}

/// The offset just past the line break of the line holding `offset` (the end of the text on the
/// last line).
pub fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The kind sections `empty-section` reports: present, with nothing but white space, comments,
/// link definitions or placeholders in them. Empty when that rule is off, the document has no
/// kind or is a template. `placeholder-text` leaves the placeholders in them alone: a section
/// whose only words are `TBD` (or its template text, just inserted) is one finding, the section's,
/// not one more per placeholder.
pub fn sections_reported_empty<'k>(ctx: &crate::rules::RuleContext<'k>) -> Vec<KindSection<'k>> {
    let Some(kind) = ctx.kind else {
        return Vec::new();
    };
    let enabled = ctx
        .config
        .severity_for("empty-section", crate::diagnostic::Severity::Warning)
        .is_some();
    if !enabled || ctx.is_template {
        return Vec::new();
    }
    kind_sections(ctx.text, ctx.outline, kind)
        .into_iter()
        .filter(|s| !s.has_content && !status_section_reported_elsewhere(kind, s.spec))
        .collect()
}

/// Whether a section's body (after its heading) is word for word the kind's template text for
/// it: a section just inserted (by `missing-section`'s fix, a new document) that nobody has
/// written in yet.
pub fn is_fresh_template(text: &str, section: &KindSection, heading_end: usize) -> bool {
    let template = section.spec.template.trim();
    let start = heading_end.clamp(section.block.start, section.block.end);
    !template.is_empty()
        && text[start..section.block.end]
            .split_whitespace()
            .eq(template.split_whitespace())
}

/// Whether `spec` is the `Status` section of a kind that requires a status and keeps it there:
/// `missing-status` then reports the section absent or empty, with a fix that writes a status,
/// and `missing-section` and `empty-section` leave it alone rather than report it twice.
pub fn status_section_reported_elsewhere(kind: &Kind, spec: &SectionSpec) -> bool {
    kind.status_required
        && kind.status_location == MetaLocation::Section
        && normalize_heading(&spec.name) == "status"
}

/// Positions (into `sections`) of a longest run of sections whose kind order increases along the
/// document: the sections to keep in place. Everything else is out of order. Among equally long
/// runs the one found first is kept, so that earlier sections stay where they are.
pub fn longest_increasing_run(sections: &[&KindSection]) -> Vec<usize> {
    let ranks: Vec<usize> = sections.iter().map(|s| s.spec_index).collect();
    longest_increasing(&ranks)
}

/// Positions of a longest strictly increasing run of `ranks`; among equally long runs the one
/// found first.
pub fn longest_increasing(ranks: &[usize]) -> Vec<usize> {
    // O(n²) is plenty: a kind has a dozen sections at most.
    let n = ranks.len();
    let mut length = vec![1usize; n];
    let mut previous = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if ranks[j] < ranks[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = Some(j);
            }
        }
    }
    let Some(mut end) = (0..n).max_by_key(|&i| (length[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut run = vec![end];
    while let Some(before) = previous[end] {
        run.push(before);
        end = before;
    }
    run.reverse();
    run
}

/// The kind sections at the kind's level that are in the kind's order ([`first_at_kind_level`]
/// without the ones `section-order` would move): the anchors a new section is placed by, so
/// that it never lands beside a section that is about to move.
pub fn in_place<'s, 'k>(sections: &'s [KindSection<'k>], kind: &Kind) -> Vec<&'s KindSection<'k>> {
    let ordered = first_at_kind_level(sections, kind);
    longest_increasing_run(&ordered)
        .into_iter()
        .map(|i| ordered[i])
        .collect()
}

/// The offset of the start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The range of the first non-blank line at or after `from`, without its line break; an empty
/// range at `from` when there is none.
pub fn first_nonblank_line(text: &str, from: usize) -> TextRange {
    let mut start = from;
    for line in text[from..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            return TextRange::new(start, start + content.len());
        }
        start += line.len();
    }
    TextRange::empty(from.min(text.len()))
}

/// 1-based line number of `offset`, for messages.
pub fn line_number(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// Where the body of the document begins: after the front matter, if any.
pub fn after_front_matter(outline: &Outline) -> usize {
    outline.front_matter.as_ref().map_or(0, |fm| fm.range.end)
}

/// `block` (Markdown) padded so that, inserted at `offset`, it is separated from the text before
/// it by a blank line (unless it starts the document) and from the text after it likewise.
pub fn padded_insertion(text: &str, offset: usize, block: &str) -> String {
    let before = &text[..offset];
    let after = &text[offset..];
    let mut out = String::with_capacity(block.len() + 4);
    if !before.is_empty() && !before.trim_end_matches([' ', '\t']).is_empty() {
        if !before.ends_with('\n') {
            out.push_str("\n\n");
        } else if !ends_with_blank_line(before) {
            out.push('\n');
        }
    }
    // One line break after the block, and a blank line only when text follows: a block added
    // at the end of a file ends the file with a single line break.
    out.push_str(block.trim_end_matches(['\n', '\r']));
    out.push('\n');
    if !after.trim().is_empty() {
        out.push('\n');
    }
    out
}

fn ends_with_blank_line(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['\r', ' ', '\t']);
    let Some(rest) = trimmed.strip_suffix('\n') else {
        return false;
    };
    rest.trim_end_matches(['\r', ' ', '\t']).ends_with('\n') || rest.is_empty()
}

/// `name` as a heading of `level`: `## Decision`.
pub fn heading_line(level: u8, name: &str) -> String {
    format!("{} {name}", "#".repeat(usize::from(level.max(1))))
}

/// The text a new section gets: heading, blank line, template (when the kind has one).
pub fn section_block(level: u8, spec: &SectionSpec) -> String {
    let template = spec.template.trim();
    if template.is_empty() {
        format!("{}\n\n", heading_line(level, &spec.name))
    } else {
        format!("{}\n\n{template}\n\n", heading_line(level, &spec.name))
    }
}

/// Whether a metadata value is a template placeholder (`{proposed | accepted | …}`, `TBD`, `(fill
/// me in with today's date, YYYY-MM-DD)`) rather than a value: `placeholder-text` reports those.
pub fn looks_like_placeholder(value: &str) -> bool {
    !crate::outline::placeholder::find_placeholders(value, &[]).is_empty()
}

/// `text` with its first character in lower case, to run a sentence on after a colon.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The range to delete to remove `block` (a section) whole: the block itself, and when it runs
/// to the end of the text, the blank lines before it too, so the text still ends with one line
/// break.
pub fn removal_range(text: &str, block: TextRange) -> TextRange {
    if block.end < text.len() {
        return block;
    }
    let kept = text[..block.start]
        .trim_end_matches([' ', '\t', '\r', '\n'])
        .len();
    match text[kept..block.start].find('\n') {
        Some(i) => TextRange::new(kept + i + 1, block.end),
        None => block,
    }
}

/// The paragraphs of prose of the document, in order, from its first section on (what sits
/// between the title and the first section is metadata, the way the templates write it, unless
/// the document has no section): runs of non-blank lines that are not headings, code, HTML
/// comments, tables or link definitions. List items and block quotes are prose.
pub fn prose_paragraphs(text: &str, outline: &Outline) -> Vec<TextRange> {
    let start = outline
        .sections
        .first()
        .map(|s| outline.headings[s.heading].range.start)
        .or_else(|| outline.title_heading().map(|t| t.range.end))
        .unwrap_or_else(|| after_front_matter(outline));
    let hidden = |offset: usize| {
        outline.in_code(offset)
            || outline
                .html_comments
                .iter()
                .chain(&outline.html_blocks)
                .any(|r| r.start <= offset && offset < r.end)
    };
    let mut paragraphs = Vec::new();
    let mut current: Option<TextRange> = None;
    let mut offset = start;
    for line in text[start.min(text.len())..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let link_definition = trimmed.starts_with('[') && trimmed.contains("]:");
        let is_prose = !(trimmed.is_empty()
            || trimmed.starts_with(['#', '|'])
            || link_definition
            || hidden(line_start + (content.len() - trimmed.len())));
        match (&mut current, is_prose) {
            (Some(range), true) => range.end = line_start + content.len(),
            (None, true) => current = Some(TextRange::new(line_start, line_start + content.len())),
            (_, false) => paragraphs.extend(current.take()),
        }
    }
    paragraphs.extend(current);
    paragraphs
}

/// The words of a stretch of prose: runs of letters and digits (with inner `'` and `-`), list
/// markers and punctuation left out, lower case.
pub fn prose_words(prose: &str) -> impl Iterator<Item = String> + '_ {
    prose
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(['\'', '-']))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_quoted_in_a_block_quote_is_no_section() {
        let config = crate::config::Config::default();
        let rfc = config.kind("rfc").unwrap();
        let text = "# Summary\n\nS.\n\n## Prior art\n\nQuoting the template:\n\n> ## Prior art\n>\n> Discuss.\n";
        let outline = crate::outline::parse_outline_fast(text, Some("0001-x.md"));
        let named: Vec<&str> = kind_sections(text, &outline, rfc)
            .iter()
            .map(|s| s.spec.name.as_str())
            .collect();
        assert_eq!(named, ["Summary", "Prior art"]);
    }

    #[test]
    fn padding_separates_blocks_by_blank_lines() {
        assert_eq!(padded_insertion("a\n\n", 3, "## X\n"), "## X\n");
        assert_eq!(
            padded_insertion("a\n\nb", 3, "## X\n\nx\n\n"),
            "## X\n\nx\n\n"
        );
        assert_eq!(padded_insertion("a\n", 2, "## X\n"), "\n## X\n");
        assert_eq!(padded_insertion("a", 1, "## X\n"), "\n\n## X\n");
        assert_eq!(padded_insertion("a\n\n## Y\n", 3, "## X\n"), "## X\n\n");
        assert_eq!(padded_insertion("", 0, "## X\n"), "## X\n");
        assert_eq!(padded_insertion("## Y\n", 0, "# T\n"), "# T\n\n");
    }

    #[test]
    fn line_helpers_find_lines() {
        let text = "---\na: b\n---\n\n  \nfirst line\nsecond";
        assert_eq!(first_nonblank_line(text, 13).slice(text), "first line");
        assert_eq!(line_start(text, 20), 17);
        assert_eq!(line_number(text, 20), 6);
        assert!(first_nonblank_line("\n\n", 0).is_empty());
    }
}
