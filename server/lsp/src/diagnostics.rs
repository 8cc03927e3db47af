//! Checking open documents: pushed on open and save at once, while typing after a pause, and
//! pulled on request. Checks run on a snapshot off the editing path; a result is published only if
//! its version is still the document's current one.
//!
//! A document's diagnostics are its own rules' (cached per version) plus the workspace rules'
//! over the index (`analysis::workspace_rules`, suppressions applied as `docwright check`
//! applies them), recomputed when the index has changed since. When the index changes (another
//! file created, changed, deleted, renamed, discovery finished, another open document edited),
//! [`refresh_after_index_changes`] re-publishes the open documents whose diagnostics moved, or,
//! for a client that pulls, asks it to pull again.
//!
//! A document's first diagnostics are right at once, for every client: the push after `didOpen`
//! and the first pull wait (bounded, [`FIRST_ANSWER_WAIT`]) for the workspace's discovery, and the
//! workspace rules say nothing while the index is incomplete. A client that pulls without
//! `workspace.diagnostics.refreshSupport` cannot be asked to pull again, so its first answer must
//! not be one that only a refresh could correct.
//!
//! A client that pulls (`textDocument.diagnostic`) gets no pushes for open documents: editors
//! show pushed and pulled diagnostics side by side, so every problem would appear twice.
//! `workspace/diagnostic` reports every rule's diagnostics of every indexed document that is not
//! open, as `docwright check` reports them (each file read through the boundary and checked;
//! the result reused while its text, the config and its workspace findings hold), each with a
//! result id that changes exactly when its diagnostics do.

use crate::check_results::{Analysis, DocumentFindings, WorkspaceFindings};
use crate::state::Shared;
use crate::{to_proto, workspace};
use docwright_core::check::{CheckInput, check, with_workspace_findings};
use docwright_core::config::Config;
use docwright_core::diagnostic::Diagnostic;
use docwright_core::document::Snapshot;
use docwright_core::position::PositionMapper;
use docwright_core::workspace_rules::{WorkspaceContext, check_doc, check_workspace_in};
use std::path::Path;
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

/// Checks a snapshot. Pure apart from reading the clock and the file system hints.
pub fn analyze(
    snapshot: &Snapshot,
    path: Option<&Path>,
    config: &Config,
    root: Option<&Path>,
    encoding: docwright_core::position::PositionEncoding,
) -> Analysis {
    let relative = path.map(|p| workspace::relative_path(root, p));
    let hints = path
        .map(|p| workspace::path_hints(root, p))
        .unwrap_or_default();
    let today = workspace::today();
    let result = check(&CheckInput {
        path: relative.as_deref(),
        text: &snapshot.text,
        outline: &snapshot.outline,
        config,
        hints: &hints,
        today: &today,
    });
    let lsp_diagnostics = to_lsp(snapshot, &result.diagnostics, encoding);
    Analysis {
        version: snapshot.version,
        hints,
        detection: result.detection,
        document_diagnostics: Arc::new(result.diagnostics.clone()),
        diagnostics: result.diagnostics,
        lsp_diagnostics,
        index_generation: 0,
    }
}

/// The workspace rules' view of the index (the engine's, [`docwright_host::engine::context`]), able
/// to ask the disk whether paths exist when there is a workspace (a fresh `DiskFiles` each time:
/// it remembers its answers, which would go stale in a long-lived server).
fn workspace_context<'a>(
    index: &'a docwright_core::index::Index,
    config: &'a Config,
    disk: Option<&'a docwright_host::DiskFiles>,
    history: Option<&'a docwright_host::digest::GitHistory>,
) -> WorkspaceContext<'a> {
    // Git answers `uncited-decisions`, as it does for `docwright check`.
    let history = history.map(|h| h as &dyn docwright_core::digest::DecisionHistory);
    docwright_host::engine::context(index, config, disk, history)
}

/// `document` (the document rules' analysis of `snapshot`) with the workspace rules'
/// diagnostics of the document's index entry added, as of the index's current generation.
fn with_workspace_rules(
    shared: &Shared,
    snapshot: &Snapshot,
    path: Option<&Path>,
    document: &Analysis,
) -> Analysis {
    let config = shared.config();
    let (found, index_generation) = {
        let state = shared.index();
        // The file system answers `dangling-code-path`, relative to where index paths are.
        let disk = state.base.as_deref().map(docwright_host::DiskFiles::new);
        let history = state
            .base
            .as_deref()
            .map(|base| shared.decision_history(base));
        // Before discovery has finished, a reference to a document not read yet would be
        // reported as broken: nothing is said until the index covers the workspace.
        let found = path
            .filter(|_| state.ready)
            .and_then(|p| state.index.get(&state.index_path(p)))
            .map(|entry| {
                check_doc(
                    &workspace_context(&state.index, &config, disk.as_ref(), history.as_deref()),
                    entry,
                )
            })
            .unwrap_or_default();
        (found, state.generation)
    };
    let diagnostics = with_workspace_findings(
        &snapshot.text,
        &snapshot.outline,
        (*document.document_diagnostics).clone(),
        found,
    );
    let lsp_diagnostics = to_lsp(snapshot, &diagnostics, shared.encoding());
    Analysis {
        version: snapshot.version,
        hints: document.hints.clone(),
        detection: document.detection.clone(),
        diagnostics,
        lsp_diagnostics,
        index_generation,
        document_diagnostics: document.document_diagnostics.clone(),
    }
}

/// Diagnostics in protocol form; `data` carries each one's index, for its code action.
fn to_lsp(
    snapshot: &Snapshot,
    diagnostics: &[Diagnostic],
    encoding: docwright_core::position::PositionEncoding,
) -> Vec<lsp::Diagnostic> {
    let mapper = PositionMapper::new(&snapshot.rope);
    diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| to_proto::diagnostic(&mapper, encoding, d, i))
        .collect()
}

/// The analysis of the document's current version: the cached one, or a fresh check (cached for
/// the next caller). A cached analysis whose workspace rules ran against an older index keeps its
/// document rules' part and has the workspace rules run again. `None` for a document that is not
/// open or too large to check.
pub fn current_analysis(shared: &Shared, uri: &Uri) -> Option<Arc<Analysis>> {
    if let Ok(current) = cached_analysis(shared, uri) {
        return current;
    }
    // One analysis at a time: a check that waited here for another of the same version and
    // index finds its result in the cache rather than computing it again beside it.
    let _analysing = shared.analysing();
    match cached_analysis(shared, uri) {
        Ok(current) => current,
        Err(cached) => compute_analysis(shared, uri, cached),
    }
}

/// `Ok` with the answer when the cache has it (or the document is not open), else `Err` with
/// the cached analysis of the current version, if any, whose workspace rules ran against an older
/// index.
fn cached_analysis(
    shared: &Shared,
    uri: &Uri,
) -> Result<Option<Arc<Analysis>>, Option<Arc<Analysis>>> {
    // Only an analysis of the parsed version counts: one computed on an older version may have
    // been stored after a newer one was received (it is then dropped when the newer is parsed).
    let cached = {
        let docs = shared.docs();
        let Some(doc) = docs.get(uri.as_str()) else {
            return Ok(None);
        };
        doc.analysis
            .clone()
            .filter(|analysis| analysis.version == doc.version())
    };
    let index_generation = shared.index().generation;
    match cached {
        Some(analysis) if analysis.index_generation == index_generation => Ok(Some(analysis)),
        cached => Err(cached),
    }
}

/// The analysis of the document's current version computed now, reusing `cached`'s document
/// rules' part when it is of that version; stored for the next caller.
fn compute_analysis(
    shared: &Shared,
    uri: &Uri,
    cached: Option<Arc<Analysis>>,
) -> Option<Arc<Analysis>> {
    let (snapshot, path) = {
        let docs = shared.docs();
        let doc = docs.get(uri.as_str())?;
        (doc.snapshot()?, doc.path.clone())
    };
    let document = match cached.filter(|a| a.version == snapshot.version) {
        Some(cached) => cached,
        None => {
            let config = shared.config();
            let root = path.as_deref().and_then(|p| {
                let state = shared.index();
                state.root_of(p).map(Path::to_path_buf)
            });
            let root = root.or_else(|| {
                shared
                    .workspace
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .root
                    .clone()
            });
            let analysis = analyze(
                &snapshot,
                path.as_deref(),
                &config,
                root.as_deref(),
                shared.encoding(),
            );
            if let Some(path) = &path {
                crate::index::update_open_document(
                    shared,
                    path,
                    &snapshot.text,
                    &snapshot.outline,
                    &analysis.detection,
                );
            }
            Arc::new(analysis)
        }
    };
    let analysis = Arc::new(with_workspace_rules(
        shared,
        &snapshot,
        path.as_deref(),
        &document,
    ));
    let mut docs = shared.docs();
    if let Some(doc) = docs.get_mut(uri.as_str())
        && doc.version() == analysis.version
        && doc.analysis.as_ref().is_none_or(|a| {
            a.version != analysis.version || a.index_generation < analysis.index_generation
        })
    {
        doc.analysis = Some(analysis.clone());
    }
    Some(analysis)
}

/// The index entry of an open document at its current version (analysing it first if its last
/// analysis is older), or the indexed entry of a file that is not open.
pub fn current_entry(shared: &Shared, uri: &Uri) -> Option<Arc<docwright_core::index::DocEntry>> {
    // Analysing the current version upserts the entry (see `current_analysis`).
    let _ = current_analysis(shared, uri);
    shared.index().entry(uri)
}

/// Analyses every open document whose last analysis is older than its text, so that edits not
/// yet checked (diagnostics are debounced) are in the index before a request that reads other
/// documents' entries (who cites this one, which links a rename must follow).
pub fn refresh_open_documents(shared: &Shared) {
    let uris: Vec<Uri> = shared.docs().values().map(|d| d.uri.clone()).collect();
    for uri in uris {
        let _ = current_analysis(shared, &uri);
    }
}

/// How long a document's first diagnostics (the push after `didOpen`, the first pull) wait for
/// the first discovery of the workspace to finish. Past it they are answered without the
/// workspace rules, which would report references to documents not read yet as broken; those
/// rules' findings follow once the index is ready (pushed, or on the client's next pull).
pub const FIRST_ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Waits until the workspace index is ready, at most [`FIRST_ANSWER_WAIT`].
pub async fn wait_for_index(shared: &Shared) {
    let deadline = tokio::time::Instant::now() + FIRST_ANSWER_WAIT;
    while !shared.index().ready
        && !shared.shutdown_requested()
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Checks the document now (on a blocking thread) and publishes, if the version is still current.
pub async fn publish_now(shared: Arc<Shared>, client: Client, uri: Uri) {
    let generation = match shared.docs().get(uri.as_str()) {
        Some(doc) => doc.generation,
        None => return,
    };
    publish_if_current(shared, client, uri, generation).await;
}

/// After `delay_ms` without a newer change, checks and publishes. Typing never waits on this: it
/// runs on its own task, and the check on a blocking thread.
pub fn schedule(shared: Arc<Shared>, client: Client, uri: Uri, delay_ms: u64) {
    // Handlers run after the ordered layer may have applied several later changes, so several
    // handlers can see the same generation: only the first schedules a run for it.
    let generation = match shared.docs().get_mut(uri.as_str()) {
        Some(doc) if doc.scheduled_generation != Some(doc.generation) => {
            doc.scheduled_generation = Some(doc.generation);
            doc.generation
        }
        _ => return,
    };
    tokio::spawn(async move {
        if delay_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(delay_ms)).await;
        }
        publish_if_current(shared, client, uri, generation).await;
    });
}

fn is_current(shared: &Shared, uri: &Uri, generation: u64) -> bool {
    shared
        .docs()
        .get(uri.as_str())
        .is_some_and(|doc| doc.generation == generation)
}

async fn publish_if_current(shared: Arc<Shared>, client: Client, uri: Uri, generation: u64) {
    if !is_current(&shared, &uri, generation) || !shared.is_running() {
        return;
    }
    // The check reads the parsed state: wait for the parse job to reach what was received.
    let Some(received) = shared.docs().get(uri.as_str()).map(|doc| doc.received) else {
        return;
    };
    if !crate::parse_jobs::wait_parsed(&shared, &uri, received).await
        || !is_current(&shared, &uri, generation)
    {
        return;
    }
    let blocking_shared = shared.clone();
    let blocking_uri = uri.clone();
    let analysis = match tokio::task::spawn_blocking(move || {
        current_analysis(&blocking_shared, &blocking_uri)
    })
    .await
    {
        Ok(Some(analysis)) => analysis,
        Ok(None) => {
            // Too large to check: say so once by clearing whatever was shown.
            let version = shared.docs().get(uri.as_str()).map(|d| d.version());
            if is_current(&shared, &uri, generation) {
                client.publish_diagnostics(uri, Vec::new(), version).await;
            }
            return;
        }
        Err(err) => {
            tracing::error!("checking {} failed: {err}", uri.as_str());
            return;
        }
    };
    // A change that arrived while checking makes this result stale: the change's own run
    // publishes instead.
    if !is_current(&shared, &uri, generation) {
        return;
    }
    if shared.client_support().pull_diagnostics {
        // The client asks for them (`textDocument/diagnostic`); pushing too would show each
        // problem twice. The check still ran: it put the edit into the index, where the other
        // open documents' workspace rules see it, and its result answers the next pull.
        return;
    }
    publish(&client, uri, &analysis).await;
}

async fn publish(client: &Client, uri: Uri, analysis: &Analysis) {
    client
        .publish_diagnostics(
            uri,
            analysis.lsp_diagnostics.clone(),
            Some(analysis.version),
        )
        .await;
}

/// How long the index must stay still before open documents' diagnostics are refreshed: a
/// discovery batch, a branch switch or a burst of keystrokes changes it many times in a row.
const INDEX_REFRESH_DELAY: std::time::Duration = std::time::Duration::from_millis(100);

/// Runs for the server's life (spawned at `initialized`): after each change of the index (see
/// `Shared::index_changed`), re-runs the workspace rules of the open documents and pushes the
/// diagnostics that moved; a client that pulls is asked to pull again instead
/// (`workspace/diagnostic/refresh`), when something it may show changed.
pub async fn refresh_after_index_changes(shared: Arc<Shared>, client: Client) {
    loop {
        shared.index_changed.notified().await;
        tokio::time::sleep(INDEX_REFRESH_DELAY).await;
        if shared.shutdown_requested() {
            return;
        }
        let blocking_shared = shared.clone();
        let Ok((moved, external)) =
            tokio::task::spawn_blocking(move || moved_diagnostics(&blocking_shared)).await
        else {
            continue;
        };
        let support = shared.client_support();
        // Lenses and hints of open documents show facts about other documents (who cites
        // this one, the titles of cited ones): any index change may move them. On their own
        // tasks, so that a client slow to answer never holds up the diagnostics below.
        if support.code_lens_refresh {
            let client = client.clone();
            tokio::spawn(async move {
                if let Err(err) = client.code_lens_refresh().await {
                    tracing::warn!("workspace/codeLens/refresh failed: {err}");
                }
            });
        }
        if support.inlay_hint_refresh {
            let client = client.clone();
            tokio::spawn(async move {
                if let Err(err) = client.inlay_hint_refresh().await {
                    tracing::warn!("workspace/inlayHint/refresh failed: {err}");
                }
            });
        }
        if support.semantic_tokens_refresh {
            let client = client.clone();
            tokio::spawn(async move {
                if let Err(err) = client.semantic_tokens_refresh().await {
                    tracing::warn!("workspace/semanticTokens/refresh failed: {err}");
                }
            });
        }
        if support.pull_diagnostics {
            if (external || !moved.is_empty())
                && support.diagnostic_refresh
                && let Err(err) = client.workspace_diagnostic_refresh().await
            {
                tracing::warn!("workspace/diagnostic/refresh failed: {err}");
            }
            continue;
        }
        for (uri, analysis) in moved {
            let still_current = shared
                .docs()
                .get(uri.as_str())
                .is_some_and(|doc| doc.version() == analysis.version);
            if still_current {
                publish(&client, uri, &analysis).await;
            }
        }
    }
}

/// The open documents whose diagnostics differ once the workspace rules see the current index,
/// with their new analysis; and whether the index changed from outside the open buffers since
/// the last call. Documents not analysed since their last edit are left to their own pending
/// check, which sees the current index anyway.
fn moved_diagnostics(shared: &Shared) -> (Vec<(Uri, Arc<Analysis>)>, bool) {
    let (generation, external) = {
        let mut state = shared.index_mut();
        (state.generation, std::mem::take(&mut state.external_change))
    };
    let stale: Vec<(Uri, Arc<Analysis>)> = shared
        .docs()
        .values()
        .filter_map(|doc| Some((doc.uri.clone(), doc.analysis.clone()?)))
        .filter(|(_, analysis)| analysis.index_generation != generation)
        .collect();
    let moved = stale
        .into_iter()
        .filter_map(|(uri, before)| {
            let after = current_analysis(shared, &uri)?;
            (after.version == before.version && after.lsp_diagnostics != before.lsp_diagnostics)
                .then_some((uri, after))
        })
        .collect();
    (moved, external)
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// [`WorkspaceFindings`] for the current index, config, files and day: the cached ones, or
/// computed now. Computing reads every indexed file (through the boundary) but checks again only
/// the documents whose text, config or workspace findings changed since the last computation.
fn workspace_findings(shared: &Shared) -> Arc<WorkspaceFindings> {
    let (config, config_generation) = {
        let workspace = shared.workspace.read().unwrap_or_else(|e| e.into_inner());
        (workspace.config.clone(), workspace.config_generation)
    };
    let today = workspace::today();
    let mut found: std::collections::BTreeMap<String, Vec<Diagnostic>>;
    let index_generation;
    let disk_events;
    let previous;
    // (index path, file, root of its workspace folder, URI)
    let mut paths: Vec<(String, std::path::PathBuf, Option<std::path::PathBuf>, Uri)> = Vec::new();
    {
        let state = shared.index();
        if let Some(cached) = &state.workspace_findings
            && cached.index_generation == state.generation
            && cached.config_generation == config_generation
            && cached.disk_events == state.disk_events
            && cached.today == today
        {
            return cached.clone();
        }
        previous = state.workspace_findings.clone();
        index_generation = state.generation;
        disk_events = state.disk_events;
        let disk = state.base.as_deref().map(docwright_host::DiskFiles::new);
        let history = state
            .base
            .as_deref()
            .map(|base| shared.decision_history(base));
        found = check_workspace_in(&workspace_context(
            &state.index,
            &config,
            disk.as_ref(),
            history.as_deref(),
        ));
        for entry in state.index.docs() {
            let (Some(file), Some(uri)) = (state.file_path(&entry.path), state.uri(&entry.path))
            else {
                continue;
            };
            let root = state.root_of(&file).map(Path::to_path_buf);
            paths.push((entry.path.clone(), file, root, uri));
        }
    }
    let encoding = shared.encoding();
    let boundary = shared.index().boundary();
    let mut documents = std::collections::BTreeMap::new();
    for (index_path, file, root, uri) in paths {
        let workspace_found = found.remove(&index_path).unwrap_or_default();
        let Ok(text) = boundary.read_text(&file, crate::index::MAX_INDEXED_BYTES) else {
            continue;
        };
        // As `docwright check` reads it: without a byte order mark.
        let text = docwright_host::engine::without_bom(&text).1;
        let hash = text_hash(text);
        let reused = previous
            .as_ref()
            .and_then(|p| p.documents.get(&index_path))
            .filter(|d| {
                d.text_hash == hash
                    && d.config_generation == config_generation
                    && d.today == today
                    && d.workspace == workspace_found
                    && d.uri == uri
            });
        let (diagnostics, result_id) = match reused {
            Some(reused) => (reused.diagnostics.clone(), reused.result_id.clone()),
            None => {
                let relative = workspace::relative_path(root.as_deref(), &file);
                let hints = workspace::path_hints(root.as_deref(), &file);
                let file_name = file.file_name().and_then(|n| n.to_str());
                let outline = docwright_core::outline::parse_outline_fast(text, file_name);
                let result = check(&CheckInput {
                    path: Some(&relative),
                    text,
                    outline: &outline,
                    config: &config,
                    hints: &hints,
                    today: &today,
                });
                let diagnostics = with_workspace_findings(
                    text,
                    &outline,
                    result.diagnostics,
                    workspace_found.clone(),
                );
                let rope = ropey::Rope::from_str(text);
                let mapper = PositionMapper::new(&rope);
                let lsp_diagnostics: Vec<lsp::Diagnostic> = diagnostics
                    .iter()
                    .enumerate()
                    .map(|(i, d)| to_proto::diagnostic(&mapper, encoding, d, i))
                    .collect();
                let result_id = content_result_id(&lsp_diagnostics);
                (lsp_diagnostics, result_id)
            }
        };
        documents.insert(
            index_path,
            DocumentFindings {
                uri,
                text_hash: hash,
                config_generation,
                today: today.clone(),
                workspace: workspace_found,
                diagnostics,
                result_id,
            },
        );
    }
    let findings = Arc::new(WorkspaceFindings {
        index_generation,
        config_generation,
        disk_events,
        today,
        documents,
    });
    let mut state = shared.index_mut();
    if state.generation == index_generation && state.disk_events == disk_events {
        state.workspace_findings = Some(findings.clone());
    }
    findings
}

/// `workspace/diagnostic`: every rule's diagnostics of every indexed document that is not open
/// (open ones are pulled one by one with `textDocument/diagnostic`), suppressions applied. A
/// document's report is `unchanged` when the client already holds the same result; a
/// document the client holds a result for and that has none now gets an empty report.
pub fn workspace_report(
    shared: &Shared,
    previous: &[lsp::PreviousResultId],
) -> lsp::WorkspaceDiagnosticReport {
    use std::collections::HashMap;
    let findings = workspace_findings(shared);
    let open: std::collections::HashSet<String> = shared.docs().keys().cloned().collect();
    let mut previous: HashMap<&str, &str> = previous
        .iter()
        .map(|p| (p.uri.as_str(), p.value.as_str()))
        .collect();
    let mut items = Vec::new();
    for document in findings.documents.values() {
        let uri = &document.uri;
        if open.contains(uri.as_str()) {
            continue;
        }
        let held = previous.remove(uri.as_str());
        // A clean document the client holds nothing for needs no report.
        if held.is_none() && document.diagnostics.is_empty() {
            continue;
        }
        items.push(workspace_item(
            uri.clone(),
            document.result_id.clone(),
            held,
            document.diagnostics.clone(),
        ));
    }
    // What the client still shows for documents that are clean now.
    let clean_id = content_result_id(&[]);
    for (uri, held) in previous {
        let Ok(uri) = uri.parse::<Uri>() else {
            continue;
        };
        if open.contains(uri.as_str()) {
            continue;
        }
        items.push(workspace_item(
            uri,
            clean_id.clone(),
            Some(held),
            Vec::new(),
        ));
    }
    lsp::WorkspaceDiagnosticReport { items }
}

fn workspace_item(
    uri: Uri,
    result_id: String,
    held: Option<&str>,
    items: Vec<lsp::Diagnostic>,
) -> lsp::WorkspaceDocumentDiagnosticReport {
    if held == Some(result_id.as_str()) {
        lsp::WorkspaceDocumentDiagnosticReport::Unchanged(
            lsp::WorkspaceUnchangedDocumentDiagnosticReport {
                uri,
                version: None,
                unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            },
        )
    } else {
        lsp::WorkspaceDocumentDiagnosticReport::Full(lsp::WorkspaceFullDocumentDiagnosticReport {
            uri,
            version: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        })
    }
}

/// A result id that changes exactly when the diagnostics do.
fn content_result_id(diagnostics: &[lsp::Diagnostic]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diagnostics)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("w{:016x}", hasher.finish())
}
