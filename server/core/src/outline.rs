//! The `Outline`: everything the rules, the index and the editor features need to know about one
//! document's structure, independent of which parser produced it.
//!
//! Markdown is read by one CommonMark implementation, pulldown-cmark, through [`read`]: [`fast`]
//! reads a whole document at once (the bulk path of `docwright check`), [`regions`] reads it region
//! by region and keeps each region's reading for the next edit (the editor). Both hand their raw
//! findings ([`Facts`]) to the one shared [`build`] step, and a differential test over the whole
//! corpus proves the two readings agree, so the CLI and the editor never disagree (ADR 9).
//!
//! Invariant: building an outline never fails. Whatever the text, an `Outline` comes back, with
//! what could not be understood recorded in `problems`.

use crate::position::TextRange;
use serde::Serialize;

pub mod build;
pub mod content;
pub mod fast;
pub mod metadata;
pub mod normalize;
pub mod placeholder;
pub mod read;
pub mod refs;
pub mod regions;
#[cfg(test)]
mod test_texts;

/// The raw structural findings of a parser, before the shared outline-building step.
/// Each parser fills this; `build::outline_from_facts` turns it into an `Outline`.
///
/// A parser reports what it found in any order and with its own idea of block boundaries;
/// `build::normalize_facts` brings both parsers' facts to one form before anything else reads
/// them, and the semantics below are those of the normalised facts (which the `Outline` carries).
/// Block ranges are trimmed: they start at the block's first non-blank character (after any
/// container markers or indentation) and end at the end of its last non-blank line, line break
/// and trailing blank lines excluded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// Decided by `build::detect_front_matter` for both parsers; the Markdown after it is parsed
    /// on its own, so nothing in it is a heading, link or code.
    pub front_matter: Option<FrontMatterBlock>,
    /// Headings in document order (ATX and setext; never inside code, HTML blocks or front matter).
    pub headings: Vec<RawHeading>,
    /// Fenced and indented code blocks (whole block, fences included), sorted.
    pub code_blocks: Vec<TextRange>,
    /// Code spans, backticks included, sorted.
    pub code_spans: Vec<TextRange>,
    /// HTML blocks (comments written as blocks included), sorted.
    pub html_blocks: Vec<TextRange>,
    /// Inline links, autolinks, images and reference-style links that resolve to a definition,
    /// sorted by start. Reference links whose label has no definition are not links (CommonMark
    /// reads them as text); their brackets may then belong to an enclosing link.
    pub links: Vec<Link>,
    /// The first definition of each label, sorted (CommonMark ignores later duplicates).
    pub link_definitions: Vec<LinkDefinition>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FrontMatterBlock {
    pub format: FrontMatterFormat,
    /// The whole block, from offset 0 to the end of the closing delimiter line (`---`, `...` or
    /// `+++`), its line break excluded.
    pub range: TextRange,
    /// The text between the delimiter lines: from after the opening line's break to the start of
    /// the closing line.
    pub content: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RawHeading {
    pub level: u8,
    pub setext: bool,
    /// From the first marker character (for a setext heading, the first character of its text)
    /// to the end of the heading's last line (for a setext heading, its underline), line break
    /// and trailing white space excluded.
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LinkKind {
    /// `[text](dest)`
    Inline,
    /// `[text][label]`, `[label][]`, `[label]`
    Reference,
    /// `<https://…>`, `<a@b.c>`
    Autolink,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub kind: LinkKind,
    pub image: bool,
    /// The whole link, from `[` (or `![`, `<`) to its end: the closing `)`, the label's `]`, the
    /// `[]` of a collapsed reference, or the autolink's `>`.
    pub range: TextRange,
    /// The destination: for inline links and autolinks as written (angle brackets and backslash
    /// escapes removed); for reference links the destination of the matching definition.
    pub target: String,
    /// Where the destination is written: the inline destination (angle brackets included when
    /// written; empty, just before the `)`, for `[text]()`), the autolink body, or for a reference
    /// link its label (brackets excluded).
    pub target_range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkDefinition {
    /// `[label]: dest "title"`, from `[` to the end of its last line (line break excluded).
    pub range: TextRange,
    /// The label as written, brackets excluded. Labels match case-insensitively with white space
    /// collapsed (`build::normalize_label`).
    pub label: String,
    /// The destination, angle brackets and backslash escapes removed.
    pub target: String,
    /// Where the destination is written (angle brackets included when written).
    pub target_range: TextRange,
}

/// One heading, located and normalised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub setext: bool,
    pub range: TextRange,
    /// The heading's text as written: ATX markers and closing `#`s excluded, trimmed.
    pub content: TextRange,
    /// Plain text: inline markup removed (`**Status**` → `Status`).
    pub text: String,
    /// For matching against a kind's section names: lower case, numbering (`1.`, `2.3`, `A.`)
    /// and punctuation removed, white space collapsed. See [`normalize::normalize_heading`].
    pub normalized: String,
    /// The GitHub-style anchor slug, unique within the document (`decision`, `decision-1`, …).
    pub anchor: String,
}

/// A section: a heading and everything up to the next heading of the same or a higher level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Index into `Outline::headings`.
    pub heading: usize,
    pub level: u8,
    /// From the heading's start to the section's end (the next heading of the same or higher
    /// level, or the end of the document).
    pub range: TextRange,
    /// From the end of the heading line to the section's end.
    pub body: TextRange,
    /// From the end of the heading line to the first subsection (or the section's end).
    pub own_body: TextRange,
    pub children: Vec<Section>,
}

impl Section {
    /// Whether `own_body` or any subsection of `text` (the text the outline was built from) has
    /// real content: not just white space, HTML comments, link definitions or template
    /// placeholders (see [`content::has_real_content`]).
    ///
    /// Asked, not kept: only the rules on one document want it, while the index builds an
    /// outline for every file of the workspace and would pay for it on each.
    pub fn has_content(&self, text: &str) -> bool {
        content::has_real_content(self.own_body.slice(text))
            || self.children.iter().any(|child| child.has_content(text))
    }
}

/// A metadata value found in the document, wherever the template keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MetaField {
    /// Lower case, `_` and spaces as `-`: `status`, `date`, `decision-makers`, `feature-name`, …
    pub key: String,
    pub value: String,
    /// Where the value is written (for diagnostics and edits).
    pub value_range: TextRange,
    pub source: MetaSource,
    /// For a `## Status` or `## Date` section, its later value lines (a few at most), each with
    /// where it is written: adr-tools writes relation lines ("Clarified by [3. …](…)") beside the
    /// status and removes "Accepted" when it supersedes, so the status may not be the first line
    /// (see `analysis::status::stated_status`). Empty for other sources.
    pub later_values: Vec<(TextRange, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MetaSource {
    FrontMatter,
    /// A `Key: value` line before the first section, as Nygard's `Date:`.
    Line,
    /// A bullet `* Key: value` / `- Key: value` before the first section, as MADR 2 and the RFC
    /// prelude write them.
    Bullet,
    /// The first paragraph of a `## Status` (or `## Date`) section, as Nygard writes it.
    Section,
}

/// The document's own identifier, such as `ADR-0007` or `RFC 2094`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocNumber {
    /// Upper case prefix when one is written (`ADR`, `RFC`, `KEP`), else `None`.
    pub prefix: Option<String>,
    pub number: u32,
    /// Where it came from.
    pub source: DocNumberSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DocNumberSource {
    FileName,
    FrontMatter,
    Title,
}

/// A textual cross-reference such as `ADR-0007`, `ADR 7`, `RFC 2094`, `RFC #2094`, `KEP-1234`,
/// outside code and outside link syntax.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextualRef {
    pub range: TextRange,
    pub prefix: String,
    pub number: u32,
}

/// Something in the document that could not be understood (bad front matter, say). Never fatal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutlineProblem {
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outline {
    pub front_matter: Option<FrontMatterBlock>,
    pub headings: Vec<Heading>,
    /// Index into `headings` of the document's title: the first level-1 heading, when no other
    /// heading precedes it.
    pub title: Option<usize>,
    /// The section tree of every heading except the title.
    pub sections: Vec<Section>,
    pub metadata: Vec<MetaField>,
    pub number: Option<DocNumber>,
    pub code_blocks: Vec<TextRange>,
    pub code_spans: Vec<TextRange>,
    pub html_blocks: Vec<TextRange>,
    /// HTML comments outside code (`<!-- … -->`), where suppression comments live.
    pub html_comments: Vec<TextRange>,
    pub links: Vec<Link>,
    pub link_definitions: Vec<LinkDefinition>,
    pub references: Vec<TextualRef>,
    pub problems: Vec<OutlineProblem>,
}

impl Outline {
    pub fn title_heading(&self) -> Option<&Heading> {
        self.title.map(|i| &self.headings[i])
    }

    /// The first metadata field with this key (keys are stored normalised, e.g. `status`).
    pub fn meta(&self, key: &str) -> Option<&MetaField> {
        self.metadata.iter().find(|f| f.key == key)
    }

    /// Every section, depth first, in document order.
    pub fn all_sections(&self) -> impl Iterator<Item = &Section> {
        let mut stack: Vec<&Section> = self.sections.iter().rev().collect();
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(next.children.iter().rev());
            Some(next)
        })
    }

    /// Whether `offset` lies in code (a code block or a code span), where nothing is checked.
    pub fn in_code(&self, offset: usize) -> bool {
        let hit = |ranges: &[TextRange]| {
            let i = ranges.partition_point(|r| r.end <= offset);
            ranges.get(i).is_some_and(|r| r.contains(offset))
        };
        hit(&self.code_blocks) || hit(&self.code_spans)
    }
}

/// The outline of `text` read region by region, as the editor reads it (with nothing kept from an
/// earlier reading). `file_name` (no folders) feeds the document number.
pub fn parse_outline(text: &str, file_name: Option<&str>) -> Outline {
    regions::outline(text, &mut regions::ReadingCache::default(), file_name)
}

/// The outline of `text` read whole (the bulk path of `docwright check`). Always equal to
/// `parse_outline` (a differential test holds them to it).
pub fn parse_outline_fast(text: &str, file_name: Option<&str>) -> Outline {
    fast::outline(text, file_name)
}
