//! Cross-reference completion latency on generated workspaces of ADRs (1,000 / 10,000 / 50,000
//! by default): after `ADR-` and after `[[`, with nothing or a few characters typed (a number, or
//! words of a title), p50 / p99 / max over every request.
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench_completion -- [REQUESTS] [SIZES…]
//! ```
//!
//! Two figures per size:
//! - **core**: `analysis::navigation::completion::complete_references` alone, on the built index;
//! - **server**: the real `docwright lsp` binary (`target/release/docwright`, built beside this
//!   example; `DOCWRIGHT_BIN` overrides, and an empty `DOCWRIGHT_BIN=` skips it) over stdio, on the same workspace written to a temporary
//!   folder: from writing the `textDocument/completion` request to having read the whole response
//!   frame, one request at a time, after the server has indexed the workspace (`$/progress` end).

#[path = "support/mod.rs"]
mod support;

use docwright::analysis::config::Config;
use docwright::analysis::index::DocEntry;
use docwright::analysis::kinds::detect::PathHints;
use docwright::analysis::navigation::completion::{
    CandidateCache, CursorLine, complete_references,
};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::stats::percentile;
use support::stdio::StdioServer;
use support::workspace::{Lcg, build_index, write_workspace};

/// What is typed after the trigger, cycled through by the requests.
const TYPED_AFTER_ID: &[&str] = &["", "1", "12", "0042", "pos", "postg", "kafka", "cache"];
const TYPED_AFTER_WIKI: &[&str] = &["", "00", "0123", "postg", "use-kaf", "search for"];

const TECHNOLOGIES: &[&str] = &[
    "PostgreSQL",
    "MySQL",
    "Kafka",
    "Redis",
    "gRPC",
    "GraphQL",
    "Kubernetes",
    "Terraform",
    "Rust",
    "TypeScript",
    "OpenTelemetry",
    "Elasticsearch",
    "S3",
    "RabbitMQ",
    "SQLite",
    "Nginx",
];
const AREAS: &[&str] = &[
    "orders",
    "billing",
    "search",
    "the cache layer",
    "authentication",
    "audit logs",
    "notifications",
    "reporting",
    "the mobile API",
    "feature flags",
    "invoices",
    "order events",
];

fn title_of(n: usize) -> String {
    let mut rng = Lcg(n as u64 * 7 + 1);
    format!(
        "Use {} for {}",
        TECHNOLOGIES[rng.below(TECHNOLOGIES.len())],
        AREAS[rng.below(AREAS.len())]
    )
}

fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn path_of(n: usize) -> String {
    format!(
        "docs/adr/area-{:03}/{:05}-{}.md",
        n / 1000,
        n,
        slug(&title_of(n))
    )
}

/// A Nygard ADR of about 1 KB; every tenth is superseded by the next.
fn generated_doc(n: usize, total: usize, rng: &mut Lcg) -> String {
    let status = if n % 10 == 3 && n + 1 < total {
        format!("Superseded by ADR-{:05}", n + 1)
    } else {
        "Accepted".to_string()
    };
    let cited = rng.below(total);
    format!(
        "# {n}. {}\n\nDate: 2024-03-04\n\n## Status\n\n{status}\n\n## Context\n\n\
         The team needs a decision on {} that holds for the next two years; this builds on \
         ADR-{cited:05}. Cost, operability and the skills of the team all mattered.\n\n\
         ## Decision\n\nWe will do it, and measure it.\n\n## Consequences\n\nEveryone must \
         learn it.\n",
        title_of(n),
        AREAS[n % AREAS.len()],
    )
}

/// The doc being edited: one line per query, each ending where the cursor stands.
fn typing_doc(n: usize) -> (String, Vec<(usize, usize)>) {
    let mut text = format!(
        "# {n}. {}\n\nDate: 2024-03-04\n\n## Status\n\nProposed\n\n## Context\n\n",
        title_of(n)
    );
    let mut cursors = Vec::new();
    for typed in TYPED_AFTER_ID {
        text.push_str("This follows ADR-");
        text.push_str(typed);
        cursors.push((text.matches('\n').count(), text.len()));
        text.push('\n');
    }
    for typed in TYPED_AFTER_WIKI {
        text.push_str("See [[");
        text.push_str(typed);
        cursors.push((text.matches('\n').count(), text.len()));
        text.push('\n');
    }
    (text, cursors)
}

fn summary(label: &str, mut timings: Vec<Duration>, items: usize) -> String {
    timings.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!(
        "{label:<7} p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  ({} requests, {:.0} items per answer)",
        ms(percentile(&timings, 0.5)),
        ms(percentile(&timings, 0.99)),
        ms(*timings.last().unwrap()),
        timings.len(),
        items as f64 / timings.len() as f64,
    )
}

fn bench_core(documents: &[(String, String)], requests: usize) {
    let config = Config::default();
    let mut index = build_index(documents, &config);
    // The doc being typed in, as the server has it: upserted into the index.
    let editing = documents.len() / 2;
    let (text, cursors) = typing_doc(editing);
    let current = index.update(DocEntry::from_text(
        &documents[editing].0,
        &text,
        &config,
        &PathHints::default(),
    ));
    // As in the server: one cache across requests, its table built by the first.
    let mut cache = CandidateCache::default();
    let started = Instant::now();
    cache.refresh(&index);
    let table = started.elapsed();
    let mut timings = Vec::with_capacity(requests);
    let mut items = 0;
    for request in 0..requests {
        let (_, offset) = cursors[request % cursors.len()];
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let started = Instant::now();
        let found = complete_references(
            &mut cache,
            &index,
            &current,
            &CursorLine {
                before: &text[line_start..offset],
                after: "",
                offset,
            },
        )
        .expect("a reference is being typed");
        timings.push(started.elapsed());
        items += found.items.len();
    }
    println!(
        "{}; first table {:.1} ms",
        summary("core", timings.clone(), items),
        table.as_secs_f64() * 1e3
    );
    // Where the time goes: the median of each query.
    let queries: Vec<String> = TYPED_AFTER_ID
        .iter()
        .map(|t| format!("ADR-{t}"))
        .chain(TYPED_AFTER_WIKI.iter().map(|t| format!("[[{t}")))
        .collect();
    let medians: Vec<String> = queries
        .iter()
        .enumerate()
        .map(|(q, query)| {
            let mut own: Vec<Duration> = timings
                .iter()
                .skip(q)
                .step_by(cursors.len())
                .copied()
                .collect();
            own.sort();
            format!("{query:?} {:.2}", percentile(&own, 0.5).as_secs_f64() * 1e3)
        })
        .collect();
    println!("        medians (ms): {}", medians.join(", "));
}

// ---- Through the server ---------------------------------------------------------------------

fn bench_server(binary: &Path, documents: &[(String, String)], requests: usize) {
    let root = tempfile::tempdir().unwrap();
    write_workspace(root.path(), documents);
    let root_path = root.path().canonicalize().unwrap();
    let mut command = Command::new(binary);
    command
        .arg("lsp")
        .current_dir(&root_path)
        .env("DOCWRIGHT_LOG", "warn")
        // Typing after indexing, not while the persisted index is written (bench_workspace).
        .env("DOCWRIGHT_CACHE_DIR", "");
    let mut server = StdioServer::spawn(command);
    let started = Instant::now();
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": format!("file://{}", root_path.display()),
            "capabilities": {
                "general": { "positionEncodings": ["utf-8"] },
                "window": { "workDoneProgress": true },
                "textDocument": { "completion": { "completionItem": { "snippetSupport": true } } }
            },
            "initializationOptions": { "diagnosticsDelayMs": 0 }
        }),
    );
    server.notify("initialized", json!({}));
    server.wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let indexed = started.elapsed();
    let editing = documents.len() / 2;
    let (text, cursors) = typing_doc(editing);
    let uri = format!("file://{}/{}", root_path.display(), documents[editing].0);
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    let complete = |server: &mut StdioServer, request: usize| {
        let (line, offset) = cursors[request % cursors.len()];
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let (response, sent, read) = server.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri },
                    "position": { "line": line, "character": offset - line_start } }),
        );
        let result = &response["result"];
        let items = result
            .as_array()
            .or_else(|| result["items"].as_array())
            .map_or(0, Vec::len);
        (read - sent, items)
    };
    // The first request analyses the opened doc; the figures are of typing after that.
    for request in 0..cursors.len() {
        complete(&mut server, request);
    }
    let mut timings = Vec::with_capacity(requests);
    let mut items = 0;
    for request in 0..requests {
        let (elapsed, count) = complete(&mut server, request);
        assert!(count > 0, "no completion items for request {request}");
        timings.push(elapsed);
        items += count;
    }
    println!(
        "{}; indexed in {:.0} ms",
        summary("server", timings, items),
        indexed.as_secs_f64() * 1e3
    );
    server.stop();
}

fn server_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DOCWRIGHT_BIN") {
        // `DOCWRIGHT_BIN=` (empty) measures the core alone.
        return Some(PathBuf::from(path)).filter(|p| p.exists());
    }
    // target/<profile>/examples/bench_completion → target/<profile>/docwright
    let exe = std::env::current_exe().ok()?;
    let binary = exe.parent()?.parent()?.join("docwright");
    binary.exists().then_some(binary)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let requests: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 50_000]
    } else {
        sizes
    };
    let binary = server_binary();
    if binary.is_none() {
        println!(
            "no docwright binary beside this example (cargo build --release): core figures only"
        );
    }
    println!(
        "completion after `ADR-` {TYPED_AFTER_ID:?} and `[[` {TYPED_AFTER_WIKI:?}, {requests} requests per figure"
    );
    for total in sizes {
        let mut rng = Lcg(total as u64);
        let documents: Vec<(String, String)> = (0..total)
            .map(|n| (path_of(n), generated_doc(n, total, &mut rng)))
            .collect();
        println!("{total} docs");
        bench_core(&documents, requests);
        if let Some(binary) = &binary {
            bench_server(binary, &documents, requests);
        }
    }
}
