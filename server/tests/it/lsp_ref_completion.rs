//! Cross-reference completion end to end, on `fixtures/ref_completion`: four ADRs (ADR-0002
//! superseded by ADR-0007), two RFCs and a note. At each trigger (`ADR-`, `RFC `, `[[`, `](`,
//! `](file.md#`, `](#`) the items, their order and their edits applied to the document.

use crate::common;

use common::*;
use serde_json::{Value, json};
use std::path::PathBuf;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ref_completion")
}

/// A server on the fixture workspace, its discovery finished.
fn start(encodings: &[&str]) -> LspClient {
    let mut capabilities = rich_capabilities(encodings);
    capabilities["window"] = json!({ "workDoneProgress": true });
    let (mut client, _) = LspClient::start(
        Some(&fixture()),
        capabilities,
        json!({ "diagnosticsDelayMs": 0 }),
    );
    client.wait_notification("$/progress", |p| p["value"]["kind"] == "end");
    client
}

/// The URI of a fixture file.
fn uri(relative: &str) -> String {
    file_uri(&fixture().join(relative))
}

/// Opens `relative` with `line` (holding the cursor `|`) appended, completes at the cursor, and
/// returns the document text without the cursor, the response, and its items in sort order.
fn complete_at(
    client: &mut LspClient,
    relative: &str,
    line: &str,
    columns: Columns,
) -> (String, Value, Vec<Value>) {
    let original = std::fs::read_to_string(fixture().join(relative)).unwrap();
    let with_cursor = format!("{original}\n{line}\n");
    let cursor = with_cursor.find('|').unwrap();
    let text = with_cursor.replacen('|', "", 1);
    let line_number = text[..cursor].matches('\n').count();
    let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..cursor]
        .chars()
        .map(|c| match columns {
            Columns::Utf8 => c.len_utf8(),
            Columns::Utf16 => c.len_utf16(),
        })
        .sum();
    let uri = uri(relative);
    client.open(&uri, &text);
    let result = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri },
                    "position": { "line": line_number, "character": character } }),
        )
        .unwrap();
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let items = if result.is_array() {
        result.clone()
    } else {
        result["items"].clone()
    };
    let mut items = items.as_array().cloned().unwrap_or_default();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or("").to_string());
    (text, result, items)
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no item {label} in {:?}", labels(items)))
}

/// The text's last non-empty line after applying the item's edit.
fn applied_line(text: &str, item: &Value, columns: Columns) -> String {
    let edited = apply_text_edits(text, &[item["textEdit"].clone()], columns);
    edited.trim_end().rsplit('\n').next().unwrap().to_string()
}

#[test]
fn the_trigger_characters_are_advertised() {
    let (mut client, result) = LspClient::start_default(Some(&fixture()));
    let triggers = &result["capabilities"]["completionProvider"]["triggerCharacters"];
    for trigger in ["-", " ", "[", "(", "#", "/"] {
        assert!(
            triggers.as_array().unwrap().contains(&json!(trigger)),
            "{trigger} in {triggers}"
        );
    }
    client.shutdown();
}

#[test]
fn after_adr_dash_the_other_adrs_padded_live_before_superseded() {
    let mut client = start(&["utf-8"]);
    let (text, _, items) = complete_at(
        &mut client,
        "docs/adr/0008-adopt-kafka.md",
        "This follows ADR-|",
        Columns::Utf8,
    );
    // Never the doc itself; the superseded ADR-0002 after the live ones, tagged Deprecated.
    assert_eq!(labels(&items), vec!["ADR-0001", "ADR-0007", "ADR-0002"]);
    let postgres = item(&items, "ADR-0007");
    assert_eq!(postgres["detail"], "Use PostgreSQL · Accepted");
    assert_eq!(
        postgres["documentation"]["value"],
        "We need a relational database with transactional DDL for the order service."
    );
    assert!(postgres.get("tags").is_none());
    assert_eq!(item(&items, "ADR-0002")["tags"], json!([1]));
    // The row itself carries the title and the status by name, so a superseded id is more
    // than a struck-through number.
    assert_eq!(
        item(&items, "ADR-0002")["labelDetails"],
        json!({ "detail": " Use MySQL", "description": "Superseded" })
    );
    assert_eq!(postgres["labelDetails"]["detail"], " Use PostgreSQL");
    assert_eq!(
        applied_line(&text, postgres, Columns::Utf8),
        "This follows ADR-0007"
    );
    insta::assert_json_snapshot!("adr_dash_items", items);
    client.shutdown();
}

#[test]
fn after_rfc_space_the_rfcs_unpadded() {
    let mut client = start(&["utf-8"]);
    let (text, _, items) = complete_at(
        &mut client,
        "notes/planning.md",
        "Builds on RFC |",
        Columns::Utf8,
    );
    assert_eq!(labels(&items), vec!["RFC 2094", "RFC 2394"]);
    assert_eq!(
        items[0]["documentation"]["value"],
        "Extend the borrow checker to use the control-flow graph instead of lexical scopes."
    );
    assert_eq!(
        applied_line(&text, &items[1], Columns::Utf8),
        "Builds on RFC 2394"
    );
    client.shutdown();
}

#[test]
fn a_fuzzy_query_ranks_the_matching_title_first() {
    let mut client = start(&["utf-8"]);
    let (text, _, items) = complete_at(
        &mut client,
        "notes/planning.md",
        "We chose ADR-postg|",
        Columns::Utf8,
    );
    assert_eq!(labels(&items)[0], "ADR-0007");
    assert_eq!(
        applied_line(&text, &items[0], Columns::Utf8),
        "We chose ADR-0007"
    );
    let (_, _, wiki) = complete_at(
        &mut client,
        "notes/planning.md",
        "See [[postg|",
        Columns::Utf8,
    );
    assert_eq!(labels(&wiki)[0], "0007-use-postgresql");
    client.shutdown();
}

#[test]
fn after_double_brackets_the_docs_by_file_name_closed_once() {
    let mut client = start(&["utf-8"]);
    let (text, _, items) = complete_at(&mut client, "notes/planning.md", "See [[|", Columns::Utf8);
    // Every doc but the note itself; the RFCs' summaries as documentation.
    assert_eq!(items.len(), 6, "{:?}", labels(&items));
    assert!(!labels(&items).contains(&"planning"));
    assert_eq!(
        applied_line(&text, item(&items, "0007-use-postgresql"), Columns::Utf8),
        "See [[0007-use-postgresql]]"
    );
    let (text, _, items) = complete_at(
        &mut client,
        "notes/planning.md",
        "See [[00|]] here",
        Columns::Utf8,
    );
    assert_eq!(
        applied_line(
            &text,
            item(&items, "0001-record-architecture-decisions"),
            Columns::Utf8
        ),
        "See [[0001-record-architecture-decisions]] here"
    );
    client.shutdown();
}

#[test]
fn after_a_link_opening_the_paths_relative_to_the_doc() {
    let mut client = start(&["utf-8"]);
    let (text, _, items) = complete_at(
        &mut client,
        "notes/planning.md",
        "The [database](|) decision",
        Columns::Utf8,
    );
    assert!(labels(&items).contains(&"../rfcs/2094-non-lexical-lifetimes.md"));
    assert_eq!(
        applied_line(
            &text,
            item(&items, "../docs/adr/0007-use-postgresql.md"),
            Columns::Utf8
        ),
        "The [database](../docs/adr/0007-use-postgresql.md) decision"
    );
    // From an ADR, its own folder's docs come first.
    let (_, _, items) = complete_at(
        &mut client,
        "docs/adr/0008-adopt-kafka.md",
        "See [this](|)",
        Columns::Utf8,
    );
    assert_eq!(
        labels(&items),
        vec![
            "0001-record-architecture-decisions.md",
            "0007-use-postgresql.md",
            "0002-use-mysql.md",
            "../../notes/planning.md",
            "../../rfcs/2094-non-lexical-lifetimes.md",
            "../../rfcs/2394-async-await.md",
        ]
    );
    client.shutdown();
}

#[test]
fn after_a_link_to_a_file_and_a_hash_that_files_anchors() {
    let mut client = start(&["utf-8"]);
    let (text, _, items) = complete_at(
        &mut client,
        "docs/adr/0008-adopt-kafka.md",
        "As [decided](0007-use-postgresql.md#|).",
        Columns::Utf8,
    );
    assert_eq!(
        labels(&items),
        vec![
            "7-use-postgresql",
            "status",
            "context",
            "decision",
            "consequences"
        ]
    );
    assert_eq!(item(&items, "decision")["detail"], "## Decision");
    assert_eq!(
        applied_line(&text, item(&items, "decision"), Columns::Utf8),
        "As [decided](0007-use-postgresql.md#decision)."
    );
    let (_, _, wiki) = complete_at(
        &mut client,
        "notes/planning.md",
        "[[0007-use-postgresql#cons|",
        Columns::Utf8,
    );
    assert_eq!(labels(&wiki)[0], "consequences");
    client.shutdown();
}

#[test]
fn after_a_bare_hash_link_the_docs_own_anchors() {
    let mut client = start(&["utf-8"]);
    let (text, _, items) = complete_at(
        &mut client,
        "notes/planning.md",
        "Back to [the questions](#|)",
        Columns::Utf8,
    );
    assert_eq!(labels(&items), vec!["planning", "open-questions"]);
    assert_eq!(
        applied_line(&text, item(&items, "open-questions"), Columns::Utf8),
        "Back to [the questions](#open-questions)"
    );
    client.shutdown();
}

#[test]
fn utf16_columns_with_an_emoji_before_the_cursor() {
    let mut client = start(&["utf-16"]);
    let (text, _, items) = complete_at(
        &mut client,
        "notes/planning.md",
        "🎉 We chose ADR-post|",
        Columns::Utf16,
    );
    assert_eq!(labels(&items)[0], "ADR-0007");
    assert_eq!(
        applied_line(&text, &items[0], Columns::Utf16),
        "🎉 We chose ADR-0007"
    );
    client.shutdown();
}

#[test]
fn nothing_in_code_or_after_an_unknown_prefix() {
    let mut client = start(&["utf-8"]);
    let (_, _, in_code) = complete_at(
        &mut client,
        "notes/planning.md",
        "Run `ADR-|` here",
        Columns::Utf8,
    );
    assert!(in_code.is_empty(), "{:?}", labels(&in_code));
    let (_, _, unknown) = complete_at(&mut client, "notes/planning.md", "See KEP-|", Columns::Utf8);
    assert!(unknown.is_empty(), "{:?}", labels(&unknown));
    client.shutdown();
}
