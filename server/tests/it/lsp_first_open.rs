//! Issue 13, point 1: a client that pulls diagnostics but cannot be asked to pull again
//! (no `workspace.diagnostics.refreshSupport`, as Neovim) sees no false "does not exist" / "no
//! document is ADR 2" on its first pull, made before the workspace index is ready: the first
//! pull waits (bounded) for the index, and what the index does not cover yet is never reported.

use crate::common;

use common::*;
use serde_json::{Value, json};

/// Many records, so that discovery is still running when the first pull arrives.
const RECORDS: usize = 1500;

fn workspace() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("doc/adr");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 2..RECORDS + 2 {
        std::fs::write(
            folder.join(format!("{n:04}-decision-{n}.md")),
            format!(
                "# {n}. Decision {n}\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n"
            ),
        )
        .unwrap();
    }
    let text = "# 1. Record decisions\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\nSee ADR-0002 and [the second](0002-decision-2.md), and ADR-9999.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n";
    let path = folder.join("0001-record-decisions.md");
    std::fs::write(&path, text).unwrap();
    (dir, file_uri(&path), text.to_string())
}

fn pull(client: &mut LspClient, uri: &str) -> Vec<Value> {
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    assert_eq!(report["kind"], "full", "{report:#}");
    report["items"].as_array().cloned().unwrap_or_default()
}

fn messages(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| format!("{}: {}", d["code"], d["message"]))
        .collect()
}

#[test]
fn the_first_pull_of_a_client_without_refresh_support_has_no_false_finding() {
    let (dir, uri, text) = workspace();
    // Pulls, but declares neither `workspace.diagnostics.refreshSupport` nor progress.
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    client.open(&uri, &text);
    let started = std::time::Instant::now();
    let first = pull(&mut client, &uri);
    eprintln!(
        "first pull answered after {:?} ({RECORDS} records indexed meanwhile)",
        started.elapsed()
    );
    let shown = messages(&first);
    assert!(
        !shown
            .iter()
            .any(|m| m.contains("ADR 2") || m.contains("0002-decision-2.md")),
        "a reference to an indexed record is reported as broken: {shown:#?}"
    );
    // The first pull waited for the index: the reference that is really broken is reported.
    assert!(
        shown
            .iter()
            .any(|m| m.contains("broken-reference") && m.contains("9999")),
        "{shown:#?}"
    );
    // Never pushed to a client that pulls.
    assert!(
        !client.has_received(|m| m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == json!(uri))
    );
    assert_eq!(client.shutdown(), Some(0));
}
