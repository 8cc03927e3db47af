//! Pulled diagnostics after a run of edits equal a fresh server's on the same text: the
//! analysis a pull and a scheduled check share (one computed, the other waiting for it), and the
//! open document's index entry filed again after each edit, whether its references' targets, its
//! own title and id, or only its prose changed.

use crate::common;

use common::*;
use serde_json::{Value, json};
use std::path::Path;

const FIRST: &str = "# 1. Record decisions\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a record.\n\n## Decision\n\nWe keep ADRs.\n\n## Consequences\n\nA folder of records.\n";
const SECOND: &str = "# 2. Use PostgreSQL\n\nDate: 2024-05-02\n\n## Status\n\nSuperseded by ADR-0004\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use PostgreSQL.\n\n## Consequences\n\nBackups.\n";
/// The edited document: cites a missing record (ADR-0009) and a superseded one (ADR-0002).
const EDITED: &str = "# 3. Cache order totals\n\nDate: 2024-05-03\n\n## Status\n\nAccepted\n\n## Context\n\nTotals are slow; see ADR-0009.\nStorage follows ADR-0002.\n\n## Decision\n\nCache them.\n\n## Consequences\n\nStale totals for a minute.\n";
const PATH: &str = "docs/adr/0003-cache-order-totals.md";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("docs/adr");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("0001-record-decisions.md"), FIRST).unwrap();
    std::fs::write(folder.join("0002-use-postgresql.md"), SECOND).unwrap();
    std::fs::write(dir.path().join(PATH), EDITED).unwrap();
    dir
}

fn pull(client: &mut LspClient, uri: &str) -> Value {
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .expect("a pull after the edits settle is answered");
    assert_eq!(report["kind"], "full", "{report}");
    report["items"].clone()
}

/// What a server started on `root` with the document at `text` (on disk and open) pulls.
fn fresh(root: &Path, text: &str) -> Value {
    std::fs::write(root.join(PATH), text).unwrap();
    let mut client = start_pulling_client(&root.canonicalize().unwrap());
    let uri = file_uri(&root.canonicalize().unwrap().join(PATH));
    client.open(&uri, text);
    let items = pull(&mut client, &uri);
    assert_eq!(client.shutdown(), Some(0));
    items
}

fn codes(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The (line, character) of byte `offset` of `text` (ASCII text).
fn position(text: &str, offset: usize) -> (u32, u32) {
    let line = text[..offset].matches('\n').count();
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line as u32, column as u32)
}

/// The range of `find`'s first occurrence in `text`.
fn range_of(text: &str, find: &str) -> ((u32, u32), (u32, u32)) {
    let offset = text
        .find(find)
        .unwrap_or_else(|| panic!("{find} in {text}"));
    (position(text, offset), position(text, offset + find.len()))
}

#[test]
fn pulls_after_edits_equal_a_fresh_servers_on_the_final_text() {
    let dir = workspace();
    let root = dir.path().canonicalize().unwrap();
    let uri = file_uri(&root.join(PATH));
    // No debounce: every edit's scheduled check runs beside the pulls that follow it.
    let mut client = start_pulling_client(&root);
    client.open(&uri, EDITED);
    let first = pull(&mut client, &uri);
    assert!(
        codes(&first).contains(&String::from("broken-reference")),
        "ADR-0009 is missing: {first:#}"
    );

    // (find, replace with), applied in turn; each a small edit as an editor sends it.
    let steps: [(&str, &str); 6] = [
        // Prose only: every range after it shifts.
        ("Totals are slow", "Totals are very slow"),
        // A reference's target: the broken one now resolves.
        ("ADR-0009", "ADR-0001"),
        // And to a missing record again.
        ("ADR-0001", "ADR-0042"),
        // The document's own title and number (its id).
        ("# 3. Cache order totals", "# 2. Cache order totals"),
        // A reference added to the superseded record, before every other one.
        ("## Context\n\n", "## Context\n\nSee ADR-0002 first.\n"),
        // The title and number back.
        ("# 2. Cache", "# 3. Cache"),
    ];
    let mut text = EDITED.to_string();
    let mut version = 1;
    for (find, replace) in steps {
        version += 1;
        client.change(&uri, version, range_of(&text, find), replace);
        text = text.replacen(find, replace, 1);
        // A pull sent at once, answered or refused as outdated by the next edit: either way the
        // server computes beside the edit's own scheduled check.
        let _ = client.send_request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    let incremental = pull(&mut client, &uri);
    assert_eq!(client.shutdown(), Some(0));
    let expected = fresh(&root, &text);
    assert_eq!(incremental, expected, "after the edits:\n{text}");
    assert!(
        codes(&expected).contains(&String::from("broken-reference")),
        "ADR-0042 is missing: {expected:#}"
    );
}

#[test]
fn each_edit_pulls_what_a_fresh_server_pulls() {
    let dir = workspace();
    let root = dir.path().canonicalize().unwrap();
    let uri = file_uri(&root.join(PATH));
    let mut client = start_pulling_client(&root);
    client.open(&uri, EDITED);
    let _ = pull(&mut client, &uri);
    let steps: [(&str, &str); 4] = [
        ("ADR-0009", "ADR-0001"),
        ("# 3. Cache order totals", "# 1. Cache order totals"),
        ("Cache them.", "Cache them, see ADR-0077."),
        ("# 1. Cache order totals", "# 3. Order totals cached"),
    ];
    let mut text = EDITED.to_string();
    let mut seen = Vec::new();
    for (version, (find, replace)) in (2..).zip(steps) {
        client.change(&uri, version, range_of(&text, find), replace);
        text = text.replacen(find, replace, 1);
        let incremental = pull(&mut client, &uri);
        seen.push((text.clone(), incremental));
    }
    assert_eq!(client.shutdown(), Some(0));
    for (text, incremental) in seen {
        assert_eq!(
            incremental,
            fresh(&root, &text),
            "after the edit to:\n{text}"
        );
    }
}
