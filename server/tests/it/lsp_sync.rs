//! Document sync end to end: incremental edits in UTF-8 and UTF-16 positions with non-ASCII text,
//! and a thousand rapid edits that must end in exactly the text a fresh open would give.

use crate::common;

use common::*;
use serde_json::{Value, json};

/// (line, column) of the end of `text` in `columns` units.
fn end_position(text: &str, columns: Columns) -> (u32, u32) {
    let line = text.matches('\n').count() as u32;
    let last = text.rsplit('\n').next().unwrap_or("");
    let col = match columns {
        Columns::Utf8 => last.len(),
        Columns::Utf16 => last.encode_utf16().count(),
    };
    (line, col as u32)
}

/// Everything the server derives from a document's text, to compare two documents.
fn observe(client: &mut LspClient, uri: &str, version: i64, end: (u32, u32)) -> Value {
    let diagnostics = client.diagnostics_for(uri, version);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let folding = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let selection = client
        .request(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": uri }, "positions": [{ "line": end.0, "character": end.1 }] }),
        )
        .unwrap();
    let mut outermost = &selection[0];
    while !outermost["parent"].is_null() {
        outermost = &outermost["parent"];
    }
    let diagnostics: Vec<Value> = diagnostics
        .into_iter()
        .map(|mut d| {
            d.as_object_mut().unwrap().remove("data");
            d
        })
        .collect();
    json!({ "diagnostics": diagnostics, "symbols": symbols, "folding": folding, "whole": outermost["range"] })
}

fn thousand_edits(encodings: &[&str], columns: Columns) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs/adr")).unwrap();
    let uri = file_uri(&dir.path().join("docs/adr/0002-cache.md"));
    let fresh_uri = file_uri(&dir.path().join("docs/adr/0003-cache.md"));
    let (mut client, init) = LspClient::start(
        Some(dir.path()),
        rich_capabilities(encodings),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    let expected_encoding = if columns == Columns::Utf8 {
        "utf-8"
    } else {
        "utf-16"
    };
    assert_eq!(init["capabilities"]["positionEncoding"], expected_encoding);

    let mut text =
        String::from("# 2. Cache — 日本語 😀\n\nDate: 2024-01-02\n\n## Status\n\nProposed\n\n");
    client.open(&uri, &text);
    client.diagnostics_for(&uri, 1);

    // Type sections character by character, with a backspace every seventh keystroke and a
    // multi-line paste every hundredth.
    let script = "## Context\n\nÉtapes: 😀 ok, 中文 fine.\n\n## Decision\n\nWe will cache — naïvely.\n\n## Consequences\n\nFaster 🚀 reads.\n";
    let mut chars = script.chars().cycle();
    let mut version = 1;
    for i in 0..1000 {
        version += 1;
        let end = end_position(&text, columns);
        let edit = if i % 7 == 6 && !text.ends_with('\n') {
            // Backspace: remove the last character.
            let last = text.chars().last().unwrap();
            let width = match columns {
                Columns::Utf8 => last.len_utf8(),
                Columns::Utf16 => last.len_utf16(),
            } as u32;
            json!({ "range": lsp_range(((end.0, end.1 - width), end)), "text": "" })
        } else if i % 100 == 99 {
            json!({ "range": lsp_range((end, end)), "text": "\n\n### Pasted 📋\n\n- a\n- b\n" })
        } else {
            let c = chars.next().unwrap().to_string();
            json!({ "range": lsp_range((end, end)), "text": c })
        };
        let as_text_edit = json!({ "range": edit["range"], "newText": edit["text"] });
        text = apply_text_edits(&text, &[as_text_edit], columns);
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [edit] }),
        );
    }
    assert_eq!(version, 1001);
    let end = end_position(&text, columns);
    let edited = observe(&mut client, &uri, 1001, end);
    client.open(&fresh_uri, &text);
    let fresh = observe(&mut client, &fresh_uri, 1, end);
    assert_eq!(
        edited, fresh,
        "the edited document differs from a fresh open of the expected text"
    );
    // The whole-document selection ends exactly where the expected text ends.
    assert_eq!(
        edited["whole"]["end"],
        json!({ "line": end.0, "character": end.1 })
    );
    assert!(
        edited["symbols"].to_string().contains("Pasted 📋"),
        "{}",
        edited["symbols"]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_thousand_rapid_edits_in_utf16() {
    thousand_edits(&["utf-16"], Columns::Utf16);
}

#[test]
fn a_thousand_rapid_edits_in_utf8() {
    thousand_edits(&["utf-32", "utf-8", "utf-16"], Columns::Utf8);
}

#[test]
fn no_encoding_offered_means_utf16() {
    let (mut client, init) = LspClient::start(None, json!({}), json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["save"],
        json!({ "includeText": false })
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn columns_follow_the_negotiated_encoding() {
    let heading = "## Décision 😀 日本";
    let text = format!("# Title\n\n{heading}\n\nBody.\n");
    for (encodings, width) in [
        (vec!["utf-16"], heading.encode_utf16().count()),
        (vec!["utf-8"], heading.len()),
    ] {
        let (mut client, _) = LspClient::start(None, rich_capabilities(&encodings), json!({}));
        client.open("untitled:doc.md", &text);
        let symbols = client
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": "untitled:doc.md" } }),
            )
            .unwrap();
        let section = &symbols[0]["children"][0];
        assert_eq!(section["name"], "Décision 😀 日本");
        assert_eq!(
            section["selectionRange"]["end"],
            json!({ "line": 2, "character": width }),
            "{encodings:?}"
        );

        // Insert after the emoji, at a column counted in the negotiated unit.
        let before = "## Décision 😀";
        let col = if encodings == ["utf-8"] {
            before.len()
        } else {
            before.encode_utf16().count()
        };
        client.change(
            "untitled:doc.md",
            2,
            ((2, col as u32), (2, col as u32)),
            "!",
        );
        let symbols = client
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": "untitled:doc.md" } }),
            )
            .unwrap();
        assert_eq!(
            symbols[0]["children"][0]["name"], "Décision 😀! 日本",
            "{encodings:?}"
        );
        assert_eq!(client.shutdown(), Some(0));
    }
}

#[test]
fn one_notification_with_several_changes_applies_them_in_order() {
    let (mut client, _) = LspClient::start(None, rich_capabilities(&["utf-16"]), json!({}));
    client.open("untitled:batch.md", "# T\n\n## A\n");
    // Each range refers to the text left by the change before it, as the protocol says.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": "untitled:batch.md", "version": 2 },
            "contentChanges": [
                { "range": lsp_range(((2, 4), (2, 4))), "text": "lpha 😀" },
                { "range": lsp_range(((2, 11), (2, 11))), "text": "\n\n## B" },
                { "range": lsp_range(((0, 2), (0, 3))), "text": "Title" },
                { "text": "# Whole\n\n## Replaced\n" },
                { "range": lsp_range(((2, 3), (2, 3))), "text": "Re-" },
            ],
        }),
    );
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "untitled:batch.md" } }),
        )
        .unwrap();
    assert_eq!(symbols[0]["name"], "Whole");
    assert_eq!(symbols[0]["children"][0]["name"], "Re-Replaced");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn emoji_and_cjk_before_an_edit_in_utf16_with_crlf_lines() {
    let (mut client, _) = LspClient::start(None, rich_capabilities(&["utf-16"]), json!({}));
    let text = "# 日本語 😀\r\n\r\n## 中文 🚀 Part\r\n";
    client.open("untitled:crlf.md", text);
    // "## 中文 🚀" is 3 + 2 + 1 + 2 = 8 UTF-16 units: insert right after the rocket.
    client.change("untitled:crlf.md", 2, ((2, 8), (2, 8)), "!");
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "untitled:crlf.md" } }),
        )
        .unwrap();
    assert_eq!(symbols[0]["name"], "日本語 😀");
    let part = &symbols[0]["children"][0];
    assert_eq!(part["name"], "中文 🚀! Part");
    assert_eq!(
        part["selectionRange"]["end"],
        json!({ "line": 2, "character": 14 })
    );
    assert_eq!(client.shutdown(), Some(0));
}
