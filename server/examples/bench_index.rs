//! The workspace index: cold build over the Rust RFCs (reading the files included), cold build
//! and single-document update over generated workspaces of 1,000 / 10,000 / 50,000 ADRs, the
//! workspace rules over each, and resident memory.
//!
//! ```sh
//! cargo run --release --example bench_index -- [RFC_DIR] [SIZES…]
//! ```

use docwright::analysis::config::Config;
use docwright::analysis::index::{DocEntry, Index, IndexSettings};
use docwright::analysis::kinds::detect::PathHints;
use docwright::analysis::workspace_rules::{WorkspaceContext, check_doc, check_workspace};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn markdown_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            markdown_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "md") {
            into.push(path);
        }
    }
}

/// Resident set size in MB, from `/proc/self/status` (Linux).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn bench_rfcs(dir: &Path) {
    let config = Config::default();
    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let started = Instant::now();
        let mut files = Vec::new();
        markdown_files(dir, &mut files);
        use rayon::prelude::*;
        let documents: Vec<(String, String)> = files
            .par_iter()
            .map(|p| {
                let relative = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (relative, std::fs::read_to_string(p).unwrap())
            })
            .collect();
        let index = Index::build(
            IndexSettings::default(),
            documents.par_iter().map(|(p, t)| (p.as_str(), t.as_str())),
            &config,
            &|relative| docwright::host::path_hints(&dir.join(relative), dir),
        );
        runs.push(started.elapsed());
        last = Some(index);
    }
    runs.sort();
    let index = last.unwrap();
    // Where the time goes: reading, then outlines alone (no detection, no index).
    let (mut reads, mut outlines) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        use rayon::prelude::*;
        let started = Instant::now();
        let mut files = Vec::new();
        markdown_files(dir, &mut files);
        let texts: Vec<String> = files
            .par_iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        reads.push(started.elapsed());
        let started = Instant::now();
        let count: usize = texts
            .par_iter()
            .map(|t| {
                docwright::analysis::outline::parse_outline_fast(t, None)
                    .headings
                    .len()
            })
            .sum();
        assert!(count > 0);
        outlines.push(started.elapsed());
    }
    reads.sort();
    outlines.sort();
    println!(
        "rust-rfcs: of which reading median {:.1} ms, fast outlines alone median {:.1} ms",
        ms(reads[reads.len() / 2]),
        ms(outlines[outlines.len() / 2])
    );
    let started = Instant::now();
    let diagnostics: usize = check_workspace(&index, &config)
        .values()
        .map(Vec::len)
        .sum();
    let rules = started.elapsed();
    println!(
        "rust-rfcs: {} docs, cold index (read + outline + index) median {:.1} ms, min {:.1} ms; workspace rules {:.1} ms ({diagnostics} diagnostics)",
        index.len(),
        ms(runs[runs.len() / 2]),
        ms(runs[0]),
        ms(rules)
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
/// tenth is superseded by the next.
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

fn bench_generated(total: usize) {
    let config = Config::default();
    let mut rng = Lcg(total as u64);
    let documents: Vec<(String, String)> = (0..total)
        .map(|n| (path_of(n), generated_doc(n, total, &mut rng)))
        .collect();
    let bytes: usize = documents.iter().map(|(_, t)| t.len()).sum();
    let rss_before = rss_mb();
    let started = Instant::now();
    let mut index = {
        use rayon::prelude::*;
        Index::build(
            IndexSettings::default(),
            documents.par_iter().map(|(p, t)| (p.as_str(), t.as_str())),
            &config,
            &|_| PathHints::default(),
        )
    };
    let cold = started.elapsed();
    let rss_after = rss_mb();

    // One document edited, many times: its parse (outline + entry), then the index update alone.
    let mut parses = Vec::new();
    let mut updates = Vec::new();
    let mut requeries = Vec::new();
    for round in 0..200 {
        let n = (round * 7919) % total;
        let (path, text) = &documents[n];
        let edited = text.replace("measure it", &format!("measure it (edit {round})"));
        let started = Instant::now();
        let entry = DocEntry::from_text(path, &edited, &config, &PathHints::default());
        parses.push(started.elapsed());
        let started = Instant::now();
        index.update(entry);
        updates.push(started.elapsed());
        let started = Instant::now();
        let ctx = WorkspaceContext::new(&index, &config);
        let _ = check_doc(&ctx, index.get(path).unwrap());
        let _ = index.backlinks(path);
        requeries.push(started.elapsed());
    }
    for timings in [&mut parses, &mut updates, &mut requeries] {
        timings.sort();
    }
    let started = Instant::now();
    let diagnostics: usize = check_workspace(&index, &config)
        .values()
        .map(Vec::len)
        .sum();
    let rules = started.elapsed();
    println!(
        "generated {total:>6} docs ({:.1} MB): cold index {:>7.1} ms; update one doc: parse p50 {:.3} ms, index update p50 {:.3} / p99 {:.3} ms, re-check + backlinks p50 {:.3} / p99 {:.3} ms; workspace rules {:.1} ms ({diagnostics} diagnostics); RSS {:.0} MB → {:.0} MB (index ≈ {:.0} MB)",
        bytes as f64 / 1e6,
        ms(cold),
        ms(percentile(&parses, 0.5)),
        ms(percentile(&updates, 0.5)),
        ms(percentile(&updates, 0.99)),
        ms(percentile(&requeries, 0.5)),
        ms(percentile(&requeries, 0.99)),
        ms(rules),
        rss_before,
        rss_after,
        rss_after - rss_before,
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/rust-rfcs/text"
        )
        .to_string()
    });
    let sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    bench_rfcs(Path::new(&dir));
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 50_000]
    } else {
        sizes
    };
    for total in sizes {
        bench_generated(total);
    }
}
