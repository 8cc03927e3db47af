//! `workspace/symbol` over generated workspaces of 1,000 / 10,000 / 50,000 ADRs: the query in the
//! core alone, then the whole request through the language server (in process, real JSON-RPC
//! framing, the files on disk) for a client that resolves locations lazily and for one that needs
//! every range at once.
//!
//! ```sh
//! cargo run --release --example bench_workspace_symbol -- [SIZES…]
//! ```

#[path = "support/mod.rs"]
mod support;

use docwright::analysis::config::Config;
use docwright::analysis::navigation::workspace_symbols::{
    WORKSPACE_SYMBOL_LIMIT, document_name, workspace_symbols,
};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};
use support::in_process::InProcessServer;
use support::stats::{ms, percentile};
use support::workspace::{Lcg, adr_path, build_index, write_workspace};

/// From a one-letter query that matches almost everything to one that matches nothing.
const QUERIES: &[&str] = &[
    "",
    "a",
    "dec",
    "postgres",
    "adr 4242",
    "cache invalidation",
    "consequences",
    "zzzz",
];
const RUNS: usize = 20;

const VERBS: &[&str] = &[
    "Use",
    "Adopt",
    "Replace",
    "Retire",
    "Introduce",
    "Split",
    "Merge",
    "Cache",
    "Partition",
    "Encrypt",
];
const NOUNS: &[&str] = &[
    "PostgreSQL",
    "Kafka",
    "the monolith",
    "GraphQL",
    "feature flags",
    "cache invalidation",
    "the orders table",
    "OAuth",
    "gRPC",
    "Terraform",
    "the billing service",
    "read replicas",
    "event sourcing",
    "Kubernetes",
];

fn generated_doc(n: usize, rng: &mut Lcg) -> String {
    let title = format!(
        "{} {} for {}",
        VERBS[rng.below(VERBS.len())],
        NOUNS[rng.below(NOUNS.len())],
        NOUNS[rng.below(NOUNS.len())]
    );
    let cited = rng.below(n.max(1));
    format!(
        "# {n}. {title}\n\nDate: 2024-03-04\n\n## Status\n\nAccepted\n\n## Context\n\n\
         This builds on ADR-{cited:05}. The team weighed the options over the quarter.\n\n\
         ## Considered options\n\n### Option {}\n\nCheaper.\n\n### Option {}\n\nSafer.\n\n\
         ## Decision\n\nWe will do thing {n}.\n\n## Consequences\n\nEveryone must learn it.\n",
        NOUNS[rng.below(NOUNS.len())],
        NOUNS[rng.below(NOUNS.len())]
    )
}

fn table_header() {
    println!(
        "{:<22} {:>8} {:>10} {:>10}",
        "query", "results", "p50 ms", "p99 ms"
    );
}

/// A query's row: its results, and the median and 99th percentile of its runs in ms.
fn table_row(query: &str, results: usize, mut runs: Vec<Duration>) {
    runs.sort();
    let (p50, p99) = (ms(percentile(&runs, 0.5)), ms(percentile(&runs, 0.99)));
    println!(
        "{:<22} {results:>8} {p50:>10.2} {p99:>10.2}",
        format!("{query:?}")
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 50_000]
    } else {
        sizes
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    for total in sizes {
        let mut rng = Lcg(total as u64);
        let documents: Vec<(String, String)> = (0..total)
            .map(|n| (adr_path(n), generated_doc(n, &mut rng)))
            .collect();
        let probes = bench_core(total, &documents);
        let dir = tempfile::tempdir().unwrap();
        write_workspace(dir.path(), &documents);
        runtime.block_on(bench_server(total, dir.path(), &probes));
    }
}

/// Measures the core, and returns probes for the server's index: the names of documents spread
/// over the workspace, each the best answer to a query for itself.
fn bench_core(total: usize, documents: &[(String, String)]) -> Vec<String> {
    let config = Config::default();
    let index = build_index(documents, &config);
    let sections: usize = index.docs().map(|d| d.sections.len()).sum();
    println!(
        "\n{total} docs, {sections} headings: the query in the core (limit {WORKSPACE_SYMBOL_LIMIT}), {RUNS} runs"
    );
    table_header();
    for query in QUERIES {
        let mut runs = Vec::new();
        let mut results = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            results = workspace_symbols(&index, query, WORKSPACE_SYMBOL_LIMIT).len();
            runs.push(started.elapsed());
        }
        table_row(query, results, runs);
    }
    (0..16)
        .map(|i| document_name(index.get(&adr_path(i * (total - 1) / 15)).unwrap()))
        .collect()
}

async fn bench_server(total: usize, root: &Path, probes: &[String]) {
    for (client_name, lazy) in [
        ("lazy locations (resolveSupport)", true),
        ("ranges at once", false),
    ] {
        let started = Instant::now();
        let mut client = InProcessClient::start(root, lazy).await;
        // The index may be built in the background: wait until documents from all over the
        // workspace (the files are indexed in no particular order) are found.
        for probe in probes {
            loop {
                let answer = client
                    .request("workspace/symbol", json!({ "query": probe }))
                    .await;
                if answer["result"][0]["name"] == json!(probe) {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(300),
                    "the server never found {probe:?}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        println!(
            "\n{total} docs through the server, {client_name} (ready after {:.0} ms), {RUNS} runs",
            ms(started.elapsed())
        );
        table_header();
        for query in QUERIES {
            let mut runs = Vec::new();
            let mut results = 0;
            for _ in 0..RUNS {
                let started = Instant::now();
                let answer = client
                    .request("workspace/symbol", json!({ "query": query }))
                    .await;
                runs.push(started.elapsed());
                results = answer["result"].as_array().map_or(0, Vec::len);
            }
            table_row(query, results, runs);
        }
        client.stop().await;
    }
}

/// A client speaking JSON-RPC to an in-process server over in-memory pipes.
struct InProcessClient {
    server: InProcessServer,
    responses: tokio::sync::mpsc::UnboundedReceiver<Value>,
    next_id: i64,
}

impl InProcessClient {
    async fn start(root: &Path, lazy: bool) -> InProcessClient {
        let (responses_tx, responses) = tokio::sync::mpsc::unbounded_channel::<Value>();
        let server = InProcessServer::start(move |message| {
            if message.get("id").is_some() && message.get("method").is_none() {
                let _ = responses_tx.send(message);
            }
        });
        let mut client = InProcessClient {
            server,
            responses,
            next_id: 1,
        };
        let symbol = if lazy {
            json!({ "resolveSupport": { "properties": ["location.range"] } })
        } else {
            json!({})
        };
        client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": format!("file://{}", root.display()),
                    "capabilities": {
                        "general": { "positionEncodings": ["utf-16"] },
                        "workspace": { "symbol": symbol },
                    },
                }),
            )
            .await;
        client.server.notify("initialized", json!({})).await;
        client
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.server
            .send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        loop {
            let message = tokio::time::timeout(Duration::from_secs(120), self.responses.recv())
                .await
                .expect("the server answers")
                .expect("the server runs");
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    async fn stop(mut self) {
        self.request("shutdown", Value::Null).await;
        self.server.notify("exit", Value::Null).await;
        self.server.finish().await;
    }
}
