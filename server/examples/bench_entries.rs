//! The cold index's per-document work alone, on one thread: read nothing, parse each generated
//! ADR and build its `DocEntry` (what discovery does per file). Meant for valgrind's callgrind,
//! whose instruction counts do not move with the machine's load:
//!
//! ```sh
//! cargo build --release --example bench_entries
//! valgrind --tool=callgrind --toggle-collect='*bench_entries*build_entries*' \
//!     target/release/examples/bench_entries 2000
//! ```
//!
//! Prints the wall time too, for a quick look without valgrind.

#[path = "support/mod.rs"]
mod support;

use docwright::analysis::config::Config;
use docwright::analysis::index::DocEntry;
use docwright::analysis::kinds::detect::PathHints;
use std::time::Instant;
use support::stats::ms;
use support::workspace::generated_adrs;

#[inline(never)]
fn build_entries(documents: &[(String, String)], config: &Config) -> Vec<DocEntry> {
    let hints = PathHints::default();
    documents
        .iter()
        .map(|(path, text)| DocEntry::from_text(path, text, config, &hints))
        .collect()
}

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .map_or(2000, |n| n.parse().expect("a document count"));
    let config = Config::default();
    let documents = generated_adrs(total);
    let started = Instant::now();
    let entries = build_entries(&documents, &config);
    let took = started.elapsed();
    let references: usize = entries.iter().map(|e| e.references.len()).sum();
    println!(
        "{total} entries ({references} references) in {:.1} ms, {:.1} µs each",
        ms(took),
        took.as_secs_f64() * 1e6 / total as f64
    );
}
