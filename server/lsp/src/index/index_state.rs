//! The index the server holds and the folders it covers (see `lsp::index` for index paths and
//! for how the index is kept current): held by `state::Shared`, changed only through
//! `lsp::index`, which alone sees its bookkeeping.

use crate::workspace;
use docwright_core::index::{DocEntry, Index};
use docwright_host::walk;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// The index and the folders it covers.
#[derive(Default)]
pub struct IndexState {
    pub index: Index,
    /// The workspace folders.
    pub roots: Vec<PathBuf>,
    /// The folder index paths are relative to: the deepest common ancestor of `roots`. `None`
    /// before `initialize` or without a workspace: then the index holds only open documents,
    /// by their own path.
    pub base: Option<PathBuf>,
    /// Whether the first discovery of the workspace finished.
    pub ready: bool,
    /// Bumped by every change to `index` made through this module, so that results computed
    /// against an older index (the workspace rules' diagnostics) can tell they are stale.
    pub generation: u64,
    /// `roots` with symlinks resolved, to keep symlinked files inside the workspace.
    pub(super) canonical_roots: Vec<PathBuf>,
    /// Index paths of the open documents: their entries come from the editor's buffer, which
    /// is newer than the disk, so discovery and file events leave them alone.
    pub(super) open: HashSet<String>,
    /// The discovery in progress, if any.
    pub(super) discovery: Option<DiscoveryRun>,
    /// How many discoveries were started; a newer one makes an older one stop.
    pub(super) runs: u64,
    /// Something other than an open buffer changed the index (the disk, discovery) since the
    /// open documents' diagnostics were last refreshed.
    pub external_change: bool,
    /// The last `workspace/diagnostic` findings, reused while the index and the config hold
    /// (clients ask again every few seconds).
    pub workspace_findings: Option<Arc<crate::check_results::WorkspaceFindings>>,
    /// Bumped by every file event that read or removed a file, whether or not its entry changed:
    /// a document's own rules may find something new in a text whose entry is the same.
    pub disk_events: u64,
    /// The persisted index's documents as its symbol section gives them (only what workspace
    /// symbols read, ADR 0036), in path order, while its full records are decoded and the index
    /// built from them off the lock: workspace symbols are answered from them meanwhile (see
    /// [`IndexState::symbol_docs`]). Nothing else may read them.
    pub(super) preloaded: Option<Arc<Vec<Arc<DocEntry>>>>,
}

pub(super) struct DiscoveryRun {
    pub(super) id: u64,
    /// Paths updated by file events since this discovery started: what it read may be older.
    pub(super) touched: HashSet<String>,
}

impl IndexState {
    /// The index path of a file: relative to `base`, `/` separators.
    pub fn index_path(&self, path: &Path) -> String {
        workspace::relative_path(self.base.as_deref(), path)
    }

    pub fn index_path_of_uri(&self, uri: &Uri) -> Option<String> {
        uri.to_file_path().map(|p| self.index_path(&p))
    }

    /// The file behind an index path.
    pub fn file_path(&self, index_path: &str) -> Option<PathBuf> {
        let base = self.base.as_deref()?;
        Some(
            index_path
                .split('/')
                .fold(base.to_path_buf(), |p, c| p.join(c)),
        )
    }

    pub fn uri(&self, index_path: &str) -> Option<Uri> {
        Uri::from_file_path(self.file_path(index_path)?)
    }

    pub fn entry(&self, uri: &Uri) -> Option<Arc<DocEntry>> {
        self.index.get(&self.index_path_of_uri(uri)?).cloned()
    }

    /// Sets the workspace folders and the `base` of index paths (their common ancestor).
    /// Entries filed under the old base are not moved: callers rebuild.
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        let base = common_ancestor(&roots);
        if base != self.base {
            // Open documents are filed again under the new base by their next analysis.
            self.open.clear();
        }
        self.base = base;
        self.canonical_roots = walk::canonical_all(&roots);
        self.roots = roots;
    }

    /// The workspace folders as a file-system boundary: what the server reads for an answer
    /// lies inside them, symbolic links resolved.
    pub fn boundary(&self) -> docwright_host::Boundary {
        docwright_host::Boundary::from_canonical(self.canonical_roots.clone())
    }

    /// The workspace folder holding `path`: the deepest, when folders nest.
    pub fn root_of(&self, path: &Path) -> Option<&Path> {
        self.roots
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.components().count())
            .map(PathBuf::as_path)
    }

    pub fn is_open(&self, index_path: &str) -> bool {
        self.open.contains(index_path)
    }

    /// Files in or out of the index by the editor's word (a file event) rather than discovery's.
    pub(super) fn note_touched(&mut self, index_path: &str) {
        if let Some(run) = &mut self.discovery {
            run.touched.insert(index_path.to_string());
        }
    }

    /// The documents workspace symbols are searched in, in path order: the index's, or while
    /// the persisted index is being filed, its entries (the open documents' own in place of
    /// theirs).
    pub fn symbol_docs(&self) -> Vec<&DocEntry> {
        let Some(preloaded) = &self.preloaded else {
            return self.index.docs().map(|d| &**d).collect();
        };
        let mut docs: Vec<&DocEntry> = preloaded
            .iter()
            .filter(|d| !self.open.contains(&d.path))
            .map(|d| &**d)
            .collect();
        let open: Vec<&DocEntry> = self
            .open
            .iter()
            .filter_map(|path| self.index.get(path))
            .map(|d| &**d)
            .collect();
        if !open.is_empty() {
            docs.extend(open);
            docs.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        }
        docs
    }

    /// Whether `index_path` is indexed, or, while the persisted index is being filed, among its
    /// entries (kept in path order, as the cache is written).
    pub fn is_known(&self, index_path: &str) -> bool {
        self.index.get(index_path).is_some()
            || self.preloaded.as_ref().is_some_and(|preloaded| {
                preloaded
                    .binary_search_by(|d| d.path.as_str().cmp(index_path))
                    .is_ok()
            })
    }

    /// Replaces the entry of `entry.path` when it differs. Returns whether the index changed.
    pub(super) fn put(&mut self, entry: DocEntry) -> bool {
        if self
            .index
            .get(&entry.path)
            .is_some_and(|old| **old == entry)
        {
            return false;
        }
        self.index.update(entry);
        self.generation += 1;
        true
    }

    /// Removes the entry at `index_path`. Returns whether there was one.
    pub(super) fn forget(&mut self, index_path: &str) -> bool {
        let removed = self.index.remove(index_path).is_some();
        if removed {
            self.generation += 1;
        }
        removed
    }
}

/// The deepest folder containing every root (the root itself when there is one). `None` without
/// roots, or when they share no ancestor (different drives on Windows).
pub fn common_ancestor(roots: &[PathBuf]) -> Option<PathBuf> {
    let (first, rest) = roots.split_first()?;
    let mut base = first.clone();
    for root in rest {
        while !root.starts_with(&base) {
            if !base.pop() {
                return None;
            }
        }
    }
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_are_relative_to_the_roots_common_ancestor() {
        let roots = vec![
            PathBuf::from("/work/repo/docs/adr"),
            PathBuf::from("/work/repo/rfcs"),
        ];
        assert_eq!(common_ancestor(&roots), Some(PathBuf::from("/work/repo")));
        assert_eq!(
            common_ancestor(&roots[..1]),
            Some(PathBuf::from("/work/repo/docs/adr"))
        );
        assert_eq!(common_ancestor(&[]), None);
        let mut state = IndexState::default();
        state.set_roots(roots);
        let path = Path::new("/work/repo/rfcs/text/0001-x.md");
        assert_eq!(state.index_path(path), "rfcs/text/0001-x.md");
        assert_eq!(
            state.file_path("rfcs/text/0001-x.md").as_deref(),
            Some(path)
        );
        assert_eq!(
            state.root_of(path),
            Some(Path::new("/work/repo/rfcs")),
            "the folder holding the file"
        );
        assert_eq!(state.root_of(Path::new("/work/other/a.md")), None);
    }

    #[test]
    fn while_preloaded_symbols_come_from_the_loaded_entries_with_open_ones_in_place() {
        let config = docwright_core::config::Config::default();
        let hints = docwright_core::kinds::detect::PathHints::default();
        let doc = |path: &str, title: &str| {
            DocEntry::from_text(path, &format!("# {title}\n"), &config, &hints)
        };
        let mut state = IndexState::default();
        state.index.update(doc("b.md", "B open"));
        state.open.insert(String::from("b.md"));
        let paths = |state: &IndexState| -> Vec<(String, Option<String>)> {
            state
                .symbol_docs()
                .iter()
                .map(|d| (d.path.clone(), d.title.clone()))
                .collect()
        };
        assert_eq!(paths(&state), [("b.md".into(), Some("B open".into()))]);
        state.preloaded = Some(Arc::new(vec![
            Arc::new(doc("a.md", "A")),
            Arc::new(doc("b.md", "B cached")),
            Arc::new(doc("c.md", "C")),
        ]));
        assert_eq!(
            paths(&state),
            [
                ("a.md".into(), Some("A".into())),
                ("b.md".into(), Some("B open".into())),
                ("c.md".into(), Some("C".into())),
            ]
        );
        // Their documents are known, so a symbol found in them is located (read from disk).
        assert!(state.is_known("a.md") && state.is_known("b.md") && state.is_known("c.md"));
        assert!(!state.is_known("d.md"));
        state.preloaded = None;
        assert!(state.is_known("b.md") && !state.is_known("a.md"));
    }

    #[test]
    fn nested_roots_file_a_document_under_the_deepest() {
        let mut state = IndexState::default();
        state.set_roots(vec![
            PathBuf::from("/work/repo"),
            PathBuf::from("/work/repo/docs"),
        ]);
        assert_eq!(
            state.root_of(Path::new("/work/repo/docs/a.md")),
            Some(Path::new("/work/repo/docs"))
        );
        assert_eq!(
            state.index_path(Path::new("/work/repo/docs/a.md")),
            "docs/a.md"
        );
    }
}
