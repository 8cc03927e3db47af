//! The selection chain's inline steps against the tree-sitter inline grammar they replaced.

use super::*;
use crate::outline::parse_outline;

/// The selection chain as it was computed before, with tree-sitter-md's inline grammar (kept here
/// as the reference: the grammar can take exponential time, so the server no longer runs it).
fn tree_sitter_chain(
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
            let tree = syntax.parse_inline(text, index);
            push_ancestors(&tree, offset, text.len(), candidates);
        },
    )
}

/// Representative design-doc Markdown: every inline construct, in the blocks that hold inline text.
const TEXTS: &[&str] = &[
    "A *em* and **strong *nest*** then ***both*** and _u_ __v__ x.\n",
    "See [text *x*](http://a.b \"title\") and ![alt](i.png) <http://x.y> <a@b.c>.\n",
    "[a](<x y> (t)) [b][] [r][lab] [short] ``x ` y`` [c](http://a-b_c.d/e?f=(g)&h 'q.r')\n",
    "![i *x*](p \"t\") line  \nnext &#123; &amp; a\\*b ~~del~~ ~one~ <b>x</b> <a href=\"x\">\n",
    "# Title with *emphasis* and `code`\n\nSetext *title*\n--------------\n\n## [Linked](x.md) heading ##\n",
    "> quote [l](x)\n> more `c|d` and *e\n> f*\n>\n> > nested **b** [t](u \"v\")\n",
    "| a *b* | `c` |\n|---|---|\n| [d](e) | f \\| g |\n| ![i](j) | **k** |\n",
    "- item *x*\n  cont [y](z)\n- two `w`\n  1. deep **s**\n     more\n",
    "Zürich *Ünïcödé* — [lien «x»](/a/é \"tïtre\") `ça` 日本語 **強調** ✓\n",
    "---\ntitle: x\n---\n# Decision\n\nWe use [ADR-0001](0001-x.md) and [Postgres][pg].\n\n[pg]: https://postgresql.org\n",
    "Text with [nested [brackets]](x) and [link `code`](y) and [**bold** link](z).\n",
    "Autolink https://bare.example.com stays text; <https://a.b/c?d=e> does not.\n",
    "Line one\\\nline two with trailing backslash break and `a\nb` across lines.\n",
    "A *em* and a.b [x](y.z), ab.[c](d) e[f] ![g]: h.\n",
];

/// Whether `range` is one ASCII punctuation character: tree-sitter-md makes most of them a token
/// of its own (`.` in `a.b`, an emphasis delimiter, a link's brackets), though not all (`*` in
/// `g*h`, `_`, `$`). Such a step selects one character of punctuation; the new chain has none,
/// but for those the block grammar makes tokens too.
fn is_punctuation_token(text: &str, range: TextRange) -> bool {
    range.len() == 1 && text.as_bytes()[range.start].is_ascii_punctuation()
}

/// How the new chain at `offset` differs from the old one, if not only in a justified way.
///
/// The one difference allowed: the old chain's one-character punctuation steps (see
/// [`is_punctuation_token`]) are gone. With them goes their shadow: a word ending at such a
/// character (`ab` in `ab.`) was no step when the cursor was between them, because the
/// punctuation step came first and the word does not contain it; the new chain has the word.
fn unjustified_difference(
    text: &str,
    old: &[TextRange],
    new: &[TextRange],
    offset: usize,
) -> Option<String> {
    if old == new {
        return None;
    }
    let word = word_at(text, offset);
    let structural = |chain: &[TextRange], drop_tokens: bool| -> Vec<TextRange> {
        chain
            .iter()
            .copied()
            .filter(|&r| Some(r) != word && !(drop_tokens && is_punctuation_token(text, r)))
            .collect()
    };
    let word_added = new.len() > old.len() && new.first().copied() == word;
    let word_kept =
        old.contains(&word.unwrap_or_default()) == new.contains(&word.unwrap_or_default());
    if structural(old, true) == structural(new, false) && (word_kept || word_added) {
        return None;
    }
    let show = |chain: &[TextRange]| {
        chain
            .iter()
            .map(|r| format!("{:?}", r.slice(text)))
            .collect::<Vec<_>>()
            .join(" < ")
    };
    Some(format!(
        "{offset} in {text:?}\n  old: {}\n  new: {}",
        show(old),
        show(new)
    ))
}

/// Compares the two chains at every offset of `text`; returns the unjustified differences and
/// how many offsets differed in the justified way.
fn compare(text: &str) -> (Vec<String>, usize) {
    let syntax = SyntaxTree::parse(text);
    let outline = parse_outline(text, None);
    let mut differences = Vec::new();
    let mut justified = 0;
    for offset in 0..=text.len() {
        if !text.is_char_boundary(offset) {
            continue;
        }
        let old = tree_sitter_chain(text, &syntax, &outline, offset);
        let new = selection_chain(text, &syntax, &outline, offset);
        match unjustified_difference(text, &old, &new, offset) {
            Some(difference) => differences.push(difference),
            None => justified += usize::from(old != new),
        }
    }
    (differences, justified)
}

#[test]
fn inline_steps_match_the_tree_sitter_grammar_on_ordinary_markdown() {
    let mut differences = Vec::new();
    let mut justified = 0;
    for text in TEXTS {
        let (unjustified, count) = compare(text);
        differences.extend(unjustified);
        justified += count;
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    // The comparison is not vacuous: punctuation steps do differ.
    assert!(justified > 0);
}

/// The same over real design docs, one per collection of the corpus, at every offset.
#[test]
fn inline_steps_match_the_tree_sitter_grammar_on_corpus_documents() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/");
    let mut differences = Vec::new();
    for file in CORPUS_FILES {
        let path = format!("{corpus}{file}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        differences.extend(compare(&text).0.into_iter().map(|d| format!("{file}: {d}")));
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

const CORPUS_FILES: &[&str] = &[
    "rust-rfcs/text/0002-rfc-process.md",
    "swift-evolution/proposals/0001-keywords-as-argument-labels.md",
    "swift-evolution/proposals/0345-if-let-shorthand.md",
    "madr/decisions/0000-use-markdown-architectural-decision-records.md",
    "adrs-rs/adr/0006-yaml-frontmatter-for-metadata.md",
];
