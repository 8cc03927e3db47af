//! The `LanguageServer` implementation: lifecycle, document sync (already applied by `ordered`
//! by the time these handlers run), configuration, and dispatch to `handlers`.

use crate::ref_completion;
use crate::state::{ClientSupport, Settings, Shared};
use crate::symbols_and_lenses;
use crate::{diagnostics, from_proto, handlers, parse_jobs, to_proto, workspace};
use docwright_core::position::{PositionMapper, TextRange};
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(client: Client, shared: Arc<Shared>) -> Backend {
        Backend { client, shared }
    }

    /// Answers a request on a document: waits until the document is parsed at the version the
    /// request was made on, computes the answer on a blocking thread (never on the threads that
    /// read the input), and refuses it as `ContentModified` when the document moved on meanwhile,
    /// so that no answer is computed on one version and meant for another.
    async fn on_document<T: Send + 'static>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Arc<Shared>) -> T + Send + 'static,
    ) -> Result<T> {
        let seen = parse_jobs::settle(&self.shared, uri).await?;
        let shared = self.shared.clone();
        let answer = tokio::task::spawn_blocking(move || f(&shared))
            .await
            .map_err(|err| {
                tracing::error!("a request on {} failed: {err}", uri.as_str());
                tower_lsp_server::jsonrpc::Error::internal_error()
            })?;
        self.still_at(uri, seen)?;
        Ok(answer)
    }

    /// `ContentModified` if the document's parsed state is no longer the one `seen`.
    fn still_at(&self, uri: &Uri, seen: Option<u64>) -> Result<()> {
        if seen.is_some() && parse_jobs::parsed_count(&self.shared, uri) != seen {
            return Err(tower_lsp_server::jsonrpc::Error::content_modified());
        }
        Ok(())
    }

    /// Answers a message the input guard could not decode (see `framing`) with a parse error.
    pub async fn malformed_message(&self, _params: serde_json::Value) -> Result<()> {
        Err(tower_lsp_server::jsonrpc::Error::parse_error())
    }

    /// Answers a request the input guard refused as too large (see `framing`) with an error.
    pub async fn too_large_request(&self, params: serde_json::Value) -> Result<()> {
        Err(tower_lsp_server::jsonrpc::Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::InvalidRequest,
            message: format!(
                "the request ({} bytes) is over the server's limit of {} bytes",
                params["bytes"],
                crate::framing::MAX_MESSAGE_BYTES
            )
            .into(),
            data: None,
        })
    }

    /// A notification the input guard refused as too large (see `framing`). For a `didOpen` or
    /// `didChange`, `ordered` has already forgotten the document (its text is not known any
    /// more); this tells the user, and clears what was shown for it, as a `didClose` does.
    pub async fn too_large_notification(&self, params: serde_json::Value) {
        let method = params["method"].as_str().unwrap_or("a notification");
        let megabytes = params["bytes"].as_u64().unwrap_or(0).div_ceil(1024 * 1024);
        let limit = crate::framing::MAX_MESSAGE_BYTES / (1024 * 1024);
        let document = params["uri"]
            .as_str()
            .filter(|_| crate::ordered::is_document_sync(method))
            .and_then(|uri| uri.parse::<Uri>().ok());
        let Some(uri) = document else {
            self.log(
                tracing::Level::WARN,
                format!("{method} ignored: {megabytes} MB, over the limit of {limit} MB"),
            )
            .await;
            return;
        };
        let message = format!(
            "Docwright does not follow {}: the editor sent it as {megabytes} MB, over the limit \
             of {limit} MB. Close it, and reopen it once it is smaller, to have it checked.",
            uri.as_str()
        );
        tracing::warn!("{message}");
        self.client
            .show_message(MessageType::WARNING, message)
            .await;
        self.document_forgotten(uri).await;
    }

    /// What follows a document's closing (or its being dropped as too large): its problems are
    /// cleared, and its index entry goes back to what the disk holds.
    async fn document_forgotten(&self, uri: Uri) {
        // A closed document's problems are no longer the editor's to show.
        self.client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
        // Its index entry goes back to what the disk holds: the buffer may have been discarded.
        let shared = self.shared.clone();
        match tokio::task::spawn_blocking(move || crate::index::document_closed(&shared, &uri))
            .await
        {
            Ok(update) => {
                if let Some(line) = update.skipped {
                    self.log(tracing::Level::WARN, line).await;
                }
            }
            Err(err) => tracing::error!("re-reading a closed document failed: {err}"),
        }
    }

    async fn log(&self, level: tracing::Level, message: String) {
        match level {
            tracing::Level::ERROR => tracing::error!("{message}"),
            tracing::Level::WARN => tracing::warn!("{message}"),
            tracing::Level::INFO => tracing::info!("{message}"),
            _ => tracing::debug!("{message}"),
        }
        // `Level` orders more verbose as greater: ERROR < WARN < INFO < DEBUG.
        if level <= self.shared.settings().log_level {
            let kind = match level {
                tracing::Level::ERROR => MessageType::ERROR,
                tracing::Level::WARN => MessageType::WARNING,
                tracing::Level::INFO => MessageType::INFO,
                _ => MessageType::LOG,
            };
            self.client.log_message(kind, message).await;
        }
    }

    /// Re-reads `docwright.toml`, publishes its problem (or clears it), and re-checks every open
    /// document against the new config.
    async fn reload_config(&self) {
        let root = self.workspace_root();
        let (found, config, problem) = workspace::find_and_load_config(root).await;
        let previous = self.with_workspace(|w| w.config_path.clone());
        let config_before = self.shared.config();
        self.with_workspace(|w| {
            w.config_path = found.clone().or(previous.clone());
            w.file_config = config;
            w.apply_settings();
        });
        self.reindex_if_config_changed(&config_before);
        if let Some(path) = found.as_ref().or(previous.as_ref()) {
            self.publish_config_problem(path, problem.as_ref()).await;
        }
        if let Some(problem) = &problem {
            self.log(
                tracing::Level::WARN,
                format!(
                    "docwright.toml is broken ({}); using the defaults",
                    problem.error
                ),
            )
            .await;
        }
        self.recheck_all().await;
    }

    /// Indexes the workspace again when the config in force changed in what the index depends on
    /// (kinds, ignore globs, URL prefixes): entries keep the kind detected under the old one.
    fn reindex_if_config_changed(&self, before: &docwright_core::config::Config) {
        // What index entries are built from. `Config` has no `PartialEq`; the `Debug` forms of
        // these fields show all of them (the whole config's would include its glob cache).
        let indexed_parts = |c: &docwright_core::config::Config| {
            format!("{:?}", (&c.kinds, &c.ignore, &c.workspace))
        };
        if indexed_parts(before) != indexed_parts(&self.shared.config()) {
            self.reindex(true);
        }
    }

    async fn publish_config_problem(
        &self,
        path: &std::path::Path,
        problem: Option<&workspace::ConfigProblem>,
    ) {
        let Some(uri) = Uri::from_file_path(path) else {
            return;
        };
        let diagnostics = match problem {
            None => Vec::new(),
            Some(problem) => {
                let text = &problem.text;
                let rope = ropey::Rope::from_str(text);
                let mapper = PositionMapper::new(&rope);
                let range = TextRange::new(
                    problem.error.range.start.min(text.len()),
                    problem
                        .error
                        .range
                        .end
                        .min(text.len())
                        .max(problem.error.range.start.min(text.len())),
                );
                vec![Diagnostic {
                    range: to_proto::range(&mapper, range, self.shared.encoding()),
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String(String::from("config"))),
                    source: Some(String::from("docwright")),
                    message: format!(
                        "{}; Docwright is using its defaults until this is fixed",
                        problem.error.message
                    ),
                    ..Diagnostic::default()
                }]
            }
        };
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }

    async fn recheck_all(&self) {
        let uris: Vec<Uri> = {
            let mut docs = self.shared.docs();
            docs.values_mut()
                .map(|doc| {
                    doc.generation += 1;
                    doc.analysis = None;
                    doc.uri.clone()
                })
                .collect()
        };
        for uri in uris {
            diagnostics::publish_now(self.shared.clone(), self.client.clone(), uri).await;
        }
        // A client that pulls got nothing pushed above: the new config changes what its next
        // pull answers, so it is asked to pull again.
        let support = self.shared.client_support();
        if support.pull_diagnostics && support.diagnostic_refresh {
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(err) = client.workspace_diagnostic_refresh().await {
                    tracing::warn!("workspace/diagnostic/refresh failed: {err}");
                }
            });
        }
    }

    fn workspace_root(&self) -> Option<PathBuf> {
        self.with_workspace(|w| w.root.clone())
    }

    fn with_workspace<T>(&self, f: impl FnOnce(&mut crate::state::Workspace) -> T) -> T {
        let mut workspace = self
            .shared
            .workspace
            .write()
            .unwrap_or_else(|e| e.into_inner());
        f(&mut workspace)
    }

    /// Asks the client for the `docwright` settings section, when it supports that.
    async fn pull_settings(&self) {
        if !self.shared.client_support().configuration {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some(String::from("docwright")),
        }];
        match self.client.configuration(items).await {
            Ok(values) => {
                if let Some(value) = values.into_iter().next()
                    && !value.is_null()
                {
                    self.set_settings(Settings::from_json(&value));
                }
            }
            Err(err) => {
                self.log(
                    tracing::Level::WARN,
                    format!("workspace/configuration failed: {err}"),
                )
                .await
            }
        }
    }

    fn set_settings(&self, settings: Settings) {
        self.with_workspace(|w| {
            w.settings = settings;
            w.apply_settings();
        });
    }

    /// Starts a discovery of the workspace folders in the background (see `lsp::index`); a
    /// `rebuild` replaces what an earlier one indexed.
    fn reindex(&self, rebuild: bool) {
        let run = crate::index::start_discovery(&self.shared, rebuild);
        tokio::spawn(crate::index::discover_in_background(
            self.shared.clone(),
            self.client.clone(),
            run,
        ));
    }

    /// Brings the index up to date with files written or deleted outside the open buffers, one
    /// document at a time, and logs the files it could not index.
    async fn apply_file_events(&self, events: Vec<crate::index::FileEvent>) {
        if events.is_empty() {
            return;
        }
        let shared = self.shared.clone();
        match tokio::task::spawn_blocking(move || crate::index::apply_file_events(&shared, &events))
            .await
        {
            Ok(skipped) => {
                for line in skipped {
                    self.log(tracing::Level::WARN, line).await;
                }
            }
            Err(err) => tracing::error!("updating the index failed: {err}"),
        }
    }

    async fn register_config_watcher(&self) {
        if !self.shared.client_support().watched_files_dynamic {
            return;
        }
        // The config, and the documents the index holds when they change outside the editor.
        let watchers = [
            format!("**/{}", workspace::CONFIG_FILE_NAME),
            String::from("**/*.md"),
            String::from("**/*.markdown"),
        ]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob),
            kind: None,
        })
        .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: String::from("docwright-config-watcher"),
            method: String::from("workspace/didChangeWatchedFiles"),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(err) = self.client.register_capability(vec![registration]).await {
            self.log(
                tracing::Level::WARN,
                format!("could not watch docwright.toml: {err}"),
            )
            .await;
        }
    }
}

/// The file behind a `file:` URI as the file-operation notifications send it (a string).
/// Runs a request's handler on a blocking thread: it reads closed documents from the disk, which
/// must not happen on the task that reads the client's messages (ADR 0010).
async fn off_loop<T: Send + 'static>(
    shared: &Arc<Shared>,
    handler: impl FnOnce(&Shared) -> T + Send + 'static,
) -> Result<T> {
    let shared = shared.clone();
    tokio::task::spawn_blocking(move || handler(&shared))
        .await
        .map_err(|err| {
            tracing::error!("a request handler failed: {err}");
            tower_lsp_server::jsonrpc::Error::internal_error()
        })
}

fn file_path_of(uri: &str) -> Option<PathBuf> {
    uri.parse::<Uri>()
        .ok()?
        .to_file_path()
        .map(|p| p.into_owned())
}

fn is_config_uri(uri: &Uri) -> bool {
    uri.path().as_str().ends_with(workspace::CONFIG_FILE_NAME)
}

fn client_support(params: &InitializeParams) -> ClientSupport {
    let caps = &params.capabilities;
    let text = caps.text_document.as_ref();
    ClientSupport {
        snippets: text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
        code_action_resolve: text
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        configuration: caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
        watched_files_dynamic: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        document_changes: caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        rename_files: caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Rename)),
        create_files: caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        show_document: caps
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support),
        work_done_progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        pull_diagnostics: text.is_some_and(|t| t.diagnostic.is_some()),
        diagnostic_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false),
        workspace_symbol_resolve: caps
            .workspace
            .as_ref()
            .and_then(|w| w.symbol.as_ref())
            .and_then(|s| s.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "location.range")),
        code_lens_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false),
        inlay_hint_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false),
        semantic_tokens_refresh: caps
            .workspace
            .as_ref()
            .and_then(|w| w.semantic_tokens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false),
    }
}

/// Every workspace folder the client names, else its `rootUri`.
#[allow(deprecated)] // `root_uri` is still what many clients send.
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path())
        .map(|p| p.into_owned())
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    params
        .root_uri
        .as_ref()
        .and_then(|u| u.to_file_path())
        .map(|p| p.into_owned())
        .into_iter()
        .collect()
}

#[allow(deprecated)] // `root_uri` is still what many clients send.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .and_then(|f| f.uri.to_file_path())
        .or_else(|| params.root_uri.as_ref().and_then(|u| u.to_file_path()))
        .map(|p| p.into_owned())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = from_proto::negotiate_encoding(&params);
        self.shared.set_encoding(encoding);
        *self
            .shared
            .client
            .write()
            .unwrap_or_else(|e| e.into_inner()) = client_support(&params);
        let root = workspace_root(&params);
        let settings = params
            .initialization_options
            .as_ref()
            .map(Settings::from_json)
            .unwrap_or_default();
        let (config_path, file_config, _) = workspace::find_and_load_config(root.clone()).await;
        self.shared.index_mut().set_roots(workspace_roots(&params));
        self.with_workspace(|w| {
            w.root = root;
            w.config_path = config_path;
            w.file_config = file_config;
            w.settings = settings;
            w.apply_settings();
        });
        self.shared.set_initialized();
        tracing::info!("initialized; positions in {encoding:?}");

        let code_action_kinds = vec![
            CodeActionKind::QUICKFIX,
            CodeActionKind::new(handlers::FIX_ALL_KIND),
            CodeActionKind::REFACTOR_REWRITE,
        ];
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: String::from("docwright"),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(to_proto::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        will_save: None,
                        will_save_wait_until: None,
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![
                        String::from("#"),
                        String::from(" "),
                        String::from(":"),
                        // Cross-references: `ADR-`, `[[`, `](`, `](../adr/`.
                        String::from("-"),
                        String::from("["),
                        String::from("("),
                        String::from("/"),
                    ]),
                    ..CompletionOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(code_action_kinds),
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                        resolve_provider: Some(true),
                    },
                )),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some(String::from("docwright")),
                        // The workspace rules make a document's diagnostics depend on others.
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                execute_command_provider: Some(crate::commands::provider()),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    // didCreate/didRename/didDelete keep the index current (`lsp::index`);
                    // willRename updates the links to and from the moved files (`lsp::rename`).
                    file_operations: Some(WorkspaceFileOperationsServerCapabilities {
                        will_rename: Some(crate::rename::will_rename_registration()),
                        ..crate::index::file_operations()
                    }),
                }),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                workspace_symbol_provider: Some(OneOf::Right(WorkspaceSymbolOptions {
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                    resolve_provider: Some(true),
                })),
                inlay_hint_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: crate::semantic_tokens::legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                ..ServerCapabilities::default()
            },
            // `offset_encoding` exists only with ls-types' `proposed` feature, which another
            // crate in the graph may switch on.
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.register_config_watcher().await;
        self.pull_settings().await;
        tokio::spawn(diagnostics::refresh_after_index_changes(
            self.shared.clone(),
            self.client.clone(),
        ));
        // In the background: requests are answered from what is indexed so far.
        self.reindex(false);
        let config_path = self.with_workspace(|w| w.config_path.clone());
        if let Some(path) = config_path {
            let (_, problem) = workspace::load_config_off_loop(path.clone()).await;
            if let Some(problem) = &problem {
                self.log(
                    tracing::Level::WARN,
                    format!(
                        "docwright.toml is broken ({}); using the defaults",
                        problem.error
                    ),
                )
                .await;
            }
            self.publish_config_problem(&path, problem.as_ref()).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.set_shutdown();
        tracing::info!("shutdown requested");
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        // The first push is right at once: it waits (bounded) for the workspace index, on its
        // own task so that nothing else waits with it.
        let shared = self.shared.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            diagnostics::wait_for_index(&shared).await;
            diagnostics::publish_now(shared, client, params.text_document.uri).await;
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let delay = self.shared.settings().diagnostics_delay_ms;
        diagnostics::schedule(
            self.shared.clone(),
            self.client.clone(),
            params.text_document.uri,
            delay,
        );
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config_uri(&params.text_document.uri) {
            self.reload_config().await;
            return;
        }
        diagnostics::publish_now(
            self.shared.clone(),
            self.client.clone(),
            params.text_document.uri,
        )
        .await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.document_forgotten(params.text_document.uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let section = params.settings.get("docwright").cloned();
        let config_before = self.shared.config();
        match section {
            Some(value) if !value.is_null() => self.set_settings(Settings::from_json(&value)),
            _ => self.pull_settings().await,
        }
        // Settings can turn kinds off, which changes what the index detects.
        self.reindex_if_config_changed(&config_before);
        self.log(
            tracing::Level::INFO,
            String::from("settings changed; re-checking open documents"),
        )
        .await;
        self.recheck_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let documents: Vec<crate::index::FileEvent> = params
            .changes
            .iter()
            .filter(|c| !is_config_uri(&c.uri))
            .filter_map(|c| {
                let path = c.uri.to_file_path()?.into_owned();
                Some(if c.typ == FileChangeType::DELETED {
                    crate::index::FileEvent::Deleted(path)
                } else {
                    crate::index::FileEvent::Written(path)
                })
            })
            .collect();
        self.apply_file_events(documents).await;
        if params.changes.iter().any(|c| is_config_uri(&c.uri)) {
            self.log(
                tracing::Level::INFO,
                String::from("docwright.toml changed; reloading"),
            )
            .await;
            self.reload_config().await;
        }
    }

    async fn did_create_files(&self, params: CreateFilesParams) {
        let events = params
            .files
            .iter()
            .filter_map(|f| file_path_of(&f.uri))
            .map(crate::index::FileEvent::Written)
            .collect();
        self.apply_file_events(events).await;
    }

    async fn did_rename_files(&self, params: RenameFilesParams) {
        let mut events = Vec::new();
        for rename in &params.files {
            if let Some(old) = file_path_of(&rename.old_uri) {
                events.push(crate::index::FileEvent::Deleted(old));
            }
            if let Some(new) = file_path_of(&rename.new_uri) {
                events.push(crate::index::FileEvent::Written(new));
            }
        }
        self.apply_file_events(events).await;
    }

    async fn did_delete_files(&self, params: DeleteFilesParams) {
        let events = params
            .files
            .iter()
            .filter_map(|f| file_path_of(&f.uri))
            .map(crate::index::FileEvent::Deleted)
            .collect();
        self.apply_file_events(events).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let to_path = |f: &WorkspaceFolder| f.uri.to_file_path().map(|p| p.into_owned());
        let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(to_path).collect();
        let mut roots = self.shared.index().roots.clone();
        roots.retain(|root| !removed.contains(root));
        for added in params.event.added.iter().filter_map(to_path) {
            if !roots.contains(&added) {
                roots.push(added);
            }
        }
        self.shared.index_mut().set_roots(roots.clone());
        self.with_workspace(|w| w.root = roots.first().cloned());
        self.log(
            tracing::Level::INFO,
            String::from("workspace folders changed; indexing again"),
        )
        .await;
        // Index paths are relative to the folders' common ancestor, which may have moved.
        self.reindex(true);
        self.recheck_all().await;
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let shared = self.shared.clone();
        let report = tokio::task::spawn_blocking(move || {
            diagnostics::workspace_report(&shared, &params.previous_result_ids)
        })
        .await
        .map_err(|err| {
            tracing::error!("workspace diagnostics failed: {err}");
            tower_lsp_server::jsonrpc::Error::internal_error()
        })?;
        Ok(WorkspaceDiagnosticReportResult::Report(report))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri.clone();
        // A document's first pull waits (bounded) for the workspace index: a client without
        // refresh support would otherwise keep showing an answer made on a partial index.
        let first_pull = self
            .shared
            .docs()
            .get(uri.as_str())
            .is_some_and(|doc| doc.last_result_id.is_none());
        if first_pull {
            diagnostics::wait_for_index(&self.shared).await;
        }
        self.on_document(&uri, move |shared| {
            handlers::pull_diagnostics(shared, params)
        })
        .await?
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        self.on_document(&uri.clone(), move |shared| {
            handlers::document_symbols(shared, &uri)
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        self.on_document(&uri.clone(), move |shared| {
            handlers::folding_ranges(shared, &uri)
        })
        .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let uri = params.text_document.uri;
        self.on_document(&uri.clone(), move |shared| {
            handlers::selection_ranges(shared, &uri, &params.positions)
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        // A reference's hover previews a closed document, read from the disk.
        let p = params.text_document_position_params;
        self.on_document(&p.text_document.uri.clone(), move |shared| {
            handlers::hover(shared, &p.text_document.uri, p.position)
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        // Places the target in a closed document, read from the disk.
        let p = params.text_document_position_params;
        self.on_document(&p.text_document.uri.clone(), move |shared| {
            crate::navigation::goto_definition(shared, &p.text_document.uri, p.position)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        // Reads the citing documents to place their ranges: off the async workers.
        let p = params.text_document_position;
        let include_declaration = params.context.include_declaration;
        self.on_document(&p.text_document.uri.clone(), move |shared| {
            crate::navigation::references(
                shared,
                &p.text_document.uri,
                p.position,
                include_declaration,
            )
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        self.on_document(&uri.clone(), move |shared| {
            crate::navigation::document_links(shared, &uri)
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.on_document(&p.text_document.uri.clone(), move |shared| {
            let own = handlers::completion(shared, &p.text_document.uri, p.position);
            let references = ref_completion::completion(shared, &p.text_document.uri, p.position);
            ref_completion::merge(own, references)
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        self.on_document(&uri, move |shared| handlers::code_actions(shared, params))
            .await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        parse_jobs::settle_all(&self.shared).await;
        crate::commands::execute(&self.shared, &self.client, params).await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        // The edit is made for the version the action names: wait for what was received to be
        // parsed, so that a newer version is seen as one (and refused as ContentModified).
        parse_jobs::settle_all(&self.shared).await;
        handlers::resolve_code_action(&self.shared, action)
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        parse_jobs::settle_all(&self.shared).await;
        off_loop(&self.shared, move |shared| {
            symbols_and_lenses::workspace_symbols(shared, &params.query)
        })
        .await
    }

    async fn symbol_resolve(&self, symbol: WorkspaceSymbol) -> Result<WorkspaceSymbol> {
        parse_jobs::settle_all(&self.shared).await;
        off_loop(&self.shared, move |shared| {
            symbols_and_lenses::resolve_workspace_symbol(shared, symbol)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        parse_jobs::settle_all(&self.shared).await;
        self.on_document(&uri.clone(), move |shared| {
            symbols_and_lenses::inlay_hints(shared, &uri, params.range)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        parse_jobs::settle_all(&self.shared).await;
        self.on_document(&uri.clone(), move |shared| {
            crate::semantic_tokens::full(shared, &uri)
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        parse_jobs::settle_all(&self.shared).await;
        self.on_document(&uri.clone(), move |shared| {
            symbols_and_lenses::code_lenses(shared, &uri)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let uri = params.text_document.uri.clone();
        let seen = parse_jobs::settle(&self.shared, &uri).await?;
        parse_jobs::settle_all(&self.shared).await;
        let answer = crate::rename::prepare_rename(&self.shared, params).await?;
        self.still_at(&uri, seen)?;
        Ok(answer)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        // The edit is computed on the version the request was made on and labelled with it, or
        // refused: positions of one version applied to another rename the wrong heading.
        let uri = params.text_document_position.text_document.uri.clone();
        let seen = parse_jobs::settle(&self.shared, &uri).await?;
        parse_jobs::settle_all(&self.shared).await;
        let answer = crate::rename::rename(&self.shared, params).await?;
        self.still_at(&uri, seen)?;
        Ok(answer)
    }

    async fn will_rename_files(&self, params: RenameFilesParams) -> Result<Option<WorkspaceEdit>> {
        parse_jobs::settle_all(&self.shared).await;
        crate::rename::will_rename_files(&self.shared, params).await
    }
}
