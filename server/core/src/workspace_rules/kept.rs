//! The workspace rules' findings kept between runs by a long-lived caller (`docwright site
//! --serve`), each document re-checked only when an edit can have changed its findings.
//!
//! A document's workspace findings depend on the document itself, on the documents its
//! references resolve to (their sections, status, supersession), on the whole workspace through
//! a few facts (which documents have which id, path and log, the supersession graph, whether
//! wiki links are used, whether any record says it supersedes another) and on the file system.
//! So each document's *face* is kept in two parts: its identity (what decides where a reference
//! resolves, and the supersession graph), whose change re-checks every document, and what a
//! reference to it or an index table shows of it (title, status, date, headings), whose change
//! re-checks the documents whose references resolve to it and the index pages of its folder.
//! A document that asks the file system (a code path, an image, a link that is not to a
//! document) is re-checked every time, since files other than documents are not watched.
//! Whatever is in doubt (a document added or removed, a decision history) re-checks all.

use super::{WorkspaceContext, check_doc};
use crate::diagnostic::Diagnostic;
use crate::doc_id::DocId;
use crate::index::{DocEntry, RefTarget, Relation};
use crate::resolve::Resolution;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What decides where references resolve and the supersession graph.
#[derive(PartialEq)]
struct Identity {
    id: Option<DocId>,
    kind: Option<String>,
    log: Option<String>,
    is_template: bool,
    has_sections: bool,
    is_superseded: bool,
    has_index_block: bool,
    /// The references other than citations: (target, relation, label).
    relations: Vec<(RefTarget, Relation, Option<String>)>,
}

/// What a reference's target or an index table shows of a document.
#[derive(PartialEq)]
struct Shown {
    title: Option<String>,
    status: Option<String>,
    status_name: Option<String>,
    date: Option<String>,
    /// (level, text, anchor) of each heading.
    sections: Vec<(u8, String, String)>,
}

struct Kept {
    identity: Identity,
    shown: Shown,
    /// The documents its references resolve to (or might: an ambiguous one's candidates).
    targets: Vec<String>,
    /// Whether its findings ask the file system.
    asks_files: bool,
}

fn identity(doc: &DocEntry) -> Identity {
    Identity {
        id: doc.id.clone(),
        kind: doc.kind.clone(),
        log: doc.log.clone(),
        is_template: doc.is_template,
        has_sections: !doc.sections.is_empty(),
        is_superseded: doc.is_superseded(),
        has_index_block: doc.index_block.is_some(),
        relations: doc
            .references
            .iter()
            .filter(|r| r.relation != Relation::Cites)
            .map(|r| (r.target.clone(), r.relation, r.label.clone()))
            .collect(),
    }
}

fn shown(doc: &DocEntry) -> Shown {
    Shown {
        title: doc.title.clone(),
        status: doc.status.clone(),
        status_name: doc.status_name.clone(),
        date: doc.date.clone(),
        sections: doc
            .sections
            .iter()
            .map(|s| (s.level, s.text.clone(), s.anchor.clone()))
            .collect(),
    }
}

/// The workspace facts every document's findings may read.
#[derive(PartialEq, Clone, Copy)]
struct Globals {
    links_by_wiki: bool,
    /// Whether any reference is a wiki link, which may name a document by its title.
    has_wiki: bool,
    writes_supersedes: bool,
}

fn globals(ctx: &WorkspaceContext) -> Globals {
    Globals {
        links_by_wiki: ctx.links_by_wiki(),
        has_wiki: has_wiki_links(ctx.index),
        writes_supersedes: ctx
            .index
            .docs()
            .any(|d| !d.is_template && d.related(Relation::Supersedes).next().is_some()),
    }
}

/// Every document's workspace findings as of the last run, with what they were found from.
#[derive(Default)]
pub struct KeptFindings {
    /// By path, documents without findings left out (as [`super::check_workspace_in`]).
    findings: BTreeMap<String, Vec<Diagnostic>>,
    kept: HashMap<String, Kept>,
    globals: Option<Globals>,
    /// How many documents the last run checked.
    checked: usize,
    /// Whether the last run changed any document's findings.
    changed: bool,
}

impl KeptFindings {
    /// The findings, by document path: equal to [`super::check_workspace_in`] with `keep`
    /// applied to each document's.
    pub fn findings(&self) -> &BTreeMap<String, Vec<Diagnostic>> {
        &self.findings
    }

    /// Whether the last [`KeptFindings::update`] may have changed any document's findings
    /// (always after a run that checked every document).
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// How many documents the last [`KeptFindings::update`] checked.
    pub fn checked(&self) -> usize {
        self.checked
    }

    /// Brings the findings up to date with `ctx`'s index, where `changed` holds every document
    /// path edited, added or removed since the last call (all of them the first time).
    /// `keep` filters a document's findings (the caller's suppressions, say) and must depend
    /// on that document alone.
    pub fn update(
        &mut self,
        ctx: &WorkspaceContext,
        changed: &HashSet<String>,
        keep: &(dyn Fn(&str, Vec<Diagnostic>) -> Vec<Diagnostic> + Sync),
    ) {
        let now = globals(ctx);
        let to_check = self.stale(ctx, changed, now);
        let docs: Vec<&DocEntry> = match &to_check {
            None => ctx.index.docs().map(|d| &**d).collect(),
            Some(paths) => paths
                .iter()
                .filter_map(|p| ctx.index.get(p).map(|d| &**d))
                .collect(),
        };
        let results: Vec<(String, Vec<Diagnostic>, Kept)> = docs
            .par_iter()
            .map(|doc| {
                let found = keep(&doc.path, check_doc(ctx, doc));
                (doc.path.clone(), found, kept(ctx, doc))
            })
            .collect();
        if to_check.is_none() {
            self.findings.clear();
            self.kept.clear();
        }
        self.checked = results.len();
        let mut changed = to_check.is_none();
        for (path, found, kept) in results {
            if found.is_empty() {
                changed |= self.findings.remove(&path).is_some();
            } else {
                changed |= self.findings.get(&path) != Some(&found);
                self.findings.insert(path.clone(), found);
            }
            self.kept.insert(path, kept);
        }
        self.globals = Some(now);
        self.changed = changed;
    }

    /// The documents whose findings may have changed; `None` for all.
    fn stale(
        &self,
        ctx: &WorkspaceContext,
        changed: &HashSet<String>,
        now: Globals,
    ) -> Option<HashSet<String>> {
        if self.globals != Some(now) || ctx.history.is_some() {
            return None;
        }
        let mut stale: HashSet<String> = HashSet::new();
        let mut shown_changed: Vec<&str> = Vec::new();
        for path in changed {
            // A document added or removed: every resolution may differ.
            let (Some(doc), Some(old)) = (ctx.index.get(path), self.kept.get(path)) else {
                return None;
            };
            // A wiki link may name a document by its title: then the title decides too.
            if old.identity != identity(doc) || (now.has_wiki && old.shown.title != doc.title) {
                return None;
            }
            if old.shown != shown(doc) {
                shown_changed.push(path);
            }
            stale.insert(path.clone());
        }
        if !shown_changed.is_empty() {
            let folders: HashSet<&str> = shown_changed
                .iter()
                .filter_map(|p| ctx.index.get(p))
                .map(|d| d.folder())
                .collect();
            for (path, kept) in &self.kept {
                if kept
                    .targets
                    .iter()
                    .any(|t| shown_changed.contains(&t.as_str()))
                    || (kept.identity.has_index_block
                        && ctx
                            .index
                            .get(path)
                            .is_some_and(|d| folders.contains(d.folder())))
                {
                    stale.insert(path.clone());
                }
            }
        }
        stale.extend(
            self.kept
                .iter()
                .filter(|(_, k)| k.asks_files)
                .map(|(p, _)| p.clone()),
        );
        Some(stale)
    }
}

/// Whether any document has a wiki link (`[[…]]`), which may name a document by its title.
pub fn has_wiki_links(index: &crate::index::Index) -> bool {
    index.docs().any(|d| {
        d.references
            .iter()
            .any(|r| matches!(r.target, RefTarget::Wiki { .. }))
    })
}

fn kept(ctx: &WorkspaceContext, doc: &DocEntry) -> Kept {
    let mut targets: Vec<String> = Vec::new();
    let mut asks_files = !doc.code_paths.is_empty() || !doc.images.is_empty();
    for reference in &doc.references {
        match ctx.resolve(doc, reference) {
            Resolution::Found { doc: target, .. }
            | Resolution::MissingAnchor { doc: target, .. } => targets.push(target.path.clone()),
            Resolution::Ambiguous(candidates) => {
                targets.extend(candidates.iter().map(|c| c.path.clone()))
            }
            // A link to no document: whether its file or folder exists is the disk's answer
            // (`broken-reference`, `dangling-code-path`). An id, a wiki name or a URL that
            // names no document is judged from the index alone.
            Resolution::MissingDoc | Resolution::UnknownPrefix | Resolution::External => {
                asks_files |= matches!(reference.target, RefTarget::Link(_))
            }
        }
    }
    targets.sort();
    targets.dedup();
    Kept {
        identity: identity(doc),
        shown: shown(doc),
        targets,
        asks_files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::{Index, IndexSettings};
    use crate::kinds::detect::PathHints;

    fn record(n: u32, title: &str, status: &str, body: &str) -> (String, String) {
        (
            format!("docs/adr/{n:04}-r.md"),
            format!(
                "# {n}. {title}\n\nDate: 2024-01-0{n}\n\n## Status\n\n{status}\n\n## Context\n\n{body}\n\n## Decision\n\nWe will.\n\n## Consequences\n\nSome.\n"
            ),
        )
    }

    /// After each edit, the kept findings equal a fresh run over the whole index, and an edit
    /// that other documents cannot see re-checks the edited document alone.
    #[test]
    fn kept_findings_equal_a_fresh_run_and_follow_the_edit() {
        let config = Config::default();
        let mut index = Index::new(IndexSettings::from_config(&config));
        let docs = [
            record(1, "One", "Accepted", "Plain."),
            record(2, "Two", "Accepted", "See [one](0001-r.md#decision)."),
            record(3, "Three", "Accepted", "Nothing cited."),
            record(4, "Four", "Accepted", "Also plain."),
        ];
        let update = |index: &mut Index, (path, text): &(String, String)| {
            index.update(DocEntry::from_text(
                path,
                text,
                &config,
                &PathHints::default(),
            ));
        };
        for doc in &docs {
            update(&mut index, doc);
        }
        let mut kept = KeptFindings::default();
        let all: HashSet<String> = docs.iter().map(|(p, _)| p.clone()).collect();
        let keep = |_: &str, d: Vec<Diagnostic>| d;
        kept.update(&WorkspaceContext::new(&index, &config), &all, &keep);
        assert_eq!(kept.checked(), 4);
        let edits = [
            // (the new text of a record, how many documents are checked again)
            (record(3, "Three", "Accepted", "Nothing cited, still."), 1),
            // One's heading renamed: Two's link to it breaks, so Two is checked too.
            (
                (
                    docs[0].0.clone(),
                    docs[0].1.replace("## Decision", "## The decision"),
                ),
                2,
            ),
            (record(4, "Four", "Proposed", "Also plain."), 1),
            // A new supersession changes the graph: every document.
            (
                record(
                    4,
                    "Four",
                    "Superseded by [3. Three](0003-r.md)",
                    "Also plain.",
                ),
                4,
            ),
        ];
        for ((path, text), checked) in edits {
            update(&mut index, &(path.clone(), text));
            let ctx = WorkspaceContext::new(&index, &config);
            kept.update(&ctx, &HashSet::from([path.clone()]), &keep);
            assert_eq!(kept.checked(), checked, "{path}");
            assert_eq!(
                *kept.findings(),
                super::super::check_workspace_in(&WorkspaceContext::new(&index, &config)),
                "{path}"
            );
        }
        assert!(
            kept.findings().contains_key(&docs[1].0),
            "the broken anchor is found: {:?}",
            kept.findings()
        );
    }
}
