//! What the server holds: the open documents and the workspace around them.
//!
//! Every lock here is a `std::sync` lock, taken and released without an `.await` in between, so
//! that document edits are applied in the order they arrive and no handler waits on another's
//! future.

use docwright_core::config::Config;
use docwright_core::document::{Change, Document, Snapshot};
use docwright_core::position::PositionEncoding;
use ropey::Rope;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tower_lsp_server::ls_types::Uri;

/// Documents larger than this are tracked (their text kept current) but not parsed or checked: a
/// full parse would stall the server for seconds. Editors send such files (logs, dumps) by mistake.
pub const MAX_ANALYZED_BYTES: usize = 4 * 1024 * 1024;

/// One `didOpen` or `didChange`: the changes and the version they lead to.
#[derive(Clone)]
pub struct Batch {
    pub changes: Vec<Change>,
    pub version: i32,
}

/// One open document.
///
/// The input loop (`lsp::ordered`) only queues what the editor sends (`pending`); a parse job on
/// its own thread (`lsp::parse_jobs`) applies the queue in order, parses, builds the outline and
/// publishes the result in `state`. Handlers read `state`, which is always one consistent version
/// (text, trees and outline together), never a half-applied one.
pub struct OpenDoc {
    pub uri: Uri,
    /// The file behind the URI, for `file:` URIs.
    pub path: Option<PathBuf>,
    /// The last parsed version; `None` until the first parse of a newly opened document is done.
    pub state: Option<DocState>,
    /// Received and not yet applied by a parse job, oldest first.
    pub pending: Vec<Batch>,
    /// Whether a parse job for this document is running.
    pub job_running: bool,
    /// How many batches were received (`didOpen` counts one).
    pub received: u64,
    /// How many of them `state` reflects.
    pub parsed: u64,
    /// The last version received.
    pub received_version: i32,
    /// Tells this opening of the URI from an earlier one (a job publishes only into its own).
    pub epoch: u64,
    /// Bumped by every change; a debounced diagnostics run publishes only if it is still current.
    pub generation: u64,
    /// The generation a debounced run is already scheduled for.
    pub scheduled_generation: Option<u64>,
    /// The last check, reused by pull diagnostics and code actions while the version holds.
    pub analysis: Option<Arc<crate::check_results::Analysis>>,
    /// The `resultId` of the last pulled report.
    pub last_result_id: Option<String>,
}

#[derive(Clone)]
pub enum DocState {
    /// Shared with handlers, which compute on it without holding the documents' lock.
    Analyzed(Arc<Document>),
    /// Over [`MAX_ANALYZED_BYTES`] (or its analysis failed): only the text is kept.
    TooLarge { rope: Rope, version: i32 },
}

static EPOCHS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl OpenDoc {
    /// A document just opened: its text waits for its first parse job.
    pub fn opened(uri: Uri, text: String, version: i32) -> OpenDoc {
        let path = uri.to_file_path().map(|p| p.into_owned());
        OpenDoc {
            uri,
            path,
            state: None,
            pending: vec![Batch {
                changes: vec![Change { range: None, text }],
                version,
            }],
            job_running: false,
            received: 1,
            parsed: 0,
            received_version: version,
            epoch: EPOCHS.fetch_add(1, Ordering::Relaxed),
            generation: 0,
            scheduled_generation: None,
            analysis: None,
            last_result_id: None,
        }
    }

    /// The file name without folders, which feeds the document number of the outline.
    pub fn file_name(&self) -> Option<String> {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    }

    /// The version of the parsed state (the one `document` answers for); the received version
    /// while nothing is parsed yet.
    pub fn version(&self) -> i32 {
        match &self.state {
            Some(DocState::Analyzed(doc)) => doc.version(),
            Some(DocState::TooLarge { version, .. }) => *version,
            None => self.received_version,
        }
    }

    pub fn document(&self) -> Option<&Document> {
        match &self.state {
            Some(DocState::Analyzed(doc)) => Some(doc),
            _ => None,
        }
    }

    /// The parsed document, to compute on after the documents' lock is released.
    pub fn document_arc(&self) -> Option<Arc<Document>> {
        match &self.state {
            Some(DocState::Analyzed(doc)) => Some(doc.clone()),
            _ => None,
        }
    }

    pub fn snapshot(&self) -> Option<Snapshot> {
        self.document().map(Document::snapshot)
    }

    /// Whether the parsed state reflects every batch received.
    pub fn is_settled(&self) -> bool {
        self.parsed >= self.received
    }

    /// Queues a `didChange` batch for the parse job; returns whether a job must be started.
    pub fn receive(&mut self, changes: Vec<Change>, version: i32) -> bool {
        self.generation += 1;
        self.analysis = None;
        self.received += 1;
        self.received_version = version;
        self.pending.push(Batch { changes, version });
        self.claim_job()
    }

    /// Marks a job as running if none is and there is work; returns whether the caller must
    /// start it.
    pub fn claim_job(&mut self) -> bool {
        if self.job_running || self.pending.is_empty() {
            return false;
        }
        self.job_running = true;
        true
    }
}

/// The state for a whole text: parsed, or kept as text when too large.
pub fn state_for_text(text: String, version: i32, file_name: Option<String>) -> DocState {
    if text.len() > MAX_ANALYZED_BYTES {
        too_large_warning(text.len());
        DocState::TooLarge {
            rope: Rope::from_str(&text),
            version,
        }
    } else {
        DocState::Analyzed(Arc::new(Document::new(text, version, file_name)))
    }
}

/// Applies `batches` in order to `base` (`None`: a document not parsed yet). Edits to a parsed
/// document re-parse incrementally; a document that grows over the limit keeps only its text, and
/// one that shrinks under it is parsed again. Runs on a parse job's thread, never on the input
/// loop.
pub fn advance(
    base: Option<DocState>,
    batches: Vec<Batch>,
    file_name: Option<String>,
    encoding: PositionEncoding,
) -> Option<DocState> {
    let mut state = base;
    for batch in batches {
        state = Some(match state {
            Some(DocState::Analyzed(doc)) => {
                // Unshared when the parse job took it from the store (`take_for_edit`): edited
                // in place. A request still reading it keeps it, and the edit goes to a fork,
                // whose text is then copied.
                let mut doc = Arc::try_unwrap(doc).unwrap_or_else(|shared| shared.fork());
                let over = batch
                    .changes
                    .iter()
                    .any(|c| c.range.is_none() && c.text.len() > MAX_ANALYZED_BYTES);
                if over {
                    let mut rope = doc.rope().clone();
                    for change in &batch.changes {
                        apply_to_rope(&mut rope, change, encoding);
                    }
                    grown_or_shrunk(rope, batch.version, &file_name)
                } else {
                    doc.apply_changes(&batch.changes, encoding);
                    doc.set_version(batch.version);
                    if doc.text().len() > MAX_ANALYZED_BYTES {
                        state_for_text(doc.text().to_string(), batch.version, file_name.clone())
                    } else {
                        DocState::Analyzed(Arc::new(doc))
                    }
                }
            }
            Some(DocState::TooLarge { mut rope, .. }) => {
                for change in &batch.changes {
                    apply_to_rope(&mut rope, change, encoding);
                }
                grown_or_shrunk(rope, batch.version, &file_name)
            }
            None => {
                let mut rope = Rope::new();
                for change in &batch.changes {
                    apply_to_rope(&mut rope, change, encoding);
                }
                grown_or_shrunk(rope, batch.version, &file_name)
            }
        });
    }
    state
}

fn too_large_warning(len: usize) {
    tracing::warn!(
        "a document of {len} bytes is over the {MAX_ANALYZED_BYTES} byte limit: it is kept in \
         sync but not checked"
    );
}

fn grown_or_shrunk(rope: Rope, version: i32, file_name: &Option<String>) -> DocState {
    if rope.len_bytes() > MAX_ANALYZED_BYTES {
        too_large_warning(rope.len_bytes());
        DocState::TooLarge { rope, version }
    } else {
        state_for_text(text_of(&rope), version, file_name.clone())
    }
}

/// The rope's text in a `String` of exactly its length (`to_string` grows by doubling, and the
/// document keeps this `String` for as long as it is open).
fn text_of(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    text
}

pub(crate) fn apply_to_rope(rope: &mut Rope, change: &Change, encoding: PositionEncoding) {
    let range = match change.range {
        Some(range) => {
            docwright_core::position::PositionMapper::new(rope).text_range(range, encoding)
        }
        None => docwright_core::position::TextRange::new(0, rope.len_bytes()),
    };
    let start = rope.byte_to_char(range.start);
    let end = rope.byte_to_char(range.end);
    rope.remove(start..end);
    rope.insert(start, &change.text);
}

/// User settings from `initializationOptions`, `workspace/configuration` or
/// `didChangeConfiguration`, all under the `docwright` section.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Rule id → "off" | "error" | "warning" | "info" | "hint".
    pub rules: HashMap<String, String>,
    /// Kind name → enabled.
    pub kinds: HashMap<String, bool>,
    /// The lowest level sent to the client as `window/logMessage`.
    pub log_level: tracing::Level,
    /// How long typing must pause before diagnostics are pushed.
    pub diagnostics_delay_ms: u64,
    /// Where title inlay hints go (`inlayHints`).
    pub inlay_hints: docwright_core::navigation::inlay_hints::HintPlacement,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rules: HashMap::new(),
            kinds: HashMap::new(),
            log_level: tracing::Level::WARN,
            diagnostics_delay_ms: 200,
            inlay_hints: Default::default(),
        }
    }
}

impl Settings {
    /// Reads the `docwright` settings object; unknown or ill-typed entries are skipped with a log
    /// line, never an error.
    pub fn from_json(value: &serde_json::Value) -> Settings {
        let mut settings = Settings::default();
        let value = value.get("docwright").unwrap_or(value);
        if let Some(rules) = value.get("rules").and_then(|v| v.as_object()) {
            for (rule, setting) in rules {
                match setting.as_str() {
                    Some(s) => {
                        settings.rules.insert(rule.clone(), s.to_ascii_lowercase());
                    }
                    None => {
                        tracing::warn!("setting docwright.rules.{rule} is not a string; ignored")
                    }
                }
            }
        }
        if let Some(kinds) = value.get("kinds").and_then(|v| v.as_object()) {
            for (kind, enabled) in kinds {
                match enabled.as_bool() {
                    Some(b) => {
                        settings.kinds.insert(kind.clone(), b);
                    }
                    None => {
                        tracing::warn!("setting docwright.kinds.{kind} is not a boolean; ignored")
                    }
                }
            }
        }
        if let Some(level) = value.get("logLevel").and_then(|v| v.as_str()) {
            match level.parse::<tracing::Level>() {
                Ok(level) => settings.log_level = level,
                Err(_) => {
                    tracing::warn!("setting docwright.logLevel {level:?} is not a level; ignored")
                }
            }
        }
        if let Some(delay) = value.get("diagnosticsDelayMs").and_then(|v| v.as_u64()) {
            settings.diagnostics_delay_ms = delay.min(10_000);
        }
        if let Some(placement) = value.get("inlayHints").and_then(|v| v.as_str()) {
            match docwright_core::navigation::inlay_hints::HintPlacement::parse(placement) {
                Some(placement) => settings.inlay_hints = placement,
                None => tracing::warn!(
                    "setting docwright.inlayHints {placement:?} is not outOfProse, everywhere or off; ignored"
                ),
            }
        }
        settings
    }
}

/// The workspace: where it is, its `docwright.toml` and the user's settings.
pub struct Workspace {
    pub root: Option<PathBuf>,
    /// The config file in use (or that failed to load).
    pub config_path: Option<PathBuf>,
    /// The file's config, before the settings are applied.
    pub file_config: Config,
    /// The config rules see: the file's, with the settings applied.
    pub config: Arc<Config>,
    pub settings: Settings,
    /// Bumped whenever `config` is replaced, so that results computed under an older config are
    /// never reported as unchanged.
    pub config_generation: u64,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            root: None,
            config_path: None,
            file_config: Config::default(),
            config: Arc::new(Config::default()),
            settings: Settings::default(),
            config_generation: 0,
        }
    }
}

impl Workspace {
    /// Recomputes `config` from the file's config and the settings.
    pub fn apply_settings(&mut self) {
        use docwright_core::config::RuleSetting;
        use docwright_core::diagnostic::Severity;
        let mut config = self.file_config.clone();
        for (rule, setting) in &self.settings.rules {
            let setting = match setting.as_str() {
                "off" => RuleSetting::Off,
                "error" => RuleSetting::Severity(Severity::Error),
                "warning" | "warn" => RuleSetting::Severity(Severity::Warning),
                "info" => RuleSetting::Severity(Severity::Info),
                "hint" => RuleSetting::Severity(Severity::Hint),
                other => {
                    tracing::warn!(
                        "setting docwright.rules.{rule} = {other:?} is not a severity; ignored"
                    );
                    continue;
                }
            };
            config.rules.insert(rule.clone(), setting);
        }
        config
            .kinds
            .retain(|kind| self.settings.kinds.get(&kind.name).copied().unwrap_or(true));
        self.config = Arc::new(config);
        self.config_generation += 1;
    }
}

/// What the client said it can do, reduced to what the server looks at.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientSupport {
    pub snippets: bool,
    pub code_action_resolve: bool,
    pub configuration: bool,
    pub watched_files_dynamic: bool,
    /// `workspace.workspaceEdit.documentChanges`: edits can carry the document version they were
    /// computed for, and the client refuses them once the document has moved on.
    pub document_changes: bool,
    /// `window.showDocument.support`: the server may ask the client to open a file it created.
    pub show_document: bool,
    /// `workspace.workspaceEdit.resourceOperations` has `rename`: a `WorkspaceEdit` may rename a
    /// file (pyadr's accept renames `XXXX-slug.md` to its number).
    pub rename_files: bool,
    /// `workspace.workspaceEdit.resourceOperations` has `create`: a `WorkspaceEdit` may create a
    /// file (the quick fix that creates a missing document from its log's template).
    pub create_files: bool,
    /// `window.workDoneProgress`: the server may create progress tokens (indexing).
    pub work_done_progress: bool,
    /// `textDocument.diagnostic`: the client pulls diagnostics, so the server does not also push
    /// them for open documents (editors would show both).
    pub pull_diagnostics: bool,
    /// `workspace.diagnostics.refreshSupport`: the server may ask the client to pull again.
    pub diagnostic_refresh: bool,
    /// `workspace.symbol.resolveSupport` covers `location.range`: workspace symbols may be
    /// answered with a URI only, their range filled in by `workspaceSymbol/resolve`.
    pub workspace_symbol_resolve: bool,
    /// `workspace.codeLens.refreshSupport` / `workspace.inlayHint.refreshSupport`: the server
    /// may ask the client to re-request lenses ("cited by N docs") and hints (target titles),
    /// which change when another document does.
    pub code_lens_refresh: bool,
    pub inlay_hint_refresh: bool,
    /// `workspace.semanticTokens.refreshSupport`: a cited document becoming superseded changes
    /// how the references to it are coloured.
    pub semantic_tokens_refresh: bool,
}

/// Everything shared between the ordered-sync layer, the handlers and background tasks.
#[derive(Default)]
pub struct Shared {
    initialized: AtomicBool,
    shutdown: AtomicBool,
    encoding: RwLock<PositionEncoding>,
    docs: Mutex<HashMap<String, OpenDoc>>,
    pub workspace: RwLock<Workspace>,
    pub client: RwLock<ClientSupport>,
    index: RwLock<crate::index::index_state::IndexState>,
    /// Signalled whenever the index changes, so that the open documents' workspace diagnostics
    /// are refreshed (debounced, see `diagnostics::refresh_after_index_changes`).
    pub index_changed: tokio::sync::Notify,
    /// The rows reference completion scans, kept between requests and brought up to date with
    /// the index by each (see `CandidateCache`).
    completion_candidates: Mutex<docwright_core::navigation::completion::CandidateCache>,
    /// Signalled (to every waiter) whenever a parse job publishes a document's new state.
    pub parsed_changed: tokio::sync::Notify,
    /// The repository's decision history for `uncited-decisions`, as `docwright check` reads it.
    decision_history: Mutex<Option<KeptHistory>>,
    /// Held while a document's analysis is computed (`diagnostics::current_analysis`), so that
    /// a pull and a scheduled check of the same version do the work once, not side by side.
    analysing: Mutex<()>,
}

/// A [`GitHistory`](docwright_host::digest::GitHistory) kept between diagnostics runs: it reads git
/// once and remembers its answers, so it is replaced after [`HISTORY_KEPT_FOR`] (new commits), or
/// when the folder or the config changes.
struct KeptHistory {
    base: std::path::PathBuf,
    config_generation: u64,
    read_at: std::time::Instant,
    history: Arc<docwright_host::digest::GitHistory>,
}

/// How long the decision history is trusted before git is asked again.
const HISTORY_KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(60);

impl Shared {
    pub fn is_running(&self) -> bool {
        self.initialized.load(Ordering::Acquire) && !self.shutdown.load(Ordering::Acquire)
    }

    pub fn set_initialized(&self) {
        self.initialized.store(true, Ordering::Release);
    }

    pub fn set_shutdown(&self) {
        self.shutdown.store(true, Ordering::Release);
    }

    /// See the `analysing` field: taken by `diagnostics::current_analysis` only, never while
    /// another of the server's locks is held.
    pub fn analysing(&self) -> std::sync::MutexGuard<'_, ()> {
        self.analysing.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn shutdown_requested(&self) -> bool {
        self.shutdown.load(Ordering::Acquire)
    }

    pub fn encoding(&self) -> PositionEncoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_encoding(&self, encoding: PositionEncoding) {
        *self.encoding.write().unwrap_or_else(|e| e.into_inner()) = encoding;
    }

    /// The document store. A poisoned lock (a panic while holding it) is recovered rather than
    /// propagated: the store's invariants hold between statements.
    pub fn docs(&self) -> MutexGuard<'_, HashMap<String, OpenDoc>> {
        self.docs.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn config(&self) -> Arc<Config> {
        self.workspace
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .config
            .clone()
    }

    pub fn settings(&self) -> Settings {
        self.workspace
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .settings
            .clone()
    }

    /// The workspace index, for reading. Never held across an `.await`.
    pub fn index(&self) -> RwLockReadGuard<'_, crate::index::index_state::IndexState> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn index_mut(&self) -> RwLockWriteGuard<'_, crate::index::index_state::IndexState> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn completion_candidates(
        &self,
    ) -> MutexGuard<'_, docwright_core::navigation::completion::CandidateCache> {
        self.completion_candidates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The decision history of the repository `base` lies in, read by git when first asked.
    pub fn decision_history(
        &self,
        base: &std::path::Path,
    ) -> Arc<docwright_host::digest::GitHistory> {
        let (config, config_generation) = {
            let workspace = self.workspace.read().unwrap_or_else(|e| e.into_inner());
            (workspace.config.clone(), workspace.config_generation)
        };
        let mut kept = self
            .decision_history
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = kept.as_ref()
            && kept.base == base
            && kept.config_generation == config_generation
            && kept.read_at.elapsed() < HISTORY_KEPT_FOR
        {
            return kept.history.clone();
        }
        let history = Arc::new(docwright_host::digest::GitHistory::new(base, &config));
        *kept = Some(KeptHistory {
            base: base.to_path_buf(),
            config_generation,
            read_at: std::time::Instant::now(),
            history: history.clone(),
        });
        history
    }

    pub fn client_support(&self) -> ClientSupport {
        *self.client.read().unwrap_or_else(|e| e.into_inner())
    }
}
