//! Document links end to end: every reference that resolves to a workspace document links to its
//! file (with `#L<line>` for a section, as VS Code opens it), with the target's title as tooltip;
//! external URLs and missing targets get no link from the server.

use crate::common;

use common::workspace::*;
use serde_json::{Value, json};

fn links(ws: &mut Workspace, file: &str) -> Vec<Value> {
    let uri = ws.uri(file);
    ws.client
        .request(
            "textDocument/documentLink",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn references_to_workspace_documents_are_links() {
    for encoding in ["utf-8", "utf-16"] {
        let mut ws = start(encoding);
        ws.open(CRLF_DOC);
        let found = links(&mut ws, CRLF_DOC);
        let described: Vec<Value> = found
            .iter()
            .map(|link| {
                let location = json!({ "uri": ws.uri(CRLF_DOC), "range": link["range"] });
                json!({
                    "text": ws.covered_text(&location),
                    "range": link["range"],
                    "target": ws.relative_uris(&link["target"]),
                    "tooltip": link["tooltip"],
                })
            })
            .collect();
        insta::assert_json_snapshot!(format!("document_links_{encoding}"), described);
        assert_eq!(ws.client.shutdown(), Some(0));
    }
}

#[test]
fn a_section_link_opens_at_the_heading_line_of_the_current_text() {
    let mut ws = start("utf-8");
    let target = "docs/adr/0002-use-mysql.md";
    let target_uri = ws.uri(target);
    // Two lines more above the heading, not saved.
    let edited = ws.open_edited(target, "## Context\n", "## Context\n\nAn unsaved line.\n");
    ws.open(CRLF_DOC);
    let found = links(&mut ws, CRLF_DOC);
    let heading_line = edited.lines().position(|l| l == "## Decision").unwrap();
    let to_decision = format!("{target_uri}#L{}", heading_line + 1);
    assert!(
        found.iter().any(|l| l["target"] == json!(to_decision)),
        "{to_decision} not in {found:#?}"
    );
    assert_eq!(ws.client.shutdown(), Some(0));
}
