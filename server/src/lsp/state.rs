//! What the server holds: the open documents and the workspace around them.
//!
//! Every lock here is a `std::sync` lock, taken and released without an `.await` in between, so
//! that document edits are applied in the order they arrive and no handler waits on another's
//! future.

use crate::analysis::config::Config;
use crate::analysis::document::{Change, Document, Snapshot};
use crate::analysis::position::PositionEncoding;
use ropey::Rope;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tower_lsp_server::ls_types::Uri;

/// Documents larger than this are tracked (their text kept current) but not parsed or checked: a
/// full parse would stall the server for seconds. Editors send such files (logs, dumps) by mistake.
pub const MAX_ANALYZED_BYTES: usize = 4 * 1024 * 1024;

/// One open document.
pub struct OpenDoc {
    pub uri: Uri,
    /// The file behind the URI, for `file:` URIs.
    pub path: Option<PathBuf>,
    pub state: DocState,
    /// Bumped by every change; a debounced diagnostics run publishes only if it is still current.
    pub generation: u64,
    /// The generation a debounced run is already scheduled for.
    pub scheduled_generation: Option<u64>,
    /// The last check, reused by pull diagnostics and code actions while the version holds.
    pub analysis: Option<Arc<crate::lsp::diagnostics::Analysis>>,
    /// The `resultId` of the last pulled report.
    pub last_result_id: Option<String>,
}

pub enum DocState {
    Analyzed(Box<Document>),
    /// Over [`MAX_ANALYZED_BYTES`]: only the text is kept.
    TooLarge {
        rope: Rope,
        version: i32,
    },
}

impl OpenDoc {
    pub fn new(uri: Uri, text: String, version: i32) -> OpenDoc {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let file_name = path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let state = if text.len() > MAX_ANALYZED_BYTES {
            tracing::warn!(
                "{} is {} bytes, over the {} byte limit: it is kept in sync but not checked",
                uri.as_str(),
                text.len(),
                MAX_ANALYZED_BYTES
            );
            DocState::TooLarge {
                rope: Rope::from_str(&text),
                version,
            }
        } else {
            DocState::Analyzed(Box::new(Document::new(text, version, file_name)))
        };
        OpenDoc {
            uri,
            path,
            state,
            generation: 0,
            scheduled_generation: None,
            analysis: None,
            last_result_id: None,
        }
    }

    pub fn version(&self) -> i32 {
        match &self.state {
            DocState::Analyzed(doc) => doc.version(),
            DocState::TooLarge { version, .. } => *version,
        }
    }

    pub fn document(&self) -> Option<&Document> {
        match &self.state {
            DocState::Analyzed(doc) => Some(doc),
            DocState::TooLarge { .. } => None,
        }
    }

    pub fn snapshot(&self) -> Option<Snapshot> {
        self.document().map(Document::snapshot)
    }

    /// Applies a `didChange` batch. A too-large document that shrinks under the limit is parsed
    /// again; one that grows over it stops being analysed.
    pub fn apply(&mut self, changes: &[Change], version: i32, encoding: PositionEncoding) {
        self.generation += 1;
        self.analysis = None;
        match &mut self.state {
            DocState::Analyzed(doc) => {
                doc.apply_changes(changes, encoding);
                doc.set_version(version);
                if doc.text().len() > MAX_ANALYZED_BYTES {
                    let text = doc.text().to_string();
                    *self = OpenDoc {
                        generation: self.generation,
                        ..OpenDoc::new(self.uri.clone(), text, version)
                    };
                }
            }
            DocState::TooLarge { rope, version: v } => {
                for change in changes {
                    apply_to_rope(rope, change, encoding);
                }
                *v = version;
                if rope.len_bytes() <= MAX_ANALYZED_BYTES {
                    let text = rope.to_string();
                    *self = OpenDoc {
                        generation: self.generation,
                        ..OpenDoc::new(self.uri.clone(), text, version)
                    };
                }
            }
        }
    }
}

fn apply_to_rope(rope: &mut Rope, change: &Change, encoding: PositionEncoding) {
    let range = match change.range {
        Some(range) => {
            crate::analysis::position::PositionMapper::new(rope).text_range(range, encoding)
        }
        None => crate::analysis::position::TextRange::new(0, rope.len_bytes()),
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rules: HashMap::new(),
            kinds: HashMap::new(),
            log_level: tracing::Level::WARN,
            diagnostics_delay_ms: 200,
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
        use crate::analysis::config::RuleSetting;
        use crate::analysis::diagnostic::Severity;
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
    index: RwLock<crate::lsp::index::IndexState>,
    /// Signalled whenever the index changes, so that the open documents' workspace diagnostics
    /// are refreshed (debounced, see `diagnostics::refresh_after_index_changes`).
    pub index_changed: tokio::sync::Notify,
    /// The rows reference completion scans, kept between requests and brought up to date with
    /// the index by each (see `CandidateCache`).
    completion_candidates: Mutex<crate::analysis::navigation::completion::CandidateCache>,
}

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
    pub fn index(&self) -> RwLockReadGuard<'_, crate::lsp::index::IndexState> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn index_mut(&self) -> RwLockWriteGuard<'_, crate::lsp::index::IndexState> {
        self.index.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn completion_candidates(
        &self,
    ) -> MutexGuard<'_, crate::analysis::navigation::completion::CandidateCache> {
        self.completion_candidates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    pub fn client_support(&self) -> ClientSupport {
        *self.client.read().unwrap_or_else(|e| e.into_inner())
    }
}
