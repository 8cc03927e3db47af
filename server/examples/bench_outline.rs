//! Throughput of the outline paths over a directory of Markdown, and the keystroke latency of the
//! editor's path (incremental tree-sitter block parse + region-by-region reading) on its largest
//! file.
//!
//! ```sh
//! cargo run --release --example bench_outline -- ../shared/corpus/rust-rfcs/text
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use docwright::analysis::outline::parse_outline_fast;
use docwright::analysis::outline::regions::{self, ReadingCache};
use docwright::analysis::syntax::SyntaxTree;
use tree_sitter::{InputEdit, Point};

fn markdown_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            markdown_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            into.push(path);
        }
    }
}

fn megabytes_per_second(bytes: usize, elapsed: Duration) -> f64 {
    bytes as f64 / 1e6 / elapsed.as_secs_f64()
}

/// Runs `pass` over every document until at least `minimum` has elapsed; returns the time per pass.
fn time_passes(minimum: Duration, mut pass: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut passes = 0u32;
    while passes == 0 || start.elapsed() < minimum {
        pass();
        passes += 1;
    }
    start.elapsed() / passes
}

fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Point::new(row, offset - line_start)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/rust-rfcs/text"
        )
        .to_string()
    });
    let mut files = Vec::new();
    markdown_files(Path::new(&dir), &mut files);
    files.sort();
    let documents: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let text =
                String::from_utf8_lossy(&std::fs::read(path).expect("readable file")).into_owned();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                text,
            )
        })
        .collect();
    let total: usize = documents.iter().map(|(_, text)| text.len()).sum();
    println!(
        "{} files, {:.2} MB in {dir}",
        documents.len(),
        total as f64 / 1e6
    );

    let fast = time_passes(Duration::from_secs(2), || {
        for (name, text) in &documents {
            std::hint::black_box(parse_outline_fast(text, Some(name)));
        }
    });
    println!(
        "fast path (pulldown-cmark + build), one core: {:>7.1} ms per pass, {:>6.1} MB/s",
        fast.as_secs_f64() * 1e3,
        megabytes_per_second(total, fast)
    );

    let full = time_passes(Duration::from_secs(2), || {
        for (name, text) in &documents {
            let syntax = SyntaxTree::parse(text);
            let mut cache = ReadingCache::default();
            std::hint::black_box(regions::outline(text, &mut cache, Some(name)));
            std::hint::black_box(syntax);
        }
    });
    println!(
        "editor path cold (tree-sitter + regions):    {:>7.1} ms per pass, {:>6.1} MB/s",
        full.as_secs_f64() * 1e3,
        megabytes_per_second(total, full)
    );

    let (name, largest) = documents
        .iter()
        .max_by_key(|(_, text)| text.len())
        .expect("at least one document");
    let full_parse = time_passes(Duration::from_secs(1), || {
        std::hint::black_box(SyntaxTree::parse(largest));
    });
    println!(
        "largest file {name} ({} KB): full parse {:.1} ms",
        largest.len() / 1000,
        full_parse.as_secs_f64() * 1e3
    );

    // Keystrokes: one character typed at spread-out places in prose (after a letter), each followed
    // by the incremental re-parse and the outline rebuild the language server does.
    let mut text = largest.clone();
    let mut syntax = SyntaxTree::parse(&text);
    let mut cache = ReadingCache::default();
    regions::outline(&text, &mut cache, Some(name));
    let mut latencies = Vec::new();
    let mut parse_only = Vec::new();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    while latencies.len() < 200 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let at = (state % text.len() as u64) as usize;
        if !text.is_char_boundary(at)
            || !text.as_bytes()[at.saturating_sub(1)].is_ascii_alphabetic()
        {
            continue;
        }
        let edit = InputEdit {
            start_byte: at,
            old_end_byte: at,
            new_end_byte: at + 1,
            start_position: point_at(&text, at),
            old_end_position: point_at(&text, at),
            new_end_position: Point::new(point_at(&text, at).row, point_at(&text, at).column + 1),
        };
        text.insert(at, 'x');
        let start = Instant::now();
        syntax.edit(&edit, &text);
        let parsed = start.elapsed();
        std::hint::black_box(regions::outline(&text, &mut cache, Some(name)));
        latencies.push(start.elapsed());
        parse_only.push(parsed);
    }
    latencies.sort();
    parse_only.sort();
    println!(
        "keystroke on {name}: edit + outline median {:.2} ms, p95 {:.2} ms (edit alone median {:.2} ms, p95 {:.2} ms)",
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.95).as_secs_f64() * 1e3,
        percentile(&parse_only, 0.5).as_secs_f64() * 1e3,
        percentile(&parse_only, 0.95).as_secs_f64() * 1e3,
    );
}
