//! Where a large workspace's index time goes, in process and phase by phase, for issue 14: the
//! walk, reading the files, analysing them (on every core), inserting the entries into the
//! index; then the persisted index: writing it, reading it back (the file, its symbol section,
//! its full records), and inserting its entries.
//! Resident memory after each step.
//!
//! ```sh
//! cargo build --release --example bench_index_cache
//! target/release/examples/bench_index_cache [SIZE]
//! ```

#[path = "support/mod.rs"]
mod support;

use docwright::analysis::config::Config;
use docwright::analysis::index::{Index, IndexSettings};
use docwright::analysis::kinds::detect::PathHints;
use docwright::host::index_cache::{self, CacheFile, CacheKey, CachedDoc, Stamp};
use std::time::{Duration, Instant};
use support::stats::{ms, proc_status_mb};
use support::workspace::{generated_adrs, write_workspace};

/// The process's CPU time so far (user and system, every thread), from `/proc/self/stat`.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are the 14th and 15th fields; the first two are before ")".
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Runs one phase, printing its wall time, its CPU time (what it costs on a quiet machine, all
/// threads added) and the resident memory after it.
fn step<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let cpu = cpu_time();
    let value = f();
    let elapsed: Duration = started.elapsed();
    println!(
        "{name:<28} {:>9.1} ms wall {:>9.0} ms CPU   RSS {:>6.0} MB",
        ms(elapsed),
        ms(cpu_time().saturating_sub(cpu)),
        proc_status_mb("self", "VmRSS")
    );
    value
}

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().unwrap();
    // A second argument: a folder holding the workspace from an earlier run (written there when
    // missing), so that profiling skips writing thousands of files.
    let root = match std::env::args().nth(2) {
        Some(kept) => std::path::PathBuf::from(kept),
        None => dir.path().canonicalize().unwrap().join("workspace"),
    };
    if !root.exists() {
        write_workspace(&root, &generated_adrs(total));
    }
    let config = Config::default();
    println!(
        "{total} documents, {} threads",
        rayon::current_num_threads()
    );

    let walked = step("walk", || {
        docwright::host::engine::workspace_files(std::slice::from_ref(&root), &|_| false)
    });
    let files: Vec<_> = walked.files;
    use rayon::prelude::*;
    let texts: Vec<(String, String)> = step("read", || {
        files
            .par_iter()
            .map(|file| {
                let relative = docwright::host::workspace_relative(file, &root);
                let text = std::fs::read_to_string(file).unwrap();
                (relative, text)
            })
            .collect()
    });
    let entries: Vec<_> = step("analyse (parallel)", || {
        texts
            .par_iter()
            .map(|(path, text)| {
                docwright::host::engine::document_entry(
                    path,
                    path,
                    text,
                    &config,
                    &PathHints::default(),
                )
            })
            .collect()
    });
    let index = step("insert into the index", || {
        let mut index = Index::new(IndexSettings::default());
        for entry in entries {
            index.update(entry);
        }
        index
    });
    let cache_dir = dir.path().join("cache");
    let roots = vec![root.clone()];
    let key = CacheKey::new(&roots, 1);
    let path = index_cache::cache_file(&cache_dir, &roots);
    let file = CacheFile {
        key: key.clone(),
        written_ns: index_cache::now_ns(),
        docs: index
            .docs()
            .map(|entry| CachedDoc {
                stamp: Stamp {
                    size: 1,
                    mtime_ns: 1,
                    hash: 1,
                    adr_dir: None,
                    rfc_template_sibling: false,
                },
                entry: entry.clone(),
            })
            .collect(),
    };
    step("write the cache", || {
        index_cache::store(&path, &file).unwrap()
    });
    println!(
        "cache file: {:.1} MB",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    drop(file);
    drop(index);
    drop(texts);
    // As a restart reads it: the file read and checked, the symbol section decoded (the first
    // workspace symbol answer waits for these two only), then the full records.
    let opened = step("read and check the cache", || {
        index_cache::open(&path, &key).unwrap().unwrap()
    });
    let symbols = step("decode its symbol section", || {
        opened.symbol_entries().unwrap()
    });
    let loaded = step("decode its full records", || opened.decode().unwrap());
    drop(symbols);
    let index = step("insert the cached entries", || {
        let mut index = Index::new(IndexSettings::default());
        for doc in loaded.docs {
            index.update_shared(doc.entry);
        }
        index
    });
    println!(
        "{} entries; peak RSS {:.0} MB",
        index.len(),
        proc_status_mb("self", "VmHWM")
    );
}
