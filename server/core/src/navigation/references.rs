//! Find references: every place in the workspace that cites a document or one of its sections.
//!
//! The candidates come from the index's reverse maps (`Index::backlinks`), so only the documents
//! that cite the subject are looked at; each of their references is then resolved to keep exactly
//! the ones that lead to the subject.

use crate::index::{DocEntry, Index, RefTarget};
use crate::navigation::definition::{Destination, resolved_reference_at};
use crate::navigation::heading_at;
use crate::resolve::{Resolution, resolve};

/// What references are asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A whole document, by workspace-relative path: every reference to it, with or without an
    /// anchor.
    Doc { path: String },
    /// One section (or HTML anchor) of a document: only the references naming that anchor.
    Section { path: String, anchor: String },
}

impl Subject {
    pub fn path(&self) -> &str {
        match self {
            Subject::Doc { path } | Subject::Section { path, .. } => path,
        }
    }
}

/// The subject under the cursor, as marksman chooses it: on a reference, what it resolves to; on
/// the title (or the first line of a doc without one), the document; on another heading, that
/// section. `None` elsewhere.
pub fn subject_at(index: &Index, from: &DocEntry, offset: usize) -> Option<Subject> {
    if let Some((_, resolution)) = resolved_reference_at(index, from, offset) {
        return match resolution {
            Resolution::Found {
                doc,
                section: Some(section),
            } => Some(Subject::Section {
                path: doc.path.clone(),
                anchor: section.anchor.clone(),
            }),
            Resolution::Found { doc, section: None } | Resolution::MissingAnchor { doc, .. } => {
                Some(Subject::Doc {
                    path: doc.path.clone(),
                })
            }
            _ => None,
        };
    }
    if from.title_range.start <= offset && offset <= from.title_range.end {
        return Some(Subject::Doc {
            path: from.path.clone(),
        });
    }
    heading_at(from, offset).map(|section| Subject::Section {
        path: from.path.clone(),
        anchor: section.anchor.clone(),
    })
}

/// Where the subject itself is written: the section's heading, or the document's title.
pub fn declaration(index: &Index, subject: &Subject) -> Option<Destination> {
    let doc = index.get(subject.path())?;
    let range = match subject {
        Subject::Doc { .. } => doc.title_range,
        Subject::Section { anchor, .. } => doc.section(anchor)?.range,
    };
    Some(Destination {
        path: doc.path.clone(),
        range,
    })
}

/// Every reference to the subject, by citing path then position. A document's links to its own
/// anchors count for its sections, not for the document as a whole.
pub fn references(index: &Index, subject: &Subject) -> Vec<Destination> {
    let target_path = subject.path();
    let Some(target) = index.get(target_path) else {
        return Vec::new();
    };
    let mut citing: Vec<&str> = index.backlinks(target_path);
    // Links to an anchor of the same document (`[x](#decision)`) are not in the reverse maps.
    if matches!(subject, Subject::Section { .. }) && !citing.contains(&target_path) {
        citing.push(target_path);
        citing.sort_unstable();
    }
    let mut found = Vec::new();
    for citing_path in citing {
        let Some(citer) = index.get(citing_path) else {
            continue;
        };
        for reference in &citer.references {
            let is_own_anchor =
                matches!(&reference.target, RefTarget::Link(l) if l.path.is_empty());
            if matches!(subject, Subject::Doc { .. }) && is_own_anchor {
                continue;
            }
            if leads_to(&resolve(index, citer, &reference.target), target, subject) {
                found.push(Destination {
                    path: citer.path.clone(),
                    range: reference.range,
                });
            }
        }
    }
    found
}

fn leads_to(resolution: &Resolution, target: &DocEntry, subject: &Subject) -> bool {
    match (resolution, subject) {
        (
            Resolution::Found { doc, .. } | Resolution::MissingAnchor { doc, .. },
            Subject::Doc { .. },
        ) => doc.path == target.path,
        (
            Resolution::Found {
                doc,
                section: Some(section),
            },
            Subject::Section { anchor, .. },
        ) => doc.path == target.path && section.anchor == *anchor,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;
    use crate::position::TextRange;

    const A: &str =
        "# 1. A\n\n## Context\n\nWhy. See [below](#decision).\n\n## Decision\n\nWe do A.\n";
    const B: &str = "# 2. B\n\nBuilds on ADR-0001 and [its decision](0001-a.md#decision).\n";
    const C: &str = "# 3. C\n\nSee [[0001-a#context]] and [B](0002-b.md).\n";

    fn index() -> Index {
        Index::build(
            IndexSettings::default(),
            vec![
                ("adr/0001-a.md", A),
                ("adr/0002-b.md", B),
                ("adr/0003-c.md", C),
            ],
            &Config::default(),
            &|_| PathHints::default(),
        )
    }

    fn texts(found: &[Destination]) -> Vec<(String, &str)> {
        found
            .iter()
            .map(|d| {
                let text = match d.path.as_str() {
                    "adr/0001-a.md" => A,
                    "adr/0002-b.md" => B,
                    _ => C,
                };
                (d.path.clone(), d.range.slice(text))
            })
            .collect()
    }

    #[test]
    fn a_document_is_cited_by_every_reference_to_it_from_other_documents() {
        let index = index();
        let subject = subject_at(&index, index.get("adr/0001-a.md").unwrap(), 3).unwrap();
        assert_eq!(
            subject,
            Subject::Doc {
                path: "adr/0001-a.md".into()
            }
        );
        assert_eq!(
            texts(&references(&index, &subject)),
            vec![
                ("adr/0002-b.md".into(), "ADR-0001"),
                ("adr/0002-b.md".into(), "[its decision](0001-a.md#decision)"),
                ("adr/0003-c.md".into(), "[[0001-a#context]]"),
            ]
        );
        assert_eq!(
            declaration(&index, &subject).unwrap().range,
            TextRange::new(0, 6)
        );
    }

    #[test]
    fn a_section_is_cited_only_by_references_naming_its_anchor() {
        let index = index();
        let a = index.get("adr/0001-a.md").unwrap();
        let on_heading = A.find("## Decision").unwrap() + 4;
        let subject = subject_at(&index, a, on_heading).unwrap();
        assert_eq!(
            texts(&references(&index, &subject)),
            vec![
                ("adr/0001-a.md".into(), "[below](#decision)"),
                ("adr/0002-b.md".into(), "[its decision](0001-a.md#decision)"),
            ]
        );
        // From a reference: the same subject as from its target's heading.
        let b = index.get("adr/0002-b.md").unwrap();
        let on_link = B.find("[its").unwrap() + 2;
        assert_eq!(subject_at(&index, b, on_link), Some(subject));
        // Body text is no subject.
        assert_eq!(subject_at(&index, a, A.find("Why").unwrap()), None);
    }
}
