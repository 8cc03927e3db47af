//! Links as people write them, over stdio: wiki links by heading text
//! (`[[doc#Context and Scope]]`), to a heading of the same document (`[[#Decision]]`), to a
//! document by its title (`[[Order search]]`), and images checked against the files of the
//! workspace. A workspace that never links by wiki links hears nothing about `[[…]]`.

use crate::common;

use common::*;
use serde_json::{Value, json};
use std::path::Path;

const SEARCH: &str = "# 1. Order search\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n## Context and Scope\n\nOrders must be found fast.\n\n## Decision\n\nUse an index.\n\n## Consequences\n\nOne more service.\n";

const CITING: &str = "# 2. Cache results\n\nDate: 2024-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nSee [[0001-order-search#Context and Scope]], [[Order search]] and [[order  SEARCH#decision]].\nAbove: [[#Context]]; nowhere: [[#No such heading]].\n\n![flow](flow.png) ![gone](diagrams/gone.png) ![web](https://example.com/x.png) ![inline](data:image/png;base64,AAAA)\n\n## Decision\n\nCache them.\n\n## Consequences\n\nStale results.\n";

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn start(root: &Path) -> LspClient {
    let (mut client, _) = LspClient::start(
        Some(root),
        rich_capabilities(&["utf-8"]),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    common::workspace::wait_indexed(&mut client);
    client
}

fn broken(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "broken-reference")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

/// The line and character of the first `needle` in `text`, plus `into` bytes (ASCII text).
fn position(text: &str, needle: &str, into: usize) -> Value {
    let offset = text.find(needle).unwrap() + into;
    let line = text[..offset].matches('\n').count();
    let character = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1);
    json!({ "line": line, "character": character })
}

#[test]
fn wiki_links_by_heading_text_title_and_same_document_resolve_and_images_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "docs/adr/0001-order-search.md", SEARCH);
    write(&root, "docs/adr/0002-cache-results.md", CITING);
    write(&root, "docs/adr/flow.png", "not really a picture");
    let mut client = start(&root);
    let citing = file_uri(&root.join("docs/adr/0002-cache-results.md"));
    client.open(&citing, CITING);
    let found = broken(&client.diagnostics_for(&citing, 1));
    assert_eq!(
        found,
        vec![
            "this document has no section `#No such heading`".to_string(),
            "the image `diagrams/gone.png` does not exist".to_string(),
        ]
    );

    // Definition follows each form to the heading or document it names.
    let search = file_uri(&root.join("docs/adr/0001-order-search.md"));
    for (needle, into, uri, line) in [
        ("[[0001-order-search#Context", 4, &search, 8),
        ("[[Order search]]", 4, &search, 0),
        ("[[order  SEARCH#decision]]", 4, &search, 12),
        ("[[#Context]]", 4, &citing, 8),
    ] {
        let answer = client
            .request(
                "textDocument/definition",
                json!({ "textDocument": { "uri": citing }, "position": position(CITING, needle, into) }),
            )
            .unwrap();
        let location = if answer.is_array() {
            answer[0].clone()
        } else {
            answer
        };
        assert_eq!(location["uri"], json!(uri), "{needle}: {location}");
        assert_eq!(
            location["range"]["start"]["line"],
            json!(line),
            "{needle}: {location}"
        );
    }

    // Headings complete after `[[#` (this document) and after a document named by its title.
    for (needle, into, label) in [
        ("[[#Context]]", 3, "context"),
        ("[[order  SEARCH#decision]]", 16, "context-and-scope"),
    ] {
        let answer = client
            .request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": citing }, "position": position(CITING, needle, into) }),
            )
            .unwrap();
        let items = answer
            .as_array()
            .or_else(|| answer["items"].as_array())
            .cloned()
            .unwrap_or_default();
        assert!(
            items.iter().any(|i| i["label"] == label),
            "{needle}: {answer}"
        );
    }
    client.shutdown();
}

#[test]
fn a_workspace_without_wiki_links_hears_nothing_about_brackets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "docs/adr/0001-order-search.md", SEARCH);
    // No wiki link of the workspace resolves: `[[#…]]` and `[[…]]` are the writer's brackets.
    let text = "# 2. Notes\n\nDate: 2024-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nAs [[1]] says, and [[#Nowhere]], and [[Something else]].\n\n## Decision\n\nNone.\n\n## Consequences\n\nNone.\n";
    write(&root, "docs/adr/0002-notes.md", text);
    let mut client = start(&root);
    let uri = file_uri(&root.join("docs/adr/0002-notes.md"));
    client.open(&uri, text);
    let found = broken(&client.diagnostics_for(&uri, 1));
    assert!(found.is_empty(), "{found:?}");
    client.shutdown();
}

#[test]
fn renaming_a_heading_or_a_title_rewrites_the_wiki_links_written_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "docs/adr/0001-order-search.md", SEARCH);
    write(&root, "docs/adr/0002-cache-results.md", CITING);
    write(&root, "docs/adr/flow.png", "");
    let mut client = start(&root);
    let search = file_uri(&root.join("docs/adr/0001-order-search.md"));
    let citing = file_uri(&root.join("docs/adr/0002-cache-results.md"));
    client.open(&search, SEARCH);
    client.diagnostics_for(&search, 1);

    let rename = |client: &mut LspClient, needle: &str, new_name: &str| {
        let edit = client
            .request(
                "textDocument/rename",
                json!({ "textDocument": { "uri": search }, "position": position(SEARCH, needle, 4), "newName": new_name }),
            )
            .unwrap();
        apply_text_edits(CITING, &workspace_edits_for(&edit, &citing), Columns::Utf8)
    };
    // The heading by its text: the link keeps naming it by text; the slug link is untouched
    // (`#decision` is another heading).
    let after = rename(&mut client, "## Context and Scope", "Goals and Scope");
    assert!(
        after.contains("[[0001-order-search#Goals and Scope]]"),
        "{after}"
    );
    assert!(after.contains("[[order  SEARCH#decision]]"), "{after}");
    // The title: links that name the document by its title follow it; the file-name link
    // does not change.
    let after = rename(&mut client, "# 1. Order search", "1. Order lookup");
    assert!(
        after.contains("[[Order lookup]] and [[Order lookup#decision]]"),
        "{after}"
    );
    assert!(
        after.contains("[[0001-order-search#Context and Scope]]"),
        "{after}"
    );
    client.shutdown();
}

#[test]
fn a_wiki_link_by_heading_text_renames_its_heading_from_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "docs/adr/0001-order-search.md", SEARCH);
    write(&root, "docs/adr/0002-cache-results.md", CITING);
    write(&root, "docs/adr/flow.png", "");
    let mut client = start(&root);
    let search = file_uri(&root.join("docs/adr/0001-order-search.md"));
    let citing = file_uri(&root.join("docs/adr/0002-cache-results.md"));
    client.open(&citing, CITING);
    client.diagnostics_for(&citing, 1);
    // The cursor on the heading's text inside the link.
    let at = json!({ "textDocument": { "uri": citing }, "position": position(CITING, "Context and Scope]]", 3) });
    let prepared = client
        .request("textDocument/prepareRename", at.clone())
        .unwrap();
    assert_eq!(prepared["placeholder"], "Context and Scope");
    let line = CITING[..CITING.find("Context and Scope]]").unwrap()]
        .matches('\n')
        .count() as u32;
    let column = position(CITING, "Context and Scope]]", 0)["character"]
        .as_u64()
        .unwrap() as u32;
    assert_eq!(
        prepared["range"],
        lsp_range((
            (line, column),
            (line, column + "Context and Scope".len() as u32)
        ))
    );
    let mut params = at;
    params["newName"] = json!("Goals and Scope");
    let edit = client.request("textDocument/rename", params).unwrap();
    let search_after =
        apply_text_edits(SEARCH, &workspace_edits_for(&edit, &search), Columns::Utf8);
    assert!(
        search_after.contains("\n## Goals and Scope\n"),
        "{search_after}"
    );
    let citing_after =
        apply_text_edits(CITING, &workspace_edits_for(&edit, &citing), Columns::Utf8);
    assert!(
        citing_after.contains("[[0001-order-search#Goals and Scope]]")
            && citing_after.contains("[[order  SEARCH#decision]]"),
        "{citing_after}"
    );
    client.shutdown();
}
