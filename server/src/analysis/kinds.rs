//! Document kinds as data.
//!
//! A kind is a table — its sections (names, aliases, order, purpose, template text), its status
//! vocabulary, its id pattern, where its files live — never a branch of code. The built-in kinds
//! live in [`builtin`]; `docwright.toml` adds kinds or overrides fields of built-in ones (see
//! `config`). Every rule reads only these tables.

use serde::{Deserialize, Serialize};

pub mod builtin;
pub mod detect;

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
    pub statuses: Vec<StatusSpec>,
    /// Where the status is written when Docwright writes one.
    pub status_location: MetaLocation,
    /// Whether a date is expected, and where.
    pub date_required: bool,
    pub date_location: MetaLocation,
    /// Front matter keys the kind uses, offered in completion.
    pub front_matter_keys: Vec<String>,
    /// Prefix of textual ids (`ADR`, `RFC`), used for references and the id pattern.
    pub id_prefix: Option<String>,
    /// Regex matched against the file name to extract the number (first capture group).
    pub id_pattern: Option<String>,
    /// Globs (workspace-relative) of files of this kind, tried before the shape of the headings.
    pub paths: Vec<String>,
    /// Heading template for the title, `{number}` and `{title}` substituted.
    pub title_template: String,
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
            crate::analysis::outline::normalize::normalize_heading(&s.name) == normalized_heading
                || s.aliases.iter().any(|a| {
                    crate::analysis::outline::normalize::normalize_heading(a) == normalized_heading
                })
        })
    }

    pub fn status(&self, name: &str) -> Option<&StatusSpec> {
        self.statuses.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }
}
