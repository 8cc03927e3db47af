//! The language server: LSP over stdio, translating to and from the analysis core.
//!
//! # Entry point (for the CLI)
//!
//! ```ignore
//! let code: i32 = docwright::lsp::run(docwright::lsp::LspOptions { log_file: Some(path) });
//! ```
//!
//! [`run`] serves LSP 3.17 on standard input and output until the client sends `exit`, and returns
//! the process exit code the specification asks for: 0 when `shutdown` came before `exit`, 1
//! otherwise. Logs go to standard error (never standard output, which carries the protocol), or to
//! `LspOptions::log_file`; the level comes from `DOCWRIGHT_LOG` (an `EnvFilter` directive, default
//! `info`). [`serve`] runs the same server over any pair of streams (tests and benchmarks use it).
//!
//! # Settings
//!
//! From `initializationOptions`, `workspace/didChangeConfiguration` or, when the notification
//! carries none, `workspace/configuration` (section `docwright`):
//!
//! ```json
//! { "rules": { "missing-section": "off", "placeholder-text": "error" },
//!   "kinds": { "strategy": false },
//!   "logLevel": "info",
//!   "diagnosticsDelayMs": 200,
//!   "inlayHints": "outOfProse" }
//! ```
//!
//! Rule settings override `docwright.toml`'s `[rules]`; a kind set to `false` is never detected.
//! `logLevel` is the lowest level sent as `window/logMessage` (default `warn`);
//! `diagnosticsDelayMs` is the pause in typing before diagnostics are pushed (default 200).
//! `inlayHints` places the titles shown after ids: `outOfProse` (default: at the end of a line,
//! in list items and table cells, never inside a sentence), `everywhere`, or `off`.
//!
//! # Layout
//!
//! - `framing`: checks every incoming frame before tower-lsp-server decodes it, so that one
//!   malformed message is answered with a parse error instead of ending the input stream, and
//!   lets `serve` stop when the input ends even if a handler still awaits the client.
//! - `ordered`: applies `didOpen`/`didChange`/`didClose` in arrival order, before tower-lsp-server
//!   hands the messages to concurrently running handlers (its `buffer_unordered` would otherwise
//!   reorder edits).
//! - `parse_jobs`: applies the queued changes, parses and outlines each changed document on its
//!   own thread, off the input loop; requests wait for the version they were made on.
//! - `state`: the open documents and the workspace (config, settings, encoding). Below it:
//!   `check_results` (the `Analysis` an open document keeps, the `WorkspaceFindings` the index
//!   keeps) and `index::index_state` (the index and the folders it covers).
//! - `server`: the `LanguageServer` implementation: lifecycle, sync, configuration.
//! - `diagnostics`: checking a document snapshot, push (debounced) and pull.
//! - `handlers`: symbols, folding, selection, hover, completion, code actions.
//! - `edits`: edits both code actions and commands build (a document made or filled as a kind).
//! - `ref_completion`: cross-reference completion (`ADR-`, `[[`, `](`, anchors) from the index,
//!   merged into `textDocument/completion` with the section and front matter items.
//! - `navigation`: definition, references (backlinks), hover on a reference (it wins over the
//!   section hover) and document links, over the workspace index (`analysis::navigation`).
//! - `rename`: `prepareRename`/`rename` of headings (and every link to their anchors) and
//!   `willRenameFiles` (every relative link to and from moved documents), as versioned edits.
//! - `symbols_and_lenses`: `workspace/symbol` (ranges resolved lazily for clients that can),
//!   inlay hints after bare ids, and the title's code lenses ("cited by N docs").
//! - `to_proto` / `from_proto`: conversions at the boundary; nothing else touches positions.
//! - `workspace`: the file system (config, path hints, dates) through `docwright_host`.
//!
//! The editor features themselves (symbols, folding, selection, completion, hover, templates) are
//! computed in `docwright_core::document`, in byte ranges, without protocol types.

use std::path::PathBuf;

mod check_results;
pub mod commands;
mod create_missing;
mod diagnostics;
mod edits;
mod framing;
mod from_proto;
mod handlers;
mod index;
mod navigation;
mod ordered;
mod parse_jobs;
mod ref_completion;
mod rename;
mod semantic_tokens;
mod server;
mod state;
mod symbols_and_lenses;
mod to_proto;
mod workspace;

/// The stack the server analyses documents on (for tests that analyse as it does).
#[doc(hidden)]
pub use parse_jobs::JOB_STACK_BYTES as ANALYSIS_STACK_BYTES;

/// For the `jsonrpc_framing` fuzz target only.
#[doc(hidden)]
pub use framing::split_frames_for_fuzzing;

/// How `docwright lsp` was invoked.
#[derive(Clone, Debug, Default)]
pub struct LspOptions {
    /// Write the log here instead of standard error (`--log-file PATH`).
    pub log_file: Option<PathBuf>,
}

/// Serves LSP on stdin/stdout until `exit`; returns the exit code (0 after a clean shutdown).
pub fn run(options: LspOptions) -> i32 {
    if let Err(message) = init_logging(options.log_file.as_deref()) {
        eprintln!("docwright: {message}");
        return 2;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Handlers and checks walk what a document nests: a deep one must not overflow them.
        .thread_stack_size(parse_jobs::RUNTIME_STACK_BYTES)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            tracing::error!("cannot start the async runtime: {err}");
            return 2;
        }
    };
    let clean = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // Background tasks (debounced diagnostics) must not keep the process alive after `exit`.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    if clean { 0 } else { 1 }
}

/// Serves LSP over `input`/`output` until `exit` or the end of `input`. Returns whether `shutdown`
/// was received first.
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite,
{
    let shared = std::sync::Arc::new(state::Shared::default());
    let (service, socket) = {
        let shared = shared.clone();
        tower_lsp_server::LspService::build(move |client| server::Backend::new(client, shared))
            .custom_method(
                framing::MALFORMED_METHOD,
                server::Backend::malformed_message,
            )
            .custom_method(
                framing::TOO_LARGE_REQUEST,
                server::Backend::too_large_request,
            )
            .custom_method(
                framing::TOO_LARGE_NOTIFICATION,
                server::Backend::too_large_notification,
            )
            .finish()
    };
    let service = ordered::OrderedSync::new(service, shared.clone());
    let (guarded_writer, guarded_reader) = tokio::io::duplex(256 * 1024);
    let input_ended = std::sync::Arc::new(tokio::sync::Notify::new());
    tokio::spawn(framing::guard_input(
        input,
        guarded_writer,
        input_ended.clone(),
    ));
    // Requests on a document wait for its parse job (`parse_jobs::settle`): room for many in
    // flight, so that those waiting on a slow document never hold up the rest.
    let server = tower_lsp_server::Server::new(guarded_reader, output, socket)
        .concurrency_level(256)
        .serve(service);
    tokio::select! {
        () = server => {}
        () = async {
            input_ended.notified().await;
            // Handlers still awaiting an answer from the client will never get one: give the
            // rest a moment to finish, then stop.
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        } => {
            tracing::info!("the input has ended; not waiting for unfinished requests");
        }
    }
    shared.shutdown_requested()
}

fn init_logging(log_file: Option<&std::path::Path>) -> Result<(), String> {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("DOCWRIGHT_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_target(false);
    let result = match log_file {
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|err| format!("cannot open the log file {}: {err}", path.display()))?;
            builder.with_writer(std::sync::Mutex::new(file)).try_init()
        }
        None => builder.with_writer(std::io::stderr).try_init(),
    };
    // A subscriber already installed (by an embedding program) is fine: logs go there.
    let _ = result;
    Ok(())
}
