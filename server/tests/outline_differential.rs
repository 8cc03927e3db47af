//! The two outline paths agree: for every Markdown file in the corpus and in the fixtures,
//! `parse_outline` (tree-sitter-md) and `parse_outline_fast` (pulldown-cmark) build the same
//! `Outline`, field for field.

use std::path::{Path, PathBuf};

use docwright::analysis::outline::{Outline, parse_outline, parse_outline_fast};
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/outline");

fn markdown_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            markdown_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            into.push(path);
        }
    }
}

/// The path to the first place two JSON values differ, with both sides.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(key, value)| {
            first_difference(&format!("{path}.{key}"), value, b.get(key).unwrap_or(&Value::Null))
        }),
        (Value::Array(a), Value::Array(b)) => {
            let shared = a.iter().zip(b).enumerate().find_map(|(i, (x, y))| {
                first_difference(&format!("{path}[{i}]"), x, y)
            });
            shared.or_else(|| {
                (a.len() != b.len()).then(|| {
                    let i = a.len().min(b.len());
                    format!(
                        "{path}: length {} vs {}; first extra: {}",
                        a.len(),
                        b.len(),
                        a.get(i).or(b.get(i)).unwrap_or(&Value::Null)
                    )
                })
            })
        }
        _ => (a != b).then(|| format!("{path}:\n    tree-sitter: {a}\n    pulldown:    {b}")),
    }
}

fn compare(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).expect("readable file");
    let text = String::from_utf8_lossy(&bytes);
    let file_name = path.file_name().and_then(|name| name.to_str());
    let reference: Outline = parse_outline(&text, file_name);
    let fast: Outline = parse_outline_fast(&text, file_name);
    if reference == fast {
        return None;
    }
    let reference = serde_json::to_value(&reference).expect("outline serialises");
    let fast = serde_json::to_value(&fast).expect("outline serialises");
    let difference = first_difference("outline", &reference, &fast).unwrap_or_else(|| "(no JSON difference)".into());
    Some(format!("{}: {difference}", path.display()))
}

fn check_all(dirs: &[&str], minimum_files: usize) {
    let mut files = Vec::new();
    for dir in dirs {
        markdown_files(Path::new(dir), &mut files);
    }
    files.sort();
    assert!(files.len() >= minimum_files, "found only {} files under {dirs:?}", files.len());
    let failures: Vec<String> = files.iter().filter_map(|path| compare(path)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn both_paths_agree_on_the_whole_corpus() {
    // 639 RFCs, MADR's decisions and templates, the Nygard ADRs.
    check_all(&[CORPUS], 639);
}

#[test]
fn both_paths_agree_on_the_fixtures() {
    check_all(&[FIXTURES], 10);
}
