//! Document links: every reference that resolves to a document of the workspace becomes a link
//! to that file (and, for an anchor, to its heading), whatever its form: ids like `ADR-0007` and
//! `[[wiki]]` links, which no Markdown extension links, included. External URLs are left to the
//! editor's own Markdown support; nothing is ever fetched.

use crate::index::{DocEntry, Index};
use crate::position::TextRange;
use crate::resolve::{Resolution, resolve};
use crate::workspace_rules::doc_name;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLink {
    /// The reference, in the document asked about.
    pub range: TextRange,
    /// The target document, workspace-relative.
    pub path: String,
    /// The target heading, for a reference to a section.
    pub section: Option<TextRange>,
    pub tooltip: String,
}

/// The links of `from`, in document order. A reference whose target is missing or ambiguous gets
/// none (the diagnostics and hover explain it).
pub fn document_links(index: &Index, from: &DocEntry) -> Vec<DocLink> {
    from.references
        .iter()
        .filter_map(|reference| {
            let (doc, section) = match resolve(index, from, &reference.target) {
                Resolution::Found { doc, section } => (doc, section),
                Resolution::MissingAnchor { doc, .. } => (doc, None),
                _ => return None,
            };
            let mut tooltip = match doc.title.as_deref() {
                Some(title) if doc.id.as_ref().is_some_and(|id| id.prefix.is_some()) => {
                    format!("{}: {title}", doc_name(doc))
                }
                Some(title) => title.to_string(),
                None => doc.path.clone(),
            };
            if let Some(section) = section {
                tooltip.push_str(" § ");
                tooltip.push_str(&section.text);
            }
            if doc.is_superseded() {
                tooltip.push_str(" (superseded)");
            }
            Some(DocLink {
                range: reference.range,
                path: doc.path.clone(),
                section: section.map(|s| s.range),
                tooltip,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    #[test]
    fn references_to_workspace_documents_become_links() {
        let a = "# 1. A\n\n## Status\n\nSuperseded by ADR-0002\n\n## Decision\n\nA.\n";
        let b = "# 2. B\n\nSee ADR-0001, [d](0001-a.md#decision), [[0001-a]], ADR-0042, [w](https://example.com) and [m](0099-x.md).\n";
        let index = Index::build(
            IndexSettings::default(),
            vec![("adr/0001-a.md", a), ("adr/0002-b.md", b)],
            &Config::default(),
            &|_| PathHints::default(),
        );
        let links = document_links(&index, index.get("adr/0002-b.md").unwrap());
        let summary: Vec<(&str, &str, bool)> = links
            .iter()
            .map(|l| (l.range.slice(b), l.tooltip.as_str(), l.section.is_some()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("ADR-0001", "ADR-0001: A (superseded)", false),
                (
                    "[d](0001-a.md#decision)",
                    "ADR-0001: A § Decision (superseded)",
                    true
                ),
                ("[[0001-a]]", "ADR-0001: A (superseded)", false),
            ]
        );
    }
}
