//! The cold index's walk alone: [`discover_within`] over a generated workspace of ADRs (a
//! thousand to a folder), as discovery calls it before any file is read. Prints the median of
//! several walks.
//!
//! ```sh
//! cargo build --release --example bench_walk
//! target/release/examples/bench_walk [DOCS]
//! ```
//!
//! [`discover_within`]: docwright_host::walk::discover_within

#[path = "support/mod.rs"]
mod support;

use std::time::Instant;
use support::stats::{ms, percentile};
use support::workspace::{generated_adrs, write_workspace};

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .map_or(50_000, |n| n.parse().expect("a document count"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("workspace");
    write_workspace(&root, &generated_adrs(total));
    let roots = vec![root];
    let mut timings = Vec::new();
    let mut found = 0;
    for _ in 0..7 {
        let started = Instant::now();
        found = docwright_host::walk::discover_within(&roots, &|_| false)
            .files
            .len();
        timings.push(started.elapsed());
    }
    timings.sort();
    println!(
        "{found} files walked: median {:.1} ms, fastest {:.1} ms",
        ms(percentile(&timings, 0.5)),
        ms(timings[0])
    );
}
