//! The language server's workspace discovery, end to end: the time from sending `initialized` to
//! the indexing progress's `end`, and the server process's peak resident memory (`VmHWM`), over
//! `../shared/corpus/rust-rfcs` and over generated workspaces of ADRs written to a temporary
//! folder (the same generator as `bench_index`).
//!
//! ```sh
//! cargo build --release --bin docwright --example bench_lsp_index
//! target/release/examples/bench_lsp_index [RFC_DIR] [SIZES…]     # default sizes: 1000 10000
//! target/release/examples/bench_lsp_index DIR only                # just DIR (scripts/hostile-workspace.sh)
//! ```
//!
//! The server is the real `docwright` binary beside this example's folder (`target/release/`),
//! spoken to over stdio as an editor does.

#[path = "support/mod.rs"]
mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::stats::proc_status_mb;
use support::stdio::StdioServer;
use support::workspace::{generated_adrs, write_workspace};

fn server_binary() -> PathBuf {
    let example = std::env::current_exe().expect("the example's own path");
    let profile_dir = example
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/examples/");
    let binary = profile_dir.join("docwright");
    assert!(
        binary.is_file(),
        "{} is missing: cargo build --release --bin docwright",
        binary.display()
    );
    binary
}

fn start_server() -> StdioServer {
    let mut command = Command::new(server_binary());
    // Every run cold: no persisted index (bench_workspace measures the restart).
    command
        .args(["lsp", "--stdio"])
        .env("DOCWRIGHT_CACHE_DIR", "");
    StdioServer::spawn(command)
}

/// Peak resident memory of the server process, in MB.
fn peak_rss_mb(server: &StdioServer) -> f64 {
    proc_status_mb(&server.pid().to_string(), "VmHWM")
}

/// CPU time the server process has used (user + system), from `/proc/<pid>/stat`: on a
/// machine shared with other work, this says what the wall time would be on an idle one
/// (about CPU time / cores).
fn cpu_time(server: &StdioServer) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.pid())).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are the 14th and 15th fields, in clock ticks of 1/100 s on Linux.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// `root` as a `file:` URI, percent-encoded as editors send it (a hostile workspace has spaces
/// and non-ASCII names).
fn file_uri(root: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in root.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// One cold start on `root`: (time from `initialized` to the progress end, the server's own
/// closing message, peak RSS in MB, CPU time of the server process).
fn index_once(root: &Path) -> (Duration, String, f64, Duration) {
    let mut server = start_server();
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(root),
            "capabilities": { "window": { "workDoneProgress": true } },
        }),
    );
    let started = Instant::now();
    server.notify("initialized", json!({}));
    let (end, _) =
        server.wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let elapsed = started.elapsed();
    let message = end["params"]["value"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let rss = peak_rss_mb(&server);
    let cpu = cpu_time(&server);
    server.stop();
    (elapsed, message, rss, cpu)
}

fn report(name: &str, root: &Path, runs: usize) {
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut last = (String::new(), 0.0);
    for _ in 0..runs {
        let (elapsed, message, rss, cpu_time) = index_once(root);
        times.push(elapsed);
        cpu.push(cpu_time);
        last = (message, rss);
    }
    times.sort();
    cpu.sort();
    println!(
        "{name}: initialized → progress end median {:.0} ms, min {:.0} ms over {runs} runs; \"{}\"; server CPU (whole process) median {:.0} ms; server peak RSS {:.0} MB",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        last.0,
        cpu[cpu.len() / 2].as_secs_f64() * 1e3,
        last.1
    );
}

/// A workspace of `total` generated ADRs under `docs/adr/` in a fresh temporary folder.
fn generated_workspace(total: usize) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "docwright-bench-lsp-index-{}-{total}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    write_workspace(&root.join("docs/adr"), &generated_adrs(total));
    root
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rfcs = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/rust-rfcs").to_string()
    });
    let rest: Vec<String> = args.collect();
    let only = rest.iter().any(|a| a == "only");
    let mut sizes: Vec<usize> = rest.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() && !only {
        sizes = vec![1_000, 10_000];
    }
    let rfcs = std::fs::canonicalize(&rfcs).unwrap_or_else(|e| panic!("{rfcs}: {e}"));
    let name = if only {
        rfcs.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    } else {
        String::from("rust-rfcs")
    };
    report(&name, &rfcs, if only { 1 } else { 5 });
    for total in sizes {
        let root = generated_workspace(total);
        report(&format!("generated {total}"), &root, 3);
        let _ = std::fs::remove_dir_all(&root);
    }
}
