//! tree-sitter-md parsing: the block tree, kept incrementally, and where its inline text is.
//!
//! The editor's syntax features (folding, expanding a selection) walk this tree; the outline does
//! not read it (it comes from one CommonMark reading, see `outline::read` and ADR 9).
//!
//! tree-sitter-md parses Markdown in two grammars: a block grammar for the document structure and
//! an inline grammar run once per block `inline` node (and per pipe-table cell), restricted with
//! `set_included_ranges` to that node's text minus its block continuations (`> ` markers and list
//! indentation). The server runs only the block grammar. The inline grammar takes exponential
//! time on some runs of delimiters, so the selection chain reads a paragraph's inline structure
//! with pulldown-cmark instead, from [`SyntaxTree::inline_source`] (the inline node's text with its
//! block continuations blanked). The inline grammar stays reachable ([`SyntaxTree::parse_inline`]
//! and its siblings) for the tests that compare against it and check the inline ranges after
//! edits; nothing else calls it.
//!
//! Front matter (decided by [`build::detect_front_matter`], the one function the outline also
//! uses) is excluded from the block parse altogether, so tree-sitter never reads YAML as Markdown.

use std::cell::RefCell;

use tree_sitter::{InputEdit, Node, Parser, Point, Range, Tree};

use crate::outline::build;
use crate::position::TextRange;

/// The block tree of one document, and where its inline nodes are.
///
/// Inline trees are not kept: one per paragraph, heading and table cell, they cost far more memory
/// than the block tree (about 130 MB for a 1 MB document), and the server does not parse them (see
/// the module's documentation).
#[derive(Clone)]
pub struct SyntaxTree {
    pub block: tree_sitter::Tree,
    /// The range of every block `inline` or `pipe_table_cell` node, in document order.
    inline_ranges: Vec<TextRange>,
    /// Where the Markdown starts: 0, or the end of the front matter.
    content_start: usize,
}

/// The block and inline parsers of this thread, created once: building a `Parser` and loading a
/// language costs more than parsing a small document.
struct Parsers {
    block: Parser,
    inline: Parser,
}

thread_local! {
    static PARSERS: RefCell<Parsers> = RefCell::new(Parsers::new());
}

impl Parsers {
    fn new() -> Parsers {
        let mut block = Parser::new();
        block
            .set_language(&tree_sitter_md::LANGUAGE.into())
            .expect("the tree-sitter-md block grammar matches the tree-sitter ABI");
        let mut inline = Parser::new();
        inline
            .set_language(&tree_sitter_md::INLINE_LANGUAGE.into())
            .expect("the tree-sitter-md inline grammar matches the tree-sitter ABI");
        Parsers { block, inline }
    }

    fn parse_block(&mut self, text: &str, content_start: usize, old: Option<&Tree>) -> Tree {
        let range = Range {
            start_byte: content_start,
            start_point: point_at(text, content_start),
            end_byte: usize::MAX,
            end_point: Point::new(usize::MAX, usize::MAX),
        };
        self.block
            .set_included_ranges(&[range])
            .expect("one range is always ordered");
        self.block
            .parse(text, old)
            .expect("no timeout or cancellation flag is set, so tree-sitter always returns a tree")
    }

    fn parse_inline(&mut self, text: &str, node: Node) -> Tree {
        self.inline
            .set_included_ranges(&inline_ranges(node))
            .expect("inline ranges come from ordered, disjoint nodes");
        self.inline
            .parse(text, None)
            .expect("no timeout or cancellation flag is set, so tree-sitter always returns a tree")
    }
}

/// The ranges the inline grammar reads for one block node: the node's range minus its named
/// children (block continuations), exactly as `tree_sitter_md::MarkdownParser` computes them.
fn inline_ranges(node: Node) -> Vec<Range> {
    let mut range = node.range();
    let mut ranges = Vec::new();
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let child_range = child.range();
        ranges.push(Range {
            start_byte: range.start_byte,
            start_point: range.start_point,
            end_byte: child_range.start_byte,
            end_point: child_range.start_point,
        });
        range.start_byte = child_range.end_byte;
        range.start_point = child_range.end_point;
    }
    ranges.push(range);
    ranges
}

/// tree-sitter's point for a byte offset: rows count `\n`, columns count bytes.
fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Point::new(row, offset - line_start)
}

fn has_inline_tree(kind: &str) -> bool {
    kind == "inline" || kind == "pipe_table_cell"
}

/// Every block node that carries an inline tree, in document order.
fn inline_nodes(block: &Tree) -> Vec<Node<'_>> {
    let mut nodes = Vec::new();
    let mut cursor = block.walk();
    'walk: loop {
        let node = cursor.node();
        if has_inline_tree(node.kind()) {
            nodes.push(node);
        } else if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    nodes
}

/// Whether letters typed at `at` (after a letter) leave the paragraph line holding it a paragraph
/// line. Block starts are recognised at the start of a line by punctuation that letters cannot
/// complete (list markers and thematic breaks need spaces or more punctuation, fences and ATX
/// markers come before any letter), except two: an HTML block opens with `<` and a tag name
/// (`<di` + `v`), and a link reference definition with `[`. Lines starting with either are left to
/// the full re-parse. `inline_start` is where the paragraph's text starts.
fn line_cannot_become_a_block_start(text: &str, inline_start: usize, at: usize) -> bool {
    let line_start = text.as_bytes()[..at]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let content = if line_start <= inline_start {
        &text[inline_start..at]
    } else {
        // A continuation line: skip what block quotes and list items put before the text.
        text[line_start..at].trim_start_matches([' ', '\t', '>'])
    };
    !content.starts_with(['<', '['])
}

/// The block node with an inline tree whose range is exactly `range`.
fn find_inline_node(block: &Tree, range: TextRange) -> Option<Node<'_>> {
    let mut node = block
        .root_node()
        .named_descendant_for_byte_range(range.start, range.end)?;
    while !(has_inline_tree(node.kind()) && node_text_range(node) == range) {
        node = node.parent()?;
    }
    Some(node)
}

fn node_text_range(node: Node) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

fn content_start(text: &str) -> usize {
    build::markdown_start(text)
}

impl SyntaxTree {
    /// Parses `text`'s block structure from scratch. Never fails: tree-sitter always returns a
    /// tree. Inline trees are parsed when first needed.
    pub fn parse(text: &str) -> SyntaxTree {
        Self::parse_from(text, content_start(text))
    }

    fn parse_from(text: &str, content_start: usize) -> SyntaxTree {
        let block =
            PARSERS.with_borrow_mut(|parsers| parsers.parse_block(text, content_start, None));
        let inline_ranges: Vec<TextRange> = inline_nodes(&block)
            .into_iter()
            .map(node_text_range)
            .collect();
        SyntaxTree {
            block,
            inline_ranges,
            content_start,
        }
    }

    /// Applies one edit (already applied to `new_text`) and re-parses the block tree
    /// incrementally.
    pub fn edit(&mut self, edit: &InputEdit, new_text: &str) {
        self.edit_removing(edit, new_text, None);
    }

    /// [`SyntaxTree::edit`], told the text the edit removed (`old_text[start_byte..old_end_byte]`)
    /// when the caller still has it: a keystroke that deletes letters inside a word can then skip
    /// the block re-parse as typing them does.
    pub fn edit_removing(&mut self, edit: &InputEdit, new_text: &str, removed: Option<&str>) {
        let content_start = content_start(new_text);
        if content_start == self.content_start
            && self.letters_typed_in_a_word(edit, new_text, removed)
        {
            return;
        }
        self.block.edit(edit);
        self.block = PARSERS.with_borrow_mut(|parsers| {
            parsers.parse_block(new_text, content_start, Some(&self.block))
        });
        self.inline_ranges = inline_nodes(&self.block)
            .into_iter()
            .map(node_text_range)
            .collect();
        self.content_start = content_start;
    }

    /// The common keystrokes, letters typed or deleted in a word of a paragraph, heading, table
    /// cell or code block, without a block re-parse: the block tree is only shifted.
    ///
    /// Letters after a letter cannot change Markdown's block structure there: a table cell's
    /// letters never make or unmake a row, an ATX heading's closing `#`s must follow a space, a
    /// closing fence is fence characters only, and a paragraph line can only turn into a block
    /// start through `<` or `[` at its start (see [`line_cannot_become_a_block_start`]). The same
    /// holds for removing them: the line keeps everything before them, a letter included.
    /// `removed` is the removed text, when known; a removal that is not known to be letters takes
    /// the full path. Returns false, having changed nothing, anywhere else.
    fn letters_typed_in_a_word(
        &mut self,
        edit: &InputEdit,
        new_text: &str,
        removed: Option<&str>,
    ) -> bool {
        let at = edit.start_byte;
        let inserted_len = edit.new_end_byte - at;
        let removed_len = edit.old_end_byte - at;
        let bytes = new_text.as_bytes();
        let removed_letters = removed_len == 0
            || removed.is_some_and(|removed| {
                removed.len() == removed_len && removed.bytes().all(|b| b.is_ascii_alphabetic())
            });
        // After a letter: the block grammar keeps punctuation inside paragraphs and code as
        // tokens, and a letter typed right after one would stretch it rather than follow it.
        if !removed_letters
            || inserted_len + removed_len == 0
            || !bytes[at..edit.new_end_byte]
                .iter()
                .all(u8::is_ascii_alphabetic)
            || !at
                .checked_sub(1)
                .is_some_and(|before| bytes[before].is_ascii_alphabetic())
        {
            return false;
        }
        // Where code starts and ends around the edit, read before the edit shifts the tree.
        let old_code = self
            .block
            .root_node()
            .descendant_for_byte_range(at, at)
            .and_then(|node| {
                std::iter::successors(Some(node), |node| node.parent()).find(|node| {
                    matches!(node.kind(), "code_fence_content" | "indented_code_block")
                })
            })
            .map(node_text_range);
        let mut block = self.block.clone();
        block.edit(edit);
        // The first inline node after the typed letters: it and all later ones shift.
        let mut first_after = self.inline_ranges.partition_point(|range| range.start < at);
        // Letters typed at the very end of a node extend it, as tree-sitter's edit does; a
        // removal must lie inside the node.
        let containing = first_after.checked_sub(1).filter(|&index| {
            let range = self.inline_ranges[index];
            range.start < at && edit.old_end_byte <= range.end
        });
        let grown = match containing {
            Some(index) => {
                let old_range = self.inline_ranges[index];
                let new_range =
                    TextRange::new(old_range.start, old_range.end - removed_len + inserted_len);
                let Some(node) = find_inline_node(&block, new_range) else {
                    return false;
                };
                let neutral = match (node.kind(), node.parent().map(|parent| parent.kind())) {
                    // A table cell's letters never make or unmake a row or the delimiter row.
                    ("pipe_table_cell", _) => true,
                    // An ATX heading is one line; letters after a letter cannot touch its markers
                    // or its closing sequence (which must follow a space).
                    ("inline", Some("atx_heading")) => true,
                    ("inline", Some("paragraph")) => {
                        line_cannot_become_a_block_start(new_text, old_range.start, at)
                    }
                    _ => false,
                };
                if !neutral {
                    return false;
                }
                Some((index, new_range))
            }
            None => {
                // Inside code, letters after a letter can neither close the block (a closing
                // fence is fence characters only) nor open anything.
                let in_code =
                    old_code.is_some_and(|code| code.start < at && edit.old_end_byte < code.end);
                if !in_code {
                    return false;
                }
                None
            }
        };
        self.block = block;
        if let Some((index, range)) = grown {
            self.inline_ranges[index] = range;
            first_after = index + 1;
        }
        for range in &mut self.inline_ranges[first_after..] {
            let shift = |offset: usize| offset - removed_len + inserted_len;
            *range = TextRange::new(shift(range.start), shift(range.end));
        }
        true
    }

    /// The range of every block `inline` or `pipe_table_cell` node, in document order.
    pub fn inline_ranges(&self) -> &[TextRange] {
        &self.inline_ranges
    }

    /// The block node of `self.inline_ranges()[index]`.
    fn inline_node(&self, index: usize) -> Node<'_> {
        let range = self.inline_ranges[index];
        find_inline_node(&self.block, range)
            .or_else(|| {
                // Not reached for any document we know of; the walk is the definition itself.
                inline_nodes(&self.block)
                    .into_iter()
                    .find(|node| node_text_range(*node) == range)
            })
            .expect("every inline range is an inline node's")
    }

    /// The text of `self.inline_ranges()[index]` as its inline content reads it: the block
    /// continuations inside it (`> ` markers, list indentation) blanked to spaces byte for byte, so
    /// that an offset into it plus the range's start is an offset into `text`. Line breaks are
    /// kept. `None` if blanking would split a character (not seen: continuations are ASCII).
    pub fn inline_source(&self, text: &str, index: usize) -> Option<String> {
        let node = self.inline_node(index);
        let whole = node_text_range(node);
        let mut bytes = text.as_bytes()[whole.start..whole.end].to_vec();
        let mut from = whole.start;
        for range in inline_ranges(node) {
            for byte in &mut bytes[from - whole.start..range.start_byte - whole.start] {
                if !matches!(byte, b'\n' | b'\r') {
                    *byte = b' ';
                }
            }
            from = range.end_byte;
        }
        String::from_utf8(bytes).ok()
    }

    /// Parses the inline tree of `self.inline_ranges()[index]` (`text` is the document's text).
    ///
    /// Not used by the server: tree-sitter-md's inline grammar can take exponential time on runs
    /// of delimiters. The selection chain reads inline structure with pulldown-cmark from
    /// [`SyntaxTree::inline_source`]; this stays for the tests that compare against it.
    pub fn parse_inline(&self, text: &str, index: usize) -> Tree {
        let node = self.inline_node(index);
        PARSERS.with_borrow_mut(|parsers| parsers.parse_inline(text, node))
    }

    /// Every inline node's range and inline tree, parsed now, in document order. For tests, as
    /// [`SyntaxTree::parse_inline`].
    pub fn inline_trees(&self, text: &str) -> Vec<(TextRange, Tree)> {
        PARSERS.with_borrow_mut(|parsers| {
            inline_nodes(&self.block)
                .into_iter()
                .map(|node| (node_text_range(node), parsers.parse_inline(text, node)))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every node of a tree with its byte range, in document order: `to_sexp` leaves out ranges.
    fn nodes_with_ranges(tree: &Tree) -> String {
        let mut out = String::new();
        let mut cursor = tree.walk();
        'walk: loop {
            let node = cursor.node();
            out.push_str(&format!(
                "{}@{}..{} ",
                node.kind(),
                node.start_byte(),
                node.end_byte()
            ));
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        out
    }

    fn sexps(tree: &SyntaxTree, text: &str) -> (String, String, Vec<(TextRange, String, String)>) {
        (
            tree.block.root_node().to_sexp(),
            nodes_with_ranges(&tree.block),
            tree.inline_trees(text)
                .iter()
                .map(|(range, inline)| {
                    (
                        *range,
                        inline.root_node().to_sexp(),
                        nodes_with_ranges(inline),
                    )
                })
                .collect(),
        )
    }

    /// The `InputEdit` replacing `old_text[start..old_end]` with `insert`.
    fn input_edit(
        old_text: &str,
        start: usize,
        old_end: usize,
        insert: &str,
    ) -> (InputEdit, String) {
        let new_text = format!("{}{}{}", &old_text[..start], insert, &old_text[old_end..]);
        let new_end = start + insert.len();
        let edit = InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position: point_at(old_text, start),
            old_end_position: point_at(old_text, old_end),
            new_end_position: point_at(&new_text, new_end),
        };
        (edit, new_text)
    }

    #[test]
    fn parse_builds_one_inline_tree_per_inline_node() {
        let text =
            "# Title\n\n> quoted [link](x)\n> more `code`\n\n| a | b |\n|---|---|\n| c | d |\n";
        let tree = SyntaxTree::parse(text);
        let slices: Vec<&str> = tree
            .inline_ranges()
            .iter()
            .map(|range| range.slice(text))
            .collect();
        assert_eq!(
            slices,
            [
                "Title",
                "quoted [link](x)\n> more `code`",
                "a ",
                "b ",
                "c ",
                "d "
            ]
        );
        // The block continuation `> ` is not part of the inline text, so the code span parses.
        let quote = &tree.parse_inline(text, 1);
        assert!(quote.root_node().to_sexp().contains("inline_link"));
        assert!(quote.root_node().to_sexp().contains("code_span"));
    }

    #[test]
    fn front_matter_is_not_parsed_as_markdown() {
        let text = "---\ntitle: x\n---\n# Heading\n";
        let tree = SyntaxTree::parse(text);
        let sexp = tree.block.root_node().to_sexp();
        assert!(!sexp.contains("setext_heading"), "{sexp}");
        assert!(!sexp.contains("metadata"), "{sexp}");
        assert_eq!(tree.inline_ranges().len(), 1);
        assert_eq!(tree.inline_ranges()[0].slice(text), "Heading");
    }

    /// A small deterministic generator, so failures reproduce without a seed file.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn char_boundary_at_or_before(text: &str, mut offset: usize) -> usize {
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Random edits through `edit` must leave exactly the trees a fresh parse builds.
    fn check_random_edits(initial: &str, seed: u64, rounds: usize) {
        const INSERTS: &[&str] = &[
            "a",
            " ",
            "\n",
            "\n\n",
            "#",
            "# ",
            "`",
            "```\n",
            "[",
            "]",
            "(x)",
            "> ",
            "- ",
            "---\n",
            "*",
            "<!-- ",
            "-->",
            "|",
            "é",
            "[a]: /b\n",
            "+++\n",
            "    ",
            "\r\n",
        ];
        let mut rng = XorShift(seed);
        let mut text = initial.to_string();
        let mut tree = SyntaxTree::parse(&text);
        for round in 0..rounds {
            let start = char_boundary_at_or_before(&text, rng.below(text.len() + 1));
            let old_end = if rng.below(2) == 0 {
                char_boundary_at_or_before(&text, (start + rng.below(8)).min(text.len()))
            } else {
                start
            };
            // Half the edits are typed letters, the keystroke the paragraph fast path handles.
            let insert = match rng.below(8) {
                0 => "",
                1..=4 => ["x", "ab", "Q"][rng.below(3)],
                _ => INSERTS[rng.below(INSERTS.len())],
            };
            let (edit, new_text) = input_edit(&text, start, old_end, insert);
            // Every fourth edit keeps the removed text from the tree, as a caller that no longer
            // has it would.
            let removed = (round % 4 != 0).then(|| &text[start..old_end]);
            tree.edit_removing(&edit, &new_text, removed);
            text = new_text;
            let fresh = SyntaxTree::parse(&text);
            assert_eq!(
                sexps(&tree, &text),
                sexps(&fresh, &text),
                "round {round}: replacing {start}..{old_end} with {insert:?} gave\n{text:?}"
            );
        }
    }

    /// The keystroke fast path, exhaustively on a small document: typing a letter after every
    /// letter and deleting every letter that follows one, each time from the original text.
    #[test]
    fn every_letter_typed_or_deleted_after_a_letter_matches_a_fresh_parse() {
        let doc = "# Title here\n\nSome *text* with [a link](https://x.y) and `code`.\nNext line\n\n\
                   > quote [ref][r]\n> more\n\n- item\n  - nested `x`\n\n```rust\nfn main() {}\n```\n\n\
                   | ab | cd |\n|----|----|\n| ef | gh\n\n[r]: /target\nSetext\n------\n\n\
                   <div>\nhtml text\n</div>\n\n    indented code\nlast words";
        let letter = |offset: usize| doc.as_bytes()[offset].is_ascii_alphabetic();
        for at in 1..=doc.len() {
            if !letter(at - 1) {
                continue;
            }
            let mut edits = vec![input_edit(doc, at, at, "x")];
            if at < doc.len() && letter(at) {
                edits.push(input_edit(doc, at, at + 1, ""));
            }
            for (edit, new_text) in edits {
                let mut tree = SyntaxTree::parse(doc);
                let removed = &doc[edit.start_byte..edit.old_end_byte];
                tree.edit_removing(&edit, &new_text, Some(removed));
                let fresh = SyntaxTree::parse(&new_text);
                let context = format!(
                    "{removed:?} → {:?} at {at} in\n{new_text}",
                    &new_text[at..edit.new_end_byte]
                );
                assert_eq!(
                    sexps(&tree, &new_text),
                    sexps(&fresh, &new_text),
                    "{context}"
                );
            }
        }
    }

    #[test]
    fn random_edits_match_a_fresh_parse() {
        let doc = "---\ntitle: t\n---\n# Title\n\nSome *text* with [a link](https://x.y) and `code`.\n\n\
                   ## Status\n\nAccepted\n\n> quote [ref][r]\n> more\n\n- item\n  - nested `x`\n\n\
                   ```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n[r]: /target\n\
                   Setext\n------\n\n<div>\n# not a heading\n</div>\n";
        for seed in 1..=24u64 {
            check_random_edits(doc, seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), 80);
        }
    }

    #[test]
    fn random_edits_on_a_corpus_file_match_a_fresh_parse() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/rust-rfcs/text/0002-rfc-process.md"
        );
        let Ok(doc) = std::fs::read_to_string(path) else {
            panic!("corpus file missing: {path}");
        };
        check_random_edits(&doc, 0xDEAD_BEEF, 40);
    }
}
