//! Differential edit testing: random edit sequences applied through the editor's incremental path
//! (`Document::apply_change` / `apply_changes`) must leave exactly the text, the syntax trees and
//! the `Outline` that a fresh `Document::new` of the final text has.
//!
//! The expected text comes from a model written here, independently of `PositionMapper`: it splits
//! lines at `\r\n`, `\n` and a lone `\r` (as LSP does) and clamps positions the way the
//! specification asks (past the end of a line → the line's end; past the last line → the end of
//! the document; inside a character, such as between the halves of a surrogate pair → the
//! character's start; an end before the start → the start).
//!
//! The bounded run (the default) takes well under two minutes in a debug build; set
//! `DOCWRIGHT_PROPTEST_CASES` for a long run (see `docs/fuzzing.md`).

use docwright::analysis::document::{Change, Document};
use docwright::analysis::outline::{parse_outline, parse_outline_fast};
use docwright::analysis::position::{LineCol, LineColRange, PositionEncoding};
use docwright::analysis::syntax::SyntaxTree;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use tree_sitter::Tree;

/// Pieces the documents and the inserted texts are made of: every construct whose boundaries an
/// edit can move (headings, setext underlines, fences, front matter, list items, links, tables),
/// line breaks of all three kinds, and characters that are more than one unit wide in some
/// encoding (emoji and U+1D11E are surrogate pairs in UTF-16; CJK is three bytes in UTF-8).
const FRAGMENTS: &[&str] = &[
    "# Title\n",
    "## Status\n",
    "### Décision 😀\n",
    "Accepted\n",
    "Title\n=====\n",
    "Sub\n---\n",
    "---\ntitle: x\nstatus: ok\n---\n",
    "+++\ntitle = \"x\"\n+++\n",
    "```rust\nfn main() {}\n```\n",
    "~~~\n",
    "```",
    "- item\n",
    "1. first\n",
    "  - nested [a](b.md)\n",
    "[link](./other.md)",
    "[ref]\n\n[ref]: http://example.com\n",
    "<https://example.com>",
    "😀",
    "𝄞",
    "日本語",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    " ",
    "*em* **strong**",
    "`code`",
    "> quote\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "<!-- comment -->",
    "Date: 2020-01-01\n",
    "RFC 1234 and ADR-7",
    "\t",
    "\\",
    "#",
    "=",
    "-",
    "`",
    "[",
    "]",
    "(",
    ")",
    "x",
];

fn fragment_text(indices: &[usize]) -> String {
    indices.iter().map(|&i| FRAGMENTS[i]).collect()
}

fn fragments(max: usize) -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..FRAGMENTS.len(), 0..=max)
}

// ---------------------------------------------------------------------------------------------
// The model: positions to byte offsets, written from the LSP specification, not from the code.

/// Each line of `text` as (start, content end) in bytes; the break after the content is `\r\n`,
/// `\n` or a lone `\r`. A text ending in a break has an empty last line, as in LSP.
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, bytes.len()));
    lines
}

fn units(c: char, encoding: PositionEncoding) -> usize {
    match encoding {
        PositionEncoding::Utf8 => c.len_utf8(),
        PositionEncoding::Utf16 => c.len_utf16(),
        PositionEncoding::Utf32 => 1,
    }
}

fn model_offset(text: &str, position: LineCol, encoding: PositionEncoding) -> usize {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(position.line as usize) else {
        return text.len();
    };
    let wanted = position.col as usize;
    let mut counted = 0;
    for (at, c) in text[start..end].char_indices() {
        // A column that lands inside this character (or past it) stops at its start.
        if counted + units(c, encoding) > wanted {
            return start + at;
        }
        counted += units(c, encoding);
    }
    end
}

fn model_apply(text: &mut String, range: Option<LineColRange>, new: &str, enc: PositionEncoding) {
    match range {
        None => *text = new.to_string(),
        Some(range) => {
            let start = model_offset(text, range.start, enc);
            let end = model_offset(text, range.end, enc).max(start);
            text.replace_range(start..end, new);
        }
    }
}

/// The length of `line` in `encoding` units (0 past the end), to aim columns near real ends.
fn model_line_units(text: &str, line: usize, encoding: PositionEncoding) -> usize {
    model_lines(text).get(line).map_or(0, |&(start, end)| {
        text[start..end].chars().map(|c| units(c, encoding)).sum()
    })
}

// ---------------------------------------------------------------------------------------------
// Comparison with a fresh parse.

/// Every node of a tree with its kind, byte range and points, in document order: `to_sexp`
/// leaves positions out, and a wrong `InputEdit` point shows only there.
fn nodes_with_positions(tree: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        out.push(format!(
            "{}@{}..{} {:?}-{:?}{}",
            node.kind(),
            node.start_byte(),
            node.end_byte(),
            (node.start_position().row, node.start_position().column),
            (node.end_position().row, node.end_position().column),
            if node.is_error() || node.is_missing() {
                " !"
            } else {
                ""
            },
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

fn assert_same_syntax(incremental: &SyntaxTree, fresh: &SyntaxTree, text: &str) {
    assert_eq!(
        incremental.block.root_node().to_sexp(),
        fresh.block.root_node().to_sexp(),
        "block tree (s-expression) differs for {text:?}"
    );
    assert_eq!(
        nodes_with_positions(&incremental.block),
        nodes_with_positions(&fresh.block),
        "block tree ranges differ for {text:?}"
    );
    let ranges = |tree: &SyntaxTree| tree.inline_ranges().to_vec();
    assert_eq!(
        ranges(incremental),
        ranges(fresh),
        "inline node ranges differ for {text:?}"
    );
    // Inline trees are parsed on demand (the syntax tree keeps only the block tree).
    for ((range, mine), (_, theirs)) in incremental
        .inline_trees(text)
        .iter()
        .zip(&fresh.inline_trees(text))
    {
        assert_eq!(
            mine.root_node().to_sexp(),
            theirs.root_node().to_sexp(),
            "inline tree at {range:?} ({:?}) differs for {text:?}",
            range.slice(text)
        );
        assert_eq!(
            nodes_with_positions(mine),
            nodes_with_positions(theirs),
            "inline tree ranges at {range:?} ({:?}) differ for {text:?}",
            range.slice(text)
        );
    }
}

/// The whole contract of the incremental path: text, trees and outline. (The two outline paths
/// are compared in `both_outline_paths_agree`.)
fn assert_matches_fresh(document: &Document, model: &str, file_name: Option<&str>) {
    assert_eq!(document.text(), model, "text differs from the model");
    assert_eq!(
        document.rope().to_string(),
        model,
        "rope differs from the model"
    );
    let fresh = Document::new(model.to_string(), 0, file_name.map(str::to_string));
    assert_same_syntax(document.syntax(), fresh.syntax(), model);
    assert_eq!(
        document.outline(),
        fresh.outline(),
        "outline differs for {model:?}"
    );
}

fn assert_fast_outline_agrees(text: &str, file_name: Option<&str>) {
    let fast = parse_outline_fast(text, file_name);
    let tree_sitter = parse_outline(text, file_name);
    if fast != tree_sitter && diverges_only_without_final_newline(text, file_name) {
        // Reported to the lead and pinned by the ignored tests below; skipped here so the run
        // keeps exploring for other divergences instead of finding this one again and again.
        return;
    }
    assert_eq!(
        fast, tree_sitter,
        "fast outline differs from the tree-sitter outline for {text:?}"
    );
}

/// Whether the two paths agree once the text ends with a line break: the class of divergence
/// where tree-sitter-md reads the last line differently at the end of input without a newline (a
/// fence opener becomes an `ERROR` node, a lone `#` a paragraph) while pulldown-cmark does not.
fn diverges_only_without_final_newline(text: &str, file_name: Option<&str>) -> bool {
    if text.ends_with(['\n', '\r']) {
        return false;
    }
    let terminated = format!("{text}\n");
    parse_outline_fast(&terminated, file_name) == parse_outline(&terminated, file_name)
}

// ---------------------------------------------------------------------------------------------
// Random edits.

#[derive(Clone, Debug)]
struct RandomEdit {
    /// Seeds, reduced modulo the current line count and line length when the edit is applied, so
    /// positions fall on real lines, at real ends, and now and then just past them.
    start_line: u16,
    start_col: u16,
    /// 0: an insertion; otherwise the end is this many lines (minus one) or columns further on.
    extent: u8,
    across_lines: bool,
    /// Rarely, the end comes before the start (servers must clamp, not panic).
    reversed: bool,
    inserted: Vec<usize>,
    encoding: PositionEncoding,
    /// One in sixty-four: a full-text replacement (`range: None`).
    full: bool,
}

fn encoding() -> impl Strategy<Value = PositionEncoding> {
    prop_oneof![
        Just(PositionEncoding::Utf16),
        Just(PositionEncoding::Utf8),
        Just(PositionEncoding::Utf32),
    ]
}

fn random_edit() -> impl Strategy<Value = RandomEdit> {
    (
        any::<u16>(),
        any::<u16>(),
        prop_oneof![3 => Just(0u8), 4 => 1u8..6, 1 => 6u8..40],
        any::<bool>(),
        prop::bool::weighted(0.05),
        fragments(3),
        encoding(),
        prop::bool::weighted(1.0 / 64.0),
    )
        .prop_map(
            |(start_line, start_col, extent, across_lines, reversed, inserted, encoding, full)| {
                RandomEdit {
                    start_line,
                    start_col,
                    extent,
                    across_lines,
                    reversed,
                    inserted,
                    encoding,
                    full,
                }
            },
        )
}

impl RandomEdit {
    /// The `(range, text)` this edit sends against the current `text`.
    fn resolve(&self, text: &str) -> (Option<LineColRange>, String) {
        let inserted = fragment_text(&self.inserted);
        if self.full {
            return (None, inserted);
        }
        let line_count = model_lines(text).len();
        // Two lines past the end, to exercise the "line past the document" clamp.
        let line = self.start_line as usize % (line_count + 2);
        let width = model_line_units(text, line, self.encoding);
        // Up to three units past the end of the line.
        let col = self.start_col as usize % (width + 4);
        let start = LineCol {
            line: line as u32,
            col: col as u32,
        };
        let end = if self.extent == 0 {
            start
        } else if self.across_lines {
            let end_line = line + self.extent as usize / 8;
            LineCol {
                line: end_line as u32,
                col: (self.start_col as usize / 7 % (width + 4)) as u32,
            }
        } else {
            LineCol {
                line: line as u32,
                col: (col + self.extent as usize) as u32,
            }
        };
        let range = if self.reversed {
            LineColRange {
                start: end,
                end: start,
            }
        } else {
            LineColRange { start, end }
        };
        (Some(range), inserted)
    }
}

fn cases() -> u32 {
    std::env::var("DOCWRIGHT_PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(1000)
}

fn file_name() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(None),
        Just(Some("0042-edits.md")),
        Just(Some("README.md"))
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        // Shrinking replays whole sequences; keep it bounded so a failure reports quickly.
        max_shrink_iters: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// One edit at a time through `apply_change`, checked against the model and a fresh parse
    /// after every edit (or only at the end, so that lazily built outline caches are carried
    /// through many edits before being read).
    #[test]
    fn single_edits_match_a_fresh_parse(
        initial in fragments(14),
        edits in prop::collection::vec(random_edit(), 1..24),
        check_every_step in any::<bool>(),
        file_name in file_name(),
    ) {
        let mut model = fragment_text(&initial);
        let mut document = Document::new(model.clone(), 1, file_name.map(str::to_string));
        if check_every_step {
            assert_matches_fresh(&document, &model, file_name);
        }
        for edit in &edits {
            let (range, text) = edit.resolve(&model);
            document.apply_change(range, &text, edit.encoding);
            model_apply(&mut model, range, &text, edit.encoding);
            if check_every_step {
                assert_matches_fresh(&document, &model, file_name);
            }
        }
        assert_matches_fresh(&document, &model, file_name);
    }

    /// Batches of changes in one `didChange` (`apply_changes`): each change's positions refer to
    /// the text the previous one left.
    #[test]
    fn batched_edits_match_a_fresh_parse(
        initial in fragments(14),
        batches in prop::collection::vec(prop::collection::vec(random_edit(), 1..6), 1..6),
        encoding in encoding(),
    ) {
        let mut model = fragment_text(&initial);
        let mut document = Document::new(model.clone(), 1, None);
        for batch in &batches {
            let mut changes = Vec::new();
            for edit in batch {
                let (range, text) = edit.resolve(&model);
                model_apply(&mut model, range, &text, encoding);
                changes.push(Change { range, text });
            }
            document.apply_changes(&changes, encoding);
            assert_matches_fresh(&document, &model, None);
        }
    }

    /// The two outline paths agree on any sequence of fragments (and on every text the edit
    /// sequences above produce, since they are built from the same fragments). Ignored until the
    /// divergences pinned at the end of this file are fixed in `outline/` (not H's files): it
    /// finds one of them within a few dozen cases.
    #[test]
    #[ignore = "finds the fast/tree-sitter outline divergences pinned below (outline/ts.rs, outline/fast.rs)"]
    fn both_outline_paths_agree(pieces in fragments(30)) {
        let text = fragment_text(&pieces);
        let outcome = std::panic::catch_unwind(|| assert_fast_outline_agrees(&text, Some("0001-x.md")));
        if outcome.is_err() {
            return Err(TestCaseError::fail(format!("outlines differ for {text:?}")));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The model's own clamping rules, pinned by hand so a bug in the model cannot hide one in the code.

#[test]
fn the_model_clamps_as_the_specification_says() {
    let text = "a😀b\r\nc\rd\n";
    let at = |line, col, enc| model_offset(text, LineCol { line, col }, enc);
    // Inside the surrogate pair of 😀 (UTF-16 column 2) → the start of 😀.
    assert_eq!(at(0, 2, PositionEncoding::Utf16), 1);
    assert_eq!(at(0, 3, PositionEncoding::Utf16), 5);
    // Inside the four UTF-8 bytes of 😀 → its start.
    assert_eq!(at(0, 3, PositionEncoding::Utf8), 1);
    // Past the end of the line → before its `\r\n`.
    assert_eq!(at(0, 99, PositionEncoding::Utf32), 6);
    // A lone `\r` ends a line.
    assert_eq!(at(2, 0, PositionEncoding::Utf16), 10);
    // The empty last line after the final `\n`, and a line past the end.
    assert_eq!(at(3, 0, PositionEncoding::Utf16), text.len());
    assert_eq!(at(9, 0, PositionEncoding::Utf16), text.len());
}

#[test]
fn edits_at_clamped_positions_match_the_model() {
    let mut model = String::from("a😀b\r\nc\rd\n");
    let mut document = Document::new(model.clone(), 1, None);
    let edits = [
        // Inside the surrogate pair, reversed and past the end: all clamp.
        ((0, 2), (0, 2), "X", PositionEncoding::Utf16),
        ((0, 99), (0, 1), "Y", PositionEncoding::Utf16),
        ((7, 0), (9, 9), "\n# End\n", PositionEncoding::Utf8),
        // Makes the lone `\r` a `\r\n`: two line breaks become one under the edit.
        ((2, 0), (2, 0), "\n", PositionEncoding::Utf32),
    ];
    for ((l0, c0), (l1, c1), text, encoding) in edits {
        let range = Some(LineColRange {
            start: LineCol { line: l0, col: c0 },
            end: LineCol { line: l1, col: c1 },
        });
        document.apply_change(range, text, encoding);
        model_apply(&mut model, range, text, encoding);
        assert_matches_fresh(&document, &model, None);
    }
    assert_eq!(model, "aX😀bY\r\nc\r\nd\n\n# End\n");
}

// ---------------------------------------------------------------------------------------------
// Divergences found by the random runs, minimised.

/// Found by `both_outline_paths_agree` (minimised from `"[link](./other.md)- item\n\r\n```"`):
/// a fence opener as the last bytes of a document, with no line break after it. tree-sitter-md's
/// scanner opens a fenced code block only at the line end, so the block tree has
/// `(ERROR (fenced_code_block_delimiter))`; `outline/ts.rs` (`block_fact`) reads only HTML blocks
/// out of `ERROR` nodes, so the code block pulldown-cmark reports is missing.
#[test]
#[ignore = "outline/ts.rs (not H's file): a fence opener at EOF without a newline is an ERROR node, and the ts outline drops its code block"]
fn a_fence_opener_at_the_end_without_a_newline_is_a_code_block_in_both_paths() {
    for text in ["```", "x\n```", "- item\n~~~"] {
        assert!(diverges_only_without_final_newline(text, None));
        assert_eq!(
            parse_outline_fast(text, None),
            parse_outline(text, None),
            "{text:?}"
        );
    }
}

/// Found by `both_outline_paths_agree` (minimised from a 190-byte document ending in `"---\n#"`):
/// a lone `#` as the last bytes of a document is an empty level-1 heading for CommonMark and
/// pulldown-cmark, but tree-sitter-md parses it as `(paragraph (inline))` when no newline follows.
#[test]
#[ignore = "outline/ts.rs (not H's file): tree-sitter-md reads an empty ATX heading at EOF without a newline as a paragraph"]
fn an_empty_atx_heading_at_the_end_without_a_newline_is_a_heading_in_both_paths() {
    for text in ["#", "x\n\n#", "a\n---\n##"] {
        assert!(diverges_only_without_final_newline(text, None));
        assert_eq!(
            parse_outline_fast(text, None),
            parse_outline(text, None),
            "{text:?}"
        );
    }
}

/// Found by `both_outline_paths_agree` (minimised): an HTML comment ended by a lone `\r` before an
/// ATX heading. The two paths disagree on where the HTML block ends and so on the heading.
#[test]
#[ignore = "outline/ (not H's file): a lone CR after an HTML comment line; the two outline paths disagree"]
fn a_lone_cr_after_an_html_comment_gives_the_same_outline() {
    let text = "<!-- comment -->\r# Title\n";
    assert_eq!(parse_outline_fast(text, None), parse_outline(text, None));
}

/// Found by `batched_edits_match_a_fresh_parse` (minimised): `<!x` opens a CommonMark type-4 HTML
/// block (declaration: `<!` and a letter) that ends at the first line with `>`; with CRLF line
/// ends the two outline paths disagree on that block and on what follows it.
#[test]
#[ignore = "outline/ (not H's file): a type-4 HTML block (`<!x`) with CRLF; the two outline paths disagree"]
fn a_declaration_html_block_with_crlf_gives_the_same_outline() {
    let text = "<!x-- comment \r\n- item\n+++\ntitle = \"x\"\n+++\n-->\r\n";
    assert_eq!(parse_outline_fast(text, None), parse_outline(text, None));
}

/// Found by `both_outline_paths_agree` (minimised): a tab-indented fence, then a lone `\r` and an
/// HTML comment.
#[test]
#[ignore = "outline/ (not H's file): an indented ~~~ fence followed by a lone CR and an HTML comment"]
fn an_indented_fence_then_a_lone_cr_gives_the_same_outline() {
    let text = "\t~~~\n\r<!-- comment -->";
    assert_eq!(parse_outline_fast(text, None), parse_outline(text, None));
}

/// Found by `batched_edits_match_a_fresh_parse` (minimised by hand from a 9-edit sequence): an
/// edit that changes the number of lines but not the number of bytes (`"xy"` → `"\n\n"`). The
/// inline tree of a later paragraph keeps its byte range, so `SyntaxTree::edit` (syntax.rs, the
/// reuse loop: `if old_range != shifted { tree.edit(edit) }`) takes it for a tree before the edit
/// and skips `tree.edit`, leaving its rows two lines short. The test: `shifted` equal to
/// `old_range` does not mean "before the edit" when the edit keeps the byte length; the condition
/// should be `old_range.start > edit.old_end_byte` (or call `tree.edit` always: on a tree wholly
/// before the edit it changes nothing).
#[test]
fn a_same_length_edit_that_adds_lines_shifts_the_rows_of_later_inline_trees() {
    let mut model = String::from("xy\n\nlater text\n");
    let mut document = Document::new(model.clone(), 1, None);
    let range = Some(LineColRange {
        start: LineCol { line: 0, col: 0 },
        end: LineCol { line: 0, col: 2 },
    });
    document.apply_change(range, "\n\n", PositionEncoding::Utf16);
    model_apply(&mut model, range, "\n\n", PositionEncoding::Utf16);
    assert_eq!(model, "\n\n\n\nlater text\n");
    assert_matches_fresh(&document, &model, None);
}
