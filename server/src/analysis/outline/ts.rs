//! The outline from tree-sitter-md's trees.
//!
//! The block and inline queries in `grammars/` say which nodes matter; this module turns their
//! captures into [`Facts`] and hands them to the shared [`build`] step.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator, Tree};

use crate::analysis::outline::{Facts, Link, LinkDefinition, LinkKind, Outline, RawHeading, build};
use crate::analysis::position::TextRange;
use crate::analysis::syntax::SyntaxTree;

/// The block query, read as a table from node kind to capture.
///
/// A `QueryCursor` visits every node of the block tree (about 10 ms on the largest RFC, on every
/// keystroke), while a walk can skip what cannot hold a block: the inside of captured nodes and of
/// tables. So `grammars/block.scm` holds only single-node patterns, `(kind) @capture`; it is still
/// compiled against the grammar, so a misspelt kind fails loudly.
struct BlockQuery {
    /// The capture index for each node kind id that has one.
    capture_of_kind: HashMap<u16, u32>,
    /// Kinds whose inside holds no block construct.
    opaque_kinds: HashSet<u16>,
    atx_heading: u32,
    setext_heading: u32,
    code_block: u32,
    html_block: u32,
    link_definition: u32,
    paragraph: u32,
    error: u32,
}

/// tree-sitter's kind id of `ERROR` nodes.
const ERROR_KIND: u16 = u16::MAX;

struct InlineQuery {
    query: Query,
    code_span: u32,
    inline_link: u32,
    reference_link: u32,
    autolink: u32,
    image: u32,
}

fn capture(query: &Query, name: &str) -> u32 {
    query
        .capture_index_for_name(name)
        .unwrap_or_else(|| panic!("the query names a @{name} capture"))
}

static BLOCK_QUERY: LazyLock<BlockQuery> = LazyLock::new(|| {
    const SOURCE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../grammars/block.scm"
    ));
    let language: tree_sitter::Language = tree_sitter_md::LANGUAGE.into();
    let query = Query::new(&language, SOURCE)
        .expect("grammars/block.scm compiles against the block grammar");
    let kind_id = |kind: &str| match kind {
        "ERROR" => ERROR_KIND,
        _ => language.id_for_node_kind(kind, true),
    };
    let capture_of_kind = (0..query.pattern_count())
        .map(|pattern| {
            let source = SOURCE
                [query.start_byte_for_pattern(pattern)..query.end_byte_for_pattern(pattern)]
                .trim();
            let (kind, capture_name) = source
                .strip_prefix('(')
                .and_then(|rest| rest.split_once(')'))
                .and_then(|(kind, rest)| {
                    let name = rest
                        .trim_start()
                        .strip_prefix('@')?
                        .split_whitespace()
                        .next()?;
                    Some((kind.trim(), name))
                })
                .unwrap_or_else(|| {
                    panic!("grammars/block.scm: `{source}` is not a `(kind) @capture` pattern")
                });
            (kind_id(kind), capture(&query, capture_name))
        })
        .collect();
    BlockQuery {
        capture_of_kind,
        opaque_kinds: ["pipe_table", "inline"].into_iter().map(kind_id).collect(),
        atx_heading: capture(&query, "heading.atx"),
        setext_heading: capture(&query, "heading.setext"),
        code_block: capture(&query, "code_block"),
        html_block: capture(&query, "html_block"),
        link_definition: capture(&query, "link_definition"),
        paragraph: capture(&query, "paragraph"),
        error: capture(&query, "error"),
    }
});

static INLINE_QUERY: LazyLock<InlineQuery> = LazyLock::new(|| {
    let query = Query::new(
        &tree_sitter_md::INLINE_LANGUAGE.into(),
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../grammars/inline.scm"
        )),
    )
    .expect("grammars/inline.scm compiles against the inline grammar");
    InlineQuery {
        code_span: capture(&query, "code_span"),
        inline_link: capture(&query, "link.inline"),
        reference_link: capture(&query, "link.reference"),
        autolink: capture(&query, "autolink"),
        image: capture(&query, "image"),
        query,
    }
});

fn range_of(node: Node) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

/// A heading's level from its marker (`atx_h2_marker`) or underline (`setext_h1_underline`).
fn heading_level(node: Node) -> Option<u8> {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .find_map(|child| match child.kind() {
            "atx_h1_marker" | "setext_h1_underline" => Some(1),
            "atx_h2_marker" | "setext_h2_underline" => Some(2),
            "atx_h3_marker" => Some(3),
            "atx_h4_marker" => Some(4),
            "atx_h5_marker" => Some(5),
            "atx_h6_marker" => Some(6),
            _ => None,
        })
}

/// The end of the link text (`link_text` or `image_description`), or just after the opening
/// bracket when the text is empty.
fn link_text_end(node: Node, image: bool) -> usize {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .find(|child| matches!(child.kind(), "link_text" | "image_description"))
        .map_or(node.start_byte() + if image { 2 } else { 1 }, |child| {
            child.end_byte()
        })
}

/// Whether an `image` node is an inline image `![…](…)` rather than a reference one.
fn is_inline_image(node: Node) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|child| matches!(child.kind(), "(" | "link_destination"))
}

/// The raw facts of one document from its trees.
pub fn facts(text: &str, syntax: &SyntaxTree) -> Facts {
    let mut facts = Facts {
        front_matter: build::detect_front_matter(text),
        ..Facts::default()
    };
    let tail = TerminatedTail::of(text, syntax);
    // What the tail re-reads is taken from there, not from the document's own tree.
    let head_end = tail.as_ref().map_or(usize::MAX, |tail| tail.start);
    block_facts(text, syntax, head_end, &mut facts);
    let mut tail_facts = Facts::default();
    if let Some(tail) = &tail {
        block_facts(&tail.text, &tail.syntax, usize::MAX, &mut tail_facts);
        let shift = |range: TextRange| tail.to_document(range);
        facts
            .headings
            .extend(tail_facts.headings.iter().map(|heading| RawHeading {
                range: shift(heading.range),
                ..*heading
            }));
        facts
            .code_blocks
            .extend(tail_facts.code_blocks.iter().copied().map(shift));
        facts
            .html_blocks
            .extend(tail_facts.html_blocks.iter().copied().map(shift));
        facts
            .link_definitions
            .extend(
                tail_facts
                    .link_definitions
                    .iter()
                    .map(|definition| LinkDefinition {
                        range: shift(definition.range),
                        target_range: shift(definition.target_range),
                        ..definition.clone()
                    }),
            );
    }

    let defined: HashSet<String> = facts
        .link_definitions
        .iter()
        .map(|definition| build::normalize_label(&definition.label))
        .collect();
    let mut cursor = QueryCursor::new();
    let html_blocks = facts.html_blocks.clone();
    inline_facts_of_tree(
        text,
        syntax,
        head_end,
        &html_blocks,
        &defined,
        &mut cursor,
        &mut facts,
    );
    if let Some(tail) = &tail {
        let mut inline = Facts::default();
        inline_facts_of_tree(
            &tail.text,
            &tail.syntax,
            usize::MAX,
            &tail_facts.html_blocks,
            &defined,
            &mut cursor,
            &mut inline,
        );
        facts.code_spans.extend(
            inline
                .code_spans
                .into_iter()
                .map(|range| tail.to_document(range)),
        );
        facts.links.extend(inline.links.iter().map(|link| Link {
            range: tail.to_document(link.range),
            target_range: tail.to_document(link.target_range),
            ..link.clone()
        }));
    }
    facts
}

/// The end of a document that does not end with a line break, read again with one (and, rarely,
/// a whole document that tree-sitter-md read as starting with metadata, see below).
///
/// CommonMark reads the end of the input as the end of the last line, and so does pulldown-cmark;
/// tree-sitter-md does not: its scanner opens a fenced code block or an empty ATX heading, ends a
/// setext underline or list marker, only at a line break, so a last line such as `` ``` ``, `#` or
/// `- ` (alone or in a list or block quote) comes out as an `ERROR` node or a paragraph. The
/// document's own tree must stay the tree of its text (the editor features read it), so the
/// outline re-reads the stretch from the start of the last top-level blocks with a line break
/// after it. The stretch starts after a blank line (or at the first block): the blocks just
/// before the last one can take its line as theirs (`x` and `-` make a setext heading).
struct TerminatedTail {
    /// Where the stretch starts in the document: the start of a line.
    start: usize,
    /// A line feed, `document[start..]` and a line feed.
    text: String,
    syntax: SyntaxTree,
}

impl TerminatedTail {
    fn of(text: &str, syntax: &SyntaxTree) -> Option<TerminatedTail> {
        let blocks = top_level_blocks(syntax.block.root_node());
        let (last, earlier) = blocks.split_last()?;
        let start = if matches!(blocks[0].kind(), "minus_metadata" | "plus_metadata") {
            // Front matter is decided by `build::detect_front_matter` alone and excluded from the
            // parse; tree-sitter-md reading metadata anyway (`  +++` indented, say) means Markdown
            // it did not read. Rare enough to read the whole document again.
            0
        } else if text.ends_with(['\n', '\r']) {
            return None;
        } else {
            let mut start = build::line_start(text, last.start_byte());
            for block in earlier.iter().rev() {
                if follows_blank_line(text, start) {
                    break;
                }
                start = build::line_start(text, block.start_byte());
            }
            start
        };
        // The leading line feed keeps tree-sitter-md from reading a `---` or `+++` line at the
        // start of the stretch as the start of a metadata block: only a document starts with one.
        let tail = format!("\n{}\n", &text[start..]);
        Some(TerminatedTail {
            start,
            syntax: SyntaxTree::parse_markdown(&tail),
            text: tail,
        })
    }

    /// A range of the stretch's text as a range of the document (the added line feeds dropped).
    fn to_document(&self, range: TextRange) -> TextRange {
        let end = self.start + self.text.len() - 2;
        let at = |offset: usize| {
            (self.start + offset)
                .saturating_sub(1)
                .clamp(self.start, end)
        };
        TextRange::new(at(range.start), at(range.end))
    }
}

/// The blocks outside any container, in document order: the children of the document and of its
/// (nested) `section`s, which tree-sitter-md makes for each heading.
fn top_level_blocks(root: Node) -> Vec<Node> {
    let mut blocks = Vec::new();
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        if child.kind() == "section" {
            blocks.extend(top_level_blocks(child));
        } else {
            blocks.push(child);
        }
    }
    blocks
}

/// Whether the line before the one starting at `line_start` holds only spaces and tabs.
fn follows_blank_line(text: &str, line_start: usize) -> bool {
    let before = &text[..line_start];
    let Some(before) = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix(['\n', '\r']))
    else {
        return false;
    };
    let previous_line = &before[build::line_start(before, before.len())..];
    previous_line.bytes().all(|b| matches!(b, b' ' | b'\t'))
}

/// The block facts of the nodes of `syntax` that start before `limit`.
fn block_facts(text: &str, syntax: &SyntaxTree, limit: usize, facts: &mut Facts) {
    let block = &*BLOCK_QUERY;
    let mut walk = syntax.block.walk();
    'walk: loop {
        let node = walk.node();
        let before_limit = node.start_byte() < limit;
        let capture = block.capture_of_kind.get(&node.kind_id()).copied();
        if let Some(capture) = capture.filter(|_| before_limit) {
            block_fact(text, node, capture, facts);
        }
        // Captured constructs hold no further blocks, except what an ERROR node could not place.
        let descend = before_limit
            && (capture.is_none() || node.is_error())
            && !block.opaque_kinds.contains(&node.kind_id());
        if descend && walk.goto_first_child() {
            continue;
        }
        while !walk.goto_next_sibling() {
            if !walk.goto_parent() {
                break 'walk;
            }
        }
    }
}

/// The code spans and links of the inline nodes of `syntax` that start before `limit` and lie
/// outside `html_blocks`, read through (and kept in) the tree's cache.
fn inline_facts_of_tree(
    text: &str,
    syntax: &SyntaxTree,
    limit: usize,
    html_blocks: &[TextRange],
    defined: &HashSet<String>,
    cursor: &mut QueryCursor,
    facts: &mut Facts,
) {
    let mut cache = syntax.inline_cache();
    for (index, inline_range) in syntax.inline_ranges().iter().enumerate() {
        if inline_range.start >= limit {
            break;
        }
        if html_blocks
            .iter()
            .any(|html| html.contains_range(*inline_range))
        {
            continue; // A paragraph read as an HTML block: its text is not Markdown.
        }
        let still_valid = cache[index].as_ref().is_some_and(|cached| {
            cached
                .labels
                .iter()
                .all(|(label, was_defined)| defined.contains(label) == *was_defined)
        });
        if !still_valid {
            // Parsed only for this reading and dropped after it: see `SyntaxTree`.
            let tree = syntax.parse_inline(text, index);
            cache[index] = Some(read_inline(text, syntax, index, &tree, defined, cursor));
        }
        let cached = cache[index].as_ref().expect("filled above");
        let base = inline_range.start;
        facts
            .code_spans
            .extend(cached.code_spans.iter().map(|range| shift(*range, base)));
        facts
            .links
            .extend(cached.links.iter().map(|link| shift_link(link, base)));
    }
}

/// What one inline tree contributes to the facts, with offsets relative to the start of its
/// inline node so that it stays valid while edits elsewhere shift the node. Cached in the
/// [`SyntaxTree`] next to the tree.
#[derive(Clone, Debug)]
pub struct InlineFacts {
    code_spans: Vec<TextRange>,
    links: Vec<Link>,
    /// Every reference label (normalised) the reading looked up, and whether it was defined: the
    /// reading stays valid while each keeps its answer.
    labels: Vec<(String, bool)>,
}

fn shift(range: TextRange, base: usize) -> TextRange {
    TextRange::new(range.start + base, range.end + base)
}

fn unshift(range: TextRange, base: usize) -> TextRange {
    TextRange::new(range.start - base, range.end - base)
}

fn shift_link(link: &Link, base: usize) -> Link {
    Link {
        range: shift(link.range, base),
        target_range: shift(link.target_range, base),
        ..link.clone()
    }
}

/// Reads one inline tree's code spans and links.
///
/// CommonMark reads a reference link whose label has no definition as literal text, so the
/// brackets around it can still form a link (`[[1]](url)`, `[see [x] here](url)`). tree-sitter-md
/// cannot know the definitions and commits to the inner link; we re-read such an inline node with
/// the undefined link's brackets masked, until every reference left resolves.
fn read_inline(
    text: &str,
    syntax: &SyntaxTree,
    index: usize,
    tree: &Tree,
    defined: &HashSet<String>,
    cursor: &mut QueryCursor,
) -> InlineFacts {
    let mut labels: Vec<(String, bool)> = Vec::new();
    let mut is_defined = |label: &str| {
        let key = build::normalize_label(label);
        let found = defined.contains(&key);
        labels.push((key, found));
        found
    };
    let mut masked: Vec<usize> = Vec::new();
    let mut repaired: Option<Tree> = None;
    let (code_spans, links) = loop {
        let root = repaired.as_ref().unwrap_or(tree).root_node();
        let (code_spans, mut links) = inline_facts(text, root, cursor);
        read_shortcuts_followed_by_destinations(text, &mut links, &mut is_defined);
        let unresolved: Vec<usize> = links
            .iter()
            .filter(|link| {
                link.kind == LinkKind::Reference && !is_defined(link.target_range.slice(text))
            })
            .flat_map(|link| literal_brackets(text, link))
            .chain(
                code_spans
                    .iter()
                    .flat_map(|span| backticks_of_a_longer_closing_run(text, *span)),
            )
            .collect();
        if unresolved.is_empty() || masked.len() >= MAX_MASKED_BRACKETS {
            break (code_spans, links);
        }
        masked.extend(unresolved);
        repaired = Some(syntax.parse_inline_masked(text, index, &masked));
    };
    labels.sort();
    labels.dedup();
    let base = syntax.inline_ranges()[index].start;
    InlineFacts {
        code_spans: code_spans
            .into_iter()
            .map(|range| unshift(range, base))
            .collect(),
        links: links
            .into_iter()
            .map(|link| Link {
                range: unshift(link.range, base),
                target_range: unshift(link.target_range, base),
                ..link
            })
            .collect(),
        labels,
    }
}

/// tree-sitter-md does not accept `[` in a link destination, so `[text](a[b](c))` comes out as a
/// shortcut link `[text]` and a link `[b](c)`. CommonMark reads an inline link whenever a
/// well-formed `(destination "title")` follows the brackets: read it so, and drop what tree-sitter
/// found inside that destination.
fn read_shortcuts_followed_by_destinations(
    text: &str,
    links: &mut Vec<Link>,
    is_defined: &mut impl FnMut(&str) -> bool,
) {
    let mut i = 0;
    while i < links.len() {
        let link = &links[i];
        let is_undefined_shortcut = link.kind == LinkKind::Reference
            && link.target_range.start == link.range.start + 1 + usize::from(link.image)
            && link.target_range.end + 1 == link.range.end
            && !is_defined(link.target_range.slice(text));
        let tail_end = is_undefined_shortcut
            .then(|| build::inline_link_tail_end(text, link.range.end))
            .flatten();
        if let Some(end) = tail_end {
            let range = TextRange::new(link.range.start, end);
            let inline = build::inline_link(text, range, link.image, link.range.end - 1);
            let destination = TextRange::new(link.range.end, end);
            links[i] = inline;
            links.retain(|other| !destination.contains_range(other.range));
        }
        i += 1;
    }
}

/// Records what one captured block node contributes.
fn block_fact(text: &str, node: Node, capture: u32, facts: &mut Facts) {
    let block = &*BLOCK_QUERY;
    let range = range_of(node);
    match capture {
        i if i == block.atx_heading || i == block.setext_heading => {
            if let Some(level) = heading_level(node) {
                facts.headings.push(RawHeading {
                    level,
                    setext: i == block.setext_heading,
                    range,
                });
            }
        }
        i if i == block.code_block => facts.code_blocks.push(range),
        i if i == block.html_block => facts.html_blocks.push(range),
        i if i == block.paragraph && starts_html_block(&text[range.start..]) => {
            facts.html_blocks.push(range)
        }
        i if i == block.error => html_blocks_in_error(text, node, &mut facts.html_blocks),
        i if i == block.link_definition => facts
            .link_definitions
            .push(build::link_definition(text, range)),
        _ => {}
    }
}

/// The tag names that open a CommonMark HTML block of type 6, which ends at a blank line.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether a paragraph's text opens an HTML block of type 6 (`<details>`, `</div>`, …).
/// tree-sitter-md misses some of these inside list items and reads them as paragraphs; a type-6
/// block ends at a blank line exactly as the paragraph does, so the paragraph is the block.
fn starts_html_block(paragraph: &str) -> bool {
    let Some(rest) = paragraph.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = rest[..name_len].to_ascii_lowercase();
    let after = &rest[name_len..];
    BLOCK_TAGS.contains(&name.as_str())
        && (after.is_empty()
            || after.starts_with([' ', '\t', '\n', '\r', '>'])
            || after.starts_with("/>"))
}

/// The HTML blocks of type 6 among the lines tree-sitter-md could not place (inside an `ERROR`
/// node, as happens with `<details>` after a paragraph in a list item): each runs from its line
/// to the next blank line.
fn html_blocks_in_error(text: &str, error: Node, html_blocks: &mut Vec<TextRange>) {
    let mut cursor = error.walk();
    let placed: Vec<TextRange> = error
        .named_children(&mut cursor)
        .filter(|child| child.kind() != "block_continuation")
        .map(range_of)
        .collect();
    let range = range_of(error);
    let mut open: Option<usize> = None;
    let mut line_start = range.start;
    while line_start < range.end {
        let line_end = text[line_start..range.end]
            .find('\n')
            .map_or(range.end, |i| line_start + i);
        let line = &text[line_start..line_end];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let content_start = line_start + indent;
        if line.trim().is_empty() {
            if let Some(start) = open.take() {
                html_blocks.push(TextRange::new(start, line_start));
            }
        } else if open.is_none()
            && !placed.iter().any(|child| child.contains(content_start))
            && starts_html_block(&text[content_start..line_end])
        {
            open = Some(content_start);
        }
        line_start = line_end + 1;
    }
    if let Some(start) = open {
        html_blocks.push(TextRange::new(start, range.end));
    }
}

/// Enough for many undefined labels in one paragraph; a pathological paragraph keeps what it has.
const MAX_MASKED_BRACKETS: usize = 256;

/// When tree-sitter-md closed `span` with the last backticks of a longer run (`` `a``b` `` read as
/// `` `a`` ``), the offsets of that whole run; nothing for a well-formed span.
///
/// CommonMark closes a code span only with a backtick run exactly as long as the opening one, so
/// a longer run is part of the content. Masking it (see [`read_inline`]) lets the grammar find the
/// real closing run, or none (the opening backticks are then literal text).
fn backticks_of_a_longer_closing_run(text: &str, span: TextRange) -> std::ops::Range<usize> {
    let bytes = &text.as_bytes()[span.start..span.end];
    let opening = bytes.iter().take_while(|&&b| b == b'`').count();
    let closing = bytes[opening..]
        .iter()
        .rev()
        .take_while(|&&b| b == b'`')
        .count();
    if closing <= opening {
        return 0..0;
    }
    let after = text.as_bytes()[span.end..]
        .iter()
        .take_while(|&&b| b == b'`')
        .count();
    span.end - closing..span.end + after
}

/// The bracket offsets of an unresolved reference link that CommonMark reads as text: for a
/// collapsed or shortcut reference all of its brackets; for a full reference `[text][label]` only
/// those of `[text]`, since `[label]` can still be a link of its own (`[][x](url)` is a link to
/// `url`; when it is an undefined shortcut, the next reading masks it too).
fn literal_brackets(text: &str, link: &Link) -> Vec<usize> {
    let range = link.range;
    let open = range.start + usize::from(link.image);
    if text[..range.end].ends_with("[]") {
        vec![open, range.end - 1, range.end - 2, range.end - 3]
    } else if link.target_range.start >= open + 3 {
        vec![open, link.target_range.start - 2]
    } else {
        vec![open, range.end - 1]
    }
}

/// The code spans and links of one inline tree.
fn inline_facts(text: &str, root: Node, cursor: &mut QueryCursor) -> (Vec<TextRange>, Vec<Link>) {
    let inline = &*INLINE_QUERY;
    let mut code_spans = Vec::new();
    let mut links = Vec::new();
    let mut matches = cursor.matches(&inline.query, root, text.as_bytes());
    while let Some(found) = matches.next() {
        for capture in found.captures() {
            let node = capture.node;
            let range = range_of(node);
            match capture.index {
                i if i == inline.code_span => code_spans.push(range),
                i if i == inline.inline_link => {
                    links.push(build::inline_link(
                        text,
                        range,
                        false,
                        link_text_end(node, false),
                    ));
                }
                i if i == inline.reference_link => {
                    links.push(build::reference_link(text, range, false))
                }
                i if i == inline.autolink => links.push(build::autolink(text, range)),
                i if i == inline.image => {
                    links.push(if is_inline_image(node) {
                        build::inline_link(text, range, true, link_text_end(node, true))
                    } else {
                        build::reference_link(text, range, true)
                    });
                }
                _ => {}
            }
        }
    }
    (code_spans, links)
}

pub fn outline(text: &str, syntax: &SyntaxTree, file_name: Option<&str>) -> Outline {
    build::outline_from_facts(text, facts(text, syntax), file_name)
}
