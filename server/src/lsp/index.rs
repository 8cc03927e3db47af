#![allow(dead_code)] // The navigation handlers that use these helpers are being written.

//! The workspace index inside the server: which files it covers, how their index paths map to
//! files and URIs, and keeping it current as documents are opened, edited and changed on disk.
//!
//! The index itself (`crate::analysis::index`) is pure; this module is its edge. Index paths are
//! relative to `base` with `/` separators — the form the core's resolution and rules expect.

use crate::analysis::index::{DocEntry, Index, IndexSettings};
use crate::analysis::kinds::detect::Detection;
use crate::analysis::outline::Outline;
use crate::lsp::state::Shared;
use crate::lsp::workspace;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;

/// The index and the folders it covers.
#[derive(Default)]
pub struct IndexState {
    pub index: Index,
    /// The workspace folders.
    pub roots: Vec<PathBuf>,
    /// The folder index paths are relative to (the first root). `None` before `initialize` or
    /// without a workspace: then the index holds only open documents, by their own path.
    pub base: Option<PathBuf>,
    /// Whether the first discovery of the workspace finished.
    pub ready: bool,
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

    pub fn entry(&self, uri: &Uri) -> Option<std::sync::Arc<DocEntry>> {
        self.index.get(&self.index_path_of_uri(uri)?).cloned()
    }
}

/// Builds the index of every Markdown file under the workspace root. Runs on a blocking thread.
pub fn build_index(shared: &Shared) {
    let (root, config) = {
        let workspace = shared.workspace.read().unwrap_or_else(|e| e.into_inner());
        (workspace.root.clone(), workspace.config.clone())
    };
    let Some(root) = root else {
        return;
    };
    let discovered = crate::host::walk::discover(std::slice::from_ref(&root), &|_| false);
    let texts: Vec<(String, PathBuf, String)> = discovered
        .files
        .iter()
        .filter_map(|path| {
            let text = crate::host::read_text(path).ok()?;
            Some((
                workspace::relative_path(Some(&root), path),
                path.clone(),
                text,
            ))
        })
        .collect();
    let documents: Vec<(&str, &str)> = texts
        .iter()
        .map(|(relative, _, text)| (relative.as_str(), text.as_str()))
        .collect();
    let hints_for = |relative: &str| {
        let path = relative
            .split('/')
            .fold(root.clone(), |p, component| p.join(component));
        crate::host::path_hints(&path, &root)
    };
    let index = Index::build(
        IndexSettings::from_config(&config),
        documents,
        &config,
        &hints_for,
    );
    let mut state = shared.index_mut();
    // Open documents are newer than the files on disk.
    let open: Vec<DocEntry> = state
        .index
        .docs()
        .filter(|entry| index.get(&entry.path).is_none_or(|disk| **disk != ***entry))
        .map(|entry| (**entry).clone())
        .collect();
    state.index = index;
    for entry in open {
        state.index.update(entry);
    }
    state.roots = vec![root.clone()];
    state.base = Some(root);
    state.ready = true;
}

/// Puts an open document's current outline into the index.
pub fn update_open_document(
    shared: &Shared,
    path: &Path,
    text: &str,
    outline: &Outline,
    detection: &Detection,
) {
    let config = shared.config();
    let mut state = shared.index_mut();
    let index_path = state.index_path(path);
    let entry = DocEntry::build(&crate::analysis::index::EntryInput {
        path: &index_path,
        text,
        outline,
        kind: detection.kind.as_deref().and_then(|k| config.kind(k)),
    });
    if state
        .index
        .get(&index_path)
        .is_none_or(|old| **old != entry)
    {
        state.index.update(entry);
    }
}

/// The index entry of an open document at its current version (analysing it first if its last
/// analysis is older), or the indexed entry of a file that is not open.
pub fn current_entry(shared: &Shared, uri: &Uri) -> Option<std::sync::Arc<DocEntry>> {
    // Analysing the current version upserts the entry (see `diagnostics::current_analysis`).
    let _ = crate::lsp::diagnostics::current_analysis(shared, uri);
    shared.index().entry(uri)
}

/// Converts byte ranges in indexed documents to protocol locations, reading each document once:
/// from the open buffer when it is open, else from disk. Only documents the index holds are read,
/// so nothing outside the workspace folders ever is. `None` for a range that cannot be placed.
pub fn locate(
    shared: &Shared,
    ranges: &[(&str, crate::analysis::position::TextRange)],
) -> Vec<Option<tower_lsp_server::ls_types::Location>> {
    use crate::analysis::position::PositionMapper;
    use std::collections::HashMap;
    let encoding = shared.encoding();
    let mut ropes: HashMap<&str, Option<(Uri, ropey::Rope)>> = HashMap::new();
    ranges
        .iter()
        .map(|(index_path, range)| {
            let slot = ropes
                .entry(index_path)
                .or_insert_with(|| text_of_indexed(shared, index_path));
            let (uri, rope) = slot.as_ref()?;
            let mapper = PositionMapper::new(rope);
            let end = rope.len_bytes();
            let range = crate::analysis::position::TextRange::new(
                range.start.min(end),
                range.end.min(end).max(range.start.min(end)),
            );
            Some(tower_lsp_server::ls_types::Location::new(
                uri.clone(),
                crate::lsp::to_proto::range(&mapper, range, encoding),
            ))
        })
        .collect()
}

/// An indexed document's URI and current text.
pub fn text_of_indexed(shared: &Shared, index_path: &str) -> Option<(Uri, ropey::Rope)> {
    let uri = {
        let state = shared.index();
        state.index.get(index_path)?;
        state.uri(index_path)?
    };
    if let Some(open) = shared.docs().get(uri.as_str()) {
        let rope = match open.document() {
            Some(document) => document.rope().clone(),
            None => return None,
        };
        return Some((uri, rope));
    }
    let path = uri.to_file_path()?.into_owned();
    match crate::host::read_text(&path) {
        Ok(text) => Some((uri, ropey::Rope::from_str(&text))),
        Err(err) => {
            tracing::warn!("cannot read {}: {err}", path.display());
            None
        }
    }
}
