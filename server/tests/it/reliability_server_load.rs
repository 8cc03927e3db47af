//! The server under hostile documents and a fast typist (issue 18): documents that crashed it or
//! froze its input loop are analysed while other documents keep being served; a request is
//! answered on the version it was made on or refused as `ContentModified`; a lone surrogate in a
//! `didOpen` keeps the document; a frame shorter than its `Content-Length` does not swallow the
//! next message.

use crate::common;

use common::cli::fixture_copy;
use common::*;
use docwright::analysis::pathological::INPUTS;
use serde_json::{Value, json};
use std::time::Duration;

/// How long a pathological document may take to be analysed by the debug binary of a test run
/// on a busy machine. Not a performance bound (`bench_pathological` measures that): a bound on
/// waiting, past which the server is taken to be frozen.
const HEAVY_TIMEOUT: Duration = Duration::from_secs(180);

const SMALL: &str = "untitled:small.md";
const SMALL_TEXT: &str = "# Small\n\n## Context\n\nA word.\n";

fn generated(name: &str, size: usize) -> String {
    let (_, make) = INPUTS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no generator {name}"));
    make(size)
}

/// A server with the small document open and checked.
fn started() -> LspClient {
    let (mut client, _) = LspClient::start_default(None);
    client.open(SMALL, SMALL_TEXT);
    client.diagnostics_for(SMALL, 1);
    client
}

fn hover_small(client: &mut LspClient) -> i64 {
    client.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": SMALL }, "position": { "line": 2, "character": 4 } }),
    )
}

/// Opens `text` as `uri`, asks for a hover on the small document at once, and checks that the
/// hover is answered before the heavy document's diagnostics are published, and that these
/// come (the document was analysed, the server did not die).
fn heavy_document_does_not_hold_up_another(client: &mut LspClient, uri: &str, text: &str) {
    client.open(uri, text);
    let hover = hover_small(client);
    client.response(hover).expect("the hover is answered");
    assert!(
        !client.has_received(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        }),
        "the heavy document's diagnostics came before the other document's hover"
    );
    client
        .try_wait_notification(
            "textDocument/publishDiagnostics",
            |p| p["uri"] == uri && p["version"] == 1,
            HEAVY_TIMEOUT,
        )
        .unwrap_or_else(|| {
            panic!(
                "{uri}: no diagnostics within {HEAVY_TIMEOUT:?}; stderr:\n{}",
                client.stderr()
            )
        });
}

#[test]
fn the_eighty_kilobyte_crash_input_is_analysed_and_the_server_keeps_serving() {
    let mut client = started();
    let uri = "untitled:links.md";
    // `[a](` twenty thousand times overflowed a runtime thread's stack inside tree-sitter.
    heavy_document_does_not_hold_up_another(&mut client, uri, &"[a](".repeat(20_000));
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .expect("documentSymbol answered");
    assert!(symbols.is_array());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn deep_nesting_of_every_block_construct_is_survived() {
    let mut client = started();
    for name in ["quote-nesting", "list-nesting", "brackets", "image-openers"] {
        let uri = format!("untitled:{name}.md");
        heavy_document_does_not_hold_up_another(&mut client, &uri, &generated(name, 200_000));
        // A selection range inside the nesting: answered, and shallow enough for any client's
        // JSON reader (this one refuses more than 128 levels).
        let selection = client
            .request(
                "textDocument/selectionRange",
                json!({
                    "textDocument": { "uri": uri },
                    "positions": [{ "line": 0, "character": 30 }],
                }),
            )
            .expect("selectionRange answered");
        assert_eq!(selection.as_array().map(Vec::len), Some(1));
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn quadratic_inputs_do_not_stop_the_server_answering_about_other_documents() {
    // The inputs that froze the input loop (issue 18, seen 5), at sizes that took seconds to
    // minutes before.
    for (name, size) in [
        ("strong-unclosed", 40_000),
        ("front-matter-keys", 300_000),
        ("adr-references", 300_000),
        ("link-definitions", 300_000),
        ("mixed-line-endings", 300_000),
        ("single-line", 1_000_000),
        ("link-lines", 1_000_000),
    ] {
        let mut client = started();
        let uri = format!("untitled:{name}.md");
        heavy_document_does_not_hold_up_another(&mut client, &uri, &generated(name, size));
        assert_eq!(client.shutdown(), Some(0), "{name}");
    }
}

#[test]
fn a_selection_range_in_a_run_of_stars_is_answered_and_others_meanwhile() {
    let mut client = started();
    let uri = "untitled:stars.md";
    client.open(uri, &"*".repeat(50_000));
    client.diagnostics_for(uri, 1);
    let positions: Vec<Value> = (0..2)
        .map(|i| json!({ "line": 0, "character": 20_000 + i }))
        .collect();
    let first = client.send_request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": positions }),
    );
    let second = client.send_request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": positions }),
    );
    let hover = hover_small(&mut client);
    client.response(hover).expect("hover answered");
    for id in [first, second] {
        let ranges = client.response(id).expect("selectionRange answered");
        assert_eq!(ranges.as_array().map(Vec::len), Some(2));
    }
}

/// Emphasis and image openers repeated, which tree-sitter-md's inline grammar parses in exponential
/// time (see `reliability_pathological`): a paragraph just under the size whose inline structure
/// the selection reads. The selection is answered, and so is a hover meanwhile.
#[test]
fn a_selection_range_in_a_run_of_emphasis_and_image_openers_is_answered() {
    let mut client = started();
    let uri = "untitled:openers.md";
    client.open(uri, &"*![".repeat(2_700));
    client.diagnostics_for(uri, 1);
    let positions: Vec<Value> = [0, 4_000, 8_099]
        .iter()
        .map(|&character| json!({ "line": 0, "character": character }))
        .collect();
    let selection = client.send_request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": positions }),
    );
    let hover = hover_small(&mut client);
    client.response(hover).expect("hover answered");
    let ranges = client.response(selection).expect("selectionRange answered");
    assert_eq!(ranges.as_array().map(Vec::len), Some(3));
}

/// The (line, UTF-16 column) of `needle` in `text`.
fn position_of(text: &str, needle: &str, shift: usize) -> Value {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": at - line_start + shift })
}

#[test]
fn a_rename_is_computed_on_its_own_version_or_refused_as_content_modified() {
    let dir = fixture_copy("rename");
    let mut capabilities = rich_capabilities(&["utf-16"]);
    capabilities["workspace"]["workspaceEdit"] = json!({ "documentChanges": true });
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        capabilities,
        json!({ "diagnosticsDelayMs": 0 }),
    );
    let path = dir.path().join("docs/adr/0001-use-postgres.md");
    let uri = file_uri(&path);
    let mut text = std::fs::read_to_string(&path).unwrap();
    client.open(&uri, &text);
    client.diagnostics_for(&uri, 1);
    let (mut answered, mut refused) = (0, 0);
    for version in 1..=12 {
        // Renames `## Decision` where it is in this version, and at once inserts seven lines
        // after the title: in the next version the same position is on `## Context`.
        let at = position_of(&text, "## Decision", 4);
        let id = client.send_request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": at, "newName": "Choice" }),
        );
        client.change(&uri, version + 1, ((1, 0), (1, 0)), &"\n".repeat(7));
        let decision_line = at["line"].clone();
        match client.response(id) {
            Err(error) => {
                assert_eq!(error["code"], -32801, "{error}");
                refused += 1;
            }
            Ok(edit) => {
                let change = edit["documentChanges"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["textDocument"]["uri"] == uri.as_str())
                    .expect("the renamed document is edited");
                assert_eq!(change["textDocument"]["version"], version, "{edit}");
                let heading_edit = change["edits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["newText"] == "Choice")
                    .expect("the heading is renamed");
                assert_eq!(
                    heading_edit["range"]["start"]["line"], decision_line,
                    "the edit renames the heading of its own version: {edit}"
                );
                answered += 1;
            }
        }
        text.insert_str(text.find('\n').unwrap() + 1, &"\n".repeat(7));
    }
    assert_eq!(answered + refused, 12);
    // Once the document is still, a rename is answered.
    client.diagnostics_for(&uri, 13);
    let at = position_of(&text, "## Decision", 4);
    let edit = client
        .request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": at, "newName": "Choice" }),
        )
        .expect("a rename on a still document is answered");
    assert!(edit["documentChanges"].is_array());
}

#[test]
fn a_lone_surrogate_in_a_did_open_is_replaced_and_the_document_kept() {
    let mut client = started();
    let body = r##"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:s.md","languageId":"markdown","version":1,"text":"# Bad \ud800 title\n\n## Pair \ud83d\ude00 \\ud800 kept\n"}}}"##;
    client.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    client.diagnostics_for("untitled:s.md", 1);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "untitled:s.md" } }),
        )
        .expect("documentSymbol answered");
    assert_eq!(symbols[0]["name"], "Bad \u{fffd} title");
    // A real pair stays a pair, and an escaped backslash before `ud800` is text.
    assert_eq!(symbols[0]["children"][0]["name"], "Pair 😀 \\ud800 kept");
}

#[test]
fn a_frame_shorter_than_its_content_length_does_not_swallow_the_next_message() {
    let mut client = started();
    let symbols = |id: i64| {
        let body = json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
            "params": { "textDocument": { "uri": SMALL } } })
        .to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    // The next message is shorter than what the broken frame still claims: the server must not
    // wait for bytes that are not coming.
    client.send_raw(b"Content-Length: 4000\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":70,");
    client.send_raw(symbols(71).as_bytes());
    let answer = client.response(71).expect("the next request is answered");
    assert_eq!(answer[0]["name"], "Small");
    // And longer: the broken frame's claimed length ends inside the next message.
    client.send_raw(b"Content-Length: 60\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":72,");
    client.send_raw(symbols(73).as_bytes());
    let answer = client.response(73).expect("the next request is answered");
    assert_eq!(answer[0]["name"], "Small");
    // Each broken frame got a parse error.
    for _ in 0..2 {
        let error = client
            .wait_message(|m| m["id"].is_null() && m.get("error").is_some())
            .expect("a parse error");
        assert_eq!(error["error"]["code"], -32700);
    }
}
