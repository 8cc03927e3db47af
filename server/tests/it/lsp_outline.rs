//! The outline features end to end: document symbols (the section tree, with the kind and status
//! on the title), folding ranges and selection ranges.

use crate::common;

use common::*;
use serde_json::{Value, json};
use std::path::Path;

fn madr() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp/madr-outline.md"),
    )
    .unwrap()
}

fn start_with_madr() -> (tempfile::TempDir, LspClient, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs/decisions/0004-structured-logging.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = madr();
    std::fs::write(&path, &text).unwrap();
    let uri = file_uri(&path);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&uri, &text);
    client.diagnostics_for(&uri, 1);
    (dir, client, uri, text)
}

/// Symbols as `name [detail] lines a-b` lines, indented by depth.
fn symbol_lines(symbols: &Value, depth: usize, out: &mut Vec<String>) {
    for s in symbols.as_array().unwrap() {
        let detail = s["detail"]
            .as_str()
            .map(|d| format!(" [{d}]"))
            .unwrap_or_default();
        out.push(format!(
            "{}{}{} (kind {}) lines {}-{}, heading line {}",
            "  ".repeat(depth),
            s["name"].as_str().unwrap(),
            detail,
            s["kind"],
            s["range"]["start"]["line"],
            s["range"]["end"]["line"],
            s["selectionRange"]["start"]["line"],
        ));
        symbol_lines(&s["children"], depth + 1, out);
    }
}

#[test]
fn document_symbols_are_the_section_tree_under_the_title() {
    let (_dir, mut client, uri, _) = start_with_madr();
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let mut lines = Vec::new();
    symbol_lines(&symbols, 0, &mut lines);
    insta::assert_snapshot!("madr_symbols", lines.join("\n"));
    let title = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Use structured logging")
        .unwrap();
    let detail = title["detail"].as_str().unwrap();
    assert!(
        detail.contains("MADR") && detail.contains("accepted"),
        "kind and status on the title: {detail}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn folding_covers_sections_front_matter_code_lists_and_comments() {
    let (_dir, mut client, uri, _) = start_with_madr();
    let folds = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let lines: Vec<String> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}-{} {}",
                f["startLine"],
                f["endLine"],
                f["kind"].as_str().unwrap_or("-")
            )
        })
        .collect();
    insta::assert_snapshot!("madr_folding", lines.join("\n"));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn selection_expands_from_a_word_to_the_whole_document() {
    let (_dir, mut client, uri, text) = start_with_madr();
    // Inside "exact" in "* Good, because queries become exact."
    let line = text
        .lines()
        .position(|l| l.contains("queries become exact"))
        .unwrap() as u32;
    let character = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("exact")
        .unwrap() as u32
        + 2;
    let result = client
        .request(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": uri }, "positions": [{ "line": line, "character": character }] }),
        )
        .unwrap();
    let mut chain = Vec::new();
    let mut current = &result[0];
    loop {
        let r = &current["range"];
        let start = offset_of(
            &text,
            r["start"]["line"].as_u64().unwrap(),
            r["start"]["character"].as_u64().unwrap(),
            Columns::Utf8,
        );
        let end = offset_of(
            &text,
            r["end"]["line"].as_u64().unwrap(),
            r["end"]["character"].as_u64().unwrap(),
            Columns::Utf8,
        );
        chain.push((start, end));
        if current["parent"].is_null() {
            break;
        }
        current = &current["parent"];
    }
    assert_eq!(&text[chain[0].0..chain[0].1], "exact");
    // Every step contains the one before, strictly.
    for pair in chain.windows(2) {
        assert!(
            pair[1].0 <= pair[0].0 && pair[0].1 <= pair[1].1 && pair[0] != pair[1],
            "{chain:?}"
        );
    }
    assert_eq!(*chain.last().unwrap(), (0, text.len()));
    // Somewhere on the way: the list item, the `### Consequences` section and its parent section.
    let texts: Vec<&str> = chain.iter().map(|&(a, b)| &text[a..b]).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("### Consequences")),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("## Decision Outcome")),
        "{texts:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}
