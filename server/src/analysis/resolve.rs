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

use crate::analysis::index::{
    CitationKey, DocEntry, Index, IndexSettings, RefTarget, SectionEntry,
};

/// A link destination, split and decoded: `../adr/my%20doc.md?x=1#decision` →
/// (`../adr/my doc.md`, `decision`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LinkTarget {
    /// Percent-decoded, query removed; empty for `#anchor` alone.
    pub path: String,
    /// Percent-decoded; `None` when absent or empty.
    pub anchor: Option<String>,
}

impl LinkTarget {
    pub fn parse(destination: &str) -> LinkTarget {
        let (before_anchor, anchor) = match destination.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (destination, None),
        };
        let path = before_anchor.split('?').next().unwrap_or(before_anchor);
        LinkTarget {
            path: percent_decode(path.trim()),
            anchor: anchor
                .map(|a| percent_decode(a.trim()))
                .filter(|a| !a.is_empty()),
        }
    }
}

/// `%20` → ` `; malformed escapes and invalid UTF-8 are kept as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// `http://`, `https://` or protocol-relative `//`: a URL, not a path in the workspace.
pub fn is_absolute_url(destination: &str) -> bool {
    let lower = destination
        .trim_start()
        .get(..8)
        .unwrap_or(destination)
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || destination.starts_with("//")
}

/// `folder` joined with the relative `path`, `.` and `..` resolved, `/` separators: `None` when
/// it climbs above the workspace root. A leading `/` starts from the root.
///
/// A document outside the workspace root has an absolute path (the edge's choice, as for
/// `docwright check /elsewhere/doc.md`); its links resolve against its absolute folder and stay
/// absolute.
pub fn join_path(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { folder };
    let absolute = start.starts_with('/');
    for part in start.split('/').chain(path.split(['/', '\\'])) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    Some(if absolute {
        format!("/{joined}")
    } else {
        joined
    })
}

/// Whether a path names a Markdown file.
fn is_markdown_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// The path from `from_folder` to the workspace-relative `to`: `../adr/0003-x.md`.
pub fn relative_path(from_folder: &str, to: &str) -> String {
    let from: Vec<&str> = from_folder.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let Some(last) = to_parts.len().checked_sub(1) else {
        return String::new();
    };
    let (to_folder, file) = to_parts.split_at(last);
    let common = from
        .iter()
        .zip(to_folder)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend_from_slice(&to_folder[common..]);
    out.extend_from_slice(file);
    out.join("/")
}

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
    let stem = crate::analysis::index::file_stem(name);
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

/// `ADR-0007` (nothing else around it) → (`ADR`, 7).
fn whole_id(text: &str) -> Option<(String, u32)> {
    let found = crate::analysis::outline::refs::textual_refs(text, &[]);
    match found.as_slice() {
        [only] if only.range.start == 0 && only.range.end == text.len() => {
            Some((only.prefix.clone(), only.number))
        }
        _ => None,
    }
}

/// The part of `url` under a configured prefix, parsed.
fn under_prefix(settings: &IndexSettings, url: &str) -> Option<LinkTarget> {
    settings
        .url_prefixes
        .iter()
        .filter(|p| !p.is_empty())
        .find_map(|prefix| url.strip_prefix(prefix.as_str()))
        .map(|rest| LinkTarget::parse(rest.trim_start_matches('/')))
}

/// A trailing number (`pull/2094`), if the URL path ends in one.
fn trailing_number(path: &str) -> Option<u32> {
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    if last.is_empty() || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    last.parse().ok()
}

/// `text/2094-nll.html` → `text/2094-nll.md`.
fn markdown_path(path: &str) -> String {
    match path.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None => path.to_string(),
    }
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
    let stem = crate::analysis::index::file_stem(&path);
    pick(index, index.paths_with_stem(&stem).collect(), None, anchor)
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
            None => Some(CitationKey::Stem(crate::analysis::index::file_stem(
                name.trim(),
            ))),
        },
        RefTarget::Url(url) => {
            let link = under_prefix(settings, url)?;
            match trailing_number(&link.path) {
                Some(number) => Some(CitationKey::Number(number)),
                None => Some(CitationKey::Stem(crate::analysis::index::file_stem(
                    &markdown_path(link.path.trim_end_matches('/')),
                ))),
            }
        }
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

/// Resolves every reference of every document into the decision graph. A supersession written
/// at either end ("Superseded by B" in A, "Supersedes A" in B) is one edge B → A; a citation
/// between two documents that already supersede or amend one another is left out.
pub fn decision_graph(index: &Index) -> DecisionGraph<'_> {
    use crate::analysis::index::Relation;
    use std::collections::{BTreeMap, BTreeSet};
    let mut edges: BTreeMap<(&str, &str), BTreeSet<EdgeKind>> = BTreeMap::new();
    for doc in index.docs() {
        for reference in &doc.references {
            let Some(target) = resolve(index, doc, &reference.target).doc() else {
                continue;
            };
            if target.path == doc.path {
                continue;
            }
            let (from, to, kind) = match reference.relation {
                Relation::Supersedes => (
                    doc.path.as_str(),
                    target.path.as_str(),
                    EdgeKind::Supersedes,
                ),
                Relation::SupersededBy => (
                    target.path.as_str(),
                    doc.path.as_str(),
                    EdgeKind::Supersedes,
                ),
                Relation::Amends => (doc.path.as_str(), target.path.as_str(), EdgeKind::Amends),
                Relation::AmendedBy => (target.path.as_str(), doc.path.as_str(), EdgeKind::Amends),
                Relation::Cites => (
                    doc.path.as_str(),
                    target.path.as_str(),
                    match &reference.label {
                        Some(words) => EdgeKind::Named(words.clone()),
                        None => EdgeKind::Cites,
                    },
                ),
            };
            edges.entry((from, to)).or_default().insert(kind);
        }
    }
    let related = |a: &str, b: &str| {
        [(a, b), (b, a)].iter().any(|pair| {
            edges
                .get(pair)
                .is_some_and(|kinds| kinds.iter().any(|k| *k != EdgeKind::Cites))
        })
    };
    let mut flat = Vec::new();
    for ((from, to), kinds) in &edges {
        for kind in kinds {
            if *kind == EdgeKind::Cites && related(from, to) {
                continue;
            }
            if let (Some(from), Some(to)) = (index.get(from), index.get(to)) {
                flat.push((&**from, &**to, kind.clone()));
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
