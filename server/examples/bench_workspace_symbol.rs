//! `workspace/symbol` over generated workspaces of 1,000 / 10,000 / 50,000 ADRs: the query in the
//! core alone, then the whole request through the language server (in process, real JSON-RPC
//! framing, the files on disk) for a client that resolves locations lazily and for one that needs
//! every range at once.
//!
//! ```sh
//! cargo run --release --example bench_workspace_symbol -- [SIZES…]
//! ```

use docwright::analysis::config::Config;
use docwright::analysis::index::{Index, IndexSettings};
use docwright::analysis::navigation::workspace_symbols::{
    WORKSPACE_SYMBOL_LIMIT, document_name, workspace_symbols,
};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

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

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn path_of(n: usize) -> String {
    format!("area-{:03}/{:05}-decision-{n}.md", n / 1000, n)
}

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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// (median, 99th percentile) in ms.
fn summary(mut runs: Vec<Duration>) -> (f64, f64) {
    runs.sort();
    let at = |p: f64| ms(runs[((runs.len() - 1) as f64 * p).round() as usize]);
    (at(0.5), at(0.99))
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
            .map(|n| (path_of(n), generated_doc(n, &mut rng)))
            .collect();
        let probes = bench_core(total, &documents);
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in &documents {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        runtime.block_on(bench_server(total, dir.path(), &probes));
    }
}

/// Measures the core, and returns probes for the server's index: the names of documents spread
/// over the workspace, each the best answer to a query for itself.
fn bench_core(total: usize, documents: &[(String, String)]) -> Vec<String> {
    let config = Config::default();
    let index = {
        use rayon::prelude::*;
        Index::build(
            IndexSettings::default(),
            documents.par_iter().map(|(p, t)| (p.as_str(), t.as_str())),
            &config,
            &|_| Default::default(),
        )
    };
    let sections: usize = index.docs().map(|d| d.sections.len()).sum();
    println!(
        "\n{total} docs, {sections} headings: the query in the core (limit {WORKSPACE_SYMBOL_LIMIT}), {RUNS} runs"
    );
    println!(
        "{:<22} {:>8} {:>10} {:>10}",
        "query", "results", "p50 ms", "p99 ms"
    );
    for query in QUERIES {
        let mut runs = Vec::new();
        let mut results = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            results = workspace_symbols(&index, query, WORKSPACE_SYMBOL_LIMIT).len();
            runs.push(started.elapsed());
        }
        let (p50, p99) = summary(runs);
        println!(
            "{:<22} {results:>8} {p50:>10.2} {p99:>10.2}",
            format!("{query:?}")
        );
    }
    (0..16)
        .map(|i| document_name(index.get(&path_of(i * (total - 1) / 15)).unwrap()))
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
        println!(
            "{:<22} {:>8} {:>10} {:>10}",
            "query", "results", "p50 ms", "p99 ms"
        );
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
            let (p50, p99) = summary(runs);
            println!(
                "{:<22} {results:>8} {p50:>10.2} {p99:>10.2}",
                format!("{query:?}")
            );
        }
        client.stop().await;
    }
}

/// A client speaking JSON-RPC to an in-process server over in-memory pipes.
struct InProcessClient {
    to_server: DuplexStream,
    responses: tokio::sync::mpsc::UnboundedReceiver<Value>,
    server: tokio::task::JoinHandle<bool>,
    next_id: i64,
}

impl InProcessClient {
    async fn start(root: &Path, lazy: bool) -> InProcessClient {
        let (to_server, server_input) = tokio::io::duplex(1 << 20);
        let (server_output, mut from_server) = tokio::io::duplex(1 << 20);
        let server = tokio::spawn(docwright::lsp::serve(server_input, server_output));
        let (responses_tx, responses) = tokio::sync::mpsc::unbounded_channel::<Value>();
        tokio::spawn(async move {
            let mut buffer = Vec::new();
            let mut chunk = vec![0u8; 1 << 16];
            loop {
                while let Some((message, used)) = parse_frame(&buffer) {
                    buffer.drain(..used);
                    if message.get("id").is_some() && message.get("method").is_none() {
                        let _ = responses_tx.send(message);
                    }
                }
                match from_server.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
        });
        let mut client = InProcessClient {
            to_server,
            responses,
            server,
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
        client.notify("initialized", json!({})).await;
        client
    }

    async fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        self.to_server
            .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
            .await
            .unwrap();
        self.to_server.write_all(&body).await.unwrap();
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
            .await;
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
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
        self.notify("exit", Value::Null).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), self.server).await;
    }
}

fn parse_frame(buffer: &[u8]) -> Option<(Value, usize)> {
    let header_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let header = std::str::from_utf8(&buffer[..header_end]).ok()?;
    let length: usize = header
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length:"))?
        .trim()
        .parse()
        .ok()?;
    let start = header_end + 4;
    if buffer.len() < start + length {
        return None;
    }
    Some((
        serde_json::from_slice(&buffer[start..start + length]).ok()?,
        start + length,
    ))
}
