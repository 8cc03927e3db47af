//! Diagnostics end to end: pushed on open, after edits and on save, with the document version;
//! pulled with `textDocument/diagnostic`; shaped as the protocol and the issue ask.

use crate::common;

use common::*;
use serde_json::{Value, json};

const ADR_WITHOUT_CONSEQUENCES: &str = "# 1. Use PostgreSQL\n\nDate: 2024-05-01\n\n## Status\n\nProposed\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use PostgreSQL.\n";

fn adr_workspace() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("docs/adr");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("0001-use-postgres.md");
    std::fs::write(&path, ADR_WITHOUT_CONSEQUENCES).unwrap();
    let uri = file_uri(&path);
    (dir, uri)
}

fn rules(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn open_publishes_diagnostics_with_the_version_and_rule_metadata() {
    let (dir, uri) = adr_workspace();
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open_versioned(&uri, ADR_WITHOUT_CONSEQUENCES, 7);
    let diagnostics = client.diagnostics_for(&uri, 7);
    let missing: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "missing-section")
        .collect();
    assert_eq!(missing.len(), 1, "{diagnostics:#?}");
    let d = missing[0];
    assert_eq!(d["source"], "docwright");
    assert!(
        d["message"].as_str().unwrap().contains("Consequences"),
        "{d}"
    );
    // The rule's documentation is linked only when the project has a public address.
    assert_eq!(
        d["codeDescription"]["href"].as_str().map(str::to_string),
        docwright::rule_docs_url("missing-section"),
        "{d}"
    );
    // A missing section points where it belongs (after Decision, the last section), not at 0:0.
    assert_ne!(
        d["range"]["start"],
        json!({ "line": 0, "character": 0 }),
        "{d}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn edits_republish_for_the_new_version_and_pull_agrees() {
    let (dir, uri) = adr_workspace();
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&uri, ADR_WITHOUT_CONSEQUENCES);
    assert!(rules(&client.diagnostics_for(&uri, 1)).contains(&String::from("missing-section")));

    // Append the missing section in two incremental edits.
    let last_line = ADR_WITHOUT_CONSEQUENCES.lines().count() as u32;
    client.change(
        &uri,
        2,
        ((last_line, 0), (last_line, 0)),
        "\n## Consequences\n\n",
    );
    client.change(
        &uri,
        3,
        ((last_line + 3, 0), (last_line + 3, 0)),
        "Backups get easier.\n",
    );
    let after = client.diagnostics_for(&uri, 3);
    assert!(
        !rules(&after).contains(&String::from("missing-section")),
        "{after:#?}"
    );

    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"], json!(after));
    // Asking again with the same result id: unchanged.
    let again = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri }, "previousResultId": report["resultId"] }),
        )
        .unwrap();
    assert_eq!(again["kind"], "unchanged");
    assert_eq!(again["resultId"], report["resultId"]);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn debounced_diagnostics_are_published_once_for_the_last_version() {
    let (dir, uri) = adr_workspace();
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        rich_capabilities(&["utf-16"]),
        json!({ "diagnosticsDelayMs": 300 }),
    );
    client.open(&uri, ADR_WITHOUT_CONSEQUENCES);
    client.diagnostics_for(&uri, 1);
    for version in 2..=6 {
        client.change(&uri, version, ((0, 2), (0, 2)), "x");
    }
    client.diagnostics_for(&uri, 6);
    // No publish arrives after the last version's (an intermediate one published late would be
    // stale). Publishes that came before it are allowed: a loaded machine may space the changes
    // out beyond the delay.
    client.clear_backlog();
    let stale = client.try_wait_notification(
        "textDocument/publishDiagnostics",
        |p| p["uri"] == json!(uri),
        std::time::Duration::from_millis(700),
    );
    assert!(stale.is_none(), "unexpected extra publish: {stale:?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn save_publishes_at_once_and_close_clears() {
    let (dir, uri) = adr_workspace();
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        rich_capabilities(&["utf-16"]),
        // A debounce far longer than the test: only the save can publish version 2 in time.
        json!({ "diagnosticsDelayMs": 10000 }),
    );
    client.open(&uri, ADR_WITHOUT_CONSEQUENCES);
    client.diagnostics_for(&uri, 1);
    client.change(&uri, 2, ((0, 0), (0, 0)), "");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    client.diagnostics_for(&uri, 2);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
    });
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), Some(0));
}
