//! Checking open documents: pushed on open and save at once, while typing after a pause, and
//! pulled on request. Checks run on a snapshot off the editing path; a result is published only if
//! its version is still the document's current one.

use crate::analysis::check::{CheckInput, check};
use crate::analysis::config::Config;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::document::Snapshot;
use crate::analysis::kinds::detect::Detection;
use crate::analysis::position::PositionMapper;
use crate::lsp::state::Shared;
use crate::lsp::{to_proto, workspace};
use std::path::Path;
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

/// One check of one version of a document.
pub struct Analysis {
    pub version: i32,
    pub detection: Detection,
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics in protocol form, converted once.
    pub lsp_diagnostics: Vec<lsp::Diagnostic>,
}

/// Checks a snapshot. Pure apart from reading the clock and the file system hints.
pub fn analyze(
    snapshot: &Snapshot,
    path: Option<&Path>,
    config: &Config,
    root: Option<&Path>,
    encoding: crate::analysis::position::PositionEncoding,
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
    let mapper = PositionMapper::new(&snapshot.rope);
    let lsp_diagnostics = result
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| to_proto::diagnostic(&mapper, encoding, d, i))
        .collect();
    Analysis {
        version: snapshot.version,
        detection: result.detection,
        diagnostics: result.diagnostics,
        lsp_diagnostics,
    }
}

/// The analysis of the document's current version: the cached one, or a fresh check (cached for
/// the next caller). `None` for a document that is not open or too large to check.
pub fn current_analysis(shared: &Shared, uri: &Uri) -> Option<Arc<Analysis>> {
    let (snapshot, path) = {
        let docs = shared.docs();
        let doc = docs.get(uri.as_str())?;
        if let Some(analysis) = &doc.analysis {
            return Some(analysis.clone());
        }
        (doc.snapshot()?, doc.path.clone())
    };
    let config = shared.config();
    let root = shared
        .workspace
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .root
        .clone();
    let analysis = Arc::new(analyze(
        &snapshot,
        path.as_deref(),
        &config,
        root.as_deref(),
        shared.encoding(),
    ));
    if let Some(path) = &path {
        crate::lsp::index::update_open_document(
            shared,
            path,
            &snapshot.text,
            &snapshot.outline,
            &analysis.detection,
        );
    }
    let mut docs = shared.docs();
    if let Some(doc) = docs.get_mut(uri.as_str())
        && doc.version() == analysis.version
        && doc.analysis.is_none()
    {
        doc.analysis = Some(analysis.clone());
    }
    Some(analysis)
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
    client
        .publish_diagnostics(
            uri,
            analysis.lsp_diagnostics.clone(),
            Some(analysis.version),
        )
        .await;
}
