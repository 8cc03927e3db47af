//! Document sync in arrival order.
//!
//! tower-lsp-server calls its service once per message, in the order messages arrive, but then
//! runs the returned futures concurrently (`buffer_unordered`), so two `didChange` handlers can run
//! in either order (tower-lsp issue #284). This layer sits in front of the service and applies
//! `didOpen`, `didChange` and `didClose` to the document store inside `call` itself, which runs
//! sequentially, before any future exists. The handlers that follow only schedule diagnostics.

use crate::lsp::from_proto;
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
        Box::pin(self.inner.call(request))
    }
}

/// Applies a document sync notification to the store. Anything malformed or out of place is
/// logged and dropped: an editor's mistake must not take the server down.
pub(crate) fn apply_sync_notification(shared: &Shared, request: &Request) {
    let null = serde_json::Value::Null;
    let params = request.params().unwrap_or(&null);
    match request.method() {
        "textDocument/didOpen" => match DidOpenTextDocumentParams::deserialize(params) {
            Ok(p) => {
                let key = p.text_document.uri.as_str().to_string();
                let doc = OpenDoc::new(
                    p.text_document.uri,
                    p.text_document.text,
                    p.text_document.version,
                );
                if shared.docs().insert(key.clone(), doc).is_some() {
                    tracing::info!("{key} opened again; its text replaced");
                }
            }
            Err(err) => tracing::warn!("ignoring a malformed didOpen: {err}"),
        },
        "textDocument/didChange" => match DidChangeTextDocumentParams::deserialize(params) {
            Ok(p) => {
                let encoding = shared.encoding();
                let mut docs = shared.docs();
                let Some(doc) = docs.get_mut(p.text_document.uri.as_str()) else {
                    tracing::warn!(
                        "ignoring a change to {}, which is not open",
                        p.text_document.uri.as_str()
                    );
                    return;
                };
                if p.text_document.version <= doc.version() {
                    // The spec promises increasing versions; applying anyway keeps the text in
                    // step with the editor, which is what matters.
                    tracing::warn!(
                        "{}: version {} after {}",
                        p.text_document.uri.as_str(),
                        p.text_document.version,
                        doc.version()
                    );
                }
                let changes = from_proto::changes(p.content_changes);
                doc.apply(&changes, p.text_document.version, encoding);
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
