//! Go to definition: from a reference under the cursor to the document or section it names.

use crate::index::{DocEntry, Index, Reference};
use crate::navigation::reference_at;
use crate::position::TextRange;
use crate::resolve::{Resolution, resolve};

/// A place in another (or the same) document: a workspace-relative path and a byte range in its
/// text. Owned, so that the caller can let go of the index before reading files to place it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    pub path: String,
    pub range: TextRange,
}

/// The reference under `offset` and what it resolves to.
pub fn resolved_reference_at<'i>(
    index: &'i Index,
    from: &'i DocEntry,
    offset: usize,
) -> Option<(&'i Reference, Resolution<'i>)> {
    let reference = reference_at(from, offset)?;
    Some((reference, resolve(index, from, &reference.target)))
}

/// Where a resolution leads: the section's heading, else the document's title (or first line).
/// A missing anchor still leads to its document; an ambiguous id leads to every candidate, so the
/// editor can offer the choice.
pub fn destinations(resolution: &Resolution) -> Vec<Destination> {
    let at_title = |doc: &DocEntry| Destination {
        path: doc.path.clone(),
        range: doc.title_range,
    };
    match resolution {
        Resolution::Found { doc, section } => vec![Destination {
            path: doc.path.clone(),
            range: section.map_or(doc.title_range, |s| s.range),
        }],
        Resolution::MissingAnchor { doc, .. } => vec![at_title(doc)],
        Resolution::Ambiguous(docs) => docs.iter().map(|doc| at_title(doc)).collect(),
        Resolution::MissingDoc | Resolution::UnknownPrefix | Resolution::External => Vec::new(),
    }
}

/// The definition of the reference at `offset` in `from`: empty when the cursor is not on a
/// reference or the reference leads outside the workspace's documents.
pub fn definition(index: &Index, from: &DocEntry, offset: usize) -> Vec<Destination> {
    resolved_reference_at(index, from, offset)
        .map(|(_, resolution)| destinations(&resolution))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    fn index(docs: &[(&str, &str)]) -> Index {
        Index::build(
            IndexSettings {
                url_prefixes: vec!["https://example.com/docs/".into()],
                ..IndexSettings::default()
            },
            docs.to_vec(),
            &Config::default(),
            &|_| PathHints::default(),
        )
    }

    fn definition_of(index: &Index, path: &str, needle: &str) -> Vec<Destination> {
        let from = index.get(path).unwrap();
        let text_offset = DOCS
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.find(needle).unwrap())
            .unwrap();
        definition(index, from, text_offset + 1)
    }

    const DOCS: &[(&str, &str)] = &[
        ("adr/0001-a.md", "# 1. A\n\n## Decision\n\nWe do A.\n"),
        (
            "adr/0002-b.md",
            "# 2. B\n\nSee ADR-0001, [the decision](0001-a.md#decision), [[0001-a]], \
             [page](https://example.com/docs/adr/0001-a.html), [gone](0009-x.md), ADR-0003 \
             and [label][l].\n\n[l]: 0001-a.md#decision\n",
        ),
        ("adr/0003-c.md", "# 3. C\n"),
        ("other/0003-c.md", "# 3. C again\n"),
        ("other/ADR-0003.md", "# ADR-0003 claimed twice\n"),
        ("README.md", "# Readme\n\nSee ADR-0003 for C.\n"),
    ];

    #[test]
    fn each_form_leads_to_the_document_or_its_section() {
        let index = index(DOCS);
        let title = TextRange::new(0, 6);
        let decision = TextRange::new(8, 19);
        let at = |range| {
            vec![Destination {
                path: "adr/0001-a.md".into(),
                range,
            }]
        };
        assert_eq!(
            definition_of(&index, "adr/0002-b.md", "ADR-0001"),
            at(title)
        );
        assert_eq!(
            definition_of(&index, "adr/0002-b.md", "[the decision]"),
            at(decision)
        );
        assert_eq!(
            definition_of(&index, "adr/0002-b.md", "[[0001-a]]"),
            at(title)
        );
        assert_eq!(definition_of(&index, "adr/0002-b.md", "[page]"), at(title));
        assert_eq!(
            definition_of(&index, "adr/0002-b.md", "[label][l]"),
            at(decision)
        );
        assert!(definition_of(&index, "adr/0002-b.md", "[gone]").is_empty());
        assert!(definition_of(&index, "adr/0002-b.md", "See").is_empty());
    }

    #[test]
    fn an_ambiguous_id_leads_to_every_candidate() {
        let index = index(DOCS);
        // From a document in no decision log, ADR-0003 is either log's.
        let paths: Vec<String> = definition_of(&index, "README.md", "ADR-0003 ")
            .into_iter()
            .map(|d| d.path)
            .collect();
        assert_eq!(paths, vec!["adr/0003-c.md", "other/ADR-0003.md"]);
        // From a record of `adr/`, it is that log's own.
        let paths: Vec<String> = definition_of(&index, "adr/0002-b.md", "ADR-0003 ")
            .into_iter()
            .map(|d| d.path)
            .collect();
        assert_eq!(paths, vec!["adr/0003-c.md"]);
    }
}
