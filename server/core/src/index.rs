//! The workspace index: one [`DocEntry`] per design doc, and the reverse maps that answer "which
//! doc is ADR-0007?" and "who cites this doc?" without a scan.
//!
//! Pure and in memory: the edge hands in (workspace-relative path, text) or an already-built
//! outline; nothing here reads a file. Entries are immutable and shared (`Arc`), and
//! [`Index::update`] / [`Index::remove`] touch only the entries of the one document they are
//! given: the reverse maps are keyed by what a reference *says* (an id, a normalised path, a file
//! stem), not by what it resolves to, so adding or removing a document never has to revisit the
//! documents that cite it. Resolution ([`crate::resolve`]) combines the two at query
//! time.

use crate::config::Config;
use crate::doc_id::DocId;
use crate::kinds::Kind;
use crate::kinds::detect::{DetectInput, PathHints, detect_kind};
use crate::links::{
    self, LinkTarget, is_markdown_path, join_path, markdown_path, trailing_number, whole_id,
};
use crate::outline::refs::textual_refs;
use crate::outline::{FrontMatterFormat, LinkKind, MetaSource, Outline};
use crate::position::TextRange;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

mod path_set;

use path_set::PathSet;

/// One heading of a document, as a link target; or an HTML anchor (`<a id="x">`, `<span
/// id="x">`), which links may target too.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SectionEntry {
    /// The heading's level; 0 for an HTML anchor.
    pub level: u8,
    pub text: String,
    /// GitHub's slug, unique within the document.
    pub anchor: String,
    pub range: TextRange,
}

/// What a reference means for the two documents, read from where it is written: in the status
/// ("Superseded by ADR-0012"), a `## Status` section or the lines under the title ("Supersedes
/// ADR-0003", "Amends RFC 1234"), or a front matter key (`supersedes:`, `superseded-by:`,
/// `amends:`, `amended-by:`). Anywhere else a reference only cites.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Relation {
    Cites,
    /// This doc replaces the target.
    Supersedes,
    /// The target replaces this doc.
    SupersededBy,
    /// This doc changes part of the target.
    Amends,
    /// The target changes part of this doc.
    AmendedBy,
}

/// How a reference is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RefForm {
    /// `ADR-0007`, `RFC 2094`.
    Textual,
    /// `[text](dest)`: the destination can be rewritten in place.
    InlineLink,
    /// `[text][label]`: the destination lives in a link definition.
    ReferenceLink,
    /// `<https://…>`.
    Autolink,
    /// `[[0007-use-postgres]]`.
    Wiki,
    /// A value in the front matter (`supersedes: ADR-0003`, `superseded-by: 0012-x.md`).
    FrontMatter,
}

/// What a reference points at, as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RefTarget {
    /// A textual id: prefix upper case.
    Id { prefix: String, number: u32 },
    /// A link destination or a file name: percent-decoded, query removed; `path` empty for a
    /// link to an anchor of the same document.
    Link(LinkTarget),
    /// The inside of `[[…]]`, alias removed: `0007-use-postgres`, `ADR-0007`, `adr/0007-x#decision`.
    Wiki {
        name: String,
        anchor: Option<String>,
    },
    /// An absolute URL (`https://…`); only resolved under a configured `url-prefixes` entry.
    Url(String),
}

/// One outgoing reference.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// The whole reference (the link, the `[[…]]`, the id).
    pub range: TextRange,
    /// What a fix rewrites to repoint it: the id, the inline destination, the wiki name.
    pub target_range: TextRange,
    /// The target as written (the destination, the inside of `[[…]]`, the id), for messages
    /// and the ignore list.
    pub written: String,
    /// Whether `written` is exactly the text at `target_range` (not so for a destination in
    /// angle brackets or with backslash escapes), so that a fix may edit it by offset.
    pub verbatim: bool,
    pub target: RefTarget,
    pub form: RefForm,
    pub relation: Relation,
    /// A relation adr-tools' `adr link` or `adr new -l` wrote in the team's own words
    /// (`Clarifies [3. Use X](0003-use-x.md)`): the words, for a [`Relation::Cites`] link alone on
    /// a line of the status, after a word or a few; `None` otherwise, and for the reverse
    /// wording (`Clarified by`), which adr-tools' graph leaves out as well.
    pub label: Option<String>,
}

/// Everything the index knows about one document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocEntry {
    /// Workspace-relative, `/` separators.
    pub path: String,
    /// The detected kind's name.
    pub kind: Option<String>,
    /// Whether the document is a kind's template (`0000-template.md`, `adr-template.md`, a file
    /// of a `template/` folder): its references and statuses are examples, which the workspace
    /// rules leave alone. A template has no id, no status and states no supersession.
    pub is_template: bool,
    /// The decision log the document belongs to, by its folder (workspace-relative, `""` at the
    /// root): the `[[logs]]` folder it lies in, else, for a numbered record, its own folder (the
    /// records of one folder share a numbering, as every ADR tool lays them out). `None` for a
    /// document in no log. Set by [`Index::update`] from the index's settings.
    pub log: Option<String>,
    pub id: Option<DocId>,
    /// For people: front matter `title`, else the title heading without its number.
    pub title: Option<String>,
    /// Where whole-document diagnostics go: the title heading, else the first line.
    pub title_range: TextRange,
    /// The status as written ("Superseded by ADR-0012").
    pub status: Option<String>,
    /// The status's name in the kind's vocabulary (`superseded`), when it matches one.
    pub status_name: Option<String>,
    /// The status as people are shown it (`analysis::status::shown_status`: "Superseded by
    /// ADR-0012", short; `None` for a template placeholder): what every editor feature shows.
    pub shown_status: Option<String>,
    pub status_range: Option<TextRange>,
    pub date: Option<String>,
    /// The first paragraph of the summary (or context, motivation, abstract), else the first
    /// paragraph under the title: what hover and completion show of a doc. Plain Markdown,
    /// at most [`SUMMARY_MAX_CHARS`] characters.
    pub summary: Option<String>,
    /// Every heading, the title included, in document order; then the HTML anchors.
    pub sections: Vec<SectionEntry>,
    pub references: Vec<Reference>,
    /// In a folder's README.md or index.md, the table between `<!-- docwright:index -->` markers
    /// as written, for `stale-index` (which compares it with what `docwright index` would write).
    pub index_block: Option<IndexBlock>,
    /// Paths into the repository written in backticks (`` `src/cache/lru.rs` ``), for
    /// `dangling-code-path`; only what looks like a path (see
    /// [`crate::links::looks_like_repo_path`]).
    pub code_paths: Vec<CodePath>,
    /// Images that name a file of the repository (`![](diagrams/flow.png)`), for
    /// `broken-reference`; URLs and `data:` images are left out.
    pub images: Vec<ImageLink>,
}

/// An image whose source is a relative path.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImageLink {
    /// The whole image, `![` to its end.
    pub range: TextRange,
    /// The destination as written.
    pub written: String,
    /// Percent-decoded, without query or fragment.
    pub path: String,
}

/// The marked index table of an index file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndexBlock {
    /// From the start marker to the end of the end marker's line.
    pub range: TextRange,
    /// The text at `range`.
    pub text: String,
}

/// A path written in backticks.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodePath {
    /// The code span, backticks included.
    pub range: TextRange,
    /// The path as written, without backticks or surrounding spaces.
    pub path: String,
}

impl DocEntry {
    /// The file name without folders or extension, lower case: what `[[…]]` names.
    pub fn stem(&self) -> String {
        file_stem(&self.path)
    }

    /// The folder the document is in (`docs/adr`), empty at the root.
    pub fn folder(&self) -> &str {
        self.path.rfind('/').map_or("", |i| &self.path[..i])
    }

    /// The section an anchor names. Lower-casing a heading may add a combining mark the writer
    /// of a link never typed (`İlgili` lower-cases to `i̇lgili`, with a dot above), and whether
    /// a renderer keeps it differs: `#ilgili` names that section too.
    pub fn section(&self, anchor: &str) -> Option<&SectionEntry> {
        let anchor = anchor.to_lowercase();
        let exact = self.sections.iter().find(|s| s.anchor == anchor);
        if exact.is_some() || !self.sections.iter().any(|s| has_combining_mark(&s.anchor)) {
            return exact;
        }
        let unmarked = without_combining_marks(&anchor);
        self.sections
            .iter()
            .find(|s| without_combining_marks(&s.anchor) == unmarked)
    }

    /// The section a wiki link names, by anchor (`#context-and-scope`) or as people write it
    /// there, by the heading's text (`#Context and Scope`, case and runs of spaces aside).
    pub fn section_by_text(&self, written: &str) -> Option<&SectionEntry> {
        if let Some(section) = self.section(written) {
            return Some(section);
        }
        let wanted = title_key(written);
        if wanted.is_empty() {
            return None;
        }
        self.sections
            .iter()
            .find(|s| s.level > 0 && title_key(&s.text) == wanted)
    }

    /// The title as a wiki link names the document (`[[Order search]]`): lower case, spaces
    /// collapsed. `None` without a title.
    pub fn title_key(&self) -> Option<String> {
        self.title
            .as_deref()
            .map(title_key)
            .filter(|t| !t.is_empty())
    }

    /// Whether the doc says it has been superseded: by its status, or by a "superseded by"
    /// reference.
    pub fn is_superseded(&self) -> bool {
        self.status_name.as_deref() == Some("superseded")
            || self
                .references
                .iter()
                .any(|r| r.relation == Relation::SupersededBy)
    }

    /// The references of one relation.
    pub fn related(&self, relation: Relation) -> impl Iterator<Item = &Reference> {
        self.references
            .iter()
            .filter(move |r| r.relation == relation)
    }
}

/// What the index needs to build one entry.
pub struct EntryInput<'a> {
    /// Workspace-relative, `/` separators.
    pub path: &'a str,
    pub text: &'a str,
    pub outline: &'a Outline,
    /// The detected kind (see [`detect_kind`]), `None` for a doc of no kind.
    pub kind: Option<&'a Kind>,
}

impl DocEntry {
    pub fn build(input: &EntryInput) -> DocEntry {
        let EntryInput {
            path,
            text,
            outline,
            kind,
        } = *input;
        let is_template = is_template_path(path);
        let id = outline
            .number
            .as_ref()
            .filter(|_| !is_template)
            .map(|n| DocId {
                prefix: n
                    .prefix
                    .clone()
                    .or_else(|| kind.and_then(|k| k.id_prefix.clone()))
                    .map(|p| p.to_uppercase()),
                number: n.number,
            });
        // A template's status line lists the choices; it is no document's status.
        let status_field = crate::status::stated_status(outline, kind)
            .filter(|f| !is_template && !f.value.trim().is_empty());
        let status_name = status_field.and_then(|field| {
            kind.and_then(|k| k.match_status(field.value))
                .map(|m| m.spec.name.clone())
        });
        let title_range = outline.title_heading().map_or_else(
            || {
                let end = text.find(['\n', '\r']).unwrap_or(text.len());
                TextRange::new(0, end)
            },
            |h| h.range,
        );
        DocEntry {
            path: path.to_string(),
            kind: kind.map(|k| k.name.clone()),
            is_template,
            log: None,
            id,
            title: entry_title(path, outline, kind),
            title_range,
            status: status_field.map(|f| f.value.trim().to_string()),
            status_name,
            shown_status: status_field.and_then(|f| crate::status::shown_status(f.value, kind)),
            status_range: status_field.map(|f| f.range),
            date: outline
                .meta("date")
                .map(|f| f.value.trim().to_string())
                .filter(|d| !d.is_empty()),
            summary: summary(text, outline),
            sections: outline
                .headings
                .iter()
                .map(|h| SectionEntry {
                    level: h.level,
                    text: h.text.clone(),
                    anchor: h.anchor.clone(),
                    range: h.range,
                })
                .chain(attribute_anchors(outline))
                .chain(html_anchors(text, outline))
                .collect(),
            references: references(text, outline)
                .into_iter()
                .map(|mut reference| {
                    // Only a design doc records decisions: "superseded by ADR-0012" in the prose
                    // under a README's title is a citation. Front matter keys say what they mean.
                    if kind.is_none() && reference.form != RefForm::FrontMatter {
                        reference.relation = Relation::Cites;
                        reference.label = None;
                    }
                    // A template's "Superseded by ADR-0123" is an example.
                    if is_template {
                        reference.relation = Relation::Cites;
                        reference.label = None;
                    }
                    reference
                })
                .collect(),
            index_block: index_block(path, text),
            code_paths: code_paths(text, outline),
            images: images(outline),
        }
    }

    /// Parses `text` (the fast path), detects its kind and builds its entry: the one call the
    /// edges need per file.
    pub fn from_text(path: &str, text: &str, config: &Config, hints: &PathHints) -> DocEntry {
        let file_name = path.rsplit('/').next();
        let outline = crate::outline::parse_outline_fast(text, file_name);
        Self::from_outline(path, text, &outline, config, hints)
    }

    /// Detects the kind of an already-parsed document and builds its entry.
    pub fn from_outline(
        path: &str,
        text: &str,
        outline: &Outline,
        config: &Config,
        hints: &PathHints,
    ) -> DocEntry {
        let detection = detect_kind(&DetectInput {
            path: Some(path),
            text,
            outline,
            config,
            hints,
        });
        DocEntry::build(&EntryInput {
            path,
            text,
            outline,
            kind: detection.kind.as_deref().and_then(|k| config.kind(k)),
        })
    }
}

/// Whether a workspace-relative path is a template rather than a record: a file named as one
/// (`0000-template.md`, `adr-template.md`, `template.md`), or any file of a folder named
/// `template` or `templates` (or ending in `-templates`: `proposal-templates/`), where tools keep
/// their starters (MADR's `template/0000-use-markdown-architectural-decision-records.md`).
pub fn is_template_path(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let file_name = parts.next().unwrap_or(path);
    crate::kinds::detect::is_template_file_name(file_name)
        || parts.any(|folder| {
            let folder = folder.to_ascii_lowercase();
            folder == "template"
                || folder == "templates"
                || folder.ends_with("-templates")
                || folder.ends_with("_templates")
        })
}

/// The marked table of an index file (README.md or index.md).
fn index_block(path: &str, text: &str) -> Option<IndexBlock> {
    use crate::index_markers::{INDEX_FILE_NAMES, START_MARKER, marked_range};
    let file_name = path.rsplit('/').next().unwrap_or(path);
    if !INDEX_FILE_NAMES
        .iter()
        .any(|name| name.eq_ignore_ascii_case(file_name))
        || !text.contains(START_MARKER)
    {
        return None;
    }
    let range = marked_range(text)?;
    Some(IndexBlock {
        range,
        text: range.slice(text).to_string(),
    })
}

/// The code spans that hold a path into the repository.
/// The images of the outline whose source is a path: not a URL, no scheme (`data:`, `file:`),
/// not empty.
fn images(outline: &Outline) -> Vec<ImageLink> {
    outline
        .links
        .iter()
        .filter(|l| l.image)
        .filter_map(|l| {
            let written = l.target.trim();
            let before_slash = written.split('/').next().unwrap_or(written);
            if written.is_empty() || links::is_absolute_url(written) || before_slash.contains(':') {
                return None;
            }
            let path = LinkTarget::parse(written).path;
            (!path.is_empty()).then(|| ImageLink {
                range: l.range,
                written: written.to_string(),
                path,
            })
        })
        .collect()
}

fn code_paths(text: &str, outline: &Outline) -> Vec<CodePath> {
    use crate::links::looks_like_repo_path;
    outline
        .code_spans
        .iter()
        .filter_map(|range| {
            let inside = range.slice(text).trim_matches('`').trim();
            (looks_like_repo_path(inside) && !asked_to_create(&text[..range.start])).then(|| {
                CodePath {
                    range: *range,
                    path: inside.to_string(),
                }
            })
        })
        .collect()
}

/// Whether the words just before a path (`before` ends where it starts) ask for the file to be
/// made: "create `.github/workflows/publish.yml`", "we will add `src/cache/lru.rs`". A file
/// still to be written is not one that went missing.
fn asked_to_create(before: &str) -> bool {
    const VERBS: &[&str] = &[
        "create",
        "creates",
        "creating",
        "add",
        "adds",
        "adding",
        "new",
        "generate",
        "generates",
        "generating",
        "introduce",
        "introduces",
        "introducing",
        "touch",
    ];
    let mut start = before.len().saturating_sub(80);
    while !before.is_char_boundary(start) {
        start += 1;
    }
    let near = &before[start..];
    // Only this sentence, this paragraph.
    let near = near
        .rsplit(['.', '!', '?', ':', ';'])
        .next()
        .unwrap_or(near)
        .rsplit("\n\n")
        .next()
        .unwrap_or(near);
    near.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .any(|word| VERBS.contains(&word.to_lowercase().as_str()))
}

/// What people call the document. A design doc without a title heading, or whose first heading
/// is one of its kind's sections (a Rust RFC opens with `# Summary`), is named by a
/// `Feature Name` field, else by its file name without the number (`2094-nll.md` → `nll`).
fn entry_title(path: &str, outline: &Outline, kind: Option<&Kind>) -> Option<String> {
    let title = crate::outline::metadata::doc_title(outline);
    let heading_is_a_section = outline.meta("title").is_none()
        && outline.title_heading().is_some_and(|heading| {
            kind.is_some_and(|k| k.section_for(&heading.normalized).is_some())
        });
    if title.is_some() && !heading_is_a_section || kind.is_none() {
        return title;
    }
    let from_field = ["feature-name", "feature", "name"]
        .iter()
        .filter_map(|key| outline.meta(key))
        .map(|field| field.value.trim().trim_matches('`').trim())
        .find(|value| !value.is_empty() && !value.starts_with('('));
    if let Some(name) = from_field {
        return Some(name.to_string());
    }
    let name = crate::words::file_name_words(path.rsplit('/').next().unwrap_or(path));
    if name.is_empty() { title } else { Some(name) }
}

/// How much of a doc's summary the index keeps.
pub const SUMMARY_MAX_CHARS: usize = 400;

/// Section names (normalised) whose first paragraph says what a doc is about, best first.
const SUMMARY_SECTIONS: &[&str] = &[
    "summary",
    "tldr",
    "abstract",
    "context and problem statement",
    "context",
    "motivation",
    "problem statement",
    "overview",
    "background",
];

/// The first paragraph of the best summary section, else of the text under the title. A
/// heading's own text runs to the next heading of any level (the title has no `Section`).
fn summary(text: &str, outline: &Outline) -> Option<String> {
    let own_text = |heading: usize| {
        let end = outline
            .headings
            .get(heading + 1)
            .map_or(text.len(), |next| next.range.start);
        TextRange::new(outline.headings[heading].range.end, end)
    };
    let from_section = SUMMARY_SECTIONS.iter().find_map(|name| {
        (0..outline.headings.len())
            .filter(|&h| outline.headings[h].normalized == *name)
            .find_map(|h| first_paragraph(text, outline, own_text(h)))
    });
    from_section.or_else(|| first_paragraph(text, outline, own_text(outline.title?)))
}

/// The first paragraph of prose in `range`: skipping blank lines, HTML comments, code, metadata
/// bullets (`* Status: …`) and tables; cut at [`SUMMARY_MAX_CHARS`] on a word boundary.
fn first_paragraph(text: &str, outline: &Outline, range: TextRange) -> Option<String> {
    let body = text.get(range.start..range.end)?;
    let mut lines = Vec::new();
    let mut offset = range.start;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let skipped = outline.in_code(start)
            || outline
                .html_comments
                .iter()
                .any(|c| c.start <= start && start < c.end)
            || trimmed.starts_with('|')
            || trimmed.starts_with("<!--")
            || outline
                .metadata
                .iter()
                .any(|m| m.value_range.start >= start && m.value_range.start < offset);
        if trimmed.is_empty() || skipped {
            if !lines.is_empty() {
                break;
            }
            continue;
        }
        lines.push(trimmed);
    }
    if lines.is_empty() {
        return None;
    }
    let joined = lines.join(" ");
    if joined.chars().count() <= SUMMARY_MAX_CHARS {
        return Some(joined);
    }
    let cut: String = joined.chars().take(SUMMARY_MAX_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SUMMARY_MAX_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    Some(format!("{cut}…"))
}

/// The lower-case file name of `path` without folders or extension.
/// A title or heading text compared as people write it: lower case, runs of white space as one
/// space, trimmed.
pub fn title_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Combining diacritical marks (U+0300–U+036F): what lower-casing `İ` adds.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn has_combining_mark(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(is_combining_mark)
}

fn without_combining_marks(text: &str) -> String {
    text.chars().filter(|&c| !is_combining_mark(c)).collect()
}

pub fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .or_else(|| name.strip_suffix(".MD"))
        .unwrap_or(name);
    stem.to_lowercase()
}

// ---- Extracting references ------------------------------------------------------------------

/// Every outgoing reference of a document, in document order.
fn references(text: &str, outline: &Outline) -> Vec<Reference> {
    let zones = RelationZones::of(text, outline);
    let mut out = Vec::new();
    let doc_links: Vec<TextRange> = outline
        .links
        .iter()
        .filter(|l| !l.image && !links::is_absolute_url(&l.target))
        .map(|l| l.range)
        .collect();
    let wiki = wiki_links(text, outline);
    for found in &outline.references {
        // `[ADR-0012](0012-x.md)`, `[[ADR-0012]]`: the link is the reference; its text is only
        // its label.
        if doc_links.iter().any(|l| l.contains_range(found.range))
            || wiki.iter().any(|(l, _)| l.contains_range(found.range))
        {
            continue;
        }
        out.push(Reference {
            range: found.range,
            target_range: found.range,
            written: found.range.slice(text).to_string(),
            verbatim: true,
            target: RefTarget::Id {
                prefix: found.prefix.clone(),
                number: found.number,
            },
            form: RefForm::Textual,
            relation: zones.relation_at(text, found.range.start),
            label: None,
        });
    }
    for link in outline.links.iter().filter(|l| !l.image) {
        let Some(target) = classify_destination(&link.target) else {
            continue;
        };
        let form = match link.kind {
            LinkKind::Inline => RefForm::InlineLink,
            LinkKind::Reference => RefForm::ReferenceLink,
            LinkKind::Autolink => RefForm::Autolink,
        };
        out.push(Reference {
            range: link.range,
            target_range: link.target_range,
            written: link.target.clone(),
            verbatim: link.target_range.slice(text) == link.target,
            target,
            form,
            relation: zones.relation_at(text, link.range.start),
            label: (link.kind == LinkKind::Inline)
                .then(|| zones.label_at(text, link.range))
                .flatten(),
        });
    }
    for (range, inner) in wiki {
        let (name, anchor) = split_anchor(wiki_name(inner.slice(text)));
        out.push(Reference {
            range,
            target_range: inner,
            written: inner.slice(text).to_string(),
            verbatim: true,
            target: RefTarget::Wiki {
                name: name.trim().to_string(),
                anchor,
            },
            form: RefForm::Wiki,
            relation: zones.relation_at(text, range.start),
            label: None,
        });
    }
    front_matter_references(text, outline, &mut out);
    out.sort_by_key(|r| (r.range.start, r.range.end));
    out
}

/// A link destination as a reference target: `None` for what is never a document (images are
/// filtered before, `mailto:` here).
fn classify_destination(destination: &str) -> Option<RefTarget> {
    let destination = destination.trim();
    if destination.is_empty() {
        return None;
    }
    if links::is_absolute_url(destination) {
        return Some(RefTarget::Url(destination.to_string()));
    }
    if destination.contains(':') && !destination.starts_with('#') {
        // `mailto:`, `tel:`, `ftp:`… and Windows drive letters: not a workspace document.
        let scheme = destination.split(':').next().unwrap_or("");
        if scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return None;
        }
    }
    Some(RefTarget::Link(LinkTarget::parse(destination)))
}

/// `## Heading {#custom-id}`: the id attribute mdBook and Pandoc give a heading, an anchor
/// beside its slug (the Rust RFC book is rendered by mdBook).
fn attribute_anchors(outline: &Outline) -> impl Iterator<Item = SectionEntry> + '_ {
    static ATTRIBUTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\{\s*#([A-Za-z0-9_:.-]+)[^}]*\}\s*$").expect("valid pattern")
    });
    outline.headings.iter().filter_map(|h| {
        let id = ATTRIBUTE.captures(&h.text)?.get(1)?.as_str();
        Some(SectionEntry {
            level: h.level,
            text: h.text.clone(),
            anchor: id.to_lowercase(),
            range: h.range,
        })
    })
}

/// `<a name="x">`, `<span id="x">` outside code: anchors a link may target, as GitHub keeps
/// them (lower case, as links to them are compared).
fn html_anchors(text: &str, outline: &Outline) -> Vec<SectionEntry> {
    static ANCHOR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"<[A-Za-z][A-Za-z0-9]*\s[^>]*?\b(?:id|name)\s*=\s*["']([^"'>]+)["']"#)
            .expect("valid pattern")
    });
    if !text.contains('<') {
        return Vec::new();
    }
    ANCHOR
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let value = caps.get(1)?;
            if outline.in_code(whole.start()) {
                return None;
            }
            Some(SectionEntry {
                level: 0,
                text: value.as_str().to_string(),
                anchor: value.as_str().to_lowercase(),
                range: TextRange::new(whole.start(), whole.end()),
            })
        })
        .collect()
}

/// `[[name|alias]]` → `name`.
fn wiki_name(inner: &str) -> &str {
    inner.split('|').next().unwrap_or(inner)
}

/// `name#anchor` → (`name`, `anchor`).
fn split_anchor(name: &str) -> (&str, Option<String>) {
    match name.split_once('#') {
        Some((name, anchor)) => (name, Some(anchor.trim().to_string())),
        None => (name, None),
    }
}

/// Every `[[…]]` outside code: (the whole link, the inside), on one line, not empty.
pub fn wiki_links(text: &str, outline: &Outline) -> Vec<(TextRange, TextRange)> {
    use crate::text_search::find_marker;
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = find_marker(&text[from..], "[[") {
        let start = from + open;
        let inner_start = start + 2;
        let Some(close) = find_marker(&text[inner_start..], "]]") else {
            break;
        };
        let inner_end = inner_start + close;
        let inner = &text[inner_start..inner_end];
        let well_formed = !inner.trim().is_empty() && !inner.contains(['\n', '\r', '[', ']']);
        // `[[1]](https://…)`, `[[x]][label]`, `[[x]]: …`: a Markdown link in brackets. So is
        // `[[C++17]]` when `[C++17]: https://…` is defined: a citation, the way papers cite.
        let markdown_link = text[inner_end + 2..].starts_with(['(', '[', ':'])
            || outline
                .link_definitions
                .iter()
                .any(|d| d.label.trim().eq_ignore_ascii_case(inner.trim()));
        if well_formed && !markdown_link && !outline.in_code(start) {
            found.push((
                TextRange::new(start, inner_end + 2),
                TextRange::new(inner_start, inner_end),
            ));
            from = inner_end + 2;
        } else {
            from = start + 1;
        }
    }
    found
}

/// References written in front matter: a relation key's value (`supersedes: [ADR-0003]`,
/// `superseded-by: 0012-x.md`) and the status (`status: superseded by ADR-0012`). Front matter is
/// not prose, so the outline's textual references skip it; it is read here line by line, so that
/// YAML lists (`- ADR-0003`) count too.
fn front_matter_references(text: &str, outline: &Outline, out: &mut Vec<Reference>) {
    let Some(block) = &outline.front_matter else {
        return;
    };
    let separator = match block.format {
        FrontMatterFormat::Yaml => ':',
        FrontMatterFormat::Toml => '=',
    };
    let mut key_relation: Option<Relation> = None;
    let mut offset = block.content.start;
    for line in block.content.slice(text).split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        // A comment is no data, in YAML and TOML alike: MADR's template comments out a status
        // line (`# status: superseded by …`), and a value may end in one (`accepted # was
        // superseded by ADR-0002`).
        if line.trim_start().starts_with('#') {
            continue;
        }
        let line = match line.find(" #") {
            Some(at) => &line[..at],
            None => line,
        };
        let is_key_line = !line.starts_with([' ', '\t', '-']) && line.contains(separator);
        let value_start = if is_key_line {
            let separator_at = line.find(separator).unwrap_or(0);
            let key = crate::outline::metadata::normalize_key(
                line[..separator_at].trim().trim_matches(['"', '\'']),
            );
            key_relation = relation_for_key(&key);
            if key_relation.is_none() && key != "status" {
                continue;
            }
            line_start + separator_at + 1
        } else if key_relation.is_some() {
            line_start
        } else {
            continue;
        };
        let line_end = line_start + line.len();
        let value = TextRange::new(value_start.min(line_end), line_end);
        let value_text = value.slice(text);
        let mut push = |range: TextRange, target: RefTarget| {
            let relation = key_relation.unwrap_or_else(|| {
                relation_before(&text[line_start..range.start]).unwrap_or(Relation::Cites)
            });
            out.push(Reference {
                range,
                target_range: range,
                written: range.slice(text).to_string(),
                verbatim: true,
                target,
                form: RefForm::FrontMatter,
                relation,
                label: None,
            });
        };
        for found in textual_refs(value_text, &[]) {
            let range = TextRange::new(
                value.start + found.range.start,
                value.start + found.range.end,
            );
            push(
                range,
                RefTarget::Id {
                    prefix: found.prefix,
                    number: found.number,
                },
            );
        }
        // File names: `0003-use-x.md`, `../adr/0003-use-x.md#decision`.
        for (at, word) in words(value_text) {
            let path_part = word.split('#').next().unwrap_or(word);
            if path_part.ends_with(".md") || path_part.ends_with(".markdown") {
                let range = TextRange::new(value.start + at, value.start + at + word.len());
                push(range, RefTarget::Link(LinkTarget::parse(word)));
            }
        }
    }
}

/// Whitespace-, comma- and bracket-separated words with their offsets, quotes removed.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| c.is_whitespace() || ",[]\"'".contains(c))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// The relation a front matter key states.
fn relation_for_key(key: &str) -> Option<Relation> {
    match key {
        "supersedes" | "supercedes" | "replaces" => Some(Relation::Supersedes),
        "superseded-by" | "superceded-by" | "replaced-by" => Some(Relation::SupersededBy),
        "amends" => Some(Relation::Amends),
        "amended-by" => Some(Relation::AmendedBy),
        _ => None,
    }
}

/// The relation the nearest relation phrase before a reference, on its line, states.
fn relation_before(line_before: &str) -> Option<Relation> {
    const PHRASES: &[(&str, Relation)] = &[
        ("superseded by", Relation::SupersededBy),
        ("superceded by", Relation::SupersededBy),
        ("replaced by", Relation::SupersededBy),
        ("supersedes", Relation::Supersedes),
        ("supercedes", Relation::Supersedes),
        ("replaces", Relation::Supersedes),
        ("amended by", Relation::AmendedBy),
        ("amends", Relation::Amends),
    ];
    let lower = line_before.to_lowercase();
    PHRASES
        .iter()
        .filter_map(|(phrase, relation)| lower.rfind(phrase).map(|at| (at, *relation)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, relation)| relation)
}

/// Where in the body a reference can state a relation: the status value, the `## Status` section
/// and the lines between the title and the first section.
struct RelationZones {
    zones: Vec<TextRange>,
}

impl RelationZones {
    fn of(text: &str, outline: &Outline) -> RelationZones {
        let mut zones = Vec::new();
        for field in &outline.metadata {
            if field.source != MetaSource::FrontMatter {
                zones.push(field.value_range);
            }
        }
        zones.extend(
            outline
                .all_sections()
                .filter(|s| {
                    outline
                        .headings
                        .get(s.heading)
                        .is_some_and(|h| h.normalized == "status")
                })
                .map(|s| s.own_body),
        );
        let preamble_start = outline
            .title_heading()
            .map(|h| h.range.end)
            .or(outline.front_matter.as_ref().map(|f| f.range.end))
            .unwrap_or(0);
        let preamble_end = outline
            .sections
            .first()
            .map_or(text.len(), |s| s.range.start);
        if preamble_start < preamble_end {
            zones.push(TextRange::new(preamble_start, preamble_end));
        }
        RelationZones { zones }
    }

    /// The words before a link that is alone on its line in a zone (`Clarifies [3. X](…)`), as
    /// adr-tools writes a relation of the team's own naming; `None` when a known relation phrase
    /// is there, when they end in `by`, or when the line holds anything but a few words and the
    /// link.
    fn label_at(&self, text: &str, link: TextRange) -> Option<String> {
        if !self.zones.iter().any(|z| z.contains(link.start)) {
            return None;
        }
        let line_start = text[..link.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[link.end..]
            .find('\n')
            .map_or(text.len(), |i| link.end + i);
        if !text[link.end..line_end].trim().is_empty() {
            return None;
        }
        let words = &text[line_start..link.start];
        if relation_before(words).is_some() || !words.ends_with(' ') {
            return None;
        }
        let words = words.trim();
        let word_count = words.split_whitespace().count();
        let well_formed = (1..=4).contains(&word_count)
            && words.len() <= 40
            && words.starts_with(|c: char| c.is_alphabetic())
            && words
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-');
        let reverse = words.to_lowercase().ends_with(" by");
        (well_formed && !reverse).then(|| crate::words::collapse_whitespace(words))
    }

    fn relation_at(&self, text: &str, offset: usize) -> Relation {
        if !self.zones.iter().any(|z| z.contains(offset)) {
            return Relation::Cites;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        relation_before(&text[line_start..offset]).unwrap_or(Relation::Cites)
    }
}

// ---- The index ------------------------------------------------------------------------------

/// What a reference says, as a key of the reverse maps: independent of which documents exist.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CitationKey {
    Id(String, u32),
    /// A normalised workspace-relative path.
    Path(String),
    /// A lower-case file stem (wiki links, URLs of rendered pages).
    Stem(String),
    /// A bare number (a URL ending in one, `…/rfcs/pull/2094`).
    Number(u32),
}

/// The part of `url` under a configured prefix, parsed.
pub fn under_prefix(settings: &IndexSettings, url: &str) -> Option<LinkTarget> {
    settings
        .url_prefixes
        .iter()
        .filter(|p| !p.is_empty())
        .find_map(|prefix| url.strip_prefix(prefix.as_str()))
        .map(|rest| LinkTarget::parse(rest.trim_start_matches('/')))
}

/// What a reference says, as the index's reverse maps key it: independent of which docs exist,
/// so that a citing doc is filed once and found whatever is added later. `None` for references
/// that cannot point at another doc (a same-doc anchor, an external URL).
pub fn citation_key(
    settings: &IndexSettings,
    from: &DocEntry,
    target: &RefTarget,
) -> Option<CitationKey> {
    match target {
        RefTarget::Id { prefix, number } => Some(CitationKey::Id(prefix.to_uppercase(), *number)),
        RefTarget::Link(link) if link.path.is_empty() => None,
        RefTarget::Link(link) => {
            let path = join_path(from.folder(), &link.path)?;
            let last = path.rsplit('/').next().unwrap_or(&path);
            if is_markdown_path(&path) {
                Some(CitationKey::Path(path))
            } else if !last.contains('.') {
                Some(CitationKey::Path(format!("{path}.md")))
            } else {
                None
            }
        }
        RefTarget::Wiki { name, .. } if name.trim().is_empty() => None,
        RefTarget::Wiki { name, .. } => match whole_id(name.trim()) {
            Some((prefix, number)) => Some(CitationKey::Id(prefix, number)),
            None => Some(CitationKey::Stem(file_stem(name.trim()))),
        },
        RefTarget::Url(url) => {
            let link = under_prefix(settings, url)?;
            match trailing_number(&link.path) {
                Some(number) => Some(CitationKey::Number(number)),
                None => Some(CitationKey::Stem(file_stem(&markdown_path(
                    link.path.trim_end_matches('/'),
                )))),
            }
        }
    }
}

/// Settings of the workspace that resolution needs (`[workspace]` of `docwright.toml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexSettings {
    /// Absolute URL prefixes under which the workspace's own documents are published
    /// (`https://github.com/rust-lang/rfcs/blob/master/`).
    pub url_prefixes: Vec<String>,
    /// The logs `[[logs]]` declares: (folder, id prefix of its records).
    pub logs: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, Default)]
pub struct Index {
    settings: IndexSettings,
    docs: BTreeMap<String, Arc<DocEntry>>,
    by_id: HashMap<(String, u32), PathSet>,
    by_number: HashMap<u32, PathSet>,
    by_stem: HashMap<String, PathSet>,
    /// By [`DocEntry::title_key`], for wiki links that name a document by its title.
    by_title: HashMap<String, PathSet>,
    /// Per id prefix, how many documents carry each number.
    numbers_per_prefix: HashMap<String, BTreeMap<u32, usize>>,
    /// Citing paths by what they cite.
    cited_by: HashMap<CitationKey, PathSet>,
    /// The same for "Supersedes …" references only: few, and asked for by every supersession
    /// rule.
    supersede_claims: HashMap<CitationKey, PathSet>,
    /// Changes with every [`Index::update`] and effective [`Index::remove`], to a value no other
    /// index of this process has had (0: never changed, so empty): an equal revision is an
    /// unchanged index, which lets a cache derived from it skip comparing every entry.
    revision: u64,
}

/// The next [`Index::revision`], shared by every index of the process.
static NEXT_REVISION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn add_to<K: std::hash::Hash + Eq>(map: &mut HashMap<K, PathSet>, key: K, path: &Arc<str>) {
    map.entry(key).or_default().insert(path);
}

fn remove_from<K: std::hash::Hash + Eq>(map: &mut HashMap<K, PathSet>, key: &K, path: &str) {
    if let Some(set) = map.get_mut(key) {
        set.remove(path);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

impl IndexSettings {
    pub fn from_config(config: &Config) -> IndexSettings {
        IndexSettings {
            url_prefixes: config.workspace.url_prefixes.clone(),
            logs: config
                .logs
                .iter()
                .map(|log| (log.path.clone(), log.id_prefix.clone()))
                .collect(),
        }
    }

    /// The declared log `path` lies in (the deepest), with its id prefix.
    fn declared_log(&self, path: &str) -> Option<&(String, Option<String>)> {
        self.logs
            .iter()
            .filter(|(folder, _)| {
                folder.is_empty()
                    || path
                        .strip_prefix(folder.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(folder, _)| folder.len())
    }

    /// Whether [`IndexSettings::assign_log`] would leave `entry` as it is.
    fn log_assigned(&self, entry: &DocEntry) -> bool {
        if let Some((folder, prefix)) = self.declared_log(&entry.path) {
            entry.log.as_deref() == Some(folder.as_str())
                && match (prefix, &entry.id) {
                    (Some(prefix), Some(id)) => id.prefix.as_deref() == Some(prefix.as_str()),
                    _ => true,
                }
        } else if entry.id.is_some() {
            entry.log.as_deref() == Some(entry.folder())
        } else {
            entry.log.is_none()
        }
    }

    /// Places `entry` in its log (see [`DocEntry::log`]), giving its id the log's prefix when
    /// the log declares one.
    pub fn assign_log(&self, entry: &mut DocEntry) {
        if let Some((folder, prefix)) = self.declared_log(&entry.path) {
            entry.log = Some(folder.clone());
            if let (Some(prefix), Some(id)) = (prefix, entry.id.as_mut()) {
                id.prefix = Some(prefix.clone());
            }
        } else if entry.id.is_some() {
            entry.log = Some(entry.folder().to_string());
        } else {
            entry.log = None;
        }
    }
}

impl Index {
    pub fn new(settings: IndexSettings) -> Index {
        Index {
            settings,
            ..Index::default()
        }
    }

    /// Makes room for `additional` more documents in the reverse maps that grow with the
    /// number of documents, so that filing a whole workspace does not grow (and rehash) them
    /// step by step. Room left unused is address space the system has not handed out yet.
    pub fn reserve(&mut self, additional: usize) {
        self.by_id.reserve(additional);
        self.by_number.reserve(additional);
        self.by_stem.reserve(additional);
        self.by_title.reserve(additional);
        self.cited_by.reserve(additional);
    }

    /// An index of every (path, text) given, detecting each kind with `hints_for(path)`.
    /// Parses in parallel; the edge reads the files.
    pub fn build<'t>(
        settings: IndexSettings,
        documents: impl rayon::iter::IntoParallelIterator<Item = (&'t str, &'t str)>,
        config: &Config,
        hints_for: &(dyn Fn(&str) -> PathHints + Sync),
    ) -> Index {
        use rayon::iter::ParallelIterator;
        let entries: Vec<DocEntry> = documents
            .into_par_iter()
            .map(|(path, text)| DocEntry::from_text(path, text, config, &hints_for(path)))
            .collect();
        let mut index = Index::new(settings);
        index.reserve(entries.len());
        for entry in entries {
            index.update(entry);
        }
        index
    }

    /// The index of `docs` under the default configuration, with no path hints: the set-up of
    /// the workspace rules' and digest's unit tests.
    #[cfg(test)]
    pub(crate) fn of_default_config(docs: &[(&str, &str)]) -> Index {
        let config = Config::default();
        Index::build(
            IndexSettings::from_config(&config),
            docs.to_vec(),
            &config,
            &|_| PathHints::default(),
        )
    }

    pub fn settings(&self) -> &IndexSettings {
        &self.settings
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn get(&self, path: &str) -> Option<&Arc<DocEntry>> {
        self.docs.get(path)
    }

    /// Changes whenever a document is added, replaced or removed, and is never the revision of
    /// another index of this process with other documents (a clone shares it until either
    /// changes).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Every document, by path.
    pub fn docs(&self) -> impl Iterator<Item = &Arc<DocEntry>> {
        self.docs.values()
    }

    /// Adds or replaces the entry of `entry.path`, touching only that document's entries.
    pub fn update(&mut self, mut entry: DocEntry) -> Arc<DocEntry> {
        self.settings.assign_log(&mut entry);
        self.insert_assigned(Arc::new(entry))
    }

    /// [`Index::update`] of an entry already shared (one read back from the persisted index):
    /// copied only when its log must change and something else holds it.
    pub fn update_shared(&mut self, mut entry: Arc<DocEntry>) -> Arc<DocEntry> {
        if !self.settings.log_assigned(&entry) {
            self.settings.assign_log(Arc::make_mut(&mut entry));
        }
        self.insert_assigned(entry)
    }

    fn insert_assigned(&mut self, entry: Arc<DocEntry>) -> Arc<DocEntry> {
        let path = entry.path.clone();
        self.remove(&path);
        // One shared copy of the path for every reverse map it goes in.
        let shared: Arc<str> = Arc::from(path.as_str());
        if let Some(id) = &entry.id {
            if let Some(prefix) = &id.prefix {
                add_to(&mut self.by_id, (prefix.clone(), id.number), &shared);
                *self
                    .numbers_per_prefix
                    .entry(prefix.clone())
                    .or_default()
                    .entry(id.number)
                    .or_default() += 1;
            }
            add_to(&mut self.by_number, id.number, &shared);
        }
        add_to(&mut self.by_stem, entry.stem(), &shared);
        if let Some(title) = entry.title_key() {
            add_to(&mut self.by_title, title, &shared);
        }
        for key in self.citation_keys(&entry) {
            add_to(&mut self.cited_by, key, &shared);
        }
        for key in self.supersede_keys(&entry) {
            add_to(&mut self.supersede_claims, key, &shared);
        }
        self.docs.insert(path, entry.clone());
        self.revision = next_revision();
        entry
    }

    /// Removes the document at `path` (if indexed) and everything it contributed.
    pub fn remove(&mut self, path: &str) -> Option<Arc<DocEntry>> {
        let old = self.docs.remove(path)?;
        self.revision = next_revision();
        if let Some(id) = &old.id {
            if let Some(prefix) = &id.prefix {
                remove_from(&mut self.by_id, &(prefix.clone(), id.number), path);
                if let Some(numbers) = self.numbers_per_prefix.get_mut(prefix) {
                    if let Some(count) = numbers.get_mut(&id.number) {
                        *count -= 1;
                        if *count == 0 {
                            numbers.remove(&id.number);
                        }
                    }
                    if numbers.is_empty() {
                        self.numbers_per_prefix.remove(prefix);
                    }
                }
            }
            remove_from(&mut self.by_number, &id.number, path);
        }
        remove_from(&mut self.by_stem, &old.stem(), path);
        if let Some(title) = old.title_key() {
            remove_from(&mut self.by_title, &title, path);
        }
        for key in self.citation_keys(&old) {
            remove_from(&mut self.cited_by, &key, path);
        }
        for key in self.supersede_keys(&old) {
            remove_from(&mut self.supersede_claims, &key, path);
        }
        Some(old)
    }

    /// What each reference of `entry` says, for the reverse maps.
    fn citation_keys(&self, entry: &DocEntry) -> BTreeSet<CitationKey> {
        entry
            .references
            .iter()
            .filter_map(|r| citation_key(&self.settings, entry, &r.target))
            .collect()
    }

    fn supersede_keys(&self, entry: &DocEntry) -> BTreeSet<CitationKey> {
        entry
            .related(Relation::Supersedes)
            .filter_map(|r| citation_key(&self.settings, entry, &r.target))
            .collect()
    }

    /// The keys under which references to the doc at `path` are filed.
    fn keys_of(&self, doc: &DocEntry) -> Vec<CitationKey> {
        let mut keys = vec![
            CitationKey::Path(doc.path.clone()),
            CitationKey::Stem(doc.stem()),
        ];
        // `[[Order search]]` is keyed as the stem it writes.
        if let Some(title) = doc.title_key()
            && title != doc.stem()
        {
            keys.push(CitationKey::Stem(title));
        }
        if let Some(id) = &doc.id {
            if let Some(prefix) = &id.prefix {
                keys.push(CitationKey::Id(prefix.clone(), id.number));
            }
            keys.push(CitationKey::Number(id.number));
        }
        keys
    }

    /// The paths of the documents with this prefix and number.
    pub fn paths_with_id(&self, prefix: &str, number: u32) -> impl Iterator<Item = &str> {
        self.by_id
            .get(&(prefix.to_uppercase(), number))
            .into_iter()
            .flat_map(PathSet::iter)
    }

    /// The paths of the documents with this number, whatever their prefix.
    pub fn paths_with_number(&self, number: u32) -> impl Iterator<Item = &str> {
        self.by_number
            .get(&number)
            .into_iter()
            .flat_map(PathSet::iter)
    }

    /// The paths of the documents whose title is `title` ([`title_key`]'s comparison).
    pub fn paths_with_title(&self, title: &str) -> impl Iterator<Item = &str> {
        self.by_title
            .get(&title_key(title))
            .into_iter()
            .flat_map(PathSet::iter)
    }

    /// The paths of the documents whose file stem (lower case) is `stem`.
    pub fn paths_with_stem(&self, stem: &str) -> impl Iterator<Item = &str> {
        self.by_stem
            .get(&stem.to_lowercase())
            .into_iter()
            .flat_map(PathSet::iter)
    }

    /// Whether any document has an id with this prefix.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.numbers_per_prefix
            .get(&prefix.to_uppercase())
            .is_some_and(|numbers| !numbers.is_empty())
    }

    /// Whether the documents with this prefix are numbered one after another, as a decision log
    /// numbers its records (at least half the numbers from the lowest to the highest are taken).
    /// A process whose numbers are given elsewhere (a Rust RFC takes its pull request's number;
    /// most pull requests are not RFCs) is sparse: a number it lacks says nothing.
    pub fn numbering_is_dense(&self, prefix: &str) -> bool {
        let Some(numbers) = self.numbers_per_prefix.get(&prefix.to_uppercase()) else {
            return false;
        };
        match (numbers.keys().next(), numbers.keys().next_back()) {
            (Some(&low), Some(&high)) => numbers.len() * 2 > (high - low) as usize,
            _ => false,
        }
    }

    /// Paths that cite `key` (as written; they may still resolve elsewhere, as when an id is
    /// claimed twice).
    pub fn citing(&self, key: &CitationKey) -> impl Iterator<Item = &str> {
        self.cited_by.get(key).into_iter().flat_map(PathSet::iter)
    }

    /// The documents with a reference whose key matches the doc at `path`, before resolution
    /// confirms it (`Index::backlinks` and `Index::supersede_claims`, in `resolve.rs`): from every
    /// reference, or from "Supersedes" references only.
    pub(crate) fn citer_candidates(&self, path: &str, supersedes_only: bool) -> BTreeSet<&str> {
        let Some(doc) = self.docs.get(path) else {
            return BTreeSet::new();
        };
        let map = if supersedes_only {
            &self.supersede_claims
        } else {
            &self.cited_by
        };
        self.keys_of(doc)
            .iter()
            .filter_map(|k| map.get(k))
            .flat_map(PathSet::iter)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, text: &str) -> DocEntry {
        DocEntry::from_text(path, text, &Config::default(), &PathHints::default())
    }

    fn relations(doc: &DocEntry) -> Vec<(Relation, &str)> {
        doc.references
            .iter()
            .map(|r| (r.relation, r.written.as_str()))
            .collect()
    }

    #[test]
    fn a_shared_entry_is_filed_as_update_files_it_and_copied_only_to_change_its_log() {
        let text = "# 1. Use X\n\n## Status\n\nAccepted\n\nSee ADR-0002.\n";
        let settings = IndexSettings {
            logs: vec![(String::from("docs/decisions"), Some(String::from("DEC")))],
            ..IndexSettings::default()
        };
        let mut by_update = Index::new(settings.clone());
        let updated = by_update.update(entry("docs/decisions/0001-use-x.md", text));
        assert_eq!(updated.log.as_deref(), Some("docs/decisions"));
        assert_eq!(updated.id.as_ref().unwrap().prefix.as_deref(), Some("DEC"));
        // An entry filed under other settings gets this index's log and prefix.
        let elsewhere = Arc::new(entry("docs/decisions/0001-use-x.md", text));
        let mut by_shared = Index::new(settings);
        let filed = by_shared.update_shared(elsewhere.clone());
        assert_eq!(*filed, *updated);
        assert!(!Arc::ptr_eq(&filed, &elsewhere), "copied to change its log");
        assert_eq!(
            by_shared.paths_with_id("DEC", 1).collect::<Vec<_>>(),
            ["docs/decisions/0001-use-x.md"]
        );
        // One already in place is filed as it is, not copied.
        let again = by_shared.update_shared(filed.clone());
        assert!(Arc::ptr_eq(&again, &filed));
        assert_eq!(by_shared.len(), 1);
    }

    #[test]
    fn relations_are_read_only_where_a_document_states_them() {
        let doc = entry(
            "docs/adr/0005-x.md",
            "# 5. X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\nSupersedes ADR-0002, \
             amends [ADR-0003](0003-y.md)\n\nAmended by ADR-0009\n\n## Context\n\nThis \
             supersedes ADR-0001 in prose only.\n",
        );
        assert_eq!(
            relations(&doc),
            vec![
                (Relation::Supersedes, "ADR-0002"),
                (Relation::Amends, "0003-y.md"),
                (Relation::AmendedBy, "ADR-0009"),
                (Relation::Cites, "ADR-0001"),
            ]
        );
    }

    #[test]
    fn front_matter_relations_in_yaml_and_toml() {
        let yaml = entry(
            "docs/decisions/0004-x.md",
            "---\nstatus: superseded by ADR-0007\nsupersedes:\n  - ADR-0001\n  - \
             0002-y.md#decision\nsuperseded_by: ADR-0007\ntitle: ADR-0099 is only a title\n---\n# \
             X\n",
        );
        assert_eq!(
            relations(&yaml),
            vec![
                (Relation::SupersededBy, "ADR-0007"),
                (Relation::Supersedes, "ADR-0001"),
                (Relation::Supersedes, "0002-y.md#decision"),
                (Relation::SupersededBy, "ADR-0007"),
            ]
        );
        let toml = entry(
            "docs/decisions/0004-x.md",
            "+++\nsupersedes = [\"ADR-0001\"]\n+++\n# X\n",
        );
        assert_eq!(relations(&toml), vec![(Relation::Supersedes, "ADR-0001")]);
    }

    #[test]
    fn wiki_links_outside_code_with_anchor_and_alias() {
        let doc = entry(
            "notes.md",
            "# Notes\n\n[[0007-use-postgres#decision|the decision]] `[[not this]]`\n\n```\n[[nor \
             this]]\n```\n[[]] [[a\nb]] [[ADR-0007]] [[1]](https://x.org) [[2]][r]\n\n[r]: \
             https://y.org\n",
        );
        // `[[1]](https://…)` and `[[2]][r]` are links in brackets, not wiki links.
        let targets: Vec<&RefTarget> = doc
            .references
            .iter()
            .map(|r| &r.target)
            .filter(|t| !matches!(t, RefTarget::Url(_)))
            .collect();
        assert_eq!(
            targets,
            vec![
                &RefTarget::Wiki {
                    name: "0007-use-postgres".into(),
                    anchor: Some("decision".into())
                },
                &RefTarget::Wiki {
                    name: "ADR-0007".into(),
                    anchor: None
                },
            ]
        );
    }

    #[test]
    fn links_to_other_schemes_images_and_the_id_in_a_link_text_are_not_extra_references() {
        let doc = entry(
            "a.md",
            "# A\n\n[mail](mailto:x@y.z) ![pic](0001-x.md) [ADR-0001](0001-x.md) \
             [RFC 2094](https://example.com/2094)\n",
        );
        assert_eq!(
            doc.references
                .iter()
                .map(|r| (r.form, r.written.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (RefForm::InlineLink, "0001-x.md"),
                (RefForm::InlineLink, "https://example.com/2094"),
                // An external link's text still names an RFC of the workspace.
                (RefForm::Textual, "RFC 2094"),
            ]
        );
    }

    #[test]
    fn an_anchor_without_the_dot_lower_casing_adds_names_the_section() {
        let doc = entry("tr.md", "# Karar\n\n## İlgili\n\nx\n");
        assert_eq!(doc.sections[1].anchor, "i\u{307}lgili");
        assert_eq!(
            doc.section("ilgili").map(|s| s.text.as_str()),
            Some("İlgili")
        );
        assert_eq!(
            doc.section("i\u{307}lgili").map(|s| s.text.as_str()),
            Some("İlgili")
        );
        assert!(doc.section("ilgil").is_none());
    }

    #[test]
    fn html_anchors_are_link_targets() {
        let doc = entry(
            "a.md",
            "# A\n\n## Overloading { #overload }\n\nSee [note 7](#7).\n\n<span id=\"7\"></span> <a name='Overload'>x</a>\n\n`<a \
             id=\"code\">`\n",
        );
        let anchors: Vec<&str> = doc.sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            vec!["a", "overloading--overload-", "overload", "7", "overload"]
        );
        assert!(doc.section("Overload").is_some());
    }

    #[test]
    fn removing_a_document_forgets_everything_it_contributed() {
        let mut index = Index::new(IndexSettings::default());
        index.update(entry("docs/adr/0001-a.md", "# 1. A\n\nSee ADR-0002.\n"));
        index.update(entry("docs/adr/0002-b.md", "# 2. B\n"));
        assert!(index.has_prefix("ADR"));
        assert_eq!(
            index.backlinks("docs/adr/0002-b.md"),
            vec!["docs/adr/0001-a.md"]
        );
        index.remove("docs/adr/0001-a.md");
        assert!(index.backlinks("docs/adr/0002-b.md").is_empty());
        assert!(
            index
                .citing(&CitationKey::Id("ADR".into(), 2))
                .next()
                .is_none()
        );
        index.remove("docs/adr/0002-b.md");
        assert!(!index.has_prefix("ADR"));
        assert!(index.is_empty());
        assert!(index.by_id.is_empty() && index.by_stem.is_empty() && index.by_number.is_empty());
    }
}

#[cfg(test)]
mod entry_tests {
    use super::*;

    #[test]
    fn adr_tools_links_of_the_teams_own_naming_keep_their_words() {
        let text = "# 4. X\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n\
            Clarifies [1. A](0001-a.md)\n\n\
            Extended by [5. E](0005-e.md)\n\n\
            Amends [2. B](0002-b.md)\n\n\
            Relates  to [3. C](0003-c.md)\n\n\
            Agreed in [the meeting](0006-m.md) last week\n\n\
            - Clarifies [7. G](0007-g.md)\n\n\
            ## Context\n\nClarifies [8. H](0008-h.md)\n";
        let entry = DocEntry::from_text(
            "doc/adr/0004-x.md",
            text,
            &Config::default(),
            &PathHints::default(),
        );
        let labels: Vec<(&str, Relation, Option<&str>)> = entry
            .references
            .iter()
            .map(|r| (r.written.as_str(), r.relation, r.label.as_deref()))
            .collect();
        assert_eq!(
            labels,
            vec![
                ("0001-a.md", Relation::Cites, Some("Clarifies")),
                ("0005-e.md", Relation::Cites, None),
                ("0002-b.md", Relation::Amends, None),
                ("0003-c.md", Relation::Cites, Some("Relates to")),
                ("0006-m.md", Relation::Cites, None),
                ("0007-g.md", Relation::Cites, None),
                ("0008-h.md", Relation::Cites, None),
            ]
        );
    }

    fn summary_of(text: &str) -> Option<String> {
        let outline = crate::outline::parse_outline_fast(text, Some("0007-x.md"));
        summary(text, &outline)
    }

    #[test]
    fn the_summary_section_wins_over_the_text_under_the_title() {
        let text = "# 7. Use PostgreSQL\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\nIt must be relational.\n\nSecond paragraph.\n";
        assert_eq!(
            summary_of(text).as_deref(),
            Some("We need a database. It must be relational.")
        );
        let rfc = "# Summary\n\n<!-- c -->\nOne para.\n\n# Motivation\n\nWhy.\n";
        assert_eq!(summary_of(rfc).as_deref(), Some("One para."));
    }

    #[test]
    fn metadata_bullets_code_and_comments_are_not_a_summary() {
        let text = "# Title\n\n* Status: accepted\n* Date: 2024-01-01\n\n```\ncode\n```\n\nThe real text.\n";
        assert_eq!(summary_of(text).as_deref(), Some("The real text."));
        assert_eq!(summary_of("# Only a title\n"), None);
    }

    #[test]
    fn only_design_docs_state_supersession() {
        let config = Config::default();
        let hints = PathHints::default();
        let text = "# Notes\n\nThis is superseded by ADR-0012.\n";
        let readme = DocEntry::from_text("README.md", text, &config, &hints);
        assert_eq!(readme.kind, None);
        assert_eq!(readme.references.len(), 1);
        assert_eq!(readme.references[0].relation, Relation::Cites);
        let adr = DocEntry::from_text(
            "docs/adr/0003-x.md",
            "# 3. X\n\n## Status\n\nSuperseded by ADR-0012\n\n## Context\n\nc\n",
            &config,
            &hints,
        );
        assert_eq!(adr.kind.as_deref(), Some("adr"));
        assert_eq!(adr.references[0].relation, Relation::SupersededBy);
    }

    #[test]
    fn an_rfc_is_named_by_its_feature_name_or_file_not_its_summary_heading() {
        let config = Config::default();
        let hints = PathHints::default();
        let rfc = "- Feature Name: `nll`\n- Start Date: 2017-08-02\n\n## Summary\n\nS.\n\n## Motivation\n\nM.\n\n## Guide-level explanation\n\nG.\n\n## Reference-level explanation\n\nR.\n\n## Drawbacks\n\nD.\n\n## Rationale and alternatives\n\nA.\n\n## Unresolved questions\n\nU.\n";
        let entry = DocEntry::from_text("text/2094-nll.md", rfc, &config, &hints);
        assert_eq!(entry.kind.as_deref(), Some("rfc"));
        assert_eq!(entry.title.as_deref(), Some("nll"));
        let unnamed = rfc.replace("- Feature Name: `nll`\n", "- Feature Name: (fill me in)\n");
        let entry = DocEntry::from_text(
            "text/2094-non-lexical-lifetimes.md",
            &unnamed,
            &config,
            &hints,
        );
        assert_eq!(entry.title.as_deref(), Some("non lexical lifetimes"));
        let adr = "# 7. Use PostgreSQL\n\n## Status\n\nAccepted\n\n## Context\n\nc\n";
        let entry = DocEntry::from_text("docs/adr/0007-use-postgresql.md", adr, &config, &hints);
        assert_eq!(entry.title.as_deref(), Some("Use PostgreSQL"));
    }

    #[test]
    fn long_summaries_are_cut_on_a_word() {
        let text = format!("# T\n\n## Summary\n\n{}\n", "word ".repeat(200));
        let summary = summary_of(&text).unwrap();
        assert!(summary.ends_with('…'));
        assert!(summary.chars().count() <= SUMMARY_MAX_CHARS + 1);
    }
}
