//! The workspace index: cold build over the Rust RFCs (reading the files included), cold build
//! and single-document update over generated workspaces of 1,000 / 10,000 / 50,000 ADRs, the
//! workspace rules over each, and resident memory.
//!
//! ```sh
//! cargo run --release --example bench_index -- [RFC_DIR] [SIZES…]
//! ```

#[path = "support/mod.rs"]
mod support;

use docwright::analysis::config::Config;
use docwright::analysis::index::{DocEntry, Index, IndexSettings};
use docwright::analysis::kinds::detect::PathHints;
use docwright::analysis::workspace_rules::{WorkspaceContext, check_doc, check_workspace};
use std::path::{Path, PathBuf};
use std::time::Instant;
use support::stats::{ms, percentile, proc_status_mb};
use support::workspace::{build_index, generated_adrs};

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

fn bench_generated(total: usize) {
    let config = Config::default();
    let documents = generated_adrs(total);
    let bytes: usize = documents.iter().map(|(_, t)| t.len()).sum();
    let rss_before = proc_status_mb("self", "VmRSS");
    let started = Instant::now();
    let mut index = build_index(&documents, &config);
    let cold = started.elapsed();
    let rss_after = proc_status_mb("self", "VmRSS");

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
