//! Issue 14's large-workspace figures, through the real `docwright lsp` binary over stdio, on
//! generated workspaces of ADRs (1,000 / 10,000 / 50,000 by default), printed as one table:
//!
//! - **cold index**: `initialized` → the indexing progress's `end`, no persisted index (the
//!   `initialize` request before it is timed too, and printed under the table);
//! - **restart**: a second server on the same workspace with the persisted index the first one
//!   wrote: `initialized` → the first `workspace/symbol` answer that finds the queried doc (sent
//!   again until it does), then → the end of the revalidation;
//! - **completion**: `textDocument/completion` after `ADR-` and `[[` (with nothing, digits or
//!   words typed), p50 / p99 over every request, after indexing;
//! - **memory**: the server's peak resident set (`VmHWM`) at the end.
//!
//! ```sh
//! cargo build --release --bin docwright --example bench_workspace
//! target/release/examples/bench_workspace [SIZES…] [--requests N]
//! ```
//!
//! `scripts/bench.sh` runs this and the other issue-14 benchmarks.

#[path = "support/mod.rs"]
mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::stats::{ms, percentile, proc_status_mb};
use support::stdio::StdioServer;
use support::workspace::{generated_adrs, write_workspace};

/// What is typed at the cursor, cycled through by the completion requests.
const TYPED: &[&str] = &[
    "ADR-",
    "ADR-1",
    "ADR-00042",
    "ADR-dec",
    "[[",
    "[[0012",
    "[[decision-4",
    "[[zzz",
];

fn server_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("DOCWRIGHT_BIN").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the example's own path");
    let binary = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/examples/")
        .join("docwright");
    assert!(
        binary.is_file(),
        "{} is missing: cargo build --release --bin docwright",
        binary.display()
    );
    binary
}

/// The server, started and initialised; when `initialized` was sent, and how long `initialize`
/// took (it reads the config and finds the logs whose template lies beside them, a walk of its
/// own before discovery's).
fn start(root: &Path, cache: &Path) -> (StdioServer, Instant, Duration) {
    let mut command = Command::new(server_binary());
    command
        .args(["lsp", "--stdio"])
        .current_dir(root)
        .env("DOCWRIGHT_LOG", "warn")
        .env("DOCWRIGHT_CACHE_DIR", cache);
    let mut server = StdioServer::spawn(command);
    let (_, sent, read) = server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": format!("file://{}", root.display()),
            "capabilities": {
                "general": { "positionEncodings": ["utf-8"] },
                "window": { "workDoneProgress": true },
            },
            "initializationOptions": { "diagnosticsDelayMs": 0 }
        }),
    );
    let started = Instant::now();
    server.notify("initialized", json!({}));
    (server, started, read - sent)
}

fn wait_indexed(server: &mut StdioServer) -> Instant {
    server
        .wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .1
}

/// Waits (at most a minute) for the one cache file the server writes after indexing.
fn wait_cache_file(cache: &Path) -> Option<u64> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let size = std::fs::read_dir(cache)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".bin"))
            .find_map(|e| e.metadata().ok().map(|m| m.len()));
        if size.is_some() {
            return size;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

struct Row {
    total: usize,
    megabytes: f64,
    initialize: Duration,
    cold: Duration,
    restart_symbol: Duration,
    restart_end: Duration,
    completion: (Duration, Duration),
    rss_mb: f64,
    cache_mb: f64,
}

fn completion_timings(server: &mut StdioServer, root: &Path, requests: usize) -> Vec<Duration> {
    let path = "area-000/00007-decision-7.md";
    let uri = format!("file://{}/{path}", root.display());
    let mut text = std::fs::read_to_string(root.join(path)).unwrap();
    let first_line = text.lines().count();
    for typed in TYPED {
        text.push_str(&format!("\nSee {typed}\n"));
    }
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    // Per typed text: the items and bytes of its last answer.
    let mut answered = vec![(0usize, 0usize); TYPED.len()];
    let mut complete = |request: usize| {
        let n = request % TYPED.len();
        let line = first_line + 1 + 2 * n;
        let character = "See ".len() + TYPED[n].len();
        let (response, sent, read) = server.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        assert!(response.get("error").is_none(), "{response}");
        let result = &response["result"];
        let items = result
            .as_array()
            .or_else(|| result["items"].as_array())
            .map_or(0, Vec::len);
        answered[n] = (items, result.to_string().len());
        read - sent
    };
    for request in 0..TYPED.len() {
        complete(request);
    }
    let mut timings: Vec<Duration> = (0..requests).map(&mut complete).collect();
    // What each typed text costs, on standard error: which trigger bounds the tail.
    for (n, typed) in TYPED.iter().enumerate() {
        let mut own: Vec<Duration> = timings
            .iter()
            .skip(n)
            .step_by(TYPED.len())
            .copied()
            .collect();
        own.sort();
        if !own.is_empty() {
            let (items, bytes) = answered[n];
            eprintln!(
                "  completion after {typed:?}: p50 {:.2} ms, max {:.2} ms, {items} items, {:.1} KB",
                ms(percentile(&own, 0.5)),
                ms(own[own.len() - 1]),
                bytes as f64 / 1e3
            );
        }
    }
    timings.sort();
    timings
}

fn measure(total: usize, requests: usize) -> Row {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("workspace");
    let cache = base.join("cache");
    let documents = generated_adrs(total);
    let bytes: usize = documents.iter().map(|(_, t)| t.len()).sum();
    write_workspace(&root, &documents);
    // A real workspace was not written the moment before: its files are on disk, not being
    // written back while the server reads them (which made the cold figure vary by a third).
    let _ = Command::new("sync").status();
    // A file modified within 2 s of being indexed is re-read at the next start (its time cannot
    // prove it unchanged).
    std::thread::sleep(Duration::from_millis(2100));

    // Cold: no cache yet. The completion and memory figures are of this server, after the
    // persisted index is written (its writing is a one-off after indexing).
    let (mut server, started, initialize) = start(&root, &cache);
    let cold = wait_indexed(&mut server) - started;
    let cache_bytes = wait_cache_file(&cache).unwrap_or(0);
    let timings = completion_timings(&mut server, &root, requests);
    let completion = (percentile(&timings, 0.5), percentile(&timings, 0.99));
    let rss_mb = proc_status_mb(&server.pid().to_string(), "VmHWM");
    server.stop();

    // Restart from the persisted index.
    let (mut server, started, _) = start(&root, &cache);
    let wanted = format!("Decision number {}", total / 2);
    let restart_symbol = loop {
        let (response, _, read) =
            server.request("workspace/symbol", json!({ "query": wanted.clone() }));
        let found = response["result"].as_array().is_some_and(|symbols| {
            symbols
                .iter()
                .any(|s| s["name"].as_str().is_some_and(|n| n.contains(&wanted)))
        });
        if found {
            break read - started;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no answer");
        std::thread::sleep(Duration::from_millis(1));
    };
    let restart_end = wait_indexed(&mut server) - started;
    server.stop();
    Row {
        total,
        megabytes: bytes as f64 / 1e6,
        initialize,
        cold,
        restart_symbol,
        restart_end,
        completion,
        rss_mb,
        cache_mb: cache_bytes as f64 / 1e6,
    }
}

fn main() {
    let mut sizes = Vec::new();
    let mut requests = 400;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--requests" {
            requests = args.next().and_then(|a| a.parse().ok()).unwrap_or(requests);
        } else if let Ok(size) = arg.parse() {
            sizes.push(size);
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 50_000];
    }
    let rows: Vec<Row> = sizes
        .iter()
        .map(|&total| measure(total, requests))
        .collect();
    println!(
        "| docs | text | cold index | restart → first workspace symbol | restart → revalidated | completion p50 / p99 ({requests} requests) | peak RSS | cache file |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        println!(
            "| {} | {:.1} MB | {:.0} ms | {:.0} ms | {:.0} ms | {:.2} / {:.2} ms | {:.0} MB | {:.1} MB |",
            row.total,
            row.megabytes,
            ms(row.cold),
            ms(row.restart_symbol),
            ms(row.restart_end),
            ms(row.completion.0),
            ms(row.completion.1),
            row.rss_mb,
            row.cache_mb,
        );
    }
    // Beside the table, not in it: `scripts/bench.sh` reads the table's columns.
    let initialize: Vec<String> = rows
        .iter()
        .map(|row| format!("{:.0} ms at {} docs", ms(row.initialize), row.total))
        .collect();
    println!(
        "\ninitialize, before the cold index (the config and the logs beside their templates): {}",
        initialize.join(", ")
    );
    if let (Some(first), Some(last)) = (rows.first(), rows.last())
        && last.total > first.total
    {
        let per_doc = |row: &Row| ms(row.cold) / row.total as f64;
        println!(
            "\ncold index per document: {:.3} ms at {} docs, {:.3} ms at {} docs (growth {:.2}× the linear)",
            per_doc(first),
            first.total,
            per_doc(last),
            last.total,
            per_doc(last) / per_doc(first)
        );
    }
}
