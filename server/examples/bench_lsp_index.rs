//! The language server's workspace discovery, end to end: the time from sending `initialized` to
//! the indexing progress's `end`, and the server process's peak resident memory (`VmHWM`), over
//! `../shared/corpus/rust-rfcs` and over generated workspaces of ADRs written to a temporary
//! folder (the same generator as `bench_index`).
//!
//! ```sh
//! cargo build --release --bin docwright --example bench_lsp_index
//! target/release/examples/bench_lsp_index [RFC_DIR] [SIZES…]     # default sizes: 1000 10000
//! ```
//!
//! The server is the real `docwright` binary beside this example's folder (`target/release/`),
//! spoken to over stdio as an editor does.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

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

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(server_binary())
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the docwright binary starts");
        Server {
            stdin: child.stdin.take().unwrap(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            child,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "the server closed its output"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// Receives until `accept`, answering the server's own requests (progress tokens,
    /// registrations, configuration) with `null`.
    fn receive_until(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.receive();
            if let (Some(id), Some(_)) = (message.get("id"), message.get("method")) {
                let id = id.clone();
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
            }
            if accept(&message) {
                return message;
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.receive_until(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Peak resident memory of the server process, in MB.
    fn peak_rss_mb(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }

    /// CPU time the server process has used (user + system), from `/proc/<pid>/stat`: on a
    /// machine shared with other work, this says what the wall time would be on an idle one
    /// (about CPU time / cores).
    fn cpu_time(&self) -> Duration {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
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

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// One cold start on `root`: (time from `initialized` to the progress end, the server's own
/// closing message, peak RSS in MB, CPU time of the server process).
fn index_once(root: &Path) -> (Duration, String, f64, Duration) {
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": format!("file://{}", root.display()),
            "capabilities": { "window": { "workDoneProgress": true } },
        }),
    );
    let started = Instant::now();
    server.notify("initialized", json!({}));
    let end = server
        .receive_until(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let elapsed = started.elapsed();
    let message = end["params"]["value"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let rss = server.peak_rss_mb();
    let cpu = server.cpu_time();
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

/// A deterministic pseudo-random sequence (no dependency for a benchmark).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn path_of(n: usize) -> String {
    format!("area-{:03}/{:05}-decision-{n}.md", n / 1000, n)
}

/// A Nygard ADR of about 1.5 KB citing a few others by id, link, anchor and wiki link; every
/// tenth is superseded by the next (as in `bench_index`).
fn generated_doc(n: usize, total: usize, rng: &mut Lcg) -> String {
    let status = if n % 10 == 3 && n + 1 < total {
        format!("Superseded by [ADR-{:05}](../{})", n + 1, path_of(n + 1))
    } else if n % 10 == 4 {
        format!("Accepted\n\nSupersedes ADR-{:05}", n - 1)
    } else {
        "Accepted".to_string()
    };
    let a = rng.below(total);
    let b = rng.below(total);
    let c = rng.below(total);
    format!(
        "# {n}. Decision number {n}\n\nDate: 2024-03-04\n\n## Status\n\n{status}\n\n## Context\n\n\
         This builds on ADR-{a:05} and [the decision of {b}](../{}#decision); see also \
         [[{:05}-decision-{c}]]. The team met several times over the quarter to weigh the \
         options, and the notes of those meetings are kept with the project's minutes. Cost, \
         operability and the skills of the team all mattered.\n\n## Decision\n\nWe will do \
         thing {n}, and measure it. The rollout is staged over two releases so that it can be \
         reverted if the measurements disappoint.\n\n## Consequences\n\nEveryone must learn \
         thing {n}. Documentation and training follow; the previous approach stays supported \
         for one more release.\n",
        path_of(b),
        c
    )
}

/// A workspace of `total` generated ADRs under `docs/adr/` in a fresh temporary folder.
fn generated_workspace(total: usize) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "docwright-bench-lsp-index-{}-{total}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    let mut rng = Lcg(total as u64);
    for n in 0..total {
        let path = root.join("docs/adr").join(path_of(n));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated_doc(n, total, &mut rng)).unwrap();
    }
    root
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rfcs = args.next().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/rust-rfcs").to_string()
    });
    let mut sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000];
    }
    let rfcs = std::fs::canonicalize(&rfcs).unwrap_or_else(|e| panic!("{rfcs}: {e}"));
    report("rust-rfcs", &rfcs, 5);
    for total in sizes {
        let root = generated_workspace(total);
        report(&format!("generated {total}"), &root, 3);
        let _ = std::fs::remove_dir_all(&root);
    }
}
