//! Time and peak memory to diagnostics for pathological documents, through the release server.
//!
//! ```text
//! cargo build --release && cargo run --release --example bench_pathological [-- SIZES...] [-- --only NAME]
//! ```
//!
//! For each input of `pathological_inputs` (repetitions of inline and block openers, deep
//! nesting, huge front matter, many references, mixed line endings, one huge line) and each size
//! (default 100 KB, 1 MB and 4 MB), a fresh `docwright lsp` (the binary beside this example)
//! opens an unrelated small document, then the pathological one, and we measure: the time from
//! the pathological `didOpen` to its `publishDiagnostics`; the time a hover on the small document
//! took meanwhile (the server must keep answering other documents); the time of a
//! `selectionRange` request on the pathological document; and the process's peak resident memory
//! (`VmHWM`). Growth must be near-linear: the 1 MB column about ten times the 100 KB one, not a
//! hundred. Anything over `LIMIT` is reported as such instead of waited out.

#[path = "support/mod.rs"]
mod support;

use serde_json::{Value, json};
use std::process::Command;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};
use support::stats::{ms, proc_status_mb};

/// Longest wait for one answer before the input is reported as too slow.
const LIMIT: Duration = Duration::from_secs(120);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let sizes: Vec<usize> = args
        .iter()
        .take_while(|a| *a != "--only")
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000, 4_000_000]
    } else {
        sizes
    };
    let binary = std::env::current_exe()
        .expect("the example knows where it is")
        .parent()
        .and_then(|examples| examples.parent())
        .expect("examples sit in target/<profile>/examples")
        .join("docwright");
    println!(
        "{:<22} {:>9} {:>13} {:>11} {:>13} {:>10}",
        "input", "bytes", "diagnostics", "other hover", "selection", "peak RSS"
    );
    for (name, make) in docwright::analysis::pathological::INPUTS {
        if only.as_deref().is_some_and(|o| o != *name) {
            continue;
        }
        for &size in &sizes {
            let text = make(size);
            let row = measure(&binary, &text);
            println!(
                "{:<22} {:>9} {:>13} {:>11} {:>13} {:>7.0} MB",
                name,
                text.len(),
                row.diagnostics,
                row.hover,
                row.selection,
                row.peak_mb
            );
        }
    }
}

struct Row {
    diagnostics: String,
    hover: String,
    selection: String,
    peak_mb: f64,
}

fn measure(binary: &std::path::Path, text: &str) -> Row {
    let mut command = Command::new(binary);
    command.args(["lsp", "--stdio"]);
    let mut server = Server::new(support::stdio::StdioServer::spawn(command));
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": { "general": { "positionEncodings": ["utf-8"] } },
            "initializationOptions": { "diagnosticsDelayMs": 0 },
        }),
    );
    server.notify("initialized", json!({}));
    let small = "file:///bench/small.md";
    server.open(small, "# Small\n\n## Context\n\nA word.\n");
    server.wait_diagnostics(small);
    let heavy = "file:///bench/heavy.md";
    let opened = Instant::now();
    server.open(heavy, text);
    let hover_sent = Instant::now();
    let hover = server
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": small }, "position": { "line": 2, "character": 4 } }),
        )
        .map_or_else(
            || String::from("> limit"),
            |_| format_ms(hover_sent.elapsed()),
        );
    let diagnostics = server
        .wait_diagnostics(heavy)
        .map_or_else(|| String::from("> limit"), |at| format_ms(at - opened));
    let selection_sent = Instant::now();
    let middle = text.lines().count() / 2;
    let selection = server
        .request(
            "textDocument/selectionRange",
            json!({
                "textDocument": { "uri": heavy },
                "positions": [{ "line": middle, "character": 1 }],
            }),
        )
        .map_or_else(
            || String::from("> limit"),
            |_| format_ms(selection_sent.elapsed()),
        );
    let peak_mb = proc_status_mb(&server.inner.pid().to_string(), "VmHWM");
    server.stop();
    Row {
        diagnostics,
        hover,
        selection,
        peak_mb,
    }
}

fn format_ms(d: Duration) -> String {
    format!("{:.0} ms", ms(d))
}

/// The stdio server with a bounded wait: once one answer is over `LIMIT`, the rest are skipped.
struct Server {
    inner: support::stdio::StdioServer,
    timed_out: bool,
}

impl Server {
    fn new(inner: support::stdio::StdioServer) -> Server {
        Server {
            inner,
            timed_out: false,
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.inner.notify(method, params);
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    fn request(&mut self, method: &str, params: Value) -> Option<Value> {
        if self.timed_out {
            return None;
        }
        let id = self.inner.send_request(method, params);
        self.wait(|m| m["id"] == id && m.get("method").is_none())
            .map(|(m, _)| m)
    }

    fn wait_diagnostics(&mut self, uri: &str) -> Option<Instant> {
        if self.timed_out {
            return None;
        }
        self.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            .map(|(_, at)| at)
    }

    fn wait(&mut self, accept: impl Fn(&Value) -> bool) -> Option<(Value, Instant)> {
        match self.inner.wait_for(accept, LIMIT) {
            Ok(found) => Some(found),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                self.timed_out = true;
                None
            }
        }
    }

    fn stop(self) {
        if self.timed_out {
            self.inner.kill();
        } else {
            self.inner.stop();
        }
    }
}
