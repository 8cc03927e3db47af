//! The one reading of Markdown: pulldown-cmark over a stretch of a document, turned into
//! [`Facts`].
//!
//! Both outline paths read through [`read`]: [`super::fast`] reads the whole document at once
//! (`docwright check`), [`super::regions`] reads it region by region and keeps each region's
//! reading for the next edit (the editor). Inline constructs (links, code spans, escapes, nesting)
//! and blocks are therefore read by one CommonMark implementation everywhere; the only thing the
//! two paths can disagree on is where a region may be cut, which `regions` decides and the
//! differential test (`outline_differential.rs`) checks over the corpus. See ADR 9.

use std::borrow::Cow;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::outline::{Facts, Link, LinkDefinition, RawHeading, build};
use crate::position::TextRange;

/// What [`read`] found in one stretch of Markdown. Every range is relative to the stretch.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// The stretch's facts; never front matter (a stretch is Markdown only). Reference links to
    /// labels defined elsewhere are included when `is_defined` said so.
    pub facts: Facts,
    /// Every label (normalised) the stretch asked about because it did not define it itself, and
    /// the answer it got: the reading holds while each label keeps its answer.
    pub lookups: Vec<(String, bool)>,
    /// With a sentinel: the start of the top-level block still open at the stretch's end (a
    /// fenced code block or an HTML block that a blank line does not close), if any.
    pub open_block: Option<usize>,
}

/// What is appended to a stretch to learn whether every block in it is closed at its end: a blank
/// line and a paragraph at the left margin. Only a block still open swallows that paragraph.
const SENTINEL: &str = "\n\nx\n";

/// Reads `source` (Markdown, no front matter) with pulldown-cmark.
///
/// `is_defined` answers for a normalised label that `source` does not define itself whether the
/// document defines it elsewhere. With `sentinel`, the stretch is read as if a new paragraph
/// followed it after a blank line, and [`Reading::open_block`] says whether something swallowed
/// it; the facts are `source`'s alone either way.
pub fn read(source: &str, sentinel: bool, is_defined: &dyn Fn(&str) -> bool) -> Reading {
    let normalized = as_commonmark_white_space(source);
    let markdown: Cow<'_, str> = if sentinel {
        Cow::Owned(format!("{normalized}{SENTINEL}"))
    } else {
        normalized
    };
    let sentinel_at = sentinel.then_some(source.len() + 2);

    let mut lookups: Vec<(String, bool)> = Vec::new();
    let mut answer = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        let key = build::normalize_label(&link.reference);
        let found = !key.is_empty() && is_defined(&key);
        lookups.push((key, found));
        found.then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let mut facts = Facts::default();
    let mut open_block = None;
    let mut open_links: Vec<OpenLink> = Vec::new();
    let mut depth = 0usize;
    let mut events =
        Parser::new_with_broken_link_callback(&markdown, Options::ENABLE_TABLES, Some(&mut answer))
            .into_offset_iter();
    for (event, range) in &mut events {
        if let Some(sentinel_at) = sentinel_at {
            if depth == 0
                && let Event::Start(tag) = &event
                && range.start <= sentinel_at
                && sentinel_at < range.end
                && !(matches!(tag, Tag::Paragraph) && range.start == sentinel_at)
            {
                open_block = Some(range.start);
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            if range.start >= source.len() {
                continue; // The sentinel (or what swallowed it, read again by the caller).
            }
        }
        let range = TextRange::new(range.start, range.end.min(source.len()));
        if let Some(open) = open_links.last_mut()
            && !matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
        {
            open.inner_end = open.inner_end.max(range.end);
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let trimmed = build::trim_block(source, range);
                facts.headings.push(RawHeading {
                    level: level as u8,
                    setext: !is_atx(source, trimmed),
                    range,
                });
            }
            Event::Start(Tag::CodeBlock(_)) => facts.code_blocks.push(range),
            Event::Start(Tag::HtmlBlock) => facts.html_blocks.push(range),
            Event::Code(_) => facts.code_spans.push(range),
            Event::Start(Tag::Link { link_type, .. })
            | Event::Start(Tag::Image { link_type, .. }) => {
                let image = source.as_bytes()[range.start] == b'!';
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
                        build::inline_link(source, open.range, open.image, open.inner_end)
                    }
                    LinkType::Autolink | LinkType::Email => build::autolink(source, open.range),
                    // The `Unknown` types are labels this stretch does not define but the
                    // document does (the broken-link answer above).
                    LinkType::Reference
                    | LinkType::Collapsed
                    | LinkType::Shortcut
                    | LinkType::ReferenceUnknown
                    | LinkType::CollapsedUnknown
                    | LinkType::ShortcutUnknown => {
                        build::reference_link(source, open.range, open.image)
                    }
                    // Only produced with the wiki-link option, which is not set.
                    LinkType::WikiLink { .. } => continue,
                };
                facts.links.push(link);
            }
            _ => {}
        }
    }
    facts.link_definitions = events
        .reference_definitions()
        .iter()
        .filter(|(_, definition)| definition.span.start < source.len())
        .map(|(_, definition)| {
            let span = &definition.span;
            build::link_definition(source, TextRange::new(span.start, span.end))
        })
        .collect();
    // pulldown-cmark keeps definitions in a hash map: put them in document order.
    facts
        .link_definitions
        .sort_by_key(|definition| definition.range);
    drop(events);
    lookups.sort();
    lookups.dedup();
    // A reading is kept for as long as its region is unchanged, one per region of every open
    // document: without the room its vectors grew by (four elements for the first), most of
    // which hold one or two (ADR 30).
    lookups.shrink_to_fit();
    facts.shrink_to_fit();
    Reading {
        facts,
        lookups,
        open_block,
    }
}

impl Facts {
    /// Gives back the room the vectors grew by but do not use.
    pub fn shrink_to_fit(&mut self) {
        self.headings.shrink_to_fit();
        self.code_blocks.shrink_to_fit();
        self.code_spans.shrink_to_fit();
        self.html_blocks.shrink_to_fit();
        self.links.shrink_to_fit();
        self.link_definitions.shrink_to_fit();
    }

    /// Appends copies of `other`'s facts (front matter aside) with every range moved `by` bytes
    /// later: what `other.clone().shifted(by)` appended would give, without the copy's vectors.
    pub fn extend_shifted(&mut self, other: &Facts, by: usize) {
        let shift = |range: TextRange| TextRange::new(range.start + by, range.end + by);
        self.headings
            .extend(other.headings.iter().map(|&heading| RawHeading {
                range: shift(heading.range),
                ..heading
            }));
        self.code_blocks
            .extend(other.code_blocks.iter().map(|&range| shift(range)));
        self.code_spans
            .extend(other.code_spans.iter().map(|&range| shift(range)));
        self.html_blocks
            .extend(other.html_blocks.iter().map(|&range| shift(range)));
        self.links.extend(other.links.iter().map(|link| Link {
            range: shift(link.range),
            target_range: shift(link.target_range),
            ..link.clone()
        }));
        self.link_definitions
            .extend(
                other
                    .link_definitions
                    .iter()
                    .map(|definition| LinkDefinition {
                        range: shift(definition.range),
                        target_range: shift(definition.target_range),
                        ..definition.clone()
                    }),
            );
    }

    /// These facts with every range moved `by` bytes later (front matter untouched).
    pub fn shifted(mut self, by: usize) -> Facts {
        if by == 0 {
            return self;
        }
        let shift =
            |range: &mut TextRange| *range = TextRange::new(range.start + by, range.end + by);
        for heading in &mut self.headings {
            shift(&mut heading.range);
        }
        for range in self
            .code_blocks
            .iter_mut()
            .chain(&mut self.code_spans)
            .chain(&mut self.html_blocks)
        {
            shift(range);
        }
        for Link {
            range,
            target_range,
            ..
        } in &mut self.links
        {
            shift(range);
            shift(target_range);
        }
        for LinkDefinition {
            range,
            target_range,
            ..
        } in &mut self.link_definitions
        {
            shift(range);
            shift(target_range);
        }
        self
    }
}

/// A link or image being read: its start event's facts and the end of the last event inside it.
struct OpenLink {
    link_type: LinkType,
    image: bool,
    range: TextRange,
    inner_end: usize,
}

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
/// CommonMark makes a lone carriage return a line ending like `\n` and `\r\n`, but pulldown-cmark
/// finds the end of a line by looking for `\n` alone inside some constructs (HTML blocks, indented
/// code), so that `<!-- x -->\r# Title` is one HTML block to it. And CommonMark lets spaces or tabs
/// follow a closing code fence, but pulldown-cmark accepts only spaces, so that a closing
/// ```` ```\t ```` left the code block open to the end of the document. Wherever else a line may
/// end in white space, CommonMark treats spaces and tabs alike (the one difference, a hard line
/// break, is not in the outline). Swapping one byte for one byte keeps every offset, so
/// pulldown-cmark's ranges still index `text`.
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
