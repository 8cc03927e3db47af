//! What checking produced, as the server keeps it: the [`Analysis`] of an open document's version
//! (held by the document, `state::OpenDoc`) and the [`WorkspaceFindings`] of `workspace/diagnostic`
//! (held by the index, `index_state::IndexState`). Computed in `diagnostics`.

use docwright_core::diagnostic::Diagnostic;
use docwright_core::kinds::detect::Detection;
use std::sync::Arc;
use tower_lsp_server::ls_types::{self as lsp, Uri};

/// One check of one version of a document.
pub struct Analysis {
    pub version: i32,
    pub detection: Detection,
    /// The path hints detection ran with (read from the disk off the input loop), for the
    /// handlers that detect the kind of a newer version without reading the disk again.
    pub hints: docwright_core::kinds::detect::PathHints,
    /// The document rules' and the workspace rules' diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics in protocol form, converted once (`data.index` is the position in
    /// `diagnostics`).
    pub lsp_diagnostics: Vec<lsp::Diagnostic>,
    /// The index generation (`IndexState::generation`) the workspace rules ran against.
    pub index_generation: u64,
    /// The document rules' diagnostics alone: they hold while the version does, whatever
    /// happens to the index.
    pub(super) document_diagnostics: Arc<Vec<Diagnostic>>,
}

/// Every rule's diagnostics of every indexed document, in protocol form, as `docwright check`
/// reports them: the document's own rules over its text on disk, plus the workspace rules over
/// the index, suppressions applied. Computed as of one index generation, config, file-event count
/// and day.
pub struct WorkspaceFindings {
    pub(super) index_generation: u64,
    pub(super) config_generation: u64,
    pub(super) disk_events: u64,
    pub(super) today: String,
    /// By index path, documents without diagnostics included (their empty result has an id too).
    pub(super) documents: std::collections::BTreeMap<String, DocumentFindings>,
}

/// One document's part of [`WorkspaceFindings`], with what it was computed from, so that the
/// next computation reuses it when neither the text nor the workspace rules' findings moved.
pub(super) struct DocumentFindings {
    pub(super) uri: Uri,
    pub(super) text_hash: u64,
    pub(super) config_generation: u64,
    pub(super) today: String,
    /// The workspace rules' diagnostics before suppression.
    pub(super) workspace: Vec<Diagnostic>,
    pub(super) diagnostics: Vec<lsp::Diagnostic>,
    pub(super) result_id: String,
}
