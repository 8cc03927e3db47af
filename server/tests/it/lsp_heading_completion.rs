//! Completion of headings across the workspace, over stdio: after `[[doc#`, `[[Title#`, `[[#`,
//! `](other.md#` and `](#`, the headings of the document the link names (that document's anchors,
//! as Docwright resolves them), each row with the heading's text beside it; the inserted anchor
//! resolves (`docwright check` finds nothing broken once it is written).

use crate::common;

use common::cli::docwright;
use common::*;
use serde_json::{Value, json};
use std::path::Path;

const SEARCH: &str = "# 1. Order search\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n## Context and Scope\n\nOrders must be found fast.\n\n## Decision\n\nUse an index.\n\n## Consequences\n\nOne more service.\n";

const CITING: &str = "# 2. Cache results\n\nDate: 2024-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nSee [[0001-order-search]].\n\n## Decision\n\nCache them.\n\n## Consequences\n\nStale results.\n";

const CITING_PATH: &str = "docs/adr/0002-cache-results.md";

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Completes at `|` in `line`, typed as the last line of the citing document: its text without
/// the cursor and the items in order.
fn complete(client: &mut LspClient, root: &Path, version: i64, line: &str) -> (String, Vec<Value>) {
    let with_cursor = format!("{CITING}{line}\n");
    let cursor = with_cursor.find('|').unwrap();
    let text = with_cursor.replacen('|', "", 1);
    let line_number = text[..cursor].matches('\n').count();
    let character = cursor - text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    let uri = file_uri(&root.join(CITING_PATH));
    client.replace_all(&uri, version, &text);
    let result = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri },
                    "position": { "line": line_number, "character": character } }),
        )
        .unwrap();
    let items = if result.is_array() {
        result
    } else {
        result["items"].clone()
    };
    let mut items = items.as_array().cloned().unwrap_or_default();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or("").to_string());
    (text, items)
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

fn applied(text: &str, item: &Value) -> String {
    apply_text_edits(text, &[item["textEdit"].clone()], Columns::Utf8)
}

#[test]
fn the_headings_of_the_named_document_are_offered_with_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "docs/adr/0001-order-search.md", SEARCH);
    write(&root, CITING_PATH, CITING);
    let (mut client, _) = LspClient::start(
        Some(&root),
        rich_capabilities(&["utf-8"]),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    common::workspace::wait_indexed(&mut client);
    client.open(&file_uri(&root.join(CITING_PATH)), CITING);

    let search_headings = [
        "1-order-search",
        "status",
        "context-and-scope",
        "decision",
        "consequences",
    ];
    // A wiki link by file name, by title (case and spaces folded), and a Markdown link.
    let mut version = 2;
    for (line, inserted) in [
        (
            "[[0001-order-search#|",
            "[[0001-order-search#context-and-scope]]",
        ),
        ("[[order  SEARCH#|", "[[order  SEARCH#context-and-scope]]"),
        (
            "[scope](0001-order-search.md#|)",
            "[scope](0001-order-search.md#context-and-scope)",
        ),
    ] {
        let (text, items) = complete(&mut client, &root, version, line);
        version += 1;
        assert_eq!(labels(&items), search_headings, "{line}");
        let scope = item(&items, "context-and-scope");
        assert_eq!(
            scope["labelDetails"]["detail"], " Context and Scope",
            "{line}"
        );
        assert_eq!(scope["detail"], "## Context and Scope");
        let edited = applied(&text, scope);
        assert!(
            edited.ends_with(&format!("{inserted}\n")),
            "{line}: {edited}"
        );
        // Written out, the link resolves: the command line finds nothing broken.
        write(&root, CITING_PATH, &edited);
        let check = docwright(&root, &["check", "--format", "json", CITING_PATH]);
        assert!(
            !check.stdout.contains("broken-reference") && check.stderr.is_empty(),
            "{line}: {}{}",
            check.stdout,
            check.stderr
        );
    }
    write(&root, CITING_PATH, CITING);

    // The document's own headings after `[[#` and `](#`, fuzzy by heading text.
    let own = [
        "2-cache-results",
        "status",
        "context",
        "decision",
        "consequences",
    ];
    let (_, items) = complete(&mut client, &root, version, "[[#|");
    assert_eq!(labels(&items), own);
    let (_, items) = complete(&mut client, &root, version + 1, "[[#stale|");
    assert!(
        items.is_empty(),
        "no heading says stale: {:?}",
        labels(&items)
    );
    let (text, items) = complete(&mut client, &root, version + 2, "[back](#cons|)");
    assert_eq!(labels(&items)[0], "consequences");
    assert!(
        applied(&text, item(&items, "consequences")).ends_with("[back](#consequences)\n"),
        "{text}"
    );

    // A document that does not exist has no headings to offer.
    let (_, items) = complete(&mut client, &root, version + 3, "[[no-such-doc#|");
    assert!(items.is_empty(), "{:?}", labels(&items));
    client.shutdown();
}
