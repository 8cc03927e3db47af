//! Hover on a reference end to end: the cited document's title, id, kind, status, date and
//! summary; "superseded by" for a replaced decision; a section's first lines for a link to it;
//! a plain statement when nothing answers to the reference. Elsewhere the section hover stays.

use crate::common;

use common::workspace::*;
use serde_json::{Value, json};

fn hover(ws: &mut Workspace, file: &str, needle: &str, into: usize) -> Value {
    let position = ws.position(file, needle, 0, into);
    ws.at("textDocument/hover", file, position, json!({}))
}

fn markdown(hover: &Value) -> String {
    assert_eq!(hover["contents"]["kind"], "markdown", "{hover}");
    hover["contents"]["value"].as_str().unwrap().to_string()
}

#[test]
fn a_superseded_decision_says_what_replaced_it() {
    let mut ws = start("utf-16");
    ws.open(CRLF_DOC);
    let answer = hover(&mut ws, CRLF_DOC, "ADR-0002 falls", 2);
    insta::assert_snapshot!("hover_on_superseded_adr", markdown(&answer));
    // The range is the id, after the emoji (two UTF-16 units).
    let line = ws.position(CRLF_DOC, "ADR-0002 falls", 0, 0);
    assert_eq!(answer["range"]["start"], line);
    assert_eq!(
        answer["range"]["end"]["character"],
        json!(line["character"].as_u64().unwrap() + 8)
    );
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn a_section_link_quotes_the_section() {
    let mut ws = start("utf-8");
    ws.open(CRLF_DOC);
    let answer = hover(&mut ws, CRLF_DOC, "[the old decision]", 5);
    insta::assert_snapshot!("hover_on_section_link", markdown(&answer));
    // An RFC through a reference link and its definition's anchor.
    let rfc = markdown(&hover(&mut ws, CRLF_DOC, "[RFC 2094][nll]", 2));
    assert!(rfc.starts_with("**RFC-2094 · "), "{rfc}");
    assert!(rfc.contains("§ **Summary**"), "{rfc}");
    assert!(
        rfc.ends_with("> Extend the borrow checker to use non-lexical lifetimes."),
        "{rfc}"
    );
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn the_quoted_section_is_the_open_buffer_not_the_file() {
    let mut ws = start("utf-8");
    ws.open_edited(
        "docs/adr/0002-use-mysql.md",
        "We will store orders in MySQL 8.",
        "We will store orders in MySQL 9.",
    );
    ws.open(CRLF_DOC);
    let text = markdown(&hover(&mut ws, CRLF_DOC, "[the old decision]", 5));
    assert!(
        text.contains("> We will store orders in MySQL 9."),
        "{text}"
    );
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn a_missing_document_is_named() {
    let mut ws = start("utf-8");
    ws.open(CRLF_DOC);
    assert_eq!(
        markdown(&hover(&mut ws, CRLF_DOC, "ADR-0042", 3)),
        "No document ADR-0042 in this workspace"
    );
    // An external URL is not the workspace's: no reference hover, and no section hover either.
    assert_eq!(hover(&mut ws, CRLF_DOC, "[elsewhere]", 2), Value::Null);
    // Off references, the section hover answers as before.
    let section = markdown(&hover(&mut ws, CRLF_DOC, "## Context", 4));
    assert!(section.starts_with("**Context**"), "{section}");
    assert_eq!(ws.client.shutdown(), Some(0));
}

#[test]
fn front_matter_references_have_a_hover() {
    let mut ws = start("utf-8");
    let file = "docs/adr/0004-cache-with-redis.md";
    ws.open(file);
    let text = markdown(&hover(&mut ws, file, "ADR-0003", 1));
    assert!(text.starts_with("**ADR-0003 · Use PostgreSQL**"), "{text}");
    assert!(text.contains("Orders need JSON columns"), "{text}");
    assert!(!text.contains("Superseded by"), "{text}");
    assert_eq!(ws.client.shutdown(), Some(0));
}
