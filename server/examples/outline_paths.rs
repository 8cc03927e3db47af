//! Both outline paths over every Markdown file under the given folders: prints each file whose
//! region-by-region reading (the editor's) differs from the whole reading (`docwright check`),
//! with the first differing fact, then a count. For trying Docwright's one-Markdown-truth
//! invariant on repositories outside the test corpus.
//!
//! ```sh
//! cargo run --release --example outline_paths -- path/to/repository [more folders]
//! ```

use std::path::{Path, PathBuf};

use docwright::analysis::outline::{parse_outline, parse_outline_fast};

fn markdown_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            markdown_files(&path, into);
        } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "md") {
            into.push(path);
        }
    }
}

/// The largest character boundary at or before `offset`.
fn floor(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn main() {
    let mut files = Vec::new();
    for dir in std::env::args().skip(1) {
        markdown_files(Path::new(&dir), &mut files);
    }
    files.sort();
    let mut differ = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let name = path.file_name().and_then(|name| name.to_str());
        let regions = parse_outline(&text, name);
        let whole = parse_outline_fast(&text, name);
        if regions != whole {
            differ += 1;
            let (regions, whole) = (format!("{regions:?}"), format!("{whole:?}"));
            let at = regions
                .bytes()
                .zip(whole.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(regions.len().min(whole.len()));
            let around = |debug: &str| -> String {
                let from = at.saturating_sub(80);
                debug
                    .chars()
                    .skip(debug[..floor(debug, from)].chars().count())
                    .take(160)
                    .collect()
            };
            println!(
                "{}\n  regions: …{}\n  whole:   …{}",
                path.display(),
                around(&regions),
                around(&whole)
            );
        }
    }
    println!("{differ} of {} files differ", files.len());
}
