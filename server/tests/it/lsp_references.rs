//! Find references end to end: on a title, every citation of the document across the workspace
//! (ids, links, wiki links, front matter, reference links, published URLs); on a section heading,
//! only the links to its anchor; on a reference, the citations of its target.
//! `includeDeclaration` adds the title or heading itself.

use crate::common;

use common::workspace::*;
use serde_json::{Value, json};

fn references(
    ws: &mut Workspace,
    file: &str,
    position: Value,
    include_declaration: bool,
) -> Vec<Value> {
    let answer = ws.at(
        "textDocument/references",
        file,
        position,
        json!({ "context": { "includeDeclaration": include_declaration } }),
    );
    answer.as_array().cloned().unwrap_or_default()
}

/// Each location as (relative URI, range, the text it covers).
fn described(ws: &Workspace, locations: &[Value]) -> Value {
    locations
        .iter()
        .map(|l| {
            let relative = ws.relative_uris(l);
            json!({ "uri": relative["uri"], "range": l["range"], "text": ws.covered_text(l) })
        })
        .collect()
}

#[test]
fn a_title_finds_every_citation_of_its_document() {
    for encoding in ["utf-8", "utf-16"] {
        let mut ws = start(encoding);
        ws.open(CRLF_DOC);
        let on_title = ws.position(CRLF_DOC, "Use PostgreSQL", 0, 2);
        let found = references(&mut ws, CRLF_DOC, on_title.clone(), false);
        insta::assert_json_snapshot!(
            format!("references_to_adr_0003_{encoding}"),
            described(&ws, &found)
        );
        let with_declaration = references(&mut ws, CRLF_DOC, on_title, true);
        assert_eq!(with_declaration.len(), found.len() + 1);
        assert_eq!(ws.covered_text(&with_declaration[0]), "# 3. Use PostgreSQL");
        assert_eq!(ws.client.shutdown(), Some(0));
    }
}

#[test]
fn a_section_heading_finds_only_links_to_its_anchor() {
    let mut ws = start("utf-16");
    let file = "docs/adr/0002-use-mysql.md";
    ws.open(file);
    let on_heading = ws.position(file, "## Decision", 0, 4);
    let found = references(&mut ws, file, on_heading.clone(), true);
    insta::assert_json_snapshot!("references_to_a_section", described(&ws, &found));
    // From the link itself (in another document): the same citations.
    ws.open(CRLF_DOC);
    let on_link = ws.position(CRLF_DOC, "[the old decision]", 0, 3);
    assert_eq!(references(&mut ws, CRLF_DOC, on_link, true), found);
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn an_rfc_is_found_from_a_reference_to_it() {
    let mut ws = start("utf-8");
    ws.open(CRLF_DOC);
    let on_id = ws.position(CRLF_DOC, "RFC 2094 itself", 0, 1);
    let found = references(&mut ws, CRLF_DOC, on_id, false);
    let texts: Vec<String> = found.iter().map(|l| ws.covered_text(l)).collect();
    assert_eq!(
        texts,
        vec![
            "[RFC 2094][nll]",
            "RFC 2094",
            "[NLL](https://github.com/example/design/blob/main/rfcs/text/2094-nll.md#motivation)",
        ]
    );
    // Body text is no subject: no answer rather than a guess.
    let in_prose = ws.position(CRLF_DOC, "Orders need", 0, 1);
    assert!(references(&mut ws, CRLF_DOC, in_prose, true).is_empty());
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn citations_follow_unsaved_edits() {
    let mut ws = start("utf-8");
    let citing = "docs/adr/0001-record-architecture-decisions.md";
    let uri = ws.uri(citing);
    ws.open_edited(
        citing,
        "We will use Architecture",
        "Since ADR-0003, we will use Architecture",
    );
    ws.open(CRLF_DOC);
    let on_title = ws.position(CRLF_DOC, "Use PostgreSQL", 0, 2);
    let found = references(&mut ws, CRLF_DOC, on_title, false);
    let from_edited: Vec<&Value> = found.iter().filter(|l| l["uri"] == json!(uri)).collect();
    assert_eq!(from_edited.len(), 1, "{found:#?}");
    assert_eq!(
        from_edited[0]["range"],
        common::lsp_range(((14, 6), (14, 14)))
    );
    assert_eq!(ws.client.shutdown(), Some(0));
}
