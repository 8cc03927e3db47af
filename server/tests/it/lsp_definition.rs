//! Go to definition end to end: from each form of reference (id, relative link with an anchor,
//! wiki link, reference link, URL under `url-prefixes`, front matter key) to the document's title
//! or the section's heading; an ambiguous id to every candidate; nothing for a missing target.

use crate::common;

use common::workspace::*;
use serde_json::{Value, json};

fn definition(ws: &mut Workspace, file: &str, needle: &str, nth: usize, into: usize) -> Value {
    let position = ws.position(file, needle, nth, into);
    let answer = ws.at("textDocument/definition", file, position, json!({}));
    ws.relative_uris(&answer)
}

#[test]
fn every_form_of_reference_leads_to_its_document_or_section() {
    for encoding in ["utf-8", "utf-16"] {
        let mut ws = start(encoding);
        ws.open(CRLF_DOC);
        let mut found = Vec::new();
        for (needle, nth, into) in [
            // After the emoji on the same line: the column differs between the encodings.
            ("ADR-0002 falls", 0, 3),
            ("[the old decision]", 0, 1),
            ("[[0001-record", 0, 4),
            ("[RFC 2094][nll]", 0, 13),
            ("RFC 2094 itself", 0, 0),
            ("[NLL]", 0, 1),
            // The cursor just after the id still finds it.
            ("ADR-0002](", 0, 8),
            ("[consequences above]", 0, 1),
        ] {
            let answer = definition(&mut ws, CRLF_DOC, needle, nth, into);
            found.push(json!({ "on": needle, "definition": answer }));
        }
        insta::assert_json_snapshot!(format!("definitions_{encoding}"), found);
        assert_eq!(ws.client.shutdown(), Some(0));
    }
}

#[test]
fn front_matter_and_closed_documents_resolve_too() {
    let mut ws = start("utf-16");
    // Not opened: the request is answered from the index and the file on disk.
    let answer = definition(
        &mut ws,
        "docs/adr/0004-cache-with-redis.md",
        "ADR-0003",
        0,
        2,
    );
    assert_eq!(
        answer,
        json!({ "uri": "$ROOT/docs/adr/0003-use-postgresql.md",
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 19 } } })
    );
    let section = ws.at(
        "textDocument/definition",
        "docs/adr/0004-cache-with-redis.md",
        ws.position("docs/adr/0004-cache-with-redis.md", "[orders]", 0, 2),
        json!({}),
    );
    assert_eq!(ws.covered_text(&section), "## Decision");
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn missing_targets_and_plain_text_have_no_definition() {
    let mut ws = start("utf-8");
    ws.open(CRLF_DOC);
    for (needle, into) in [("ADR-0042", 2), ("[elsewhere]", 2), ("Orders need", 2)] {
        assert_eq!(
            definition(&mut ws, CRLF_DOC, needle, 0, into),
            Value::Null,
            "{needle}"
        );
    }
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn an_id_two_documents_claim_leads_to_both() {
    let dir = prepare();
    std::fs::write(
        dir.path("docs/adr/0002-use-mariadb.md"),
        "# 2. Use MariaDB\n\nDate: 2024-02-02\n\n## Status\n\nRejected\n",
    )
    .unwrap();
    let mut ws = start_in(dir, "utf-8");
    ws.open(CRLF_DOC);
    let answer = definition(&mut ws, CRLF_DOC, "ADR-0002 falls", 0, 1);
    let uris: Vec<&str> = answer
        .as_array()
        .expect("several locations")
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        uris,
        vec![
            "$ROOT/docs/adr/0002-use-mariadb.md",
            "$ROOT/docs/adr/0002-use-mysql.md"
        ]
    );
    assert_eq!(ws.client.shutdown(), Some(0));
}
