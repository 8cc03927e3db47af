//! Semantic tokens end to end: bare ids, the status value, placeholders left in, and references
//! to superseded records (the `deprecated` modifier), as relative tokens in the negotiated
//! encoding, through the real binary.

use crate::common;

use common::workspace::{Folder, wait_for_documents};
use common::*;
use serde_json::{Value, json};

const REPLICAS: &str = "docs/adr/0009-use-read-replicas.md";

/// The tokens as absolute `(line, start, length, type, modifiers)`, decoded from the protocol's
/// relative form, with the type named from the legend the server announced.
fn decoded(result: &Value, legend: &Value) -> Vec<(u64, u64, u64, String, u64)> {
    let data: Vec<u64> = result["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let types = legend["tokenTypes"].as_array().unwrap();
    let (mut line, mut start) = (0, 0);
    data.chunks(5)
        .map(|t| {
            line += t[0];
            start = if t[0] == 0 { start + t[1] } else { t[1] };
            let name = types[t[3] as usize].as_str().unwrap().to_string();
            (line, start, t[2], name, t[4])
        })
        .collect()
}

fn start(folder: &Folder, encoding: &str) -> (LspClient, Value) {
    let (mut client, init) = LspClient::start(
        Some(folder.dir.path()),
        rich_capabilities(&[encoding]),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    wait_for_documents(&mut client, common::workspace::FIXTURE_DOCS);
    let provider = &init["capabilities"]["semanticTokensProvider"];
    assert_eq!(provider["full"], true, "{init}");
    let legend = provider["legend"].clone();
    assert_eq!(legend["tokenModifiers"], json!(["deprecated"]));
    (client, legend)
}

fn tokens(client: &mut LspClient, uri: &str) -> Value {
    client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap()
}

#[test]
fn ids_the_status_and_superseded_targets_in_utf16_columns() {
    let folder = Folder::symbols_lenses();
    let (mut client, legend) = start(&folder, "utf-16");
    let uri = folder.open_in(&mut client, REPLICAS);

    // Line 10 starts with a four-byte emoji, two UTF-16 units. ADR-0003 is superseded; the
    // unknown ADR-0042 and the document's own ADR-0009 are ids all the same; the link to the
    // current ADR-0007 on line 11 is left to the editor's link style.
    assert_eq!(
        decoded(&tokens(&mut client, &uri), &legend),
        [
            (6, 0, 8, String::from("enumMember"), 0),
            (10, 3, 8, String::from("variable"), 0),
            (10, 32, 8, String::from("variable"), 1),
            (10, 57, 8, String::from("variable"), 0),
            (19, 17, 8, String::from("variable"), 0),
        ]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn placeholders_are_what_placeholder_text_reports_and_follow_edits() {
    let folder = Folder::symbols_lenses();
    let (mut client, legend) = start(&folder, "utf-8");
    let uri = folder.open_in(&mut client, REPLICAS);

    // A proposal: an accepted record is history, and its placeholders are not reported (ADR 16).
    client.change(&uri, 2, ((6, 0), (6, 8)), "Proposed");
    // Line 15 is "We will add two read replicas."; a template placeholder replaces "two".
    client.change(&uri, 3, ((15, 12), (15, 15)), "{number of replicas}");
    client.diagnostics_for(&uri, 3);
    let all = decoded(&tokens(&mut client, &uri), &legend);
    assert!(
        all.contains(&(15, 12, 20, String::from("parameter"), 0)),
        "{all:?}"
    );

    // Written over, it is no longer a placeholder.
    client.change(&uri, 4, ((15, 12), (15, 32)), "three");
    client.diagnostics_for(&uri, 4);
    let all = decoded(&tokens(&mut client, &uri), &legend);
    assert!(all.iter().all(|t| t.3 != "parameter"), "{all:?}");
    assert_eq!(client.shutdown(), Some(0));
}
