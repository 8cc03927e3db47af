//! Completion end to end: section headings (the kind's missing sections, in order, each inserting
//! its template as a snippet) and front matter (keys and status values).

use crate::common;

use common::*;
use serde_json::{Value, json};

const ADR_HEAD: &str = "# 1. Use PostgreSQL\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\n\n## ";

fn start(
    relative: &str,
    text: &str,
    capabilities: Value,
) -> (tempfile::TempDir, LspClient, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        capabilities,
        json!({ "diagnosticsDelayMs": 0 }),
    );
    client.open(&uri, text);
    client.diagnostics_for(&uri, 1);
    (dir, client, uri)
}

fn complete(client: &mut LspClient, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let result = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .unwrap();
    let items = if result.is_array() {
        result
    } else {
        result["items"].clone()
    };
    let mut items = items.as_array().cloned().unwrap_or_default();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or("").to_string());
    items
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

/// Expands a snippet the way an editor does when the user accepts every default: `${1:x}` → `x`,
/// `$0` → nothing, `\x` → `x`.
fn expand_snippet(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
                assert_eq!(chars.next(), Some(':'));
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.extend(chars.next()),
                        '}' => break,
                        c => out.push(c),
                    }
                }
            }
            '$' => {
                while chars.peek().is_some_and(|c| c.is_ascii_digit()) {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn a_new_heading_offers_the_missing_sections_in_order_as_snippets() {
    let (_dir, mut client, uri) = start(
        "docs/adr/0001-use-postgres.md",
        ADR_HEAD,
        rich_capabilities(&["utf-8"]),
    );
    let line = ADR_HEAD.matches('\n').count() as u32;
    let items = complete(&mut client, &uri, line, 3);
    assert_eq!(
        labels(&items),
        ["Decision", "Consequences"],
        "present sections are not offered"
    );
    let decision = &items[0];
    assert_eq!(decision["insertTextFormat"], 2, "snippet");
    let edit = &decision["textEdit"];
    assert_eq!(edit["range"], lsp_range(((line, 3), (line, 3))));
    let snippet = edit["newText"].as_str().unwrap();
    // Braces of the template's placeholders are escaped inside the snippet placeholder.
    assert!(snippet.contains("\\}"), "{snippet}");
    let accepted = format!("{ADR_HEAD}{}", expand_snippet(snippet));
    insta::assert_snapshot!("heading_completion_decision", accepted);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn typed_heading_text_is_replaced_and_plain_text_clients_get_plain_text() {
    let text = format!("{ADR_HEAD}Cons");
    let (_dir, mut client, uri) = start("docs/adr/0001-use-postgres.md", &text, json!({}));
    let line = text.matches('\n').count() as u32;
    let items = complete(&mut client, &uri, line, 7);
    let consequences = items.iter().find(|i| i["label"] == "Consequences").unwrap();
    assert_eq!(
        consequences["insertTextFormat"], 1,
        "plain text without snippet support"
    );
    assert_eq!(
        consequences["textEdit"]["range"],
        lsp_range(((line, 3), (line, 7))),
        "replaces `Cons`"
    );
    let new_text = consequences["textEdit"]["newText"].as_str().unwrap();
    assert!(
        new_text.starts_with("Consequences\n\n{Describe the resulting context"),
        "{new_text}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn front_matter_offers_missing_keys_and_status_values() {
    let text = "---\nstatus: \n\n---\n\n# Use JSON logs\n\n## Context and Problem Statement\n\nLogs are text.\n";
    let (_dir, mut client, uri) = start(
        "docs/decisions/0004-json-logs.md",
        text,
        rich_capabilities(&["utf-8"]),
    );
    let statuses = complete(&mut client, &uri, 1, 8);
    let names = labels(&statuses);
    assert!(
        names.contains(&"accepted") && names.contains(&"proposed"),
        "{names:?}"
    );
    assert!(
        statuses.iter().all(|s| !s["documentation"].is_null()),
        "every status says what it means"
    );
    assert_eq!(
        statuses[0]["textEdit"]["range"],
        lsp_range(((1, 8), (1, 8)))
    );

    let keys = complete(&mut client, &uri, 2, 0);
    let names = labels(&keys);
    assert!(names.contains(&"date"), "{names:?}");
    assert!(
        !names.contains(&"status"),
        "status is already set: {names:?}"
    );
    let date = keys.iter().find(|k| k["label"] == "date").unwrap();
    assert_eq!(date["textEdit"]["newText"], "date: ");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn nothing_is_offered_in_body_text_or_code() {
    let text = "# 1. Use PostgreSQL\n\n## Status\n\nAccepted\n\n```\n## \n```\n";
    let (_dir, mut client, uri) = start(
        "docs/adr/0001-use-postgres.md",
        text,
        rich_capabilities(&["utf-8"]),
    );
    assert!(complete(&mut client, &uri, 4, 3).is_empty(), "body text");
    assert!(
        complete(&mut client, &uri, 7, 3).is_empty(),
        "a `## ` inside a code block is not a heading"
    );
    assert_eq!(client.shutdown(), Some(0));
}
