//! Rules about the web of references between documents: one file each, declared with
//! `declare_rule!` like the document rules, so `docwright explain` can print their docs.
//!
//! A workspace rule looks at one document at a time, as a document rule does, but through the
//! [`Index`] of the whole workspace: so the editor re-checks only the documents an edit touches,
//! and `docwright check` runs them over the index it already built. Diagnostics sit in the
//! document being checked and their fixes edit only it.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::index::{DocEntry, Index, RefTarget, Reference, Relation};
use crate::resolve::{Resolution, resolve};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub mod ambiguous_reference;
pub mod broken_reference;
pub mod cites_superseded;
pub mod dangling_code_path;
pub mod duplicate_id;
pub mod kept;
pub mod stale_index;
pub mod supersede_cycle;
pub mod supersede_mismatch;
pub mod uncited_decisions;

/// What only the file system knows: whether a path exists. The edge implements it
/// (`host::DiskFiles`); the core asks through it and never touches a file itself.
pub trait FileOracle: Sync {
    /// Whether a file exists at this workspace-relative path (`/` separators; a trailing `/`
    /// asks for a folder). Paths that leave the workspace root are answered `false`.
    fn exists(&self, workspace_relative: &str) -> bool;

    /// The same, relative to the repository root (the folder with `.git` at or above the
    /// workspace root), which is the workspace root unless the edge knows better.
    fn exists_in_repository(&self, repository_relative: &str) -> bool {
        self.exists(repository_relative)
    }
}

/// Everything a workspace rule may look at.
pub struct WorkspaceContext<'a> {
    pub index: &'a Index,
    pub config: &'a Config,
    /// `[workspace] ignore-references`, compiled.
    pub ignored_references: GlobSet,
    /// Which paths exist, when the edge can tell (`dangling-code-path` is silent without it).
    pub files: Option<&'a dyn FileOracle>,
    /// The repository's decision history, when the edge can read it (`uncited-decisions` is
    /// silent without it).
    pub history: Option<&'a dyn crate::digest::DecisionHistory>,
    /// Whether some wiki link of the workspace resolves, worked out when first asked.
    links_by_wiki: OnceLock<bool>,
}

impl<'a> WorkspaceContext<'a> {
    pub fn new(index: &'a Index, config: &'a Config) -> WorkspaceContext<'a> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &config.workspace.ignore_references {
            if let Ok(glob) = Glob::new(pattern) {
                builder.add(glob);
            }
        }
        WorkspaceContext {
            index,
            config,
            ignored_references: builder.build().unwrap_or_else(|_| GlobSet::empty()),
            files: None,
            history: None,
            links_by_wiki: OnceLock::new(),
        }
    }

    /// The same context, able to ask whether paths exist.
    pub fn with_files(mut self, files: &'a dyn FileOracle) -> WorkspaceContext<'a> {
        self.files = Some(files);
        self
    }

    /// The same context, able to ask the repository's decision history.
    pub fn with_history(
        mut self,
        history: &'a dyn crate::digest::DecisionHistory,
    ) -> WorkspaceContext<'a> {
        self.history = Some(history);
        self
    }

    /// Whether the configuration tells `broken-reference` to leave this reference alone.
    pub fn is_ignored(&self, reference: &Reference) -> bool {
        self.ignored_references.is_match(reference.written.trim())
    }

    /// Whether the workspace links its documents by wiki links at all: some `[[…]]` resolves.
    /// Where none does, `[[x]]` is the writer's own bracket use (a translation's `[[全文]]`, a
    /// citation `[[1]]`), not a link to a missing document.
    pub fn links_by_wiki(&self) -> bool {
        *self.links_by_wiki.get_or_init(|| {
            self.index.docs().any(|doc| {
                doc.references.iter().any(|reference| {
                    let RefTarget::Wiki { name, .. } = &reference.target else {
                        return false;
                    };
                    // `[[#x]]` names the citing document itself: only a heading it has counts.
                    match resolve(self.index, doc, &reference.target) {
                        Resolution::Found { .. } => true,
                        Resolution::MissingAnchor { .. } => !name.trim().is_empty(),
                        _ => false,
                    }
                })
            })
        })
    }

    pub fn resolve<'i>(&'i self, from: &'i DocEntry, reference: &Reference) -> Resolution<'i> {
        resolve(self.index, from, &reference.target)
    }

    /// The docs that `doc` says replace it, and the docs that say they replace `doc`: the
    /// successors in the supersession graph, sorted by path, without duplicates.
    pub fn successors(&self, doc: &DocEntry) -> Vec<&'a DocEntry> {
        let mut found: Vec<&'a DocEntry> = Vec::new();
        let Some(doc) = self.index.get(&doc.path) else {
            return found;
        };
        let doc: &'a DocEntry = doc;
        for reference in doc.related(Relation::SupersededBy) {
            if let Some(target) = resolve(self.index, doc, &reference.target).doc()
                && target.path != doc.path
            {
                found.push(target);
            }
        }
        for citing in self.index.supersede_claims(&doc.path) {
            if let Some(citer) = self.index.get(citing)
                && citer.path != doc.path
            {
                found.push(citer);
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found.dedup_by(|a, b| a.path == b.path);
        found
    }
}

/// How people name a doc in a message: its id (`ADR-0007`), else its path.
pub fn doc_name(doc: &DocEntry) -> String {
    match &doc.id {
        Some(id) if id.prefix.is_some() => id.to_string(),
        _ => doc.path.clone(),
    }
}

pub trait WorkspaceRule: Sync {
    fn id(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// One line, for `docwright rules`.
    fn summary(&self) -> &'static str;
    /// The rule's documentation (its doc comment), for `docwright explain`.
    fn docs(&self) -> &'static str;
    /// Whether the rule's fixes are safe or unsafe; `None` for a rule that offers none.
    fn fix_applicability(&self) -> Option<crate::diagnostic::Applicability>;
    /// Push a diagnostic (in `doc`'s text) for every problem found in `doc`.
    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>);
}

/// Every workspace rule, in the order `docwright rules` would list them.
pub fn all_workspace_rules() -> &'static [&'static dyn WorkspaceRule] {
    &[
        &broken_reference::BrokenReference,
        &ambiguous_reference::AmbiguousReference,
        &duplicate_id::DuplicateId,
        &supersede_mismatch::SupersedeMismatch,
        &supersede_cycle::SupersedeCycle,
        &cites_superseded::CitesSuperseded,
        &stale_index::StaleIndex,
        &dangling_code_path::DanglingCodePath,
        &uncited_decisions::UncitedDecisions,
    ]
}

pub fn workspace_rule_by_id(id: &str) -> Option<&'static dyn WorkspaceRule> {
    all_workspace_rules().iter().copied().find(|r| r.id() == id)
}

/// Every enabled workspace rule on one document, with the configured severities, sorted by
/// range then rule id.
pub fn check_doc(ctx: &WorkspaceContext, doc: &DocEntry) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for rule in all_workspace_rules() {
        let Some(severity) = ctx.config.severity_for(rule.id(), rule.default_severity()) else {
            continue;
        };
        let first_new = diagnostics.len();
        rule.check(ctx, doc, &mut diagnostics);
        for diagnostic in &mut diagnostics[first_new..] {
            diagnostic.severity = severity;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    diagnostics
}

/// [`check_doc`] over every document of the index: by path, documents without diagnostics
/// left out.
pub fn check_workspace(index: &Index, config: &Config) -> BTreeMap<String, Vec<Diagnostic>> {
    check_workspace_in(&WorkspaceContext::new(index, config))
}

/// [`check_workspace`] with a prepared context (one that can ask the file system, say).
pub fn check_workspace_in(ctx: &WorkspaceContext) -> BTreeMap<String, Vec<Diagnostic>> {
    use rayon::prelude::*;
    let docs: Vec<&DocEntry> = ctx.index.docs().map(|d| &**d).collect();
    docs.par_iter()
        .map(|doc| (doc.path.clone(), check_doc(ctx, doc)))
        .filter(|(_, diagnostics)| !diagnostics.is_empty())
        .collect()
}

/// The target's anchor most like `anchor`, when one is close enough to be a typo or a rename
/// (a third of its length at most).
pub(crate) fn nearest_anchor<'d>(target: &'d DocEntry, anchor: &str) -> Option<&'d str> {
    let anchor = anchor.to_lowercase();
    target
        .sections
        .iter()
        .map(|s| {
            (
                crate::edit_distance::edit_distance(&anchor, &s.anchor),
                s.anchor.as_str(),
            )
        })
        .filter(|(distance, candidate)| *distance * 3 <= anchor.len().max(candidate.len()))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}
