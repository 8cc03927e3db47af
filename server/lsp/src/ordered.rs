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

use crate::from_proto;
use crate::parse_jobs::{self, ARRIVAL, Arrival};
use crate::state::{OpenDoc, Shared};
use serde::Deserialize;
use serde_json::Value;
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
        let request = if self.shared.is_running() {
            apply_sync_notification(&self.shared, request)
        } else {
            request
        };
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
///
/// Returns the request for the handlers, which need only the document's URI: the text of a
/// `didOpen` or `didChange` is moved out of it into the document's queue, so that the text is
/// held once, not also by the message until its handler has run (a copy of the size of the
/// document).
pub(crate) fn apply_sync_notification(shared: &Arc<Shared>, request: Request) -> Request {
    if !is_document_sync(request.method()) {
        apply(shared, request.method(), request.params(), Vec::new());
        return request;
    }
    let (method, id, params) = request.into_parts();
    let mut params = params.unwrap_or(Value::Null);
    let texts = match &*method {
        "textDocument/didOpen" => vec![take_string(&mut params, "/textDocument/text")],
        _ => {
            let count = params["contentChanges"].as_array().map_or(0, Vec::len);
            (0..count)
                .map(|i| take_string(&mut params, &format!("/contentChanges/{i}/text")))
                .collect()
        }
    };
    apply(shared, &method, Some(&params), texts);
    let builder = Request::build(method).params(params);
    match id {
        Some(id) => builder.id(id).finish(),
        None => builder.finish(),
    }
}

/// Moves the string at `pointer` out of `params`, leaving an empty one (so that `params` still
/// decodes); `None` when there is no string there.
fn take_string(params: &mut Value, pointer: &str) -> Option<String> {
    match params.pointer_mut(pointer)? {
        Value::String(text) => Some(std::mem::take(text)),
        _ => None,
    }
}

/// Applies one sync notification; `texts` are the texts taken out of a `didOpen` (one) or a
/// `didChange` (one per change, in order) by [`apply_sync_notification`].
fn apply(shared: &Arc<Shared>, method: &str, params: Option<&Value>, texts: Vec<Option<String>>) {
    let null = Value::Null;
    let params = params.unwrap_or(&null);
    let mut texts = texts.into_iter();
    match method {
        "textDocument/didOpen" => match DidOpenTextDocumentParams::deserialize(params) {
            Ok(mut p) => {
                if let Some(Some(text)) = texts.next() {
                    p.text_document.text = text;
                }
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
                let mut changes = from_proto::changes(p.content_changes);
                for (change, text) in changes.iter_mut().zip(texts) {
                    if let Some(text) = text {
                        change.text = text;
                    }
                }
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
        crate::framing::TOO_LARGE_NOTIFICATION => {
            // A `didOpen` or `didChange` too large to read (`framing`): the document's text is not
            // known any more, so it is forgotten, as if closed; changes to it are then ignored.
            if let Some(uri) = params["uri"].as_str()
                && params["method"].as_str().is_some_and(is_document_sync)
                && shared.docs().remove(uri).is_some()
            {
                tracing::warn!("{uri} is not followed any more: its last change was too large");
            }
        }
        _ => {}
    }
}

/// Whether `method` carries a document's text (`didOpen`, `didChange`).
pub(crate) fn is_document_sync(method: &str) -> bool {
    matches!(method, "textDocument/didOpen" | "textDocument/didChange")
}
