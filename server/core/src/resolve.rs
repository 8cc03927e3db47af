//! Resolution: what a reference written in one document points at in the workspace index.
//!
//! - A textual id (`ADR-0007`, `ADR 7`, `RFC 2094`, `KEP-1234`) → the doc whose id has that prefix
//!   and number (the prefix written in its file name, else its log's or its kind's), in the citing
//!   doc's own decision log first (ids are unique per log, not per workspace), else in the only
//!   log that has one.
//! - A relative link (`0007-use-postgres.md#decision`, `../adr/0003-x.md`, `my%20doc.md`) →
//!   relative to the citing doc's folder; a leading `/` is relative to the workspace root.
//! - A wiki link (`[[0007-use-postgres]]`, `[[ADR-0007]]`, `[[adr/0007-x#decision]]`,
//!   `[[Order search]]`, `[[#Context]]`) → by file stem (the citing folder first when two docs
//!   share one), else as an id or a path, else by the document's title; with no name, the citing
//!   document itself. Its anchor names a heading by slug or by text (`#Context and Scope`).
//! - An absolute URL under one of the configured `url-prefixes` → the rest as a
//!   workspace-relative path (`.html` read as `.md`, the rendered RFC book), by file stem, or, when
//!   it ends in a number (`…/rfcs/pull/2094`), by number. Other URLs are external and never
//!   fetched.
//!
//! Each may carry an anchor, resolved against the target's heading slugs.

use crate::index::{DocEntry, Index, RefTarget, Relation, SectionEntry, under_prefix};
pub use crate::links::{LinkTarget, is_absolute_url, join_path, percent_decode, relative_path};
use crate::links::{is_markdown_path, markdown_path, trailing_number, whole_id};

/// What a reference resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution<'i> {
    /// The doc, and the section when the reference names an anchor.
    Found {
        doc: &'i DocEntry,
        section: Option<&'i SectionEntry>,
    },
    /// The doc exists; the anchor is not one of its headings.
    MissingAnchor { doc: &'i DocEntry, anchor: String },
    /// No doc has that path, name or id.
    MissingDoc,
    /// Several docs claim the id or name (`duplicate-id` reports the claim).
    Ambiguous(Vec<&'i DocEntry>),
    /// A textual id whose prefix no doc of the workspace has: "RFC 1234" in an ADR repository
    /// cites the outside world.
    UnknownPrefix,
    /// Outside the workspace's docs: a URL not under a configured prefix, a file that is not
    /// Markdown, a path above the root.
    External,
}

impl<'i> Resolution<'i> {
    /// The doc the reference points at, when there is exactly one (its anchor may be missing).
    pub fn doc(&self) -> Option<&'i DocEntry> {
        match self {
            Resolution::Found { doc, .. } | Resolution::MissingAnchor { doc, .. } => Some(doc),
            _ => None,
        }
    }
}

/// Resolves one reference written in `from`.
pub fn resolve<'i>(index: &'i Index, from: &'i DocEntry, target: &RefTarget) -> Resolution<'i> {
    match target {
        RefTarget::Id { prefix, number } => by_id(index, from, prefix, *number),
        RefTarget::Link(link) => by_link(index, from, link),
        RefTarget::Wiki { name, anchor } => by_wiki(index, from, name, anchor.as_deref()),
        RefTarget::Url(url) => by_url(index, url),
    }
}

fn with_anchor<'i>(doc: &'i DocEntry, anchor: Option<&str>) -> Resolution<'i> {
    with_anchor_as(doc, anchor, false)
}

/// A wiki link's anchor names a heading by its slug or by its text (`#Context and Scope`).
fn with_wiki_anchor<'i>(doc: &'i DocEntry, anchor: Option<&str>) -> Resolution<'i> {
    with_anchor_as(doc, anchor, true)
}

fn with_anchor_as<'i>(doc: &'i DocEntry, anchor: Option<&str>, by_text: bool) -> Resolution<'i> {
    let section = |anchor: &str| {
        if by_text {
            doc.section_by_text(anchor)
        } else {
            doc.section(anchor)
        }
    };
    // GitHub slugs a heading's rendered text, in which the space before inline HTML or an
    // emoji (`## Tests <a name="tests"></a>`) survives as a trailing `-` that the heading's
    // plain text, trimmed, has lost: `#tests-` is that heading.
    let section = |anchor: &str| {
        section(anchor).or_else(|| {
            let trimmed = anchor.trim_matches('-');
            (!by_text && !trimmed.is_empty() && trimmed.len() < anchor.len())
                .then(|| section(trimmed))
                .flatten()
        })
    };
    match anchor.filter(|a| !a.is_empty()) {
        None => Resolution::Found { doc, section: None },
        Some(anchor) => match section(anchor) {
            Some(section) => Resolution::Found {
                doc,
                section: Some(section),
            },
            None => Resolution::MissingAnchor {
                doc,
                anchor: anchor.to_string(),
            },
        },
    }
}

/// One doc out of candidate paths: the only one, else the one in `prefer_folder`.
fn pick<'i>(
    index: &'i Index,
    paths: Vec<&'i str>,
    prefer_folder: Option<&str>,
    anchor: Option<&str>,
) -> Resolution<'i> {
    pick_as(index, paths, prefer_folder, anchor, with_anchor)
}

fn pick_as<'i>(
    index: &'i Index,
    paths: Vec<&'i str>,
    prefer_folder: Option<&str>,
    anchor: Option<&str>,
    with_anchor: fn(&'i DocEntry, Option<&str>) -> Resolution<'i>,
) -> Resolution<'i> {
    let docs: Vec<&DocEntry> = paths
        .into_iter()
        .filter_map(|p| index.get(p).map(|d| &**d))
        .collect();
    match docs.as_slice() {
        [] => Resolution::MissingDoc,
        [doc] => with_anchor(doc, anchor),
        _ => {
            let near: Vec<&DocEntry> = docs
                .iter()
                .copied()
                .filter(|d| Some(d.folder()) == prefer_folder)
                .collect();
            match near.as_slice() {
                [doc] => with_anchor(doc, anchor),
                _ => Resolution::Ambiguous(docs),
            }
        }
    }
}

/// An id names a record of a log: the citing document's own log first, then the only log that
/// has it. Several logs with that id and none of them the citer's: ambiguous (the candidates
/// are in different logs, which `ambiguous-reference` reports as an information); two records
/// of one log with the same id: ambiguous too (`duplicate-id` reports the claim).
fn by_id<'i>(index: &'i Index, from: &DocEntry, prefix: &str, number: u32) -> Resolution<'i> {
    if !index.has_prefix(prefix) {
        return Resolution::UnknownPrefix;
    }
    let docs: Vec<&DocEntry> = index
        .paths_with_id(prefix, number)
        .filter_map(|p| index.get(p).map(|d| &**d))
        .collect();
    match docs.as_slice() {
        [] => return Resolution::MissingDoc,
        [doc] => return with_anchor(doc, None),
        _ => {}
    }
    if from.log.is_some() {
        let own: Vec<&DocEntry> = docs.iter().copied().filter(|d| d.log == from.log).collect();
        match own.as_slice() {
            [doc] => return with_anchor(doc, None),
            [] => {}
            _ => return Resolution::Ambiguous(own),
        }
    }
    Resolution::Ambiguous(docs)
}

fn by_link<'i>(index: &'i Index, from: &'i DocEntry, link: &LinkTarget) -> Resolution<'i> {
    if link.path.is_empty() {
        return with_anchor(from, link.anchor.as_deref());
    }
    let Some(path) = join_path(from.folder(), &link.path) else {
        return Resolution::External;
    };
    if let Some(doc) = index.get(&path) {
        return with_anchor(doc, link.anchor.as_deref());
    }
    if is_markdown_path(&path) {
        return Resolution::MissingDoc;
    }
    // `0007-use-postgres` without its extension, as some sites write links.
    let last = path.rsplit('/').next().unwrap_or(&path);
    if !last.contains('.')
        && let Some(doc) = index.get(&format!("{path}.md"))
    {
        return with_anchor(doc, link.anchor.as_deref());
    }
    Resolution::External
}

fn by_wiki<'i>(
    index: &'i Index,
    from: &'i DocEntry,
    name: &str,
    anchor: Option<&str>,
) -> Resolution<'i> {
    let name = name.trim();
    // `[[#Context]]`: a heading of the citing document.
    if name.is_empty() {
        return with_wiki_anchor(from, anchor);
    }
    if name.contains('/') {
        let with_extension = if is_markdown_path(name) {
            name.to_string()
        } else {
            format!("{name}.md")
        };
        for folder in [from.folder(), ""] {
            if let Some(doc) = join_path(folder, &with_extension).and_then(|p| index.get(&p)) {
                return with_wiki_anchor(doc, anchor);
            }
        }
        return Resolution::MissingDoc;
    }
    let stem = crate::index::file_stem(name);
    let by_stem: Vec<&str> = index.paths_with_stem(&stem).collect();
    if !by_stem.is_empty() {
        return pick_as(
            index,
            by_stem,
            Some(from.folder()),
            anchor,
            with_wiki_anchor,
        );
    }
    if let Some((prefix, number)) = whole_id(name) {
        return match by_id(index, from, &prefix, number) {
            Resolution::Found { doc, .. } => with_wiki_anchor(doc, anchor),
            Resolution::UnknownPrefix => Resolution::MissingDoc,
            other => other,
        };
    }
    // `[[Order search]]`: a document by its title.
    let by_title: Vec<&str> = index.paths_with_title(name).collect();
    if !by_title.is_empty() {
        return pick_as(
            index,
            by_title,
            Some(from.folder()),
            anchor,
            with_wiki_anchor,
        );
    }
    Resolution::MissingDoc
}

fn by_url<'i>(index: &'i Index, url: &str) -> Resolution<'i> {
    let Some(link) = under_prefix(index.settings(), url) else {
        return Resolution::External;
    };
    let anchor = link.anchor.as_deref();
    if let Some(number) = trailing_number(&link.path) {
        return pick(
            index,
            index.paths_with_number(number).collect(),
            None,
            anchor,
        );
    }
    let path = markdown_path(link.path.trim_end_matches('/'));
    if let Some(doc) = index.get(&path) {
        return with_anchor(doc, anchor);
    }
    let stem = crate::index::file_stem(&path);
    pick(index, index.paths_with_stem(&stem).collect(), None, anchor)
}

/// What the index files by key, confirmed by resolution: which documents do cite a given one.
impl Index {
    /// Every document with a reference that resolves to `path`, sorted, without duplicates.
    pub fn backlinks(&self, path: &str) -> Vec<&str> {
        self.citers(path, None)
    }

    /// Every document that says "Supersedes" the doc at `path` (a reference of relation
    /// [`Relation::Supersedes`] that resolves to it), sorted.
    pub fn supersede_claims(&self, path: &str) -> Vec<&str> {
        self.citers(path, Some(Relation::Supersedes))
    }

    fn citers<'s>(&'s self, path: &str, relation: Option<Relation>) -> Vec<&'s str> {
        self.citer_candidates(path, relation.is_some())
            .into_iter()
            .filter(|citing| {
                self.get(citing).is_some_and(|citer| {
                    citer
                        .references
                        .iter()
                        .filter(|r| relation.is_none_or(|wanted| r.relation == wanted))
                        .any(|r| {
                            resolve(self, citer, &r.target)
                                .doc()
                                .is_some_and(|d| d.path == path)
                        })
                })
            })
            .collect()
    }
}

/// An edge of the decision graph.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// `from` replaces `to`.
    Supersedes,
    /// `from` changes part of `to`.
    Amends,
    /// A relation named in the team's own words, as adr-tools' `adr link` writes it:
    /// `Clarifies`, `Extends`.
    Named(String),
    /// `from` refers to `to`, and neither supersedes nor amends the other.
    Cites,
}

impl EdgeKind {
    /// The edge's label: `supersedes`, `amends`, `cites`, or a named relation's words.
    pub fn as_str(&self) -> &str {
        match self {
            EdgeKind::Supersedes => "supersedes",
            EdgeKind::Amends => "amends",
            EdgeKind::Named(words) => words,
            EdgeKind::Cites => "cites",
        }
    }
}

/// The decision graph of a workspace: which documents supersede, amend and cite which.
#[derive(Debug)]
pub struct DecisionGraph<'i> {
    /// Documents of a kind, and any document with an edge, by path.
    pub nodes: Vec<&'i DocEntry>,
    /// Sorted by (from, to, kind) paths, without duplicates or self-references.
    pub edges: Vec<(&'i DocEntry, &'i DocEntry, EdgeKind)>,
}

/// What one document's references add to the decision graph: (from, to, kind) by path, in the
/// order written. A long-lived caller keeps these per document (`site::PageCache`) and
/// re-resolves only the documents that changed, when no id, kind, log or path changed.
pub type GraphEdges = Vec<(String, String, EdgeKind)>;

/// The edges `doc`'s references add to the decision graph (see [`decision_graph`]).
pub fn graph_edges_of(index: &Index, doc: &DocEntry) -> GraphEdges {
    let mut edges = Vec::new();
    for reference in &doc.references {
        let Some(target) = resolve(index, doc, &reference.target).doc() else {
            continue;
        };
        if target.path == doc.path {
            continue;
        }
        let (from, to, kind) = match reference.relation {
            Relation::Supersedes => (&doc.path, &target.path, EdgeKind::Supersedes),
            Relation::SupersededBy => (&target.path, &doc.path, EdgeKind::Supersedes),
            Relation::Amends => (&doc.path, &target.path, EdgeKind::Amends),
            Relation::AmendedBy => (&target.path, &doc.path, EdgeKind::Amends),
            Relation::Cites => (
                &doc.path,
                &target.path,
                match &reference.label {
                    Some(words) => EdgeKind::Named(words.clone()),
                    None => EdgeKind::Cites,
                },
            ),
        };
        edges.push((from.clone(), to.clone(), kind));
    }
    edges
}

/// Resolves every reference of every document into the decision graph. A supersession written
/// at either end ("Superseded by B" in A, "Supersedes A" in B) is one edge B → A; a citation
/// between two documents that already supersede or amend one another is left out.
pub fn decision_graph(index: &Index) -> DecisionGraph<'_> {
    let per_doc: Vec<GraphEdges> = index.docs().map(|d| graph_edges_of(index, d)).collect();
    decision_graph_from(index, per_doc.iter())
}

/// [`decision_graph`] from every document's [`graph_edges_of`] (in any order).
pub fn decision_graph_from<'i, 'e>(
    index: &'i Index,
    per_doc: impl Iterator<Item = &'e GraphEdges>,
) -> DecisionGraph<'i> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut edges: BTreeMap<(&str, &str), BTreeSet<&EdgeKind>> = BTreeMap::new();
    for (from, to, kind) in per_doc.flatten() {
        edges
            .entry((from.as_str(), to.as_str()))
            .or_default()
            .insert(kind);
    }
    let related = |a: &str, b: &str| {
        [(a, b), (b, a)].iter().any(|pair| {
            edges
                .get(pair)
                .is_some_and(|kinds| kinds.iter().any(|k| **k != EdgeKind::Cites))
        })
    };
    let mut flat = Vec::new();
    for ((from, to), kinds) in &edges {
        for kind in kinds {
            if **kind == EdgeKind::Cites && related(from, to) {
                continue;
            }
            if let (Some(from), Some(to)) = (index.get(from), index.get(to)) {
                flat.push((&**from, &**to, (*kind).clone()));
            }
        }
    }
    let in_edges: BTreeSet<&str> = flat
        .iter()
        .flat_map(|(from, to, _)| [from.path.as_str(), to.path.as_str()])
        .collect();
    let nodes = index
        .docs()
        .filter(|d| d.kind.is_some() || in_edges.contains(d.path.as_str()))
        .map(|d| &**d)
        .collect();
    DecisionGraph { nodes, edges: flat }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_split_and_decode() {
        assert_eq!(
            LinkTarget::parse("../adr/my%20doc.md?plain=1#the%20decision"),
            LinkTarget {
                path: "../adr/my doc.md".into(),
                anchor: Some("the decision".into())
            }
        );
        assert_eq!(
            LinkTarget::parse("#decision"),
            LinkTarget {
                path: String::new(),
                anchor: Some("decision".into())
            }
        );
        assert_eq!(LinkTarget::parse("x.md#").anchor, None);
        // A malformed escape stays as written.
        assert_eq!(percent_decode("100%zz%2"), "100%zz%2");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }

    #[test]
    fn paths_join_relative_to_the_citing_folder() {
        assert_eq!(
            join_path("docs/adr", "0003-x.md").unwrap(),
            "docs/adr/0003-x.md"
        );
        assert_eq!(
            join_path("docs/adr", "../rfc/./1.md").unwrap(),
            "docs/rfc/1.md"
        );
        assert_eq!(join_path("docs/adr", "/README.md").unwrap(), "README.md");
        assert_eq!(join_path("", "../outside.md"), None);
        assert_eq!(
            join_path("/elsewhere/text", "../x/2071-a.md").unwrap(),
            "/elsewhere/x/2071-a.md"
        );
        assert_eq!(relative_path("docs/adr", "docs/rfc/1.md"), "../rfc/1.md");
        assert_eq!(relative_path("docs/adr", "docs/adr/2.md"), "2.md");
        assert_eq!(relative_path("", "a/b.md"), "a/b.md");
    }

    #[test]
    fn urls_are_recognised() {
        assert!(is_absolute_url("https://example.com/x"));
        assert!(is_absolute_url("HTTP://EXAMPLE.COM"));
        assert!(is_absolute_url("//cdn.example.com/x"));
        assert!(!is_absolute_url("0007-use-postgres.md"));
        assert!(!is_absolute_url("h"));
    }
}
