//! Bad input never crashes, hangs or corrupts the text: each case is followed by a valid request
//! that must still be answered correctly.

use crate::common;

use common::*;
use serde_json::{Value, json};

const DOC: &str = "# Title\n\n## Context\n\nText.\n";

/// The section names the server sees in `uri`: proof that it is alive and its text right.
fn section_names(client: &mut LspClient, uri: &str) -> Vec<String> {
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .expect("documentSymbol answered");
    let mut names = Vec::new();
    fn walk(symbols: &Value, names: &mut Vec<String>) {
        for s in symbols.as_array().into_iter().flatten() {
            names.push(s["name"].as_str().unwrap().to_string());
            walk(&s["children"], names);
        }
    }
    walk(&symbols, &mut names);
    names
}

fn started() -> LspClient {
    let (mut client, _) = LspClient::start_default(None);
    client.open("untitled:a.md", DOC);
    client
}

#[test]
fn requests_before_initialize_are_refused_then_initialize_works() {
    let mut client = LspClient::spawn(None, &[]);
    let error = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "untitled:a.md" } }),
        )
        .unwrap_err();
    assert_eq!(error["code"], -32002, "ServerNotInitialized: {error}");
    // A notification before initialize is dropped, not applied.
    client.open("untitled:a.md", "# Early\n");
    let init = client
        .request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        )
        .unwrap();
    assert!(init["capabilities"].is_object());
    client.notify("initialized", json!({}));
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        Vec::<String>::new(),
        "the early open was dropped"
    );
    client.open("untitled:a.md", DOC);
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        ["Title", "Context"]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn malformed_json_rpc_gets_an_error_and_the_server_goes_on() {
    let mut client = started();
    let body = b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ";
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(body);
    let error = client
        .wait_message(|m| m["id"].is_null() && m.get("error").is_some())
        .expect("an error response with a null id");
    assert_eq!(error["error"]["code"], -32700, "ParseError: {error}");
    // A well-formed message that is not a request object at all.
    client.send(&json!([1, 2, 3]));
    // Invalid params for a known method.
    let invalid = client
        .request("textDocument/documentSymbol", json!({ "nope": true }))
        .unwrap_err();
    assert_eq!(invalid["code"], -32602, "{invalid}");
    // An unknown method.
    let unknown = client
        .request("docwright/noSuchMethod", json!({}))
        .unwrap_err();
    assert_eq!(unknown["code"], -32601, "{unknown}");
    client.notify("$/noSuchNotification", json!({}));
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        ["Title", "Context"]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn out_of_range_positions_are_clamped() {
    let mut client = started();
    // Past the last line: clamps to the end of the text.
    client.change("untitled:a.md", 2, ((999, 0), (999, 5)), "\n## Tail\n");
    // Past the end of a line: clamps to the line's end.
    client.change("untitled:a.md", 3, ((0, 500), (0, 900)), " Extended");
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        ["Title Extended", "Context", "Tail"]
    );
    for method in ["textDocument/hover", "textDocument/completion"] {
        let answer = client.request(
            method,
            json!({ "textDocument": { "uri": "untitled:a.md" }, "position": { "line": 4000, "character": 4000 } }),
        );
        assert!(answer.is_ok(), "{method}: {answer:?}");
    }
    let selection = client
        .request(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": "untitled:a.md" }, "positions": [{ "line": 4000, "character": 9 }] }),
        )
        .unwrap();
    assert!(selection[0]["range"].is_object());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn unknown_uris_and_changes_to_unopened_documents_are_logged_not_fatal() {
    let mut client = started();
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "untitled:never.md" } }),
        )
        .unwrap();
    assert!(symbols.is_null());
    let pulled = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": "untitled:never.md" } }),
        )
        .unwrap_err();
    assert_eq!(pulled["code"], -32602);
    client.change("untitled:never.md", 2, ((0, 0), (0, 0)), "x");
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "untitled:never.md" } }),
    );
    // A lone surrogate is not a Unicode scalar value: it is read as U+FFFD and the document
    // kept (see `reliability_server_load.rs`); either way the other documents are untouched.
    let body = br##"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:bad.md","languageId":"markdown","version":1,"text":"# A \ud800 B"}}}"##;
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(body);
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        ["Title", "Context"]
    );
    let stderr = client.stderr();
    assert!(
        stderr.contains("untitled:never.md"),
        "a log line names the unknown document:\n{stderr}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_fifty_megabyte_document_is_kept_in_sync_but_not_analysed() {
    let mut client = started();
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n";
    let huge = format!("# Huge\n\n{}", line.repeat(50 * 1024 * 1024 / line.len()));
    assert!(huge.len() > 50 * 1000 * 1000);
    client.open("untitled:huge.md", &huge);
    let diagnostics = client.diagnostics_for("untitled:huge.md", 1);
    assert!(diagnostics.is_empty());
    client.change("untitled:huge.md", 2, ((0, 0), (0, 0)), "x");
    let started = std::time::Instant::now();
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        ["Title", "Context"]
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "other documents stay responsive"
    );
    // Shrinking it under the limit makes it a normal document again.
    client.replace_all("untitled:huge.md", 3, "# Small again\n\n## Part\n");
    assert_eq!(
        section_names(&mut client, "untitled:huge.md"),
        ["Small again", "Part"]
    );
    assert!(
        client.stderr().contains("not checked"),
        "{}",
        client.stderr()
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn cancelled_requests_get_one_answer_and_the_server_goes_on() {
    let mut client = started();
    let id = client.send_request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": "untitled:a.md" } }),
    );
    client.notify("$/cancelRequest", json!({ "id": id }));
    match client.response(id) {
        Ok(result) => assert!(result.is_array() || result.is_null()),
        Err(error) => assert_eq!(error["code"], -32800, "RequestCancelled: {error}"),
    }
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        ["Title", "Context"]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn after_shutdown_requests_are_refused_and_exit_ends_with_zero() {
    let mut client = started();
    assert_eq!(client.request("shutdown", Value::Null), Ok(Value::Null));
    let refused = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "untitled:a.md" } }),
        )
        .unwrap_err();
    assert_eq!(
        refused["code"], -32600,
        "InvalidRequest after shutdown: {refused}"
    );
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_one() {
    let mut client = started();
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit(), Some(1));
}

#[test]
fn closing_the_input_ends_the_server() {
    let mut client = started();
    assert_eq!(
        section_names(&mut client, "untitled:a.md"),
        ["Title", "Context"]
    );
    client.close_stdin();
    assert_eq!(client.wait_exit(), Some(1), "no shutdown was requested");
}
