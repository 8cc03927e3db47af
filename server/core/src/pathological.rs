//! Generators of pathological Markdown, for the hardening tests, the fuzz target's seeds and the
//! `bench_pathological` example: what a hostile or broken document does to a parser (every inline
//! and block opener repeated, deep nesting, huge front matter, many references, mixed line
//! endings, one huge line). Each takes a size in bytes and returns a document of about that size.
//! Not part of the product; exposed so that tests, examples and fuzzing share one list.

/// One generator: its name and the function making a document of about `size` bytes.
pub type Generator = (&'static str, fn(usize) -> String);

/// Every generator, by name.
pub const INPUTS: &[Generator] = &[
    ("link-openers", |n| repeat("[a](", n)),
    ("image-openers", |n| repeat("![", n)),
    ("strong-unclosed", |n| {
        let mut text = repeat("**a", n / 2);
        text.push_str(&repeat("**", n / 2));
        text
    }),
    ("stars", |n| repeat("*", n)),
    ("brackets", |n| repeat("[", n)),
    ("backticks", |n| repeat("`a", n)),
    ("html-openers", |n| repeat("<a ", n)),
    ("quote-nesting", |n| {
        let depth = n.saturating_sub(2).max(1);
        format!("{}x\n", ">".repeat(depth))
    }),
    ("list-nesting", |n| {
        let mut text = String::new();
        let mut depth = 0;
        while text.len() < n {
            text.push_str(&" ".repeat(depth * 2));
            text.push_str("- x\n");
            depth += 1;
        }
        text
    }),
    ("headings", |n| repeat("# H\n", n)),
    ("fences", |n| repeat("```\n", n)),
    ("front-matter-keys", |n| {
        let mut text = String::from("---\n");
        let mut i = 0;
        while text.len() < n {
            text.push_str(&format!("key{i}: value\n"));
            i += 1;
        }
        text.push_str("---\n# Title\n");
        text
    }),
    ("adr-references", |n| {
        let mut text = String::from("# Title\n\n");
        let mut i = 0;
        while text.len() < n {
            text.push_str(&format!("See ADR-{:04}.\n", i % 10_000));
            i += 1;
        }
        text
    }),
    ("link-definitions", |n| {
        let mut text = String::from("# Title\n\n");
        let mut i = 0;
        while text.len() < n {
            text.push_str(&format!("[r{i}]: /target/{i}\n"));
            i += 1;
        }
        text
    }),
    ("mixed-line-endings", |n| {
        repeat("# A\rtext\r\n- item\rmore\r\n", n)
    }),
    ("single-line", |n| repeat("word ", n)),
    ("link-lines", |n| {
        repeat("See [the link](./other.md#part) here.\n", n)
    }),
    ("placeholders", |n| {
        repeat("{Describe it.} [TODO] <!-- x --> ", n)
    }),
    ("heading-openers", |n| format!("# {}\n", repeat("[[&(", n))),
    ("table", |n| {
        let mut text = String::from("| a | b |\n|---|---|\n");
        text.push_str(&repeat("| `x` | [y](z) |\n", n));
        text
    }),
];

/// Runs everything the editor and the command line compute for one document over `text`: the
/// editor's parse and outline, the command line's outline, the rules, folding, symbols and a
/// selection range at a few offsets. Returns how many things were found (diagnostics, folds,
/// selection steps), which the callers bound by the text's size. The fuzz target and the
/// property test of pathological input call it; they only need it to return.
pub fn analyse_everything(text: &str) -> usize {
    use crate::check::{CheckInput, check};
    use crate::config::Config;
    use crate::document::{Document, features};
    use crate::kinds::detect::PathHints;

    let document = Document::new(text.to_string(), 1, Some(String::from("0001-x.md")));
    let outline = document.outline();
    let fast = crate::outline::parse_outline_fast(text, Some("0001-x.md"));
    let config = Config::default();
    let result = check(&CheckInput {
        path: Some("docs/adr/0001-x.md"),
        text,
        outline,
        config: &config,
        hints: &PathHints::default(),
        today: "2026-01-01",
    });
    let folds = features::folding_ranges(text, document.syntax(), outline);
    let symbols = features::document_symbols(text, outline, None);
    let mut steps = 0;
    for offset in [0, text.len() / 3, text.len() / 2, text.len()] {
        steps += features::selection_chain(text, document.syntax(), outline, offset).len();
    }
    result.diagnostics.len() + folds.len() + symbols.len() + steps + fast.headings.len()
}

/// `unit` repeated until the text is at least `size` bytes (once at least).
fn repeat(unit: &str, size: usize) -> String {
    unit.repeat(size.div_ceil(unit.len()).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generator_reaches_its_size_without_overshooting_much() {
        for (name, make) in INPUTS {
            let text = make(10_000);
            assert!(
                (10_000..12_000).contains(&text.len()),
                "{name}: {} bytes",
                text.len()
            );
        }
    }
}
