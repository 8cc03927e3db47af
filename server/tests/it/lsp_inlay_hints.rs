//! Inlay hints end to end: after a bare id, the title of the document it names; nothing after
//! links, unknown ids or the document's own id; positions in the negotiated encoding; by default
//! only where a hint does not break a sentence, `inlayHints` choosing otherwise.

use crate::common;

use common::workspace::Folder;
use common::*;
use serde_json::{Value, json};

const REPLICAS: &str = "docs/adr/0009-use-read-replicas.md";
const POSTGRES: &str = "docs/adr/0007-use-postgresql.md";

fn hints(client: &mut LspClient, uri: &str, range: ((u32, u32), (u32, u32))) -> Vec<Value> {
    client
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": lsp_range(range) }),
        )
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// (line, character, label) of each hint.
fn placed(hints: &[Value]) -> Vec<(u64, u64, String)> {
    hints
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["position"]["character"].as_u64().unwrap(),
                h["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The settings that show a hint after every id, mid-sentence too (the fixture's ids are).
fn everywhere() -> Value {
    json!({ "diagnosticsDelayMs": 0, "inlayHints": "everywhere" })
}

#[test]
fn by_default_hints_stay_out_of_sentences_and_can_be_turned_off() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], json!({}));
    let uri = workspace.open_in(&mut client, REPLICAS);
    // Both ids of line 10 are followed by more of their sentence: no hint by default.
    assert!(hints(&mut client, &uri, ((10, 0), (11, 0))).is_empty());
    // At the end of a line, one is shown.
    client.change(&uri, 2, ((15, 30), (15, 30)), " See ADR-0012");
    let new_line = hints(&mut client, &uri, ((15, 0), (16, 0)));
    assert_eq!(
        placed(&new_line),
        [(15, 43, String::from("▸ Partition the orders table"))]
    );
    assert_eq!(client.shutdown(), Some(0));

    let mut client = workspace.start_with_settings(&["utf-8"], json!({ "inlayHints": "off" }));
    let uri = workspace.open_in(&mut client, REPLICAS);
    client.change(&uri, 2, ((15, 30), (15, 30)), " See ADR-0012");
    assert!(hints(&mut client, &uri, ((0, 0), (20, 0))).is_empty());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn bare_ids_get_their_title_after_them_in_utf8_columns() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start_with_settings(&["utf-8"], everywhere());
    let uri = workspace.open_in(&mut client, REPLICAS);

    let all = hints(&mut client, &uri, ((0, 0), (20, 0)));
    // The emoji takes four bytes: `ADR-0007` ends at byte 13 of its line. The link on line 11,
    // the unknown ADR-0042 and the document's own ADR-0009 get nothing.
    assert_eq!(
        placed(&all),
        [
            (10, 13, String::from("▸ Use PostgreSQL")),
            (10, 42, String::from("▸ Use MySQL (superseded)")),
        ]
    );
    assert_eq!(all[0]["paddingLeft"], true);
    assert_eq!(all[0]["tooltip"], "ADR-0007 · Status: Accepted");
    assert_eq!(
        all[1]["tooltip"],
        "ADR-0003 · Status: Superseded by ADR-0007"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn utf16_columns_and_only_the_requested_range() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start_with_settings(&["utf-16"], everywhere());
    let uri = workspace.open_in(&mut client, REPLICAS);

    let all = hints(&mut client, &uri, ((0, 0), (20, 0)));
    // The emoji is two UTF-16 units.
    assert_eq!(
        placed(&all),
        [
            (10, 11, String::from("▸ Use PostgreSQL")),
            (10, 40, String::from("▸ Use MySQL (superseded)")),
        ]
    );
    let first_only = hints(&mut client, &uri, ((10, 0), (10, 20)));
    assert_eq!(
        placed(&first_only),
        [(10, 11, String::from("▸ Use PostgreSQL"))]
    );
    assert!(hints(&mut client, &uri, ((0, 0), (9, 0))).is_empty());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_renamed_target_changes_the_hint_and_a_new_id_gets_one() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start_with_settings(&["utf-8"], everywhere());
    let uri = workspace.open_in(&mut client, REPLICAS);
    let target = workspace.open_in(&mut client, POSTGRES);

    // "# 7. Use PostgreSQL" → "# 7. Adopt PostgreSQL" in the other, open document.
    client.change(&target, 2, ((0, 5), (0, 8)), "Adopt");
    let after_rename = hints(&mut client, &uri, ((10, 0), (11, 0)));
    assert_eq!(after_rename[0]["label"], "▸ Adopt PostgreSQL");

    // Citing ADR-0012 in this document.
    client.change(&uri, 2, ((15, 30), (15, 30)), " See ADR-0012.");
    let new_line = hints(&mut client, &uri, ((15, 0), (16, 0)));
    assert_eq!(
        placed(&new_line),
        [(15, 43, String::from("▸ Partition the orders table"))]
    );
    assert_eq!(client.shutdown(), Some(0));
}
