//! Code lenses on a document's title: how many documents cite it, and where it stands in the
//! supersession graph ("superseded by ADR-0012", "supersedes ADR-0003").

use crate::index::{DocEntry, Index, Relation};
use crate::position::TextRange;
use crate::resolve::resolve;
use crate::workspace_rules::{WorkspaceContext, doc_name};

/// One lens: its text, and the places it leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleLens {
    /// Where the lens sits: the title heading.
    pub range: TextRange,
    /// `cited by 3 docs`, `superseded by ADR-0012`.
    pub title: String,
    /// What clicking shows: (index path, byte range in that document).
    pub targets: Vec<(String, TextRange)>,
}

/// The lenses of `doc`'s title, in a stable order: citations, then successors, then
/// predecessors. A lens is there only when it has something to say: no "cited by no docs" above
/// every uncited document. A template's references are examples, so templates neither get nor
/// give citations.
pub fn title_lenses(ctx: &WorkspaceContext, doc: &DocEntry) -> Vec<TitleLens> {
    let index = ctx.index;
    if doc.is_template {
        return Vec::new();
    }
    let range = doc.title_range;
    let mut lenses: Vec<TitleLens> = citations_lens(index, doc).into_iter().collect();
    let successors = ctx.successors(doc);
    if !successors.is_empty() {
        lenses.push(TitleLens {
            range,
            title: format!("superseded by {}", names(&successors)),
            targets: successors
                .iter()
                .map(|d| (d.path.clone(), d.title_range))
                .collect(),
        });
    }
    let predecessors = predecessors(index, doc);
    if !predecessors.is_empty() {
        lenses.push(TitleLens {
            range,
            title: format!("supersedes {}", names(&predecessors)),
            targets: predecessors
                .iter()
                .map(|d| (d.path.clone(), d.title_range))
                .collect(),
        });
    }
    lenses
}

/// "cited by N docs", leading to each citing reference; `None` when no document cites it.
fn citations_lens(index: &Index, doc: &DocEntry) -> Option<TitleLens> {
    let mut targets = Vec::new();
    let mut citers = 0;
    for path in index.backlinks(&doc.path) {
        let Some(citer) = index.get(path) else {
            continue;
        };
        if citer.path == doc.path || citer.is_template {
            continue;
        }
        citers += 1;
        targets.extend(
            citer
                .references
                .iter()
                .filter(|r| {
                    resolve(index, citer, &r.target).doc().map(|d| &d.path) == Some(&doc.path)
                })
                .map(|r| (citer.path.clone(), r.range)),
        );
    }
    let title = match citers {
        0 => return None,
        1 => String::from("cited by 1 doc"),
        n => format!("cited by {n} docs"),
    };
    Some(TitleLens {
        range: doc.title_range,
        title,
        targets,
    })
}

/// The documents `doc` replaces: those it says it supersedes, and those that say it supersedes
/// them. By path, without duplicates.
fn predecessors<'i>(index: &'i Index, doc: &DocEntry) -> Vec<&'i DocEntry> {
    let Some(doc) = index.get(&doc.path) else {
        return Vec::new();
    };
    let mut found: Vec<&DocEntry> = doc
        .related(Relation::Supersedes)
        .filter_map(|r| resolve(index, doc, &r.target).doc())
        .collect();
    for path in index.backlinks(&doc.path) {
        if let Some(citer) = index.get(path)
            && citer
                .related(Relation::SupersededBy)
                .any(|r| resolve(index, citer, &r.target).doc().map(|d| &d.path) == Some(&doc.path))
        {
            found.push(citer);
        }
    }
    found.retain(|d| d.path != doc.path);
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    found
}

/// `ADR-0003`, `ADR-0003, ADR-0004`.
fn names(docs: &[&DocEntry]) -> String {
    docs.iter()
        .map(|d| doc_name(d))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    fn workspace(extra: &[(&'static str, &'static str)]) -> Index {
        let mut docs = vec![
            (
                "adr/0003-use-mysql.md",
                "# 3. Use MySQL\n\n## Status\n\nSuperseded by ADR-0007\n",
            ),
            (
                "adr/0007-use-postgresql.md",
                "# 7. Use PostgreSQL\n\n## Status\n\nAccepted\n\nSupersedes ADR-0003\n\n## Context\n\nADR-0007 is this one.\n",
            ),
            (
                "adr/0009-use-read-replicas.md",
                "# 9. Use read replicas\n\n## Status\n\nAccepted\n\n## Context\n\nADR-0007 chose the store; so does [this](0007-use-postgresql.md).\n",
            ),
        ];
        docs.extend_from_slice(extra);
        Index::build(IndexSettings::default(), docs, &Config::default(), &|_| {
            PathHints::default()
        })
    }

    fn lenses(index: &Index, path: &str) -> Vec<TitleLens> {
        let config = Config::default();
        title_lenses(
            &WorkspaceContext::new(index, &config),
            index.get(path).unwrap(),
        )
    }

    fn titles(index: &Index, path: &str) -> Vec<String> {
        lenses(index, path).into_iter().map(|l| l.title).collect()
    }

    #[test]
    fn citations_count_documents_not_references_nor_the_document_itself() {
        let index = workspace(&[]);
        // ADR-0003 cites it in its status; ADR-0009 twice; ADR-0007 itself not counted.
        assert_eq!(
            titles(&index, "adr/0007-use-postgresql.md"),
            ["cited by 2 docs", "supersedes ADR-0003"]
        );
        let lens = &lenses(&index, "adr/0007-use-postgresql.md")[0];
        let citing: Vec<&str> = lens.targets.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            citing,
            [
                "adr/0003-use-mysql.md",
                "adr/0009-use-read-replicas.md",
                "adr/0009-use-read-replicas.md"
            ]
        );
    }

    #[test]
    fn the_superseded_doc_names_its_successor() {
        let index = workspace(&[]);
        assert_eq!(
            titles(&index, "adr/0003-use-mysql.md"),
            ["cited by 1 doc", "superseded by ADR-0007"]
        );
        // Nothing to say: no lens.
        assert!(titles(&index, "adr/0009-use-read-replicas.md").is_empty());
    }

    #[test]
    fn templates_get_no_lens_and_count_for_nothing() {
        let index = workspace(&[(
            "adr/0000-template.md",
            "# 0. Title\n\n## Status\n\nAccepted\n\n## Context\n\nSee ADR-0009.\n",
        )]);
        assert!(titles(&index, "adr/0000-template.md").is_empty());
        // Nothing to say: no lens.
        assert!(titles(&index, "adr/0009-use-read-replicas.md").is_empty());
    }
}
