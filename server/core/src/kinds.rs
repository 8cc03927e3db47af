//! Document kinds as data.
//!
//! A kind is a table — its sections (names, aliases, order, purpose, template text), its status
//! vocabulary, its id pattern, where its files live — never a branch of code. The built-in kinds
//! live in [`builtin`]; `docwright.toml` adds kinds or overrides fields of built-in ones (see
//! `config`). Every rule reads only these tables.

use serde::{Deserialize, Serialize};

pub mod builtin;
pub mod detect;

/// The metadata key of the status, for every kind that does not name another.
pub const STATUS_META_KEY: &str = "status";

fn default_status_meta_key() -> String {
    STATUS_META_KEY.to_string()
}

fn is_default_status_meta_key(key: &str) -> bool {
    key == STATUS_META_KEY
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kind {
    /// Short machine name: `adr`, `madr`, `rfc`, `design-doc`, `postmortem`, `strategy`, or a
    /// team's own.
    pub name: String,
    /// For people: "Architecture decision record (Nygard)".
    pub display_name: String,
    /// One sentence on what documents of this kind are for.
    pub description: String,
    /// The sections in the order they belong.
    pub sections: Vec<SectionSpec>,
    /// Heading level of the kind's sections (2 for every built-in kind).
    pub section_level: u8,
    /// Whether the document must have a level-1 title.
    pub title_required: bool,
    /// Whether a status must be given (in the metadata the kind uses).
    pub status_required: bool,
    /// The metadata key the status is kept under (normalised): `status` for every built-in
    /// kind; a log's template may keep it under another (Ember's RFCs write `stage: accepted`),
    /// and its records are read by the same key.
    #[serde(
        default = "default_status_meta_key",
        skip_serializing_if = "is_default_status_meta_key"
    )]
    pub status_meta_key: String,
    pub statuses: Vec<StatusSpec>,
    /// Whether statuses outside `statuses` are expected: how strongly `invalid-status` speaks of
    /// one.
    #[serde(default)]
    pub status_vocabulary: StatusVocabulary,
    /// Where the status is written when Docwright writes one.
    pub status_location: MetaLocation,
    /// Whether a date is expected, and where.
    pub date_required: bool,
    pub date_location: MetaLocation,
    /// Front matter keys the kind uses, offered in completion.
    pub front_matter_keys: Vec<String>,
    /// Metadata keys (normalised: `start-date`, `rfc-pr`) that the kind's template writes and
    /// hardly any other does, in front matter or in the lines under the title. A document with
    /// two of them was written from the template: detection then takes half of the kind's
    /// required sections for a fit, where headings alone need all but one.
    #[serde(default)]
    pub metadata_keys: Vec<String>,
    /// Prefix of textual ids (`ADR`, `RFC`), used for references and the id pattern.
    pub id_prefix: Option<String>,
    /// Regex matched against the file name to extract the number (first capture group).
    pub id_pattern: Option<String>,
    /// Globs (workspace-relative) of files of this kind, tried before the shape of the headings.
    pub paths: Vec<String>,
    /// Heading template for the title, `{number}` and `{title}` substituted.
    pub title_template: String,
    /// The file `docwright new` fills for this kind (`template = "path"` in `docwright.toml`,
    /// relative to it); `None` for the built-in template.
    #[serde(default)]
    pub template: Option<String>,
    /// Orders of the sections the kind accepts besides the order of `sections` itself, each a
    /// list of section names; a section an order leaves out is free to go anywhere in it.
    /// adr-tools writes Status before Context, Nygard's 2011 post puts it after Decision: both
    /// are Nygard's ADR. `section-order` reports only what contradicts every accepted order.
    #[serde(default)]
    pub other_orders: Vec<Vec<String>>,
    /// Lines of the log's template that only make sense while it is unfilled (guidance
    /// sentences, `- <test>: <link to test coverage>`), each with white space collapsed and its
    /// list or quote marker removed: `placeholder-text` reports one left unchanged in a record.
    /// Empty for the built-in kinds (their sentences are in `outline::placeholder`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub template_lines: Vec<String>,
    /// The file name `docwright new` gives a document of this kind, when it is not numbered:
    /// `{week}` (the ISO week of the day, `2026-W48`), `{date}` (`2026-11-27`) and `{slug}` (of
    /// the title) are substituted. `None`: the next number and the title's slug, as every log
    /// does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
}

/// How a kind's status vocabulary treats a status it does not list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusVocabulary {
    /// The source lists its statuses as examples (MADR's list ends in "…"): another status is as
    /// good as these, and nothing is said of it.
    Open,
    /// The statuses the format names, which teams extend: another status is worth a hint, no
    /// more.
    #[default]
    Usual,
    /// Closed by the team (`statuses-open = false`): another status is a warning.
    Closed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSpec {
    /// The canonical heading, as a template writes it: "Context and Problem Statement".
    pub name: String,
    /// Other headings accepted for this section ("Detailed design" for "Reference-level
    /// explanation").
    pub aliases: Vec<String>,
    pub required: bool,
    /// One line on what the section is for, used in messages and hovers.
    pub purpose: String,
    /// The body a new section gets: template text with `{placeholders}`.
    pub template: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSpec {
    /// Lower case: `accepted`.
    pub name: String,
    /// What a reader should take the status to mean.
    pub meaning: String,
    /// Whether the status may be followed by a reference (`superseded by ADR-0012`).
    pub takes_reference: bool,
    /// Other spellings accepted when matching a written status (adr-tools' "Superceded").
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A written status value matched against a kind's vocabulary: "Superseded by [ADR-0012](…)".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusMatch<'k> {
    pub spec: &'k StatusSpec,
    /// What follows the status word(s), trimmed, with a leading `by`/`to` removed: the reference
    /// of a status that takes one ("[ADR-0012](…)"), else whatever trailing text was written.
    pub rest: String,
}

/// Where a kind keeps a metadata value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetaLocation {
    /// YAML front matter key (MADR 3/4).
    FrontMatter,
    /// A `## Status` section whose first paragraph is the value (Nygard).
    Section,
    /// A `Date: …` line under the title (Nygard).
    Line,
    /// A `* Status: …` bullet under the title (MADR 2, the RFC prelude).
    Bullet,
    /// Not used by this kind.
    None,
}

impl Kind {
    /// The section spec whose name or alias matches a normalised heading.
    pub fn section_for(&self, normalized_heading: &str) -> Option<(usize, &SectionSpec)> {
        self.sections.iter().enumerate().find(|(_, s)| {
            crate::outline::normalize::normalize_heading(&s.name) == normalized_heading
                || s.aliases
                    .iter()
                    .any(|a| crate::outline::normalize::normalize_heading(a) == normalized_heading)
        })
    }

    /// The status spec named `name` or one of its aliases, ignoring case and treating spaces and
    /// underscores as `-` ("In review" finds `in-review`).
    /// The document's status field, under the key this kind keeps it by.
    pub fn status_field<'o>(
        &self,
        outline: &'o crate::outline::Outline,
    ) -> Option<&'o crate::outline::MetaField> {
        outline.meta(&self.status_meta_key)
    }

    pub fn status(&self, name: &str) -> Option<&StatusSpec> {
        self.statuses.iter().find(|s| {
            same_status_key(&s.name, name) || s.aliases.iter().any(|a| same_status_key(a, name))
        })
    }

    /// Matches a written status value such as "Accepted", "superseded by ADR-0012" or
    /// "In review (since 2024-05-01)": the longest status name or alias the value starts with, on
    /// a word boundary, and the rest of the value.
    pub fn match_status(&self, value: &str) -> Option<StatusMatch<'_>> {
        let value = value.trim();
        let mut best: Option<(&StatusSpec, usize)> = None;
        for spec in &self.statuses {
            for candidate in std::iter::once(&spec.name).chain(spec.aliases.iter()) {
                let Some(len) = status_key_prefix(value, candidate) else {
                    continue;
                };
                let on_boundary = value[len..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if on_boundary && best.is_none_or(|(_, best_len)| len > best_len) {
                    best = Some((spec, len));
                }
            }
        }
        let (spec, matched_len) = best?;
        let rest = value[matched_len..].trim_start_matches([':', ',', '-', ' ', '\t']);
        let rest = ["by ", "to ", "By ", "To "]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .unwrap_or(rest);
        Some(StatusMatch {
            spec,
            rest: rest.trim().to_string(),
        })
    }
}

/// A status in comparable form: lower case, spaces and underscores as `-`.
fn status_key_byte(b: u8) -> u8 {
    match b {
        b' ' | b'_' => b'-',
        b => b.to_ascii_lowercase(),
    }
}

/// When `value` (trimmed) starts with `candidate` in comparable form (see [`status_key_byte`]),
/// the byte length of that start. Compared byte by byte, without building either key: the
/// comparable form changes ASCII bytes only, one for one, so lengths and char boundaries agree.
fn status_key_prefix(value: &str, candidate: &str) -> Option<usize> {
    let candidate = candidate.trim().as_bytes();
    let start = value.as_bytes().get(..candidate.len())?;
    let same = start
        .iter()
        .zip(candidate)
        .all(|(&a, &b)| status_key_byte(a) == status_key_byte(b));
    (same && value.is_char_boundary(candidate.len())).then_some(candidate.len())
}

/// Whether two statuses are the same in comparable form (see [`status_key_byte`]).
fn same_status_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a.len() == b.len() && status_key_prefix(a, b).is_some()
}
