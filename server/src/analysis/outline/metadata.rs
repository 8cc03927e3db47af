//! Metadata wherever the template keeps it: front matter (YAML via serde-saphyr, TOML), Nygard's
//! `Date:` line and `## Status` section, MADR 2's bullet list, the Rust RFC prelude; and the
//! document's number from its file name, front matter or title.

use crate::analysis::outline::{DocNumber, FrontMatterBlock, Heading, MetaField, OutlineProblem, Section};

pub struct MetadataInput<'a> {
    pub text: &'a str,
    pub front_matter: Option<&'a FrontMatterBlock>,
    pub headings: &'a [Heading],
    pub title: Option<usize>,
    pub sections: &'a [Section],
    /// The file name (no folders), when the document has one: `0007-use-postgres.md`.
    pub file_name: Option<&'a str>,
}

#[derive(Default)]
pub struct ExtractedMetadata {
    pub fields: Vec<MetaField>,
    pub number: Option<DocNumber>,
    pub problems: Vec<OutlineProblem>,
}

pub fn extract(_input: &MetadataInput) -> ExtractedMetadata {
    ExtractedMetadata::default()
}
