use super::*;
use crate::outline::parse_outline;
use crate::position::LineCol;

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Option<LineColRange> {
    Some(LineColRange {
        start: LineCol { line: l0, col: c0 },
        end: LineCol { line: l1, col: c1 },
    })
}

/// A document with its syntax tree built, so that the edits the tests make edit the tree in place
/// (it is otherwise built only when a feature first asks for it).
fn open(text: String, version: i32, file_name: Option<String>) -> Document {
    let doc = Document::new(text, version, file_name);
    doc.syntax();
    doc
}

#[test]
fn the_syntax_tree_is_built_on_first_use_and_dropped_by_a_whole_replacement() {
    let mut doc = Document::new(String::from("# A\n\ntext\n"), 1, None);
    doc.outline();
    assert!(!doc.has_syntax(), "opening and outlining build no tree");
    doc.apply_change(range(2, 4, 2, 4), " more", PositionEncoding::Utf8);
    assert!(!doc.has_syntax(), "an edit builds no tree");
    assert_matches_fresh_parse(&doc);
    assert!(doc.has_syntax());
    doc.apply_change(range(0, 3, 0, 3), "B", PositionEncoding::Utf8);
    assert!(doc.has_syntax(), "a built tree is edited, not dropped");
    assert!(doc.fork().has_syntax(), "a fork shares the built tree");
    assert_matches_fresh_parse(&doc);
    doc.apply_change(None, "# New\n", PositionEncoding::Utf8);
    assert!(!doc.has_syntax(), "a whole replacement drops it");
    assert_matches_fresh_parse(&doc);
}

/// The incrementally maintained state must equal a fresh parse of the same text.
fn assert_matches_fresh_parse(doc: &Document) {
    let fresh = SyntaxTree::parse(doc.text());
    assert_eq!(
        doc.syntax().block.root_node().to_sexp(),
        fresh.block.root_node().to_sexp(),
        "block tree differs from a fresh parse of {:?}",
        doc.text()
    );
    assert_eq!(doc.syntax().inline_ranges(), fresh.inline_ranges());
    let (mine, theirs) = (
        doc.syntax().inline_trees(doc.text()),
        fresh.inline_trees(doc.text()),
    );
    for ((r1, t1), (r2, t2)) in mine.iter().zip(&theirs) {
        assert_eq!(r1, r2);
        assert_eq!(t1.root_node().to_sexp(), t2.root_node().to_sexp());
    }
    assert_eq!(*doc.outline(), parse_outline(doc.text(), doc.file_name()));
    assert_eq!(doc.rope().to_string(), doc.text());
}

#[test]
fn typing_a_heading_character_by_character_keeps_everything_in_step() {
    let mut doc = open(String::from("# Title\n\nBody.\n"), 1, None);
    let typed = "## Decision";
    for (i, c) in typed.chars().enumerate() {
        let col = i as u32;
        doc.apply_change(
            range(3, col, 3, col),
            &c.to_string(),
            PositionEncoding::Utf16,
        );
    }
    assert_eq!(doc.text(), "# Title\n\nBody.\n## Decision");
    assert_matches_fresh_parse(&doc);
    assert_eq!(doc.outline().headings.len(), 2);
    assert_eq!(doc.outline().headings[1].text, "Decision");
}

#[test]
fn utf16_columns_after_an_emoji_land_after_it() {
    // "😀" is two UTF-16 units and four bytes: column 2 in UTF-16 is byte 4 of the line.
    let mut doc = open(String::from("# 😀 Title\n"), 1, None);
    let applied = doc.apply_change(range(0, 4, 0, 4), "x", PositionEncoding::Utf16);
    assert_eq!(doc.text(), "# 😀x Title\n");
    assert_eq!(applied.replaced, TextRange::empty(6));
    let mut doc = open(String::from("# 😀 Title\n"), 1, None);
    doc.apply_change(range(0, 6, 0, 6), "x", PositionEncoding::Utf8);
    assert_eq!(doc.text(), "# 😀x Title\n");
    assert_matches_fresh_parse(&doc);
}

#[test]
fn out_of_range_positions_clamp_instead_of_failing() {
    let mut doc = open(String::from("ab\ncd\n"), 1, None);
    // Past the end of line 0: clamps to before its line break.
    doc.apply_change(range(0, 99, 0, 99), "!", PositionEncoding::Utf16);
    assert_eq!(doc.text(), "ab!\ncd\n");
    // A line past the end: clamps to the end of the text.
    doc.apply_change(range(40, 0, 41, 3), "tail", PositionEncoding::Utf16);
    assert_eq!(doc.text(), "ab!\ncd\ntail");
    // A reversed range collapses to its start rather than panicking.
    doc.apply_change(range(1, 2, 1, 0), "?", PositionEncoding::Utf16);
    assert_eq!(doc.text(), "ab!\ncd?\ntail");
    // Inside a surrogate pair: clamps to the start of the character.
    let mut doc = open(String::from("😀z"), 1, None);
    doc.apply_change(range(0, 1, 0, 1), "a", PositionEncoding::Utf16);
    assert_eq!(doc.text(), "a😀z");
    assert_matches_fresh_parse(&doc);
}

#[test]
fn multi_line_edits_update_the_section_tree() {
    let mut doc = open(String::from("# T\n\n## A\n\ntext\n"), 1, None);
    doc.apply_change(
        range(4, 4, 4, 4),
        "\n\n## B\n\nmore\n\n## C",
        PositionEncoding::Utf8,
    );
    assert_matches_fresh_parse(&doc);
    let names: Vec<&str> = doc
        .outline()
        .headings
        .iter()
        .map(|h| h.text.as_str())
        .collect();
    assert_eq!(names, ["T", "A", "B", "C"]);
    // Delete section B across lines.
    doc.apply_change(range(6, 0, 10, 0), "", PositionEncoding::Utf8);
    assert_eq!(doc.text(), "# T\n\n## A\n\ntext\n\n## C\n");
    assert_matches_fresh_parse(&doc);
}

#[test]
fn crlf_and_lone_cr_text_edits_map_like_the_protocol_says() {
    let mut doc = open(String::from("# T\r\n\r\n## A\r\n"), 1, None);
    doc.apply_change(range(2, 4, 2, 4), "B", PositionEncoding::Utf16);
    assert_eq!(doc.text(), "# T\r\n\r\n## AB\r\n");
    assert_matches_fresh_parse(&doc);
    // A lone `\r` ends a line for LSP but not a tree-sitter row.
    let mut doc = open(String::from("a\rb\n## H\n"), 1, None);
    doc.apply_change(range(1, 1, 1, 1), "c", PositionEncoding::Utf16);
    assert_eq!(doc.text(), "a\rbc\n## H\n");
    assert_matches_fresh_parse(&doc);
}

#[test]
fn full_replacement_and_batches() {
    let mut doc = open(String::from("old"), 1, Some(String::from("0007-x.md")));
    doc.apply_changes(
        &[
            Change {
                range: None,
                text: String::from("# New\n"),
            },
            Change {
                range: range(1, 0, 1, 0),
                text: String::from("\n## Context\n"),
            },
        ],
        PositionEncoding::Utf16,
    );
    doc.set_version(2);
    assert_eq!(doc.text(), "# New\n\n## Context\n");
    assert_eq!(doc.version(), 2);
    assert_matches_fresh_parse(&doc);
}

#[test]
fn snapshots_are_unaffected_by_later_edits() {
    let mut doc = open(String::from("# A\n"), 1, None);
    let before = doc.snapshot();
    doc.apply_change(range(0, 3, 0, 3), "BC", PositionEncoding::Utf8);
    assert_eq!(before.text.as_str(), "# A\n");
    assert_eq!(before.outline.headings[0].text, "A");
    assert_eq!(doc.snapshot().text.as_str(), "# ABC\n");
}

#[test]
fn random_edits_agree_with_fresh_parses() {
    // A deterministic pseudo-random walk of insertions and deletions over Markdown fragments.
    let fragments = [
        "# ",
        "## Status\n",
        "\n",
        "Accepted",
        "- item\n",
        "```\ncode\n```\n",
        "*x*",
        "😀",
        "é",
        "---\n",
        "> q\n",
        "| a | b |\n",
    ];
    let mut doc = open(
        String::from("# Title\n\n## Context\n\nSome text.\n"),
        1,
        None,
    );
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for step in 0..300 {
        let len = doc.text().len();
        let mut a = (next() as usize) % (len + 1);
        let mut b = (a + (next() as usize) % 12).min(len);
        while !doc.text().is_char_boundary(a) {
            a -= 1;
        }
        while !doc.text().is_char_boundary(b) {
            b -= 1;
        }
        let (a, b) = (a.min(b), a.max(b));
        let insert = if next() % 3 == 0 {
            ""
        } else {
            fragments[(next() as usize) % fragments.len()]
        };
        let (start, end) = {
            let mapper = doc.mapper();
            (
                mapper.line_col(a, PositionEncoding::Utf8),
                mapper.line_col(b, PositionEncoding::Utf8),
            )
        };
        let mut expected = doc.text().to_string();
        expected.replace_range(a..b, insert);
        doc.apply_change(
            Some(LineColRange { start, end }),
            insert,
            PositionEncoding::Utf8,
        );
        assert_eq!(doc.text(), expected, "step {step}");
        if step % 10 == 0 {
            assert_matches_fresh_parse(&doc);
        }
    }
    assert_matches_fresh_parse(&doc);
}

mod templates_and_features {
    use crate::config::Config;
    use crate::document::features::{self, CompletionContext, missing_sections, snippet_escape};
    use crate::document::templates::{
        TemplateValues, full_template, is_nearly_empty, make_kind_edits, suggested_title,
    };
    use crate::fix::apply_edits;
    use crate::outline::parse_outline;

    const VALUES: TemplateValues<'static> = TemplateValues {
        number: 7,
        title: "Use a cache",
        today: "2026-01-02",
    };

    fn corpus_samples() -> Vec<(String, String)> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
        let mut samples = Vec::new();
        for folder in ["rust-rfcs/text", "madr/decisions", "adrs-rs/adr"] {
            let mut names: Vec<_> = std::fs::read_dir(format!("{root}/{folder}"))
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            names.sort();
            for path in names.into_iter().take(6) {
                let text = std::fs::read_to_string(&path).unwrap();
                samples.push((path.display().to_string(), text));
            }
        }
        samples.push((
            String::from("notes"),
            String::from("Some notes\n\n## Context\n\nText.\n"),
        ));
        samples.push((String::from("empty"), String::new()));
        samples
    }

    #[test]
    fn making_any_document_any_kind_leaves_no_section_missing() {
        let config = Config::default();
        for (name, text) in corpus_samples() {
            let outline = parse_outline(&text, None);
            for kind in &config.kinds {
                let edits = make_kind_edits(&text, &outline, kind, &VALUES);
                let (made, skipped) = apply_edits(&text, &edits);
                assert_eq!(skipped, 0, "{name} as {}: overlapping edits", kind.name);
                let after = parse_outline(&made, None);
                let missing: Vec<&str> = missing_sections(&after, kind)
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                assert!(
                    missing.is_empty(),
                    "{name} as {}: still missing {missing:?}",
                    kind.name
                );
                assert!(
                    after.title.is_some() || !kind.title_required,
                    "{name} as {}: no title",
                    kind.name
                );
                // Everything that was there is still there, in order.
                let mut rest = made.as_str();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let at = rest
                        .find(line)
                        .unwrap_or_else(|| panic!("{name} as {}: lost {line:?}", kind.name));
                    rest = &rest[at + line.len()..];
                }
            }
        }
    }

    #[test]
    fn a_full_template_has_every_section_and_the_values() {
        for kind in &Config::default().kinds {
            let text = full_template(kind, &VALUES);
            let outline = parse_outline(&text, None);
            assert!(
                missing_sections(&outline, kind).is_empty(),
                "{}:\n{text}",
                kind.name
            );
            assert!(
                outline
                    .title_heading()
                    .unwrap()
                    .text
                    .contains("Use a cache"),
                "{}",
                kind.name
            );
            assert!(is_nearly_empty("", &parse_outline("", None)));
            assert!(!is_nearly_empty(&text, &outline), "{}", kind.name);
        }
    }

    #[test]
    fn titles_come_from_the_heading_or_the_file_name() {
        let outline = parse_outline("# 12. Adopt Kafka\n", None);
        assert_eq!(suggested_title(&outline, None), "Adopt Kafka");
        let empty = parse_outline("", None);
        assert_eq!(
            suggested_title(&empty, Some("0007-use-postgres.md")),
            "Use postgres"
        );
        assert_eq!(suggested_title(&empty, None), "Title");
    }

    #[test]
    fn completion_contexts() {
        let config = Config::default();
        let kind = config.kind("madr").unwrap();
        let text = "---\nstatus: acc\n\n---\n\n# T\n\n## Con\n\nBody ## not\n";
        let outline = parse_outline(text, None);
        let at = |needle: &str| text.find(needle).unwrap() + needle.len();
        assert_eq!(
            features::completion_context(text, &outline, kind, at("status: acc")),
            CompletionContext::FrontMatterStatus {
                replace: crate::position::TextRange::new(at("status: "), at("status: acc"))
            }
        );
        assert!(matches!(
            features::completion_context(text, &outline, kind, at("acc\n")),
            CompletionContext::FrontMatterKey { .. }
        ));
        assert_eq!(
            features::completion_context(text, &outline, kind, at("## Con")),
            CompletionContext::SectionHeading {
                replace: crate::position::TextRange::new(at("## "), at("## Con"))
            }
        );
        assert_eq!(
            features::completion_context(text, &outline, kind, at("Body ## no")),
            CompletionContext::None
        );
        assert_eq!(
            features::completion_context(text, &outline, kind, at("# T")),
            CompletionContext::None
        );
    }

    #[test]
    fn snippets_escape_their_syntax() {
        assert_eq!(snippet_escape("{a} $1 \\ }"), "{a\\} \\$1 \\\\ \\}");
    }
}

#[test]
fn a_keystroke_hashes_only_the_region_it_edits_and_reads_as_a_fresh_outline() {
    let text: String = (0..30)
        .map(|i| format!("## Part {i}\n\nText of part {i} with [a link](p{i}.md).\n\n"))
        .collect();
    let mut doc = open(text, 1, Some(String::from("0001-x.md")));
    doc.outline();
    // Line 42 is "Text of part 10 …": a character typed, then deleted, then a whole replacement.
    doc.apply_change(range(42, 4, 42, 4), "x", PositionEncoding::Utf8);
    assert_eq!(*doc.outline(), parse_outline(doc.text(), Some("0001-x.md")));
    assert_eq!(doc.readings.lock().unwrap().hashed(), 1);
    doc.apply_change(range(42, 4, 42, 5), "", PositionEncoding::Utf8);
    assert_eq!(*doc.outline(), parse_outline(doc.text(), Some("0001-x.md")));
    assert_eq!(doc.readings.lock().unwrap().hashed(), 1);
    doc.apply_change(None, "# New\n\nall new\n", PositionEncoding::Utf8);
    assert_eq!(*doc.outline(), parse_outline(doc.text(), Some("0001-x.md")));
    assert_eq!(doc.readings.lock().unwrap().hashed(), 2);
}
