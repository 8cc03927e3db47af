//! The shared step from `Facts` to `Outline`.
//!
//! Both extractors (tree-sitter in [`super::ts`], pulldown-cmark in [`super::fast`]) report only
//! what a parser knows best: which constructs exist and roughly where. Everything derived from the
//! text — exact range boundaries, heading content, link destinations and labels, front matter —
//! is computed here, by one piece of code, so the two paths cannot drift apart.

use std::collections::HashMap;

use crate::outline::{
    Facts, FrontMatterBlock, FrontMatterFormat, Heading, Link, LinkDefinition, LinkKind, Outline,
    RawHeading, Section, metadata, normalize, refs,
};
use crate::position::TextRange;

/// The front matter at the very start of `text`, if any: a YAML block opened by a `---` line and
/// closed by a `---` or `...` line, or a TOML block opened and closed by `+++` lines. Trailing
/// spaces and tabs are allowed on the delimiter lines. An opening line without a closing one is
/// not front matter (the `---` is then ordinary Markdown). The range ends at the end of the
/// closing delimiter line, line break excluded.
///
/// Both outline paths use this one function, so they cannot disagree on where Markdown starts.
pub fn detect_front_matter(text: &str) -> Option<FrontMatterBlock> {
    let mut lines = Lines::new(text);
    let first = lines.next()?;
    // Editors on Windows may save a byte order mark before the opening delimiter; the block
    // (from offset 0) then covers it too, so neither parser sees it.
    let opener = first
        .content
        .strip_prefix('\u{feff}')
        .unwrap_or(first.content);
    let (format, closers): (FrontMatterFormat, &[&str]) = match opener.trim_end_matches([' ', '\t'])
    {
        "---" => (FrontMatterFormat::Yaml, &["---", "..."]),
        "+++" => (FrontMatterFormat::Toml, &["+++"]),
        _ => return None,
    };
    if first.end == first.next_start {
        return None; // The delimiter is the whole document.
    }
    for line in lines {
        if closers.contains(&line.content.trim_end_matches([' ', '\t'])) {
            return Some(FrontMatterBlock {
                format,
                range: TextRange::new(0, line.end),
                content: TextRange::new(first.next_start, line.start),
            });
        }
    }
    None
}

/// Where the Markdown of `text` starts, for both parsers: after the front matter, else after a
/// byte order mark that opens the text (Windows editors save one; CommonMark does not skip it,
/// so `\u{feff}# Title` would be a paragraph, and a fix would add a second title), else at 0.
pub fn markdown_start(text: &str) -> usize {
    detect_front_matter(text).map_or_else(
        || {
            if text.starts_with('\u{feff}') {
                '\u{feff}'.len_utf8()
            } else {
                0
            }
        },
        |front_matter| front_matter.range.end,
    )
}

/// One line of text: `content` spans `start..end`, its line break `end..next_start`.
struct Line<'t> {
    content: &'t str,
    start: usize,
    end: usize,
    next_start: usize,
}

/// Lines split at `\n`, `\r\n` and lone `\r`, as CommonMark (and LSP) split them.
struct Lines<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines { text, at: 0 }
    }
}

impl<'t> Iterator for Lines<'t> {
    type Item = Line<'t>;
    fn next(&mut self) -> Option<Line<'t>> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let bytes = self.text.as_bytes();
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |i| start + i);
        let next_start = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        self.at = next_start;
        Some(Line {
            content: &self.text[start..end],
            start,
            end,
            next_start,
        })
    }
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// A block's range as both paths agree on it: leading spaces and tabs and trailing white space
/// (line breaks, trailing blank lines) removed. The parsers differ on whether a block owns its
/// indentation, its final line break and trailing blank lines; none of that is the block.
pub fn trim_block(text: &str, range: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let mut start = range.start;
    while start < range.end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    let mut end = range.end.min(bytes.len());
    loop {
        while end > start && is_blank(bytes[end - 1]) {
            end -= 1;
        }
        // tree-sitter lets a block run on over the next line's block quote markers (`\n>`);
        // a last line of nothing but markers is not part of the block.
        let last_line = line_start(text, end).max(start);
        if last_line > start
            && bytes[last_line..end]
                .iter()
                .all(|&b| matches!(b, b'>' | b' ' | b'\t'))
        {
            end = last_line;
        } else {
            break;
        }
    }
    TextRange::new(start, end)
}

/// The start of the line holding `offset` (lines end at `\n`, `\r\n` or a lone `\r`).
pub fn line_start(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1)
}

/// A heading's content as written: for ATX headings the text between the opening `#`s and the
/// optional closing sequence; for setext headings every line but the underline. Trimmed.
fn heading_content(text: &str, heading: &RawHeading) -> TextRange {
    let bytes = text.as_bytes();
    let range = heading.range;
    if heading.setext {
        let underline_start = line_start(text, range.end);
        let end = trim_block(
            text,
            TextRange::new(range.start, underline_start.max(range.start)),
        )
        .end;
        return TextRange::new(range.start, end);
    }
    let mut start = range.start;
    while start < range.end && bytes[start] == b'#' {
        start += 1;
    }
    while start < range.end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    let mut end = range.end;
    // A closing sequence of `#`s counts only when preceded by a space or tab (or when it is all
    // that is left).
    let mut hashes_start = end;
    while hashes_start > start && bytes[hashes_start - 1] == b'#' {
        hashes_start -= 1;
    }
    if hashes_start < end
        && (hashes_start == start || matches!(bytes[hashes_start - 1], b' ' | b'\t'))
    {
        end = hashes_start;
        while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
            end -= 1;
        }
    }
    TextRange::new(start, end)
}

/// CommonMark's label matching key: Unicode case fold and internal white space collapsed to one
/// space, outer white space removed.
///
/// The fold is lower case plus the full folding of `ß` and `ẞ` to `ss` (CommonMark's own example
/// 540, and what pulldown-cmark's matching does), which covers the labels people write.
pub fn normalize_label(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        for lower in word.chars().flat_map(char::to_lowercase) {
            match lower {
                'ß' => key.push_str("ss"),
                _ => key.push(lower),
            }
        }
    }
    key
}

fn is_ascii_punctuation(byte: u8) -> bool {
    byte.is_ascii_punctuation()
}

/// A destination as written, angle brackets removed and backslash escapes resolved.
pub fn unescape_destination(raw: &str) -> String {
    let raw = raw
        .strip_prefix('<')
        .and_then(|inner| inner.strip_suffix('>'))
        .unwrap_or(raw);
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() && is_ascii_punctuation(bytes[i + 1]) {
            out.push_str(&raw[copied..i]);
            copied = i + 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    out.push_str(&raw[copied..]);
    out
}

/// The first unescaped `]` at or after `from`.
fn close_bracket(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b']' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Skips spaces and tabs and at most one line break (with any block quote markers after it).
fn skip_link_white_space(text: &str, mut i: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut line_breaks = 0;
    while i < limit {
        match bytes[i] {
            b' ' | b'\t' => i += 1,
            b'\n' | b'\r' if line_breaks == 0 => {
                line_breaks += 1;
                i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                while i < limit && matches!(bytes[i], b' ' | b'\t' | b'>') {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    i
}

/// The destination starting at `start` (after white space), ending before `limit`: `<…>`, or a
/// run of non-white-space characters with balanced parentheses.
fn destination_at(text: &str, start: usize, limit: usize) -> TextRange {
    let bytes = text.as_bytes();
    if start < limit && bytes[start] == b'<' {
        let mut i = start + 1;
        while i < limit {
            match bytes[i] {
                b'\\' => i += 2,
                b'>' => return TextRange::new(start, i + 1),
                b'\n' | b'\r' | b'<' => break,
                _ => i += 1,
            }
        }
    }
    let mut depth = 0usize;
    let mut i = start;
    while i < limit {
        match bytes[i] {
            b'\\' if i + 1 < limit => i += 2,
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' if depth == 0 => break,
            b')' => {
                depth -= 1;
                i += 1;
            }
            byte if is_blank(byte) => break,
            _ => i += 1,
        }
    }
    TextRange::new(start, i.min(limit))
}

/// Where an inline link's `(destination "title")` part that starts at `open_paren` ends (just
/// after its `)`), when it is well formed.
pub fn inline_link_tail_end(text: &str, open_paren: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(open_paren) != Some(&b'(') {
        return None;
    }
    let start = skip_link_white_space(text, open_paren + 1, bytes.len());
    let destination = destination_at(text, start, bytes.len());
    let mut i = skip_link_white_space(text, destination.end, bytes.len());
    if let Some(&quote @ (b'"' | b'\'' | b'(')) = bytes.get(i)
        && i > destination.end
    {
        let close = if quote == b'(' { b')' } else { quote };
        i += 1;
        loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                &byte if byte == close => break,
                _ => i += 1,
            }
        }
        i = skip_link_white_space(text, i + 1, bytes.len());
    }
    (bytes.get(i) == Some(&b')')).then_some(i + 1)
}

/// An inline link or image. `text_end` is any offset inside the link at or before the `]` that
/// closes its text (and after anything inside the text that could hold a `]`, such as code spans):
/// the extractors pass the end of the last construct they saw inside the link text.
pub fn inline_link(text: &str, range: TextRange, image: bool, text_end: usize) -> Link {
    let target_range = match close_bracket(text, text_end.max(range.start + 1)) {
        Some(bracket) if bracket + 1 < range.end && text.as_bytes()[bracket + 1] == b'(' => {
            let start = skip_link_white_space(text, bracket + 2, range.end);
            destination_at(text, start, range.end - 1)
        }
        _ => TextRange::empty(range.end),
    };
    Link {
        kind: LinkKind::Inline,
        image,
        range,
        target: unescape_destination(target_range.slice(text)),
        target_range,
    }
}

/// An autolink `<…>`: the target is its body.
pub fn autolink(text: &str, range: TextRange) -> Link {
    let target_range = TextRange::new(
        range.start + 1,
        range.end.saturating_sub(1).max(range.start + 1),
    );
    Link {
        kind: LinkKind::Autolink,
        image: false,
        range,
        target: target_range.slice(text).to_string(),
        target_range,
    }
}

/// A reference link or image, its target left empty until [`outline_from_facts`] resolves it
/// against the document's definitions (and drops it when nothing matches).
pub fn reference_link(text: &str, range: TextRange, image: bool) -> Link {
    // pulldown-cmark ends a collapsed reference link `[label][]` before its `[]`.
    let range = if text[range.end..].starts_with("[]") && !text[..range.end].ends_with("[]") {
        TextRange::new(range.start, range.end + 2)
    } else {
        range
    };
    Link {
        kind: LinkKind::Reference,
        image,
        range,
        target: String::new(),
        target_range: reference_label(text, range, image),
    }
}

/// The label of a reference link, brackets excluded: `[text][label]` → `label`; `[label][]` and
/// `[label]` → `label`.
fn reference_label(text: &str, range: TextRange, image: bool) -> TextRange {
    let bytes = text.as_bytes();
    let text_start = (range.start + if image { 2 } else { 1 }).min(range.end);
    let end = range.end;
    if end >= text_start + 3 && &bytes[end - 3..end] == b"][]" {
        // Collapsed: `[label][]`.
        return TextRange::new(text_start, end - 3);
    }
    // Full or shortcut: the label is in the last bracket pair, which cannot contain brackets.
    // A node that does not end in `]` (tree-sitter's recovery from broken input) gets the rest of
    // its text, cut at a character boundary.
    let mut close = if end > text_start && bytes[end - 1] == b']' {
        end - 1
    } else {
        end
    };
    while !text.is_char_boundary(close) {
        close -= 1;
    }
    let close = close.max(text_start);
    let mut i = close;
    while i > text_start {
        i -= 1;
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        if bytes[i] == b'[' && !escaped {
            return TextRange::new(i + 1, close);
        }
    }
    TextRange::new(text_start, close)
}

/// A link reference definition `[label]: destination "title"` whose (trimmed) range is `range`.
pub fn link_definition(text: &str, range: TextRange) -> LinkDefinition {
    let range = trim_block(text, range);
    let label_end = close_bracket(text, range.start + 1)
        .unwrap_or(range.end)
        .min(range.end);
    let label_range = TextRange::new((range.start + 1).min(label_end), label_end);
    // Skip `]:`.
    let after_colon = (label_end + 2).min(range.end);
    let start = skip_link_white_space(text, after_colon, range.end);
    let target_range = destination_at(text, start, range.end);
    LinkDefinition {
        range,
        label: label_range.slice(text).to_string(),
        target: unescape_destination(target_range.slice(text)),
        target_range,
    }
}

/// Brings the facts of either parser to the form both agree on: block ranges trimmed, every list
/// in document order without duplicates, only the first definition of each label kept (as
/// CommonMark resolves duplicates), reference links resolved against the definitions and dropped
/// when unresolved.
pub fn normalize_facts(text: &str, mut facts: Facts) -> Facts {
    for heading in &mut facts.headings {
        heading.range = trim_block(text, heading.range);
    }
    facts.headings.sort_by_key(|heading| heading.range);
    facts.headings.dedup_by_key(|heading| heading.range);
    for list in [&mut facts.code_blocks, &mut facts.html_blocks] {
        for range in list.iter_mut() {
            *range = trim_block(text, *range);
        }
        list.retain(|range| !range.is_empty());
        list.sort();
        list.dedup();
    }
    facts.code_spans.sort();
    facts.code_spans.dedup();

    facts
        .link_definitions
        .sort_by_key(|definition| definition.range);
    let mut by_label: HashMap<String, usize> = HashMap::new();
    let mut definitions = Vec::with_capacity(facts.link_definitions.len());
    for definition in facts.link_definitions {
        let key = normalize_label(&definition.label);
        if !key.is_empty() && !by_label.contains_key(&key) {
            by_label.insert(key, definitions.len());
            definitions.push(definition);
        }
    }
    facts.link_definitions = definitions;

    facts.links.retain_mut(|link| {
        if link.kind != LinkKind::Reference {
            return true;
        }
        let key = normalize_label(link.target_range.slice(text));
        match by_label.get(&key) {
            Some(&i) => {
                link.target = facts.link_definitions[i].target.clone();
                true
            }
            None => false,
        }
    });
    facts
        .links
        .sort_by_key(|link| (link.range.start, std::cmp::Reverse(link.range.end)));
    facts.links.dedup_by_key(|link| link.range);
    facts
}

/// Sorted, merged copies of `ranges`: what the `refs` scanners expect as exclusions.
fn merge_ranges(mut ranges: Vec<TextRange>) -> Vec<TextRange> {
    ranges.sort();
    let mut merged: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Builds the section tree of `headings[first..]`: each heading's section runs to the line of the
/// next heading at the same or a higher level (or the end of the text), and holds the sections of
/// the deeper headings in between as children.
fn build_sections(text: &str, headings: &[Heading], first: usize) -> Vec<Section> {
    // Where each heading's line starts: sections end there, so the next heading's indentation or
    // block quote marker is not counted as its own content.
    let starts: Vec<usize> = headings
        .iter()
        .map(|h| line_start(text, h.range.start))
        .collect();

    fn build(
        text: &str,
        headings: &[Heading],
        starts: &[usize],
        index: &mut usize,
        parent_level: u8,
    ) -> Vec<Section> {
        let mut sections = Vec::new();
        while *index < headings.len() && headings[*index].level > parent_level {
            let i = *index;
            let heading = &headings[i];
            *index += 1;
            let first_child_start = starts.get(*index).copied();
            let children = build(text, headings, starts, index, heading.level);
            let end = starts.get(*index).copied().unwrap_or(text.len());
            let body_start = heading.range.end.min(end);
            let own_end = if children.is_empty() {
                end
            } else {
                first_child_start.unwrap_or(end)
            };
            let own_body = TextRange::new(body_start, own_end.max(body_start));
            sections.push(Section {
                heading: i,
                level: heading.level,
                range: TextRange::new(heading.range.start, end),
                body: TextRange::new(body_start, end),
                own_body,
                children,
            });
        }
        sections
    }

    let mut index = first;
    let mut sections = Vec::new();
    while index < headings.len() {
        sections.extend(build(text, headings, &starts, &mut index, 0));
    }
    sections
}

/// The outline of `text` from one parser's facts. `file_name` (no folders) feeds the document
/// number.
pub fn outline_from_facts(text: &str, facts: Facts, file_name: Option<&str>) -> Outline {
    let facts = normalize_facts(text, facts);
    let mut slugger = normalize::AnchorSlugger::default();
    let headings: Vec<Heading> = facts
        .headings
        .iter()
        .map(|raw| {
            let content = heading_content(text, raw);
            let plain = normalize::heading_plain_text(content.slice(text));
            Heading {
                level: raw.level,
                setext: raw.setext,
                range: raw.range,
                content,
                normalized: normalize::normalize_heading(&plain),
                anchor: slugger.slug(&plain),
                text: plain,
            }
        })
        .collect();
    let title = headings
        .first()
        .filter(|heading| heading.level == 1)
        .map(|_| 0);
    let sections = build_sections(text, &headings, title.map_or(0, |_| 1));

    let extracted = metadata::extract(&metadata::MetadataInput {
        text,
        front_matter: facts.front_matter.as_ref(),
        headings: &headings,
        title,
        sections: &sections,
        file_name,
    });

    let front_matter_range = facts
        .front_matter
        .as_ref()
        .map(|front_matter| front_matter.range);
    let code: Vec<TextRange> = facts
        .code_blocks
        .iter()
        .chain(&facts.code_spans)
        .copied()
        .chain(front_matter_range)
        .collect();
    let html_comments = refs::html_comments(text, &merge_ranges(code.clone()));
    let link_syntax = facts.links.iter().map(|link| match link.kind {
        LinkKind::Autolink => link.range,
        LinkKind::Inline | LinkKind::Reference => link.target_range,
    });
    let definition_targets = facts
        .link_definitions
        .iter()
        .map(|definition| definition.target_range);
    let references = refs::textual_refs(
        text,
        &merge_ranges(
            code.into_iter()
                .chain(link_syntax)
                .chain(definition_targets)
                .collect(),
        ),
    );

    Outline {
        front_matter: facts.front_matter,
        headings,
        title,
        sections,
        metadata: extracted.fields,
        number: extracted.number,
        code_blocks: facts.code_blocks,
        code_spans: facts.code_spans,
        html_blocks: facts.html_blocks,
        html_comments,
        links: facts.links,
        link_definitions: facts.link_definitions,
        references,
        problems: extracted.problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter_need_a_closing_line() {
        let yaml = detect_front_matter("---\ntitle: x\n...\n# T\n").unwrap();
        assert_eq!(yaml.format, FrontMatterFormat::Yaml);
        assert_eq!(yaml.range, TextRange::new(0, 16));
        assert_eq!(yaml.content, TextRange::new(4, 13));
        let toml = detect_front_matter("+++\r\ntitle = 'x'\r\n+++\r\n").unwrap();
        assert_eq!(toml.format, FrontMatterFormat::Toml);
        assert_eq!(toml.range, TextRange::new(0, 23 - 2));
        assert_eq!(detect_front_matter("---\ntitle: x\n"), None);
        assert_eq!(detect_front_matter("# T\n---\na: b\n---\n"), None);
        assert_eq!(detect_front_matter("---"), None);
        assert_eq!(detect_front_matter("----\na\n----\n"), None);
    }

    #[test]
    fn atx_heading_content_excludes_markers_and_closing_hashes() {
        let text = "## Decision ##  \n# C# #\n###\n# #hash\n";
        let content = |start, end| {
            heading_content(
                text,
                &RawHeading {
                    level: 1,
                    setext: false,
                    range: trim_block(text, TextRange::new(start, end)),
                },
            )
            .slice(text)
            .to_string()
        };
        assert_eq!(content(0, 16), "Decision");
        assert_eq!(content(17, 23), "C#");
        assert_eq!(content(24, 27), "");
        assert_eq!(content(28, 35), "#hash");
    }

    #[test]
    fn labels_match_case_and_white_space_insensitively() {
        assert_eq!(normalize_label("  Foo \n  BAR "), "foo bar");
        assert_eq!(unescape_destination(r"<a\)b c>"), "a)b c");
    }

    #[test]
    fn inline_destinations_and_definitions_are_located_in_the_text() {
        let text = "see [a `]` b](<x y> \"t\") and [c](d(e)f)";
        let link = inline_link(text, TextRange::new(4, 24), false, 11);
        assert_eq!(link.target, "x y");
        assert_eq!(link.target_range.slice(text), "<x y>");
        let link = inline_link(text, TextRange::new(29, 39), false, 30);
        assert_eq!(link.target, "d(e)f");
        let text = "[Foo\\]]:\n  /url 'title'\n";
        let definition = link_definition(text, TextRange::new(0, text.len()));
        assert_eq!(definition.label, "Foo\\]");
        assert_eq!(definition.target, "/url");
        assert_eq!(definition.range.slice(text), "[Foo\\]]:\n  /url 'title'");
    }

    #[test]
    fn broken_markdown_never_panics() {
        // Inputs a random-document run found: tree-sitter's error recovery hands back link nodes
        // that end inside a multi-byte character or do not end in `]`.
        let texts = [
            "(x)[a]: /b\n![\\é[]  ]+++\n+++\n||`",
            "\n\n![#`~~~\n(x)![    ===\na[]|\n[(x)- <https://a.b>===\n#é[]]\n<div><https://a.b>~~~\n*\\\\]\\## `> <!-- </div>",
            "> [a]: /b\n  ===\n# <!-- \n<https://a.b>é```\n\n#éaé<div>\n",
        ];
        for text in texts {
            let _ = crate::outline::parse_outline(text, None);
            let _ = crate::outline::parse_outline_fast(text, None);
        }
        let label = reference_label("![\\é[]", TextRange::new(0, 7), true);
        assert!(label.end <= 7 && "![\\é[]".is_char_boundary(label.end));
    }

    #[test]
    fn reference_labels_come_from_the_last_brackets() {
        let text = "[text [x]][Label] [coll][] ![img]";
        let label = |start, end, image| {
            reference_label(text, TextRange::new(start, end), image).slice(text)
        };
        assert_eq!(label(0, 17, false), "Label");
        assert_eq!(label(18, 26, false), "coll");
        assert_eq!(label(27, 33, true), "img");
    }
}
