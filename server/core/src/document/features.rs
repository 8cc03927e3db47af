//! Editor features computed from a document's outline and syntax tree, in byte ranges: the symbol
//! tree, folding ranges, selection ranges, completion and hover. The language server only converts
//! what these return into protocol types.

use crate::history::HistoryConfig;
use crate::kinds::{Kind, MetaLocation};
use crate::outline::{Outline, Section};
use crate::position::TextRange;
use crate::syntax::SyntaxTree;
use std::sync::LazyLock;
use tree_sitter::{Query, QueryCursor, StreamingIterator};

/// What a symbol stands for, so that the edge can pick an icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolRole {
    /// The document's title; its children are the sections.
    Title,
    Section,
    FrontMatter,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineSymbol {
    pub name: String,
    /// Shown beside the name: the kind and status on the title.
    pub detail: Option<String>,
    pub role: SymbolRole,
    /// Everything the symbol covers.
    pub range: TextRange,
    /// What to select when the symbol is picked: the heading.
    pub selection: TextRange,
    pub children: Vec<OutlineSymbol>,
}

/// The kind and status of a document, as shown on its title symbol.
pub fn title_detail(kind_display_name: Option<&str>, status: Option<&str>) -> Option<String> {
    match (kind_display_name, status) {
        (Some(kind), Some(status)) => Some(format!("{kind} · {status}")),
        (Some(kind), None) => Some(kind.to_string()),
        (None, Some(status)) => Some(status.to_string()),
        (None, None) => None,
    }
}

/// The symbol tree: front matter, then the title holding the section tree (or the sections at the
/// top when there is no title).
pub fn document_symbols(
    text: &str,
    outline: &Outline,
    detail: Option<String>,
) -> Vec<OutlineSymbol> {
    let mut symbols = Vec::new();
    if let Some(front_matter) = &outline.front_matter {
        symbols.push(OutlineSymbol {
            name: String::from("front matter"),
            detail: None,
            role: SymbolRole::FrontMatter,
            range: front_matter.range,
            selection: front_matter.range,
            children: Vec::new(),
        });
    }
    let sections: Vec<OutlineSymbol> = outline
        .sections
        .iter()
        .map(|s| section_symbol(outline, s))
        .collect();
    match outline.title_heading() {
        Some(title) => symbols.push(OutlineSymbol {
            name: symbol_name(&title.text),
            detail,
            role: SymbolRole::Title,
            range: TextRange::new(title.range.start, text.len().max(title.range.end)),
            selection: title.range,
            children: sections,
        }),
        None => symbols.extend(sections),
    }
    symbols
}

fn section_symbol(outline: &Outline, section: &Section) -> OutlineSymbol {
    let heading = &outline.headings[section.heading];
    OutlineSymbol {
        name: symbol_name(&heading.text),
        detail: None,
        role: SymbolRole::Section,
        range: section.range,
        selection: heading.range,
        children: section
            .children
            .iter()
            .map(|c| section_symbol(outline, c))
            .collect(),
    }
}

/// Editors reject symbols with an empty name, and an empty heading (`##`) is legal Markdown.
fn symbol_name(text: &str) -> String {
    if text.trim().is_empty() {
        String::from("(empty heading)")
    } else {
        text.to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Section,
    FrontMatter,
    CodeBlock,
    List,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

/// `grammars/folds.scm`: the block nodes that fold as lists.
static FOLDS_QUERY: LazyLock<Query> = LazyLock::new(|| {
    Query::new(
        &tree_sitter_md::LANGUAGE.into(),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../grammars/folds.scm"
        )),
    )
    .expect("grammars/folds.scm compiles against the block grammar")
});

/// Folding ranges: sections (trailing blank lines left outside, so that a folded section keeps
/// the blank line before the next heading), front matter, code blocks, lists and HTML comments.
/// Sorted by start; the edge drops those that fit on one line.
pub fn folding_ranges(text: &str, syntax: &SyntaxTree, outline: &Outline) -> Vec<Fold> {
    let mut folds = Vec::new();
    let trimmed = |range: TextRange| {
        let kept = range.slice(text).trim_end().len();
        TextRange::new(range.start, range.start + kept)
    };
    if let Some(front_matter) = &outline.front_matter {
        folds.push(Fold {
            range: trimmed(front_matter.range),
            kind: FoldKind::FrontMatter,
        });
    }
    for section in outline.all_sections() {
        folds.push(Fold {
            range: trimmed(section.range),
            kind: FoldKind::Section,
        });
    }
    for &block in &outline.code_blocks {
        folds.push(Fold {
            range: trimmed(block),
            kind: FoldKind::CodeBlock,
        });
    }
    for &comment in &outline.html_comments {
        folds.push(Fold {
            range: comment,
            kind: FoldKind::Comment,
        });
    }
    let mut cursor = QueryCursor::new();
    let mut lists = cursor.matches(&FOLDS_QUERY, syntax.block.root_node(), text.as_bytes());
    while let Some(found) = lists.next() {
        for capture in found.captures() {
            let node = capture.node;
            folds.push(Fold {
                range: trimmed(TextRange::new(
                    node.start_byte(),
                    node.end_byte().min(text.len()),
                )),
                kind: FoldKind::List,
            });
        }
    }
    folds.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    folds.dedup_by_key(|f| f.range);
    folds
}

/// The ranges a "expand selection" walks through from `offset`, innermost first, each containing
/// the one before: the word, the syntax nodes around it, the sections it lies in, the whole text.
pub fn selection_chain(
    text: &str,
    syntax: &SyntaxTree,
    outline: &Outline,
    offset: usize,
) -> Vec<TextRange> {
    chain_with(
        text,
        syntax,
        outline,
        offset,
        &mut |index, offset, candidates| {
            // The inline text itself, up to and including its end.
            let range = syntax.inline_ranges()[index];
            candidates.push(range);
            if let Some(source) = syntax.inline_source(text, index) {
                push_inline_steps(&source, range.start, offset, candidates);
            }
        },
    )
}

/// [`selection_chain`], with `inline_steps(index, offset, candidates)` adding the inline steps of
/// `syntax.inline_ranges()[index]` around the offset.
fn chain_with(
    text: &str,
    syntax: &SyntaxTree,
    outline: &Outline,
    offset: usize,
    inline_steps: &mut dyn FnMut(usize, usize, &mut Vec<TextRange>),
) -> Vec<TextRange> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let mut candidates = Vec::new();
    if let Some(word) = word_at(text, offset) {
        candidates.push(word);
    }
    for (index, range) in syntax.inline_ranges().iter().enumerate() {
        // Reading a paragraph's inline structure is linear in its size, but a selection request
        // is answered while the user waits: past this size, the selection steps over it.
        if range.start <= offset && offset <= range.end && range.len() <= MAX_INLINE_SELECTION {
            inline_steps(index, offset, &mut candidates);
        }
    }
    push_ancestors(&syntax.block, offset, text.len(), &mut candidates);
    if let Some(front_matter) = &outline.front_matter {
        candidates.push(front_matter.range);
    }
    for section in outline.all_sections() {
        if section.range.start <= offset && offset <= section.range.end {
            candidates.push(section.range);
        }
    }
    candidates.push(TextRange::new(0, text.len()));
    candidates.retain(|r| r.start <= offset && offset <= r.end);
    candidates.sort_by_key(|r| (r.len(), r.start));
    candidates.dedup();

    let mut chain: Vec<TextRange> = Vec::new();
    for range in candidates {
        if chain
            .last()
            .is_none_or(|inner| range.contains_range(*inner) && range != *inner)
        {
            chain.push(range);
        }
    }
    // Deep nesting (a quote in a quote, thousands deep) would make a chain as deep, which the
    // protocol sends as nested objects that clients' JSON readers refuse past a depth: the
    // innermost steps are kept, and the whole document as the last.
    if chain.len() > MAX_SELECTION_STEPS
        && let Some(whole) = chain.pop()
    {
        chain.truncate(MAX_SELECTION_STEPS - 1);
        chain.push(whole);
    }
    chain
}

#[cfg(test)]
mod selection_tests;

/// The inline constructs of one paragraph, heading text or table cell (`source`, which starts at
/// `base` in the document) that hold `offset`, as selection steps: emphasis, strong emphasis and
/// strikethrough; code spans and their backtick runs; links and images with their text, their
/// destination and title or their label; autolinks, inline HTML tags, hard line breaks, backslash
/// escapes and entity references.
///
/// The steps come from pulldown-cmark, which is linear on any input. tree-sitter-md's inline
/// grammar, which gave these steps before, takes exponential time on some runs of delimiters and
/// froze the server. A reference link counts whether or not its label is defined, as a syntax
/// step should (the paragraph alone does not know the document's definitions). Single punctuation
/// characters (an emphasis delimiter, a bracket) are no step of their own.
fn push_inline_steps(source: &str, base: usize, offset: usize, out: &mut Vec<TextRange>) {
    use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};

    let Some(at) = offset.checked_sub(base) else {
        return;
    };
    let bytes = source.as_bytes();
    // As tree-sitter reports a node at an offset: the offset is in it or at its start.
    let mut push = |start: usize, end: usize| {
        if start <= at && at < end {
            out.push(TextRange::new(base + start, base + end));
        }
    };
    let mut any_label = |_: BrokenLink<'_>| Some((CowStr::Borrowed(""), CowStr::Borrowed("")));
    let parser = Parser::new_with_broken_link_callback(
        source,
        Options::ENABLE_STRIKETHROUGH,
        Some(&mut any_label),
    );
    // Each open link or image: its start, whether it is an image, and the end of what is inside.
    let mut open_links: Vec<(usize, bool, usize)> = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        let (start, end) = (range.start, range.end);
        if let Some(open) = open_links.last_mut()
            && !matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
        {
            open.2 = open.2.max(end);
        }
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong) => push(start, end),
            Event::Start(Tag::Strikethrough) => {
                push(start, end);
                // `~~a~~` is one strikethrough inside another to tree-sitter-md.
                if bytes[start..].starts_with(b"~~") && end - start >= 4 {
                    push(start + 1, end - 1);
                }
            }
            Event::Code(_) => {
                push(start, end);
                let run = bytes[start..end].iter().take_while(|&&b| b == b'`').count();
                push(start, start + run);
                push(end - run, end);
            }
            Event::InlineHtml(_) | Event::HardBreak => push(start, end),
            Event::Text(_) if start < end => {
                if start > 0 && bytes[start - 1] == b'\\' && bytes[start].is_ascii_punctuation() {
                    push(start - 1, start + 1);
                } else if bytes[start] == b'&' && end - start > 2 && bytes[end - 1] == b';' {
                    push(start, end);
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                let image = bytes[start] == b'!';
                open_links.push((start, image, start + 1 + usize::from(image)));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some((start, image, inner_end)) = open_links.pop() else {
                    continue;
                };
                if let Some(parent) = open_links.last_mut() {
                    parent.2 = parent.2.max(end);
                }
                push_link_steps(bytes, start, end, image, inner_end, &mut push);
            }
            _ => {}
        }
    }
}

/// The steps of one link or image at `bytes[start..end]` (pulldown-cmark's range), whose text's
/// events end at `inner_end`: the whole, the text, and the destination and title or the label.
fn push_link_steps(
    bytes: &[u8],
    start: usize,
    mut end: usize,
    image: bool,
    inner_end: usize,
    push: &mut dyn FnMut(usize, usize),
) {
    let text_start = start + 1 + usize::from(image);
    if bytes[start + usize::from(image)] != b'[' {
        // An autolink (`<https://…>`, `<a@b.c>`): one step.
        push(start, end);
        return;
    }
    let Some(close) = bytes[inner_end.max(text_start)..end]
        .iter()
        .position(|&b| b == b']')
        .map(|i| inner_end.max(text_start) + i)
    else {
        push(start, end);
        return;
    };
    // pulldown-cmark leaves the `[]` of a collapsed reference out of the link.
    if close + 1 == end && bytes[end..].starts_with(b"[]") {
        end += 2;
    }
    push(start, end);
    if text_start < close {
        push(text_start, close);
    }
    let after = close + 1;
    if after >= end {
        return;
    }
    if bytes[after] == b'[' {
        if end - after > 2 {
            push(after, end); // The label of a full reference, brackets included.
        }
        return;
    }
    if bytes[after] != b'(' || bytes[end - 1] != b')' {
        return;
    }
    let inside_end = end - 1;
    let skip_space = |mut i: usize| {
        while i < inside_end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let destination_start = skip_space(after + 1);
    let mut i = destination_start;
    if i < inside_end && bytes[i] == b'<' {
        i += 1;
        while i < inside_end && bytes[i] != b'>' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        i = (i + 1).min(inside_end);
    } else {
        let mut depth = 0usize;
        while i < inside_end {
            match bytes[i] {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                b if b.is_ascii_whitespace() || b.is_ascii_control() => break,
                _ => {}
            }
            i += 1;
        }
        i = i.min(inside_end);
    }
    if destination_start < i {
        push(destination_start, i);
    }
    let title_start = skip_space(i);
    if title_start < inside_end && matches!(bytes[title_start], b'"' | b'\'' | b'(') {
        let mut title_end = inside_end;
        while title_end > title_start && bytes[title_end - 1].is_ascii_whitespace() {
            title_end -= 1;
        }
        push(title_start, title_end);
    }
}

/// The largest inline node (paragraph, heading text, table cell) whose inline structure a
/// selection range walks; see [`selection_chain`].
pub const MAX_INLINE_SELECTION: usize = 8 * 1024;

/// The most steps a selection chain has; see [`selection_chain`].
pub const MAX_SELECTION_STEPS: usize = 64;

fn push_ancestors(
    tree: &tree_sitter::Tree,
    offset: usize,
    text_len: usize,
    out: &mut Vec<TextRange>,
) {
    let mut node = tree.root_node().descendant_for_byte_range(offset, offset);
    while let Some(current) = node {
        let (start, end) = (
            current.start_byte().min(text_len),
            current.end_byte().min(text_len),
        );
        if start <= end {
            out.push(TextRange::new(start, end));
        }
        node = current.parent();
    }
}

fn word_at(text: &str, offset: usize) -> Option<TextRange> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then(|| TextRange::new(start, end))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The line holding `offset`: its start and its end (line break excluded).
fn line_around(text: &str, offset: usize) -> TextRange {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    TextRange::new(start, end)
}

/// Where the cursor is, as far as completion cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompletionContext {
    /// On a heading line of the kind's section level (`## Deci|`): `replace` is the heading text
    /// typed so far.
    SectionHeading {
        replace: TextRange,
    },
    /// At the start of a line in front matter: `replace` is the key typed so far.
    FrontMatterKey {
        replace: TextRange,
    },
    /// After `status:` in front matter: `replace` is the value typed so far.
    FrontMatterStatus {
        replace: TextRange,
    },
    None,
}

pub fn completion_context(
    text: &str,
    outline: &Outline,
    kind: &Kind,
    offset: usize,
) -> CompletionContext {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line = line_around(text, offset);
    let before = &text[line.start..offset];
    if let Some(front_matter) = &outline.front_matter
        && front_matter.content.start <= line.start
        && line.start <= front_matter.content.end
        && offset <= front_matter.content.end.max(line.start)
    {
        if let Some(colon) = before.find(':') {
            let key = before[..colon].trim().to_ascii_lowercase();
            if key == "status" {
                let value = &before[colon + 1..];
                let skipped = value.len() - value.trim_start().len();
                let start = line.start + colon + 1 + skipped;
                return CompletionContext::FrontMatterStatus {
                    replace: TextRange::new(start, offset),
                };
            }
            return CompletionContext::None;
        }
        if before
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return CompletionContext::FrontMatterKey {
                replace: TextRange::new(line.start, offset),
            };
        }
        return CompletionContext::None;
    }
    if outline.in_code(offset) {
        return CompletionContext::None;
    }
    let marker = "#".repeat(usize::from(kind.section_level.max(1)));
    if let Some(rest) = before.strip_prefix(&marker)
        && rest.starts_with(' ')
        && !rest.starts_with("# ")
    {
        let skipped = rest.len() - rest.trim_start().len();
        return CompletionContext::SectionHeading {
            replace: TextRange::new(line.start + marker.len() + skipped, offset),
        };
    }
    CompletionContext::None
}

/// The kind's sections that the document does not have yet, in the order they belong.
pub fn missing_sections<'k>(
    outline: &Outline,
    kind: &'k Kind,
) -> Vec<&'k crate::kinds::SectionSpec> {
    let present = present_section_indices(outline, kind);
    kind.sections
        .iter()
        .enumerate()
        .filter(|(i, _)| !present.contains(i))
        .map(|(_, s)| s)
        .collect()
}

/// Indices into `kind.sections` of the sections the document has (at the kind's level).
pub fn present_section_indices(outline: &Outline, kind: &Kind) -> Vec<usize> {
    outline
        .all_sections()
        .filter(|s| s.level == kind.section_level)
        .filter_map(|s| {
            kind.section_for(&outline.headings[s.heading].normalized)
                .map(|(i, _)| i)
        })
        .collect()
}

/// The front matter keys of the kind that the document's front matter does not set yet.
pub fn missing_front_matter_keys<'k>(outline: &Outline, kind: &'k Kind) -> Vec<&'k str> {
    kind.front_matter_keys
        .iter()
        .filter(|key| {
            let normalized = key.to_ascii_lowercase().replace(['_', ' '], "-");
            !outline
                .metadata
                .iter()
                .any(|f| f.source == crate::outline::MetaSource::FrontMatter && f.key == normalized)
        })
        .map(String::as_str)
        .collect()
}

/// Escapes text for an LSP snippet, where `$`, `}` and `\` are syntax.
pub fn snippet_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What a hover shows: Markdown, and the range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    pub range: TextRange,
    pub markdown: String,
}

/// Hover on a section heading of the document's kind (what the section is for) or on its status
/// value (what the status means).
/// Hover on a status, the title or a section of a document of `kind`. On the title of a decided
/// record (see `analysis::history`), also why the structural checks are paused.
pub fn hover(
    outline: &Outline,
    kind: &Kind,
    history: &HistoryConfig,
    offset: usize,
) -> Option<HoverInfo> {
    if let Some(status) = crate::status::stated_status(outline, Some(kind))
        && status.range.start <= offset
        && offset <= status.range.end
        && let Some(matched) = kind.match_status(status.value)
    {
        let spec = matched.spec;
        return Some(HoverInfo {
            range: status.range,
            markdown: format!(
                "**Status: {}** ({})\n\n{}",
                spec.name, kind.display_name, spec.meaning
            ),
        });
    }
    let heading = outline
        .headings
        .iter()
        .find(|h| h.range.start <= offset && offset <= h.range.end)?;
    if outline
        .title_heading()
        .is_some_and(|t| t.range == heading.range)
    {
        let mut markdown = format!("**{}**\n\n{}", kind.display_name, kind.description);
        if let Some(decided) = crate::history::decided(outline, kind, history) {
            markdown.push_str("\n\n");
            markdown.push_str(&decided.explanation());
        }
        return Some(HoverInfo {
            range: heading.range,
            markdown,
        });
    }
    let (_, spec) = kind.section_for(&heading.normalized)?;
    let mut markdown = format!("**{}** — {} section", spec.name, kind.display_name);
    if spec.required {
        markdown.push_str(" (required)");
    }
    if !spec.purpose.trim().is_empty() {
        markdown.push_str("\n\n");
        markdown.push_str(&spec.purpose);
    }
    if !spec.template.trim().is_empty() {
        markdown.push_str("\n\nA good one looks like:\n\n");
        for line in spec.template.trim_end().lines() {
            markdown.push_str("> ");
            markdown.push_str(line);
            markdown.push('\n');
        }
    }
    Some(HoverInfo {
        range: heading.range,
        markdown,
    })
}

/// Whether a kind keeps its status in front matter (and so wants front matter written).
pub fn uses_front_matter(kind: &Kind) -> bool {
    kind.status_location == MetaLocation::FrontMatter
        || kind.date_location == MetaLocation::FrontMatter
        || !kind.front_matter_keys.is_empty()
}
