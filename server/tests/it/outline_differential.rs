//! The two outline paths agree: for every Markdown file in the corpus and in the fixtures,
//! `parse_outline` (the editor's region-by-region reading) and `parse_outline_fast` (the whole
//! reading of `docwright check`) build the same `Outline`, field for field.

use std::path::{Path, PathBuf};

use docwright::analysis::outline::regions::{self, ReadingCache};
use docwright::analysis::outline::{
    FrontMatterFormat, LinkKind, Outline, parse_outline, parse_outline_fast,
};
use docwright::analysis::position::TextRange;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/outline");

fn markdown_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            markdown_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            into.push(path);
        }
    }
}

/// The path to the first place two JSON values differ, with both sides.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(key, value)| {
            first_difference(
                &format!("{path}.{key}"),
                value,
                b.get(key).unwrap_or(&Value::Null),
            )
        }),
        (Value::Array(a), Value::Array(b)) => {
            let shared = a
                .iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y));
            shared.or_else(|| {
                (a.len() != b.len()).then(|| {
                    let i = a.len().min(b.len());
                    format!(
                        "{path}: length {} vs {}; first extra: {}",
                        a.len(),
                        b.len(),
                        a.get(i).or(b.get(i)).unwrap_or(&Value::Null)
                    )
                })
            })
        }
        _ => (a != b).then(|| format!("{path}:\n    regions: {a}\n    whole:   {b}")),
    }
}

fn compare(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).expect("readable file");
    let text = String::from_utf8_lossy(&bytes);
    let file_name = path.file_name().and_then(|name| name.to_str());
    let reference: Outline = parse_outline(&text, file_name);
    let fast: Outline = parse_outline_fast(&text, file_name);
    if reference == fast {
        return None;
    }
    let reference = serde_json::to_value(&reference).expect("outline serialises");
    let fast = serde_json::to_value(&fast).expect("outline serialises");
    let difference = first_difference("outline", &reference, &fast)
        .unwrap_or_else(|| "(no JSON difference)".into());
    Some(format!("{}: {difference}", path.display()))
}

fn check_all(dirs: &[&str], minimum_files: usize) {
    let mut files = Vec::new();
    for dir in dirs {
        markdown_files(Path::new(dir), &mut files);
    }
    files.sort();
    assert!(
        files.len() >= minimum_files,
        "found only {} files under {dirs:?}",
        files.len()
    );
    let failures: Vec<String> = files.iter().filter_map(|path| compare(path)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn both_paths_agree_on_the_whole_corpus() {
    // 639 RFCs, MADR's decisions and templates, the Nygard ADRs, the Swift Evolution proposals.
    check_all(&[CORPUS], 639);
}

/// The agreement above is worth something only if the editor's path really cuts documents into
/// regions: on the Rust RFCs, most of a document's blank-line-separated blocks are regions of
/// their own.
#[test]
fn the_editor_reads_corpus_documents_in_many_regions() {
    let mut files = Vec::new();
    markdown_files(&Path::new(CORPUS).join("rust-rfcs/text"), &mut files);
    let (mut regions, mut blocks) = (0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable corpus file");
        let mut cache = ReadingCache::default();
        regions::facts(&text, &mut cache);
        regions += cache.len();
        blocks += text.matches("\n\n").count();
    }
    assert!(
        regions * 2 > blocks,
        "{regions} regions for about {blocks} blank-line-separated blocks in {} RFCs",
        files.len()
    );
}

#[test]
fn both_paths_agree_on_the_fixtures() {
    check_all(&[FIXTURES], 10);
}

// What the fixtures are for: both paths agreeing is only worth something if they agree on the
// right answer. These pin the facts each fixture was written to exercise.

fn fixture(name: &str) -> (String, Outline) {
    let path = Path::new(FIXTURES).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let outline = parse_outline(&text, Some(name));
    assert_eq!(
        outline,
        parse_outline_fast(&text, Some(name)),
        "{name}: the paths differ"
    );
    (text, outline)
}

/// Each heading as (level, setext, content as written).
fn headings(text: &str, outline: &Outline) -> Vec<(u8, bool, String)> {
    outline
        .headings
        .iter()
        .map(|heading| {
            (
                heading.level,
                heading.setext,
                heading.content.slice(text).to_string(),
            )
        })
        .collect()
}

fn link_targets(outline: &Outline) -> Vec<(LinkKind, bool, &str)> {
    outline
        .links
        .iter()
        .map(|link| (link.kind, link.image, link.target.as_str()))
        .collect()
}

fn slices<'t>(text: &'t str, ranges: &[TextRange]) -> Vec<&'t str> {
    ranges.iter().map(|range| range.slice(text)).collect()
}

#[test]
fn headings_in_code_html_and_comments_are_not_headings() {
    let (text, outline) = fixture("headings-in-code-and-html.md");
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "Real title".into()),
            (2, false, "Real section".into())
        ]
    );
    assert_eq!(outline.title, Some(0));
    let code = slices(&text, &outline.code_blocks);
    assert_eq!(code.len(), 3, "{code:?}");
    assert!(code[0].starts_with("```markdown") && code[0].ends_with("```"));
    assert_eq!(code[2], "# Not a heading in an indented code block");
    assert_eq!(
        slices(&text, &outline.html_blocks),
        [
            "<div>\n# Not a heading in an HTML block\n</div>",
            "<!--\n## Not a heading in a comment\n-->"
        ]
    );
    assert_eq!(slices(&text, &outline.code_spans), ["`# not a heading`"]);
}

#[test]
fn setext_headings_span_their_lines_and_underline() {
    let (text, outline) = fixture("setext.md");
    assert_eq!(
        headings(&text, &outline),
        [
            (1, true, "Title in setext".into()),
            (2, true, "Section one".into()),
            (2, true, "A paragraph that\nspans two lines".into()),
        ]
    );
    assert_eq!(
        outline.headings[1].range.slice(&text),
        "Section one\n-----------"
    );
    let (text, outline) = fixture("setext-no-final-newline.md");
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "Setext at the end".into()),
            (2, true, "Last".into())
        ]
    );
}

#[test]
fn crlf_line_breaks_stay_out_of_ranges() {
    let (text, outline) = fixture("crlf.md");
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "CRLF title".into()),
            (2, false, "Context".into()),
            (2, true, "Setext".into()),
        ]
    );
    assert_eq!(outline.headings[2].range.slice(&text), "Setext\r\n------");
    assert_eq!(
        slices(&text, &outline.code_blocks),
        ["```\r\n# not a heading\r\n```"]
    );
    assert_eq!(
        link_targets(&outline),
        [(LinkKind::Reference, false, "https://example.com/docs")]
    );
    assert_eq!(
        outline.link_definitions[0].range.slice(&text),
        "[docs]: https://example.com/docs"
    );
}

#[test]
fn a_missing_final_newline_loses_nothing() {
    let (text, outline) = fixture("no-final-newline.md");
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "No final newline".into()),
            (2, false, "Section".into())
        ]
    );
    assert_eq!(
        link_targets(&outline),
        [(LinkKind::Inline, false, "https://example.com")]
    );
    assert_eq!(outline.sections[0].range.end, text.len());
}

#[test]
fn emoji_and_cjk_headings_keep_byte_ranges_on_char_boundaries() {
    let (text, outline) = fixture("unicode-headings.md");
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "🚀 Launch plan".into()),
            (2, false, "背景と目的".into()),
            (2, false, "Ünïcödé — «quoted» heading".into()),
            (3, false, "🎉🎉 Emoji only 🎉🎉".into()),
            (2, false, "中文标题 [链接](https://example.com/中文)".into()),
        ]
    );
    assert_eq!(
        link_targets(&outline),
        [(LinkKind::Inline, false, "https://example.com/中文")]
    );
    assert_eq!(slices(&text, &outline.code_spans), ["`代码`"]);
}

#[test]
fn front_matter_is_decided_once_for_both_paths() {
    let (text, outline) = fixture("front-matter-yaml.md");
    let front_matter = outline.front_matter.as_ref().expect("YAML front matter");
    assert_eq!(front_matter.format, FrontMatterFormat::Yaml);
    assert!(
        front_matter
            .content
            .slice(&text)
            .starts_with("title: A decision\n")
    );
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "A decision".into()),
            (2, false, "Context and Problem Statement".into())
        ]
    );

    let (text, outline) = fixture("front-matter-toml.md");
    assert_eq!(
        outline.front_matter.as_ref().map(|f| f.format),
        Some(FrontMatterFormat::Toml)
    );
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "A decision".into()),
            (2, true, "Text".into()),
            (2, false, "Options".into())
        ]
    );

    let (text, outline) = fixture("front-matter-dots.md");
    assert_eq!(
        outline.front_matter.as_ref().map(|f| f.range.slice(&text)),
        Some("---\nstatus: accepted\n...")
    );
    assert_eq!(
        headings(&text, &outline),
        [(1, false, "Title after a YAML document end marker".into())]
    );

    // Without a closing line the `---` is a thematic break and the rest is Markdown.
    let (text, outline) = fixture("front-matter-unclosed.md");
    assert_eq!(outline.front_matter, None);
    assert_eq!(
        headings(&text, &outline),
        [(1, false, "Heading after an unclosed front matter".into())]
    );
}

#[test]
fn reference_links_count_only_with_a_definition() {
    let (text, outline) = fixture("reference-links.md");
    assert_eq!(
        link_targets(&outline),
        [
            (LinkKind::Reference, false, "https://example.com/def-one"),
            (LinkKind::Reference, false, "https://example.com/collapsed"),
            (LinkKind::Reference, false, "https://example.com/shortcut"),
            (LinkKind::Reference, true, "./logo.png"),
            (LinkKind::Reference, false, "https://example.com/def-one"),
            (LinkKind::Reference, false, "https://example.com/collapsed"),
            (LinkKind::Inline, false, "https://example.com/one"),
            (LinkKind::Inline, false, "https://example.com/two"),
            (
                LinkKind::Inline,
                false,
                "https://example.com/api#identity[A](x:A):A"
            ),
            (LinkKind::Inline, false, "https://example.com/a b"),
            (LinkKind::Autolink, false, "https://example.com/auto"),
            (LinkKind::Autolink, false, "someone@example.com"),
        ]
    );
    let ranges: Vec<&str> = outline
        .links
        .iter()
        .map(|link| link.range.slice(&text))
        .collect();
    assert_eq!(ranges[1], "[collapsed one][]");
    assert_eq!(ranges[6], "[[1]](https://example.com/one)");
    assert_eq!(outline.links[0].target_range.slice(&text), "Def One");
    // The duplicate definition of `def one` is not one: the first wins.
    let labels: Vec<&str> = outline
        .link_definitions
        .iter()
        .map(|d| d.label.as_str())
        .collect();
    assert_eq!(labels, ["def one", "collapsed one", "shortcut", "img"]);
    assert_eq!(
        outline.link_definitions[2].target_range.slice(&text),
        "https://example.com/shortcut"
    );
}

#[test]
fn headings_nest_inside_block_quotes_and_list_items() {
    let (text, outline) = fixture("nested-quotes-and-lists.md");
    assert_eq!(
        headings(&text, &outline),
        [
            (1, false, "Nested structure".into()),
            (2, false, "Heading in a block quote".into()),
            (3, false, "Heading in a nested quote".into()),
            (2, false, "Heading inside a list item".into()),
        ]
    );
    assert_eq!(
        slices(&text, &outline.code_blocks),
        ["```\n>   > # not a heading\n>   > ```"]
    );
    assert_eq!(
        link_targets(&outline),
        [
            (LinkKind::Inline, false, "https://example.com/nested"),
            (LinkKind::Reference, false, "https://example.com/ref"),
        ]
    );
    // The title's section tree: the quote's h2 holds the nested h3.
    assert_eq!(outline.sections.len(), 2);
    assert_eq!(outline.sections[0].children.len(), 1);
}

#[test]
fn html_blocks_inside_list_items_are_html() {
    let (text, outline) = fixture("html-in-list.md");
    assert_eq!(
        slices(&text, &outline.html_blocks),
        ["<details><summary>Hidden list</summary>", "</details>"]
    );
    assert_eq!(slices(&text, &outline.code_spans), ["`x`"]);
    assert_eq!(
        link_targets(&outline),
        [(LinkKind::Inline, false, "https://example.com/y")]
    );
}

/// A byte order mark before the opening `---` (editors on Windows write one) still opens the
/// front matter, in both paths: the mark belongs to the block, and the title stays the title.
#[test]
fn front_matter_after_a_byte_order_mark() {
    let (with_mark, outline) = fixture("front-matter-bom.md");
    let (without, plain) = fixture("front-matter-yaml.md");
    assert!(with_mark.starts_with('\u{feff}'));
    let front_matter = outline.front_matter.as_ref().expect("YAML front matter");
    assert_eq!(front_matter.range.start, 0);
    assert_eq!(
        front_matter.content.slice(&with_mark),
        plain.front_matter.as_ref().unwrap().content.slice(&without)
    );
    assert_eq!(headings(&with_mark, &outline), headings(&without, &plain));
    assert_eq!(
        outline
            .metadata
            .iter()
            .map(|m| (&m.key, &m.value))
            .collect::<Vec<_>>(),
        plain
            .metadata
            .iter()
            .map(|m| (&m.key, &m.value))
            .collect::<Vec<_>>()
    );
}
