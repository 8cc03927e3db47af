//! The facts Docwright reads from Markdown agree with the CommonMark specification's own examples.
//!
//! For every example of the spec (0.31.2, from the npm package `commonmark-spec`, which
//! `scripts/commonmark-spec.sh` unpacks into `target/commonmark-spec/`; `.ci/run` runs it), the
//! headings (with levels), code blocks, code spans, links and images (with destinations) and HTML
//! blocks that both outline paths find are the ones the example's expected HTML shows. The judge is
//! the spec's HTML, not either parser. Examples whose HTML cannot show a fact the way the outline
//! records it are listed in `CANNOT_AGREE`, each with the reason; the test fails if one of them
//! starts agreeing (so the list only shrinks) or if any other example disagrees.

use std::path::PathBuf;

use docwright::analysis::outline::{LinkKind, Outline, parse_outline, parse_outline_fast};

/// Examples whose expected HTML cannot be compared fact for fact, and why.
const CANNOT_AGREE: &[(usize, &str)] = &[
    (
        96,
        "a document that opens with `---` lines around text has front matter for Docwright (as for \
         Jekyll, Hugo, MADR and log4brains); CommonMark reads a thematic break and setext headings",
    ),
    (
        148,
        "the HTML block's raw `<pre>` line looks exactly like the renderer's own `<pre>`, so the \
         HTML cannot show that it belongs to the block (the outline has it right)",
    ),
    (
        520,
        "a link inside an image description is a link in CommonMark's document tree, which the \
         outline keeps; the HTML renderer flattens an image description to plain `alt` text",
    ),
    (574, "an image inside an image description: as example 520"),
    (575, "a link inside an image description: as example 520"),
];

struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

fn spec_path() -> Option<PathBuf> {
    let path = std::env::var_os("DOCWRIGHT_COMMONMARK_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/commonmark-spec/package/spec.txt"
            ))
        });
    path.is_file().then_some(path)
}

/// The examples of `spec.txt`, read as the package's `index.js` and the spec's own test runner
/// read them (`→` stands for a tab).
fn examples(spec: &str) -> Vec<Example> {
    const FENCE: &str = "````````````````````````````````";
    let spec = spec.replace("\r\n", "\n");
    let spec = spec.split("\n<!-- END TESTS -->").next().unwrap_or(&spec);
    let mut examples = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line == format!("{FENCE} example") {
            let mut markdown = String::new();
            let mut html = String::new();
            let mut in_html = false;
            for line in lines.by_ref() {
                if line == FENCE {
                    break;
                }
                if line == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let target = if in_html { &mut html } else { &mut markdown };
                target.push_str(line);
                target.push('\n');
            }
            examples.push(Example {
                number: examples.len() + 1,
                section: section.clone(),
                markdown: markdown.replace('→', "\t"),
                html: html.replace('→', "\t"),
            });
        } else if let Some(title) = line.strip_prefix('#') {
            section = title.trim_start_matches('#').trim().to_string();
        }
    }
    examples
}

/// The facts the comparison is made on, as the spec's HTML shows them or as an outline holds
/// them.
#[derive(Debug, PartialEq, Eq)]
struct Shown {
    heading_levels: Vec<u8>,
    code_blocks: usize,
    code_spans: usize,
    /// Link and image destinations, in document order (`img:` before an image's).
    links: Vec<String>,
    /// The non-blank lines of the HTML blocks, trimmed: the renderer copies an HTML block's lines
    /// unchanged (container markers aside), so which lines are raw shows where the blocks are.
    html_lines: Vec<String>,
}

/// What the expected HTML shows. The renderer writes `<hN>`, `<pre><code…>`, `<code>`,
/// `<a href="…"…>` and `<img src="…"…/>` for the constructs, and passes raw HTML (blocks and
/// inline) through unchanged; an HTML block is a line at the block level that starts with
/// anything but a tag the renderer writes itself.
fn shown_in_html(html: &str, markdown: &str) -> Shown {
    let mut shown = Shown {
        heading_levels: Vec::new(),
        code_blocks: 0,
        code_spans: 0,
        links: Vec::new(),
        html_lines: Vec::new(),
    };
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let tag = &html[at + found..];
        at += found + 1;
        if let Some(level) = tag
            .strip_prefix("<h")
            .and_then(|rest| rest.as_bytes().first().copied())
            .filter(|digit| (b'1'..=b'6').contains(digit))
            .filter(|_| tag.as_bytes().get(3) == Some(&b'>'))
        {
            shown.heading_levels.push(level - b'0');
        } else if tag.starts_with("<pre><code") {
            shown.code_blocks += 1;
            at += "<pre><code".len();
        } else if tag.starts_with("<code>") && !is_raw("<code>", markdown) {
            shown.code_spans += 1;
        } else if let Some(rest) = tag.strip_prefix("<a href=\"") {
            let end = rest.find('"').unwrap_or(0);
            if !is_raw(&tag[.."<a href=\"".len() + end + 1], markdown) {
                shown.links.push(decode(&rest[..end]));
            }
        } else if let Some(rest) = tag.strip_prefix("<img src=\"") {
            let end = rest.find('"').unwrap_or(0);
            if !is_raw(&tag[.."<img src=\"".len() + end + 1], markdown) {
                shown.links.push(format!("img:{}", decode(&rest[..end])));
            }
        }
    }
    shown.html_lines = raw_block_lines(html);
    shown
}

/// Whether a tag in the HTML was written as raw HTML in the Markdown (passed through unchanged)
/// rather than rendered from Markdown syntax.
fn is_raw(tag: &str, markdown: &str) -> bool {
    markdown.contains(tag)
}

/// The tags the renderer writes at the start of a block-level line.
const RENDERED_BLOCK_TAGS: &[&str] = &[
    "<p>",
    "</p>",
    "<h1>",
    "<h2>",
    "<h3>",
    "<h4>",
    "<h5>",
    "<h6>",
    "<pre>",
    "</pre>",
    "<blockquote>",
    "</blockquote>",
    "<ul>",
    "</ul>",
    "<ol>",
    "<ol start=",
    "</ol>",
    "<li>",
    "</li>",
    "<hr />",
];

/// The raw block-level lines of the HTML, trimmed, blank ones left out: lines outside the
/// renderer's paragraphs, headings, code blocks and list-item text that start with something it
/// does not write.
fn raw_block_lines(html: &str) -> Vec<String> {
    let mut raw = Vec::new();
    // Inside an element whose text runs over lines: `</p>`, `</pre>`, `</hN>` or a tight `</li>`.
    let mut open_until: Option<&str> = None;
    for line in html.lines() {
        if let Some(end) = open_until {
            if line.contains(end) {
                open_until = None;
            }
            continue;
        }
        let rendered = RENDERED_BLOCK_TAGS
            .iter()
            .find(|tag| line.starts_with(*tag));
        match rendered {
            Some(tag) => {
                let closing = match *tag {
                    "<p>" => Some("</p>"),
                    "<pre>" => Some("</pre>"),
                    "<h1>" => Some("</h1>"),
                    "<h2>" => Some("</h2>"),
                    "<h3>" => Some("</h3>"),
                    "<h4>" => Some("</h4>"),
                    "<h5>" => Some("</h5>"),
                    "<h6>" => Some("</h6>"),
                    "<li>" if line != "<li>" => Some("</li>"),
                    _ => None,
                };
                let rest = &line[tag.len()..];
                open_until = closing.filter(|closing| !rest.contains(closing));
            }
            // The last line of a tight list item's text (`baz</li>`) after a block in it.
            None if line.ends_with("</li>") && !line.starts_with('<') => {}
            None if line.trim().is_empty() => {}
            None => raw.push(line.trim().to_string()),
        }
    }
    raw
}

/// HTML's character references and the percent-encoding of a destination undone, so that a
/// destination written in Markdown and its HTML compare equal.
fn decode(text: &str) -> String {
    let unescaped = text
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    percent_decode(&unescaped)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What an outline holds, in the HTML's terms: a destination as the renderer would write it (an
/// e-mail autolink gets `mailto:`; character references are the renderer's business and are left
/// to `decode` on the HTML side, so destinations holding one are compared by count only).
fn shown_in_outline(outline: &Outline, text: &str) -> Shown {
    Shown {
        heading_levels: outline.headings.iter().map(|h| h.level).collect(),
        code_blocks: outline.code_blocks.len(),
        code_spans: outline.code_spans.len(),
        links: outline
            .links
            .iter()
            .map(|link| {
                let target = if link.kind == LinkKind::Autolink
                    && link.target.contains('@')
                    && !link.target.contains(':')
                {
                    format!("mailto:{}", link.target)
                } else {
                    link.target.clone()
                };
                let target = percent_decode(&target);
                if link.image {
                    format!("img:{target}")
                } else {
                    target
                }
            })
            .collect(),
        html_lines: outline
            .html_blocks
            .iter()
            .flat_map(|block| block.slice(text).lines())
            .map(|line| line.trim_start_matches([' ', '\t', '>']).trim().to_string())
            .filter(|line| !line.is_empty())
            .collect(),
    }
}

/// Destinations holding a character reference (`&ouml;`) are written decoded by the renderer;
/// compare those by position only.
fn same_links(outline: &[String], html: &[String]) -> bool {
    outline.len() == html.len()
        && outline
            .iter()
            .zip(html)
            .all(|(mine, theirs)| mine == theirs || mine.contains('&'))
}

fn agrees(outline: &Outline, text: &str, expected: &Shown) -> bool {
    let mine = shown_in_outline(outline, text);
    mine.heading_levels == expected.heading_levels
        && mine.code_blocks == expected.code_blocks
        && mine.code_spans == expected.code_spans
        && same_links(&mine.links, &expected.links)
        && mine.html_lines == expected.html_lines
}

#[test]
fn both_paths_read_the_commonmark_examples_as_the_spec_does() {
    let Some(path) = spec_path() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the CommonMark spec is missing: run scripts/commonmark-spec.sh (CI does)"
        );
        eprintln!("skipped: run scripts/commonmark-spec.sh to fetch the CommonMark spec");
        return;
    };
    let spec = std::fs::read_to_string(&path).expect("the spec is readable");
    let examples = examples(&spec);
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");

    let mut report = Vec::new();
    let (mut whole_agree, mut regions_agree) = (0, 0);
    for example in &examples {
        let expected = shown_in_html(&example.html, &example.markdown);
        let whole = parse_outline_fast(&example.markdown, None);
        let regions = parse_outline(&example.markdown, None);
        let whole_ok = agrees(&whole, &example.markdown, &expected);
        let regions_ok = agrees(&regions, &example.markdown, &expected);
        whole_agree += usize::from(whole_ok);
        regions_agree += usize::from(regions_ok);
        let listed = CANNOT_AGREE.iter().any(|(n, _)| *n == example.number);
        if listed == (whole_ok && regions_ok) {
            report.push(format!(
                "example {} ({}): {}\n  markdown: {:?}\n  html:     {:?}\n  expected: {:?}\n  whole:    {:?}\n  regions:  {:?}",
                example.number,
                example.section,
                if listed { "listed as unable to agree, but agrees" } else { "disagrees" },
                example.markdown,
                example.html,
                expected,
                shown_in_outline(&whole, &example.markdown),
                shown_in_outline(&regions, &example.markdown),
            ));
        }
    }
    eprintln!(
        "CommonMark {} examples: whole reading agrees on {whole_agree}, region-by-region on {regions_agree}; {} listed as unable to agree",
        examples.len(),
        CANNOT_AGREE.len()
    );
    assert!(report.is_empty(), "{}", report.join("\n"));
}

/// Every example, one after another with blank lines between, as one long document: the
/// region-by-region reading cuts it in hundreds of places (fences, HTML blocks of every type and
/// definitions among them) and must still read it as the whole reading does.
#[test]
fn the_examples_as_one_document_read_the_same_in_regions() {
    let Some(path) = spec_path() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the CommonMark spec is missing: run scripts/commonmark-spec.sh (CI does)"
        );
        return;
    };
    let spec = std::fs::read_to_string(&path).expect("the spec is readable");
    let mut document = String::new();
    for example in examples(&spec) {
        document.push_str(&example.markdown);
        document.push_str("\n\n");
        assert_eq!(
            parse_outline(&document, None),
            parse_outline_fast(&document, None),
            "the first {} examples as one document",
            example.number
        );
    }
}
