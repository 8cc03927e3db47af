//! Pathological Markdown, generated: every inline and block opener repeated, mixed with text and
//! line breaks, nested deeply, huge front matter, many references and definitions. Everything
//! the editor and the command line compute for one document
//! (`analysis::pathological::analyse_everything`) must return on each, on a thread with the
//! stack the server's parse jobs have, and find no more things than the text has bytes. Time is
//! not asserted (it would flake on a busy machine): `bench_pathological` measures it, and a case
//! that froze would hold the test run up past any CI limit.
//!
//! `DOCWRIGHT_PROPTEST_CASES` raises the number of cases (default 64: each case is up to 24 KB
//! and the debug build is slow).

use docwright::analysis::document::{Document, features};
use docwright::analysis::pathological::{INPUTS, analyse_everything};
use proptest::prelude::*;

/// Every opener CommonMark, GFM and Docwright give meaning to, and some text around them.
const UNITS: &[&str] = &[
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "[",
    "]",
    "*![",
    "_![",
    "(",
    ")",
    "](",
    "![",
    "<",
    "<a ",
    "<!--",
    "-->",
    ">",
    "> ",
    "- ",
    "* ",
    "1. ",
    "# ",
    "#",
    "|",
    "| a ",
    "```",
    "~~~",
    "---",
    "+++",
    "[x]: /y",
    "{",
    "}",
    "{Describe it.}",
    "ADR-0001 ",
    "RFC 1 ",
    "[[",
    "]]",
    "\\",
    "&amp;",
    "a",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "é",
    "😀",
    ":",
    "key: ",
    "    ",
];

fn unit() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(UNITS), 1..6).prop_map(|parts| parts.concat())
}

/// A unit repeated (runs of openers), or several units repeated in turn (nesting: `> ` then
/// `- ` then `[`), up to about 24 KB.
fn pathological() -> impl Strategy<Value = String> {
    prop_oneof![
        (unit(), 1usize..6000)
            .prop_map(|(unit, times)| unit.repeat(times.min(24_000 / unit.len().max(1)).max(1))),
        (prop::collection::vec((unit(), 1usize..2000), 1..4)).prop_map(|runs| {
            let mut text = String::new();
            for (unit, times) in runs {
                text.push_str(&unit.repeat(times.min(8_000 / unit.len().max(1)).max(1)));
            }
            text
        }),
        (0..INPUTS.len(), 1000usize..24_000).prop_map(|(i, size)| (INPUTS[i].1)(size)),
    ]
}

fn cases() -> u32 {
    std::env::var("DOCWRIGHT_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Runs the analysis on a thread with the parse jobs' stack, as the server does.
fn analysed(text: String) -> usize {
    std::thread::Builder::new()
        .stack_size(docwright::lsp::ANALYSIS_STACK_BYTES)
        .spawn(move || {
            let found = analyse_everything(&text);
            assert!(
                found <= 4 * text.len() + 4 * 64 + 16,
                "{found} things found in {} bytes",
                text.len()
            );
            found
        })
        .unwrap()
        .join()
        .expect("the analysis returns")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn pathological_markdown_is_analysed_without_a_crash(text in pathological()) {
        analysed(text);
    }
}

#[test]
fn every_named_pathological_input_is_analysed_at_sixty_four_kilobytes() {
    for (name, make) in INPUTS {
        let text = make(64 * 1024);
        eprintln!("{name}");
        analysed(text);
    }
}

/// The selection chain at `offset`: innermost first, each step containing the one before, the
/// whole text last.
fn assert_selection_chain_is_well_formed(text: &str, offset: usize) {
    let document = Document::new(text.to_string(), 1, None);
    let chain = features::selection_chain(text, document.syntax(), document.outline(), offset);
    assert_eq!(
        chain.last().map(|r| (r.start, r.end)),
        Some((0, text.len()))
    );
    for pair in chain.windows(2) {
        assert!(
            pair[1].contains_range(pair[0]) && pair[1] != pair[0],
            "{chain:?}"
        );
    }
    assert!(chain.iter().all(|r| r.start <= offset && offset <= r.end));
}

/// Emphasis openers before image openers, repeated: tree-sitter-md's inline grammar (0.5, on
/// tree-sitter 0.27) takes exponential time on them, about 30 times longer per five more
/// repetitions: 4 s for 75 bytes of `_![`, 90 bytes of `*![`; at 120 bytes, hours. Expanding a
/// selection in such a paragraph froze the server while it parsed the paragraph with that grammar;
/// the selection now reads inline structure with pulldown-cmark, which is linear.
#[test]
fn selection_in_a_run_of_emphasis_and_image_openers_returns() {
    for unit in ["*![", "_![", "_![*!["] {
        let text = unit.repeat(40);
        for offset in 0..=text.len() {
            assert_selection_chain_is_well_formed(&text, offset);
        }
        // As large as a paragraph whose inline structure the selection reads, and in a quote.
        let text = unit.repeat(features::MAX_INLINE_SELECTION / unit.len());
        assert_selection_chain_is_well_formed(&text, text.len() / 2);
        let quoted = format!("> {}\n> {}\n", unit.repeat(40), unit.repeat(40));
        assert_selection_chain_is_well_formed(&quoted, quoted.len() / 2);
    }
}
