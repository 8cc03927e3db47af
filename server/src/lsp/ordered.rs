//! Document sync in arrival order.
//!
//! tower-lsp-server calls its service once per message, in the order messages arrive, but then
//! runs the returned futures concurrently (`buffer_unordered`), so two `didChange` handlers can run
//! in either order (tower-lsp issue #284). This layer sits in front of the service and applies
//! `didOpen`, `didChange` and `didClose` to the document store inside `call` itself, which runs
//! sequentially, before any future exists. The handlers that follow only schedule diagnostics.
//!
//! Applying here means queueing: the parse itself runs in a parse job off this loop
//! (`lsp::parse_jobs`), so that a document slow to analyse never holds up the others. A request
//! on a document is tagged with how many batches of it had arrived ([`Arrival`]), so that its
//! handler waits for that version and is answered on it, or refused as `ContentModified`.

use crate::lsp::from_proto;
use crate::lsp::parse_jobs::{self, ARRIVAL, Arrival};
use crate::lsp::state::{OpenDoc, Shared};
use serde::Deserialize;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};
use tower_service::Service;

pub struct OrderedSync<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> OrderedSync<S> {
    pub fn new(inner: S, shared: Arc<Shared>) -> Self {
        OrderedSync { inner, shared }
    }
}

impl<S> Service<Request> for OrderedSync<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if self.shared.is_running() {
            apply_sync_notification(&self.shared, &request);
        }
        let arrival = request.id().and_then(|_| arrival(&self.shared, &request));
        // tower-lsp-server answers an unknown `$/` *request* with nothing at all (it treats every
        // `$/` method as an ignorable notification), which leaves the client waiting forever. The
        // spec asks for MethodNotFound; no `$/` request is registered here, so answer it directly.
        if request.method().starts_with("$/")
            && let Some(id) = request.id().cloned()
        {
            return Box::pin(std::future::ready(Ok(Some(Response::from_error(
                id,
                Error::method_not_found(),
            )))));
        }
        let future = self.inner.call(request);
        match arrival {
            Some(arrival) => Box::pin(ARRIVAL.scope(arrival, future)),
            None => Box::pin(future),
        }
    }
}

/// The open document a request names (`params.textDocument.uri`) and how many of its batches
/// had arrived before it.
fn arrival(shared: &Shared, request: &Request) -> Option<Arrival> {
    let uri = request
        .params()?
        .get("textDocument")?
        .get("uri")?
        .as_str()?;
    let received = shared.docs().get(uri)?.received;
    Some(Arrival {
        uri: uri.to_string(),
        received,
    })
}

/// Applies a document sync notification to the store. Anything malformed or out of place is
/// logged and dropped: an editor's mistake must not take the server down.
pub(crate) fn apply_sync_notification(shared: &Arc<Shared>, request: &Request) {
    let null = serde_json::Value::Null;
    let params = request.params().unwrap_or(&null);
    match request.method() {
        "textDocument/didOpen" => match DidOpenTextDocumentParams::deserialize(params) {
            Ok(p) => {
                let key = p.text_document.uri.as_str().to_string();
                let mut doc = OpenDoc::opened(
                    p.text_document.uri,
                    p.text_document.text,
                    p.text_document.version,
                );
                let start = doc.claim_job();
                let epoch = doc.epoch;
                if shared.docs().insert(key.clone(), doc).is_some() {
                    tracing::info!("{key} opened again; its text replaced");
                }
                if start {
                    parse_jobs::start(shared, key, epoch);
                }
            }
            Err(err) => tracing::warn!("ignoring a malformed didOpen: {err}"),
        },
        "textDocument/didChange" => match DidChangeTextDocumentParams::deserialize(params) {
            Ok(p) => {
                let mut docs = shared.docs();
                let Some(doc) = docs.get_mut(p.text_document.uri.as_str()) else {
                    tracing::warn!(
                        "ignoring a change to {}, which is not open",
                        p.text_document.uri.as_str()
                    );
                    return;
                };
                if p.text_document.version <= doc.received_version {
                    // The spec promises increasing versions; applying anyway keeps the text in
                    // step with the editor, which is what matters.
                    tracing::warn!(
                        "{}: version {} after {}",
                        p.text_document.uri.as_str(),
                        p.text_document.version,
                        doc.received_version
                    );
                }
                let changes = from_proto::changes(p.content_changes);
                let start = doc.receive(changes, p.text_document.version);
                let epoch = doc.epoch;
                drop(docs);
                if start {
                    parse_jobs::start(shared, p.text_document.uri.as_str().to_string(), epoch);
                }
            }
            Err(err) => tracing::warn!("ignoring a malformed didChange: {err}"),
        },
        "textDocument/didClose" => match DidCloseTextDocumentParams::deserialize(params) {
            Ok(p) => {
                if shared.docs().remove(p.text_document.uri.as_str()).is_none() {
                    tracing::warn!("{} closed but was not open", p.text_document.uri.as_str());
                }
            }
            Err(err) => tracing::warn!("ignoring a malformed didClose: {err}"),
        },
        _ => {}
    }
}
