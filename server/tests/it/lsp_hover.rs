//! Hover end to end: on a section heading, what the section is for; on a status, what it means.

use crate::common;

use common::*;
use serde_json::{Value, json};

fn hover(client: &mut LspClient, uri: &str, line: u32, character: u32) -> Value {
    client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .unwrap()
}

#[test]
fn hover_explains_sections_and_statuses() {
    let text = "---\nstatus: superseded by ADR-0009\ndate: 2024-03-01\n---\n\n# Use JSON logs\n\n## Context and Problem Statement\n\nLogs are text.\n\n## Notes\n\nFree text.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs/decisions/0004-json-logs.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let uri = file_uri(&path);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&uri, text);
    client.diagnostics_for(&uri, 1);

    let section = hover(&mut client, &uri, 7, 5);
    assert_eq!(section["contents"]["kind"], "markdown");
    let value = section["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**Context and Problem Statement**"),
        "{value}"
    );
    assert!(value.contains("MADR"), "{value}");
    assert_eq!(section["range"], lsp_range(((7, 0), (7, 32))));

    let status = hover(&mut client, &uri, 1, 10);
    let value = status["contents"]["value"].as_str().unwrap();
    assert!(value.starts_with("**Status: superseded**"), "{value}");

    assert!(
        hover(&mut client, &uri, 11, 4).is_null(),
        "a heading the kind does not know"
    );
    assert!(hover(&mut client, &uri, 9, 2).is_null(), "body text");
    assert_eq!(client.shutdown(), Some(0));
}
