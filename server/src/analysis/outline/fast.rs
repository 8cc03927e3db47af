//! The outline from pulldown-cmark: the bulk path.
//!
//! pulldown-cmark streams events with byte ranges and resolves reference links natively; this
//! module turns those into the same [`Facts`] the tree-sitter path reports and hands them to the
//! shared [`build`] step. Only the options that change what the facts contain are enabled: tables,
//! because tree-sitter-md always parses pipe tables (a table cell bounds the inline constructs in
//! it).

use std::borrow::Cow;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::analysis::outline::{Facts, Outline, RawHeading, build};
use crate::analysis::position::TextRange;

/// Whether a heading (range trimmed of leading indentation) is an ATX heading: 1–6 `#`s followed
/// by a space, a tab or the end of the line.
fn is_atx(text: &str, range: TextRange) -> bool {
    let bytes = &text.as_bytes()[range.start..range.end];
    let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && bytes
            .get(hashes)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// `text` as pulldown-cmark should read it where it departs from CommonMark on white space: a
/// lone `\r` read as `\n`, and the tabs at the end of a line as spaces.
///
/// CommonMark makes a lone carriage return a line ending like `\n` and `\r\n` (and tree-sitter-md
/// reads it so), but pulldown-cmark finds the end of a line by looking for `\n` alone inside some
/// constructs (HTML blocks, indented code), so that `<!-- x -->\r# Title` is one HTML block to it.
/// And CommonMark lets spaces or tabs follow a closing code fence, but pulldown-cmark accepts only
/// spaces, so that a closing ```` ```\t ```` left the code block open to the end of the document.
/// Wherever else a line may end in white space, CommonMark treats spaces and tabs alike (the one
/// difference, a hard line break, is not in the outline). Swapping one byte for one byte keeps
/// every offset, so pulldown-cmark's ranges still index `text`.
fn as_commonmark_white_space(text: &str) -> Cow<'_, str> {
    if !text.contains(['\r', '\t']) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut read = bytes.to_vec();
    let mut changed = false;
    // Backwards, so that "only spaces and tabs from here to the line end" is known at each tab.
    let mut at_line_end = true;
    for i in (0..read.len()).rev() {
        // Read the original bytes: a `\r` already turned into `\n` must not make a CRLF.
        match bytes[i] {
            b'\r' => {
                if bytes.get(i + 1) != Some(&b'\n') {
                    read[i] = b'\n';
                    changed = true;
                }
                at_line_end = true;
            }
            b'\n' => at_line_end = true,
            b'\t' if at_line_end => {
                read[i] = b' ';
                changed = true;
            }
            b' ' | b'\t' => {}
            _ => at_line_end = false,
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    Cow::Owned(String::from_utf8(read).expect("ASCII bytes replaced by ASCII bytes"))
}

/// A link or image being read: its start event's facts and the end of the last event inside it.
struct OpenLink {
    link_type: LinkType,
    image: bool,
    range: TextRange,
    inner_end: usize,
}

/// The raw facts of one document through pulldown-cmark.
pub fn facts(text: &str) -> Facts {
    let front_matter = build::detect_front_matter(text);
    // The Markdown after the front matter is parsed on its own; every range is shifted back.
    let base = build::markdown_start(text);
    let markdown = as_commonmark_white_space(&text[base..]);
    let at = |range: std::ops::Range<usize>| TextRange::new(base + range.start, base + range.end);

    let mut facts = Facts {
        front_matter,
        ..Facts::default()
    };
    let mut open_links: Vec<OpenLink> = Vec::new();
    let mut events = Parser::new_ext(&markdown, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in &mut events {
        let range = at(range);
        if let Some(open) = open_links.last_mut()
            && !matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
        {
            open.inner_end = open.inner_end.max(range.end);
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let trimmed = build::trim_block(text, range);
                facts.headings.push(RawHeading {
                    level: level as u8,
                    setext: !is_atx(text, trimmed),
                    range,
                });
            }
            Event::Start(Tag::CodeBlock(_)) => facts.code_blocks.push(range),
            Event::Start(Tag::HtmlBlock) => facts.html_blocks.push(range),
            Event::Code(_) => facts.code_spans.push(range),
            Event::Start(Tag::Link { link_type, .. })
            | Event::Start(Tag::Image { link_type, .. }) => {
                let image = text.as_bytes()[range.start] == b'!';
                open_links.push(OpenLink {
                    link_type,
                    image,
                    range,
                    inner_end: range.start + if image { 2 } else { 1 },
                });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some(open) = open_links.pop() else {
                    continue;
                };
                if let Some(parent) = open_links.last_mut() {
                    parent.inner_end = parent.inner_end.max(open.range.end);
                }
                let link = match open.link_type {
                    LinkType::Inline => {
                        build::inline_link(text, open.range, open.image, open.inner_end)
                    }
                    LinkType::Autolink | LinkType::Email => build::autolink(text, open.range),
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                        build::reference_link(text, open.range, open.image)
                    }
                    // Only produced with a broken-link callback or the wiki-link option, neither
                    // of which is set.
                    LinkType::ReferenceUnknown
                    | LinkType::CollapsedUnknown
                    | LinkType::ShortcutUnknown
                    | LinkType::WikiLink { .. } => continue,
                };
                facts.links.push(link);
            }
            _ => {}
        }
    }
    facts.link_definitions = events
        .reference_definitions()
        .iter()
        .map(|(_, definition)| build::link_definition(text, at(definition.span.clone())))
        .collect();
    facts
}

pub fn outline(text: &str, file_name: Option<&str>) -> Outline {
    build::outline_from_facts(text, facts(text), file_name)
}
