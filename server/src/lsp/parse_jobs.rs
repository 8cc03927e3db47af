//! Parsing and outlining changed documents off the input loop.
//!
//! The input loop (`lsp::ordered`) only queues a document's `didOpen`/`didChange` batches, which
//! costs a copy of the change. A parse job, one per document at a time, on its own thread with a
//! large stack ([`JOB_STACK_BYTES`]), applies the queue in arrival order, re-parses, builds the
//! outline and publishes the new state into the document store; then it looks again and goes on
//! while batches keep arriving. So:
//!
//! - the input loop and the other documents never wait for a parse: a document that takes seconds
//!   to analyse holds up only the requests made on it;
//! - a newer version cancels the older analysis: batches that arrive while a job parses are
//!   applied together by its next round, and the outline of a version that is already outdated
//!   when its parse ends is never built;
//! - edits are still applied in order, by one job at a time per document;
//! - deep nesting cannot overflow the stack of the thread that parses it (tree-sitter's tree
//!   operations and our walkers recurse over nesting depth; [`JOB_STACK_BYTES`] is far above what
//!   the largest analysed document, [`MAX_ANALYZED_BYTES`], can nest).
//!
//! Requests wait ([`settle`]) until the document's state reflects every batch received before the
//! request, and are answered on that version or refused with `ContentModified` (see
//! `lsp::ordered`'s [`Arrival`]).
//!
//! [`MAX_ANALYZED_BYTES`]: crate::lsp::state::MAX_ANALYZED_BYTES

use crate::lsp::state::{Batch, DocState, MAX_ANALYZED_BYTES, Shared, advance, apply_to_rope};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Error;
use tower_lsp_server::ls_types::Uri;

/// The stack of a parse job's thread. Virtual memory: only the pages a deep document really uses
/// are ever touched.
pub const JOB_STACK_BYTES: usize = 256 * 1024 * 1024;

/// The stack of the runtime's threads, where handlers and checks run over a parsed document.
pub const RUNTIME_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Starts a parse job for the opening `epoch` of the document under `key`, which has work and
/// whose `job_running` the caller has just set.
pub fn start(shared: &Arc<Shared>, key: String, epoch: u64) {
    let shared = shared.clone();
    let spawned = std::thread::Builder::new()
        .name(String::from("docwright-parse"))
        .stack_size(JOB_STACK_BYTES)
        .spawn({
            let shared = shared.clone();
            let key = key.clone();
            move || run(&shared, &key, epoch)
        });
    if let Err(err) = spawned {
        // No thread to be had: parse here rather than never.
        tracing::error!("cannot start a parse thread ({err}); parsing on the input loop");
        run(&shared, &key, epoch);
    }
}

/// The job: rounds of "take the queue, apply it, publish" until the queue stays empty.
fn run(shared: &Shared, key: &str, epoch: u64) {
    let encoding = shared.encoding();
    loop {
        let (base, batches, file_name, received) = {
            let mut docs = shared.docs();
            // Closed, or opened again (that opening has its own job).
            let Some(doc) = docs.get_mut(key).filter(|d| d.epoch == epoch) else {
                return;
            };
            if doc.pending.is_empty() {
                doc.job_running = false;
                return;
            }
            (
                doc.state.clone(),
                std::mem::take(&mut doc.pending),
                doc.file_name(),
                doc.received,
            )
        };
        // Kept to rebuild the text should the analysis fail: reference counts and the changes'
        // text, unless that text is over the analysis limit (then no parser runs on it, and a
        // copy would hold the memory of a large document once more).
        let text_bytes: usize = batches
            .iter()
            .flat_map(|batch| &batch.changes)
            .map(|change| change.text.len())
            .sum();
        let fallback = (text_bytes <= MAX_ANALYZED_BYTES).then(|| (base.clone(), batches.clone()));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let state = advance(base, batches, file_name, encoding);
            // The outline is what every request and the diagnostics read first; build it here,
            // unless a newer version already waits (its round builds that one instead).
            if let Some(DocState::Analyzed(document)) = &state
                && !has_pending(shared, key)
            {
                let _ = document.outline();
            }
            state
        }));
        let mut docs = shared.docs();
        let Some(doc) = docs.get_mut(key).filter(|d| d.epoch == epoch) else {
            // Closed, or opened again (that opening has its own job).
            return;
        };
        match result {
            Ok(state) => {
                doc.state = state;
                doc.parsed = received;
                // Whatever was checked meanwhile was checked on the previous state.
                doc.analysis = None;
            }
            Err(_) => {
                // A bug in a parser or the outline, on this text: keep the document open without
                // an analysis rather than take the server down, and say so in the log.
                let Some((base, batches)) = fallback else {
                    tracing::error!("analysing {key} failed; its text is lost, so it is forgotten");
                    docs.remove(key);
                    drop(docs);
                    shared.parsed_changed.notify_waiters();
                    return;
                };
                tracing::error!("analysing {key} failed; it is kept open but not analysed");
                doc.state = Some(text_only(base, &batches, encoding));
                doc.parsed = received;
                doc.analysis = None;
            }
        }
        drop(docs);
        shared.parsed_changed.notify_waiters();
    }
}

/// The text `batches` make of `base`, kept without any analysis.
fn text_only(
    base: Option<DocState>,
    batches: &[Batch],
    encoding: crate::analysis::position::PositionEncoding,
) -> DocState {
    let mut rope = match base {
        Some(DocState::Analyzed(doc)) => doc.rope().clone(),
        Some(DocState::TooLarge { rope, .. }) => rope,
        None => ropey::Rope::new(),
    };
    let mut version = 0;
    for batch in batches {
        for change in &batch.changes {
            apply_to_rope(&mut rope, change, encoding);
        }
        version = batch.version;
    }
    DocState::TooLarge { rope, version }
}

fn has_pending(shared: &Shared, key: &str) -> bool {
    shared
        .docs()
        .get(key)
        .is_some_and(|doc| !doc.pending.is_empty())
}

/// What the input loop saw of a document when a request on it arrived.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub uri: String,
    /// The document's `received` count then.
    pub received: u64,
}

tokio::task_local! {
    /// The document a request is about, as it stood when the request arrived (set by
    /// `lsp::ordered` around the request's handler).
    pub static ARRIVAL: Arrival;
}

/// The arrival of the request being handled on this task, if it names an open document.
pub fn arrival() -> Option<Arrival> {
    ARRIVAL.try_with(Clone::clone).ok()
}

/// Waits until the document's state reflects every batch received before the current request
/// arrived. Returns the `parsed` count it then has (`None` for a document that is not open, or a
/// request not made on a document). `ContentModified` when the state has already moved past that
/// version: the request's positions belong to a text that no longer exists.
pub async fn settle(shared: &Shared, uri: &Uri) -> Result<Option<u64>, Error> {
    let target = match arrival() {
        Some(arrival) if arrival.uri == uri.as_str() => Some(arrival.received),
        _ => None,
    };
    loop {
        let notified = shared.parsed_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let docs = shared.docs();
            let Some(doc) = docs.get(uri.as_str()) else {
                return Ok(None);
            };
            let target = target.unwrap_or(doc.received);
            if doc.parsed >= target {
                if doc.parsed > target && target != 0 {
                    return Err(Error::content_modified());
                }
                return Ok(Some(doc.parsed));
            }
        }
        notified.await;
    }
}

/// Waits until the document's state reflects at least `received` batches; `false` when it was
/// closed meanwhile.
pub async fn wait_parsed(shared: &Shared, uri: &Uri, received: u64) -> bool {
    loop {
        let notified = shared.parsed_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        match shared.docs().get(uri.as_str()) {
            None => return false,
            Some(doc) if doc.parsed >= received => return true,
            Some(_) => {}
        }
        notified.await;
    }
}

/// Waits until every open document's state reflects what had been received when this was
/// called: for the requests that read what other open documents say (lenses counting citations,
/// hints naming titles, workspace symbols, renames following links).
pub async fn settle_all(shared: &Shared) {
    let targets: Vec<(Uri, u64)> = shared
        .docs()
        .values()
        .map(|doc| (doc.uri.clone(), doc.received))
        .collect();
    for (uri, received) in targets {
        wait_parsed(shared, &uri, received).await;
    }
}

/// The document's `parsed` count now.
pub fn parsed_count(shared: &Shared, uri: &Uri) -> Option<u64> {
    shared.docs().get(uri.as_str()).map(|doc| doc.parsed)
}
