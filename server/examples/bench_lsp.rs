//! Keystroke → diagnostics latency of the language server, and memory per open document.
//!
//! ```text
//! cargo run --release --example bench_lsp [-- KEYSTROKES [core|memory|latency]]
//! ```
//!
//! Latency is measured two ways: pushed (`publishDiagnostics`, the debounce excluded with
//! `diagnosticsDelayMs: 0`), typing at one line in the middle of the document; and pulled, as
//! VS Code does (`didChange`, then at once a `textDocument/diagnostic` request, timed to its
//! answer), typing a character at the end of a random prose line and deleting it again.
//!
//! The server runs in-process over in-memory pipes with real JSON-RPC framing, so what is measured
//! is the server's work: decoding the change, applying it to the rope, the incremental re-parse,
//! the outline, the check, and encoding the diagnostics. Two documents: the largest RFC of the
//! corpus (172 KB) and a generated 1 MB design doc. A second table splits the time of one
//! keystroke inside the core (edit + re-parse + outline, then check) for whoever tunes it.
//!
//! Memory: the heap growth (every malloc arena, glibc `mallinfo2`) and the resident-set growth of
//! the server with the 20 largest Rust RFCs open, then per copy of the 1 MB document, then what
//! one open document holds, part by part. `bench_lsp N memory` prints only these.

#[path = "support/mod.rs"]
mod support;

use docwright::analysis::check::{CheckInput, check};
use docwright::analysis::config::Config;
use docwright::analysis::document::Document;
use docwright::analysis::kinds::detect::PathHints;
use docwright::analysis::position::{LineCol, LineColRange, PositionEncoding};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::in_process::InProcessServer;

const LARGEST_RFC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/rust-rfcs/text/3935-Project-Goals-2026.md"
);

fn main() {
    let keystrokes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let rfc = std::fs::read_to_string(LARGEST_RFC)
        .expect("the corpus is checked out beside the repository");
    let generated = generated_document(1024 * 1024);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // `bench_lsp N core` runs only the in-core breakdown, `bench_lsp N memory` only the memory.
    let mode = std::env::args().nth(2);
    // First, while nothing else runs: the breakdown reads the allocator's totals, which a server
    // shutting down on other threads would disturb.
    if mode.as_deref() != Some("core") && mode.as_deref() != Some("latency") {
        memory_figures(&runtime, &rfc, &generated);
    }
    if mode.as_deref() == Some("memory") {
        return;
    }
    if mode.is_none() || mode.as_deref() == Some("latency") {
        protocol_figures(&runtime, &rfc, &generated, keystrokes);
    }
    if mode.as_deref() == Some("latency") {
        return;
    }

    println!();
    println!("inside the core, per keystroke (median of {keystrokes})");
    println!(
        "{:<34} {:>18} {:>13} {:>10}",
        "document", "edit+parse+outline", "outline alone", "check"
    );
    for (name, text) in [
        ("3935-Project-Goals-2026.md", &rfc),
        ("generated design doc", &generated),
    ] {
        let (edit, outline, checking) = core_breakdown(text, keystrokes);
        println!(
            "{name:<34} {:>18} {:>13} {:>10}",
            ms(edit),
            ms(outline),
            ms(checking)
        );
    }
}

fn protocol_figures(
    runtime: &tokio::runtime::Runtime,
    rfc: &str,
    generated: &str,
    keystrokes: usize,
) {
    println!("keystroke → publishDiagnostics, debounce excluded ({keystrokes} keystrokes each)");
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>9}",
        "document", "size", "median", "p95", "max"
    );
    for (name, text) in [
        ("3935-Project-Goals-2026.md", rfc),
        ("generated design doc", generated),
    ] {
        let latencies = runtime.block_on(measure_latency(text, keystrokes));
        report(name, text.len(), &latencies);
    }
    println!();
    println!(
        "keystroke at a random line → textDocument/diagnostic (pull) ({keystrokes} keystrokes each)"
    );
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>9}",
        "document", "size", "median", "p95", "max"
    );
    for (name, text) in [
        ("3935-Project-Goals-2026.md", rfc),
        ("generated design doc", generated),
    ] {
        let latencies = runtime.block_on(measure_pull_latency(text, keystrokes));
        report(name, text.len(), &latencies);
    }
}

/// The prose lines of `text` (starting with a letter, over 20 bytes): where a random keystroke
/// goes, as (line, length).
fn prose_lines(text: &str) -> Vec<(u32, u32)> {
    let mut in_fence = false;
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let trimmed = l.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            }
            (!in_fence && l.len() > 20 && l.chars().next().is_some_and(char::is_alphabetic))
                .then_some((i as u32, l.len() as u32))
        })
        .collect()
}

/// Keystroke → pulled diagnostics: each round types `x` at the end of a random prose line, then
/// deletes it, each change followed at once by a `textDocument/diagnostic` request, timed from
/// the change to the answer.
async fn measure_pull_latency(text: &str, keystrokes: usize) -> Vec<Duration> {
    let mut client = InProcessClient::start_with(true).await;
    let uri = "file:///bench/docs/rfcs/bench.md";
    client
        .notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        )
        .await;
    let first = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    assert!(first.get("result").is_some(), "the first pull: {first}");
    let lines = prose_lines(text);
    // A fixed seed: every run types at the same lines.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut latencies = Vec::with_capacity(keystrokes);
    let mut version = 1;
    let mut pending_delete: Option<(u32, u32)> = None;
    for _ in 0..keystrokes {
        let (range, new_text) = match pending_delete.take() {
            Some((line, col)) => (((line, col), (line, col + 1)), ""),
            None => {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let (line, col) = lines[(seed >> 33) as usize % lines.len()];
                pending_delete = Some((line, col));
                (((line, col), (line, col)), "x")
            }
        };
        version += 1;
        let started = Instant::now();
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": {
                        "start": { "line": range.0.0, "character": range.0.1 },
                        "end": { "line": range.1.0, "character": range.1.1 } }, "text": new_text }],
                }),
            )
            .await;
        let answer = client
            .request(
                "textDocument/diagnostic",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
        latencies.push(started.elapsed());
        assert!(
            answer.get("result").is_some(),
            "a pull was refused: {answer}"
        );
    }
    client.stop().await;
    latencies
}

/// Where keystrokes are typed: the end of a paragraph line in the middle of the document.
fn typing_line(text: &str) -> (u32, u32) {
    let lines: Vec<&str> = text.lines().collect();
    let middle = lines.len() / 2;
    let line = (middle..lines.len())
        .find(|&i| {
            let l = lines[i].trim_start();
            l.len() > 20 && l.chars().next().is_some_and(char::is_alphabetic)
        })
        .unwrap_or(middle);
    (line as u32, lines[line].len() as u32)
}

async fn measure_latency(text: &str, keystrokes: usize) -> Vec<Duration> {
    let mut client = InProcessClient::start().await;
    let uri = "file:///bench/docs/rfcs/bench.md";
    client
        .notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        )
        .await;
    client.wait_publish(uri, 1).await;
    let (line, mut col) = typing_line(text);
    let mut latencies = Vec::with_capacity(keystrokes);
    for i in 0..keystrokes {
        let version = i as i64 + 2;
        // Type a word, then delete it again, so the document stays realistic.
        let (range, new_text) = if i % 10 < 5 {
            col += 1;
            (((line, col - 1), (line, col - 1)), "x")
        } else {
            col -= 1;
            (((line, col), (line, col + 1)), "")
        };
        let started = Instant::now();
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": {
                        "start": { "line": range.0.0, "character": range.0.1 },
                        "end": { "line": range.1.0, "character": range.1.1 } }, "text": new_text }],
                }),
            )
            .await;
        client.wait_publish(uri, version).await;
        latencies.push(started.elapsed());
    }
    client.stop().await;
    latencies
}

fn memory_figures(runtime: &tokio::runtime::Runtime, rfc: &str, generated: &str) {
    println!("memory of open documents (heap: every malloc arena, glibc mallinfo2; RSS: /proc)");
    println!(
        "{:<34} {:>9} {:>11} {:>7} {:>11} {:>7} {:>11} {:>7}",
        "documents open", "text", "heap", "×text", "RSS", "×text", "on close", "×text"
    );
    let largest = largest_rfcs(20);
    let texts: Vec<&str> = largest.iter().map(String::as_str).collect();
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let (heap, rss, freed) = runtime.block_on(measure_memory(rfc, &texts));
    memory_row("the 20 largest Rust RFCs", total, heap, rss, freed);
    let copies = vec![generated; 3];
    let (heap, rss, freed) = runtime.block_on(measure_memory(rfc, &copies));
    memory_row(
        "generated design doc, per copy",
        generated.len(),
        heap / 3,
        rss / 3,
        freed / 3,
    );
    println!("(on close: the heap that closing the documents gives back)");

    println!();
    println!("what one open document holds, after its first outline (heap, MB)");
    println!(
        "{:<34} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>7}",
        "document", "text", "rope", "syntax", "outline", "readings", "document", "check"
    );
    for (name, text) in [
        ("3935-Project-Goals-2026.md", rfc),
        ("generated design doc", generated),
    ] {
        breakdown(name, text);
    }
}

fn memory_row(name: &str, text: usize, heap: usize, rss: usize, freed: usize) {
    let mb = |bytes: usize| format!("{:.1} MB", bytes as f64 / 1e6);
    let times = |bytes: usize| format!("{:.1}×", bytes as f64 / text as f64);
    println!(
        "{name:<34} {:>9} {:>11} {:>7} {:>11} {:>7} {:>11} {:>7}",
        human(text),
        mb(heap),
        times(heap),
        mb(rss),
        times(rss),
        mb(freed),
        times(freed),
    );
}

/// The `count` largest documents of the Rust RFCs, largest first.
fn largest_rfcs(count: usize) -> Vec<String> {
    let folder = std::path::Path::new(LARGEST_RFC).parent().unwrap();
    let mut files: Vec<(u64, std::path::PathBuf)> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
        .collect();
    files.sort_by(|a, b| b.cmp(a));
    files
        .into_iter()
        .take(count)
        .map(|(_, path)| std::fs::read_to_string(path).unwrap())
        .collect()
}

/// What the parts of one open document cost on the heap, measured one at a time; `document` is
/// the whole `Document` as the server holds it after its first outline, `check` the rules'
/// diagnostics. The syntax tree is built only for folding or expanding a selection (ADR 23).
fn breakdown(name: &str, text: &str) {
    use docwright::analysis::outline::regions::{self, ReadingCache};
    let measure = |build: &dyn Fn() -> Box<dyn std::any::Any>| {
        let before = heap_in_use();
        let value = std::hint::black_box(build());
        let bytes = heap_in_use().saturating_sub(before);
        drop(value);
        bytes
    };
    let owned = measure(&|| Box::new(std::hint::black_box(text.to_string())));
    let rope = measure(&|| Box::new(ropey::Rope::from_str(text)));
    let syntax = measure(&|| Box::new(docwright::analysis::syntax::SyntaxTree::parse(text)));
    let outline = measure(&|| Box::new(docwright::analysis::outline::parse_outline(text, None)));
    let readings = measure(&|| {
        let mut cache = ReadingCache::default();
        std::hint::black_box(regions::outline(text, &mut cache, None));
        Box::new(cache)
    });
    let document = measure(&|| {
        let document = Document::new(text.to_string(), 1, Some(String::from("bench.md")));
        std::hint::black_box(document.outline().headings.len());
        Box::new(document)
    });
    let document_for_check = Document::new(text.to_string(), 1, Some(String::from("bench.md")));
    document_for_check.outline();
    let checking = measure(&|| {
        Box::new(
            check(&CheckInput {
                path: Some("docs/rfcs/bench.md"),
                text: document_for_check.text(),
                outline: document_for_check.outline(),
                config: &Config::default(),
                hints: &PathHints::default(),
                today: "2026-01-01",
            })
            .diagnostics,
        )
    });
    let mb = |bytes: usize| format!("{:.2}", bytes as f64 / 1e6);
    println!(
        "{name:<34} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8} {:>7}",
        mb(owned),
        mb(rope),
        mb(syntax),
        mb(outline),
        mb(readings),
        mb(document),
        mb(checking)
    );
}

/// Heap and resident-set growth when `texts` are opened in one server and analysed, after a warm
/// up with `warm` (opened first so that one-off allocations, parsers and tables, are not counted),
/// and the heap that closing them all gives back.
async fn measure_memory(warm: &str, texts: &[&str]) -> (usize, usize, usize) {
    let mut client = InProcessClient::start().await;
    client
        .notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": "file:///warm.md", "languageId": "markdown", "version": 1, "text": warm } }),
        )
        .await;
    client.wait_publish("file:///warm.md", 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = (heap_in_use(), resident());
    for (i, text) in texts.iter().enumerate() {
        let uri = format!("file:///bench/text/{i:04}-open.md");
        client
            .notify(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
            )
            .await;
        client.wait_publish(&uri, 1).await;
    }
    // Let the parse jobs' threads finish and free their temporaries.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = (heap_in_use(), resident());
    // What closing them gives back is what the documents themselves hold; the rest of the growth
    // is kept by the process for any document (the regular expressions' lazy DFA caches, one per
    // thread that ran them, buffers grown to the largest message).
    for i in 0..texts.len() {
        let uri = format!("file:///bench/text/{i:04}-open.md");
        client
            .notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let closed = heap_in_use();
    client.stop().await;
    (
        after.0.saturating_sub(before.0),
        after.1.saturating_sub(before.1),
        after.0.saturating_sub(closed),
    )
}

/// The resident set of this process, in bytes.
fn resident() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

fn core_breakdown(text: &str, keystrokes: usize) -> (Duration, Duration, Duration) {
    let mut doc = Document::new(text.to_string(), 1, Some(String::from("bench.md")));
    let config = Config::default();
    let hints = PathHints::default();
    let (line, mut col) = typing_line(text);
    let mut edits = Vec::new();
    let mut outlines = Vec::new();
    let mut checks = Vec::new();
    for i in 0..keystrokes {
        let started = Instant::now();
        if i % 10 < 5 {
            let at = LineCol { line, col };
            doc.apply_change(
                Some(LineColRange { start: at, end: at }),
                "x",
                PositionEncoding::Utf8,
            );
            col += 1;
        } else {
            col -= 1;
            let range = LineColRange {
                start: LineCol { line, col },
                end: LineCol { line, col: col + 1 },
            };
            doc.apply_change(Some(range), "", PositionEncoding::Utf8);
        }
        edits.push(started.elapsed());
        let started = Instant::now();
        let outline = doc.outline();
        outlines.push(started.elapsed());
        std::hint::black_box(outline.headings.len());
        let started = Instant::now();
        let result = check(&CheckInput {
            path: Some("docs/rfcs/bench.md"),
            text: doc.text(),
            outline: doc.outline(),
            config: &config,
            hints: &hints,
            today: "2026-01-01",
        });
        std::hint::black_box(result.diagnostics.len());
        checks.push(started.elapsed());
    }
    edits.sort();
    outlines.sort();
    checks.sort();
    (
        edits[edits.len() / 2],
        outlines[outlines.len() / 2],
        checks[checks.len() / 2],
    )
}

fn report(name: &str, size: usize, latencies: &[Duration]) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    let p95 = sorted[(sorted.len() * 95).div_ceil(100).saturating_sub(1)];
    let max = *sorted.last().unwrap();
    println!(
        "{name:<34} {:>9} {:>9} {:>9} {:>9}",
        human(size),
        ms(median),
        ms(p95),
        ms(max)
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn human(bytes: usize) -> String {
    format!("{:.0} KB", bytes as f64 / 1024.0)
}

/// glibc's `struct mallinfo2`.
#[repr(C)]
struct MallInfo2 {
    arena: usize,
    ordblks: usize,
    smblks: usize,
    hblks: usize,
    hblkhd: usize,
    usmblks: usize,
    fsmblks: usize,
    uordblks: usize,
    fordblks: usize,
    keepcost: usize,
}

unsafe extern "C" {
    fn mallinfo2() -> MallInfo2;
}

/// Bytes allocated and not freed, over every malloc arena: Rust's allocations (the system
/// allocator) and tree-sitter's (C `malloc`) alike. The resident set would also count memory
/// freed but kept by the allocator, which is what the earlier measurements leave behind.
fn heap_in_use() -> usize {
    // SAFETY: mallinfo2 only reads the allocator's statistics (glibc 2.33 and later).
    let info = unsafe { mallinfo2() };
    info.uordblks + info.hblkhd
}

/// A design doc of about `size` bytes: sections of prose, lists, code and links.
fn generated_document(size: usize) -> String {
    let mut text =
        String::from("---\nstatus: draft\ndate: 2026-01-01\n---\n\n# A generated design doc\n\n");
    let mut section = 0;
    while text.len() < size {
        section += 1;
        text.push_str(&format!("## Section {section}\n\n"));
        for paragraph in 0..4 {
            text.push_str(&format!(
                "Paragraph {paragraph} of section {section} explains *one* idea with `code`, a [link](https://example.com/{section}) \
                 and enough words to wrap over several lines in an editor, as real design docs do. \
                 It refers to RFC {section} and ADR-{paragraph:04} in passing.\n\n"
            ));
        }
        text.push_str(
            "- a first point\n- a second point with **bold** text\n  - a nested point\n\n",
        );
        text.push_str("```rust\nfn example() -> u32 {\n    42\n}\n```\n\n");
        if section % 5 == 0 {
            text.push_str(&format!(
                "### Detail {section}\n\n> A quoted remark about the detail.\n\n"
            ));
        }
    }
    text
}

/// A client speaking JSON-RPC to an in-process server over in-memory pipes.
struct InProcessClient {
    server: InProcessServer,
    publishes: tokio::sync::mpsc::UnboundedReceiver<(String, i64)>,
    responses: tokio::sync::mpsc::UnboundedReceiver<Value>,
    next_id: i64,
}

impl InProcessClient {
    async fn start() -> InProcessClient {
        InProcessClient::start_with(false).await
    }

    /// `pull`: the client asks for diagnostics (`textDocument/diagnostic`) rather than having
    /// them pushed.
    async fn start_with(pull: bool) -> InProcessClient {
        let (tx, publishes) = tokio::sync::mpsc::unbounded_channel();
        let (responses_tx, responses) = tokio::sync::mpsc::unbounded_channel::<Value>();
        let server = InProcessServer::start(move |message| {
            if message["method"] == "textDocument/publishDiagnostics" {
                let uri = message["params"]["uri"].as_str().unwrap_or("").to_string();
                let version = message["params"]["version"].as_i64().unwrap_or(-1);
                let _ = tx.send((uri, version));
            } else if message.get("id").is_some() {
                let _ = responses_tx.send(message);
            }
        });
        let mut capabilities = json!({ "general": { "positionEncodings": ["utf-8"] } });
        if pull {
            capabilities["textDocument"] =
                json!({ "diagnostic": { "dynamicRegistration": false } });
        }
        let mut client = InProcessClient {
            server,
            publishes,
            responses,
            next_id: 1,
        };
        client
            .server
            .send(
                &json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
                "processId": null,
                "capabilities": capabilities,
                "initializationOptions": { "diagnosticsDelayMs": 0 },
            } }),
            )
            .await;
        client.responses.recv().await.expect("initialize answered");
        client.notify("initialized", json!({})).await;
        client
    }

    /// Sends a request and waits for its answer (the whole response message).
    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.server
            .send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        loop {
            let message = tokio::time::timeout(Duration::from_secs(60), self.responses.recv())
                .await
                .unwrap_or_else(|_| panic!("no answer to {method} within 60 s"))
                .expect("the server stopped");
            if message["id"] == id && message.get("method").is_none() {
                return message;
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.server.notify(method, params).await;
    }

    async fn wait_publish(&mut self, uri: &str, version: i64) {
        let deadline = Duration::from_secs(60);
        tokio::time::timeout(deadline, async {
            while let Some((u, v)) = self.publishes.recv().await {
                if u == uri && v == version {
                    return;
                }
            }
            panic!("the server stopped");
        })
        .await
        .unwrap_or_else(|_| panic!("no diagnostics for {uri} v{version} within {deadline:?}"));
    }

    async fn stop(mut self) {
        let id = self.next_id;
        self.next_id += 1;
        self.server
            .send(&json!({ "jsonrpc": "2.0", "id": id, "method": "shutdown" }))
            .await;
        self.server.notify("exit", Value::Null).await;
        self.server.finish().await;
    }
}
