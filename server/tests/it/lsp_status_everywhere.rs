//! One status model everywhere, over stdio: completion rows and inlay hint tooltips show a cited
//! document's status as `analysis::status` normalises it ("Superseded by ADR-0003" for
//! "Superceded by 3. Use PostgreSQL for order storage"), never the raw line, and no status for a
//! template placeholder, as hover does.

use crate::common;

use common::*;
use serde_json::{Value, json};
use std::path::Path;

const RAW: &str = "Superceded by 3. Use PostgreSQL for order storage";

const OLD: &str = "# 1. Use MySQL\n\nDate: 2024-03-01\n\n## Status\n\nSuperceded by 3. Use PostgreSQL for order storage\n\n## Context\n\nWe needed a database.\n\n## Decision\n\nMySQL.\n\n## Consequences\n\nNone.\n";

const PLACEHOLDER: &str = "# 2. Cache results\n\nDate: 2024-03-02\n\n## Status\n\n{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}\n\n## Context\n\nSlow pages.\n\n## Decision\n\nCache.\n\n## Consequences\n\nStale pages.\n";

const NEW: &str = "# 3. Use PostgreSQL for order storage\n\nDate: 2024-03-03\n\n## Status\n\nAccepted\n\n## Context\n\nSupersedes ADR-0001\n\n## Decision\n\nPostgreSQL.\n\n## Consequences\n\nA migration.\n";

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn completion_items(client: &mut LspClient, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let result = client
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri },
                    "position": { "line": line, "character": character } }),
        )
        .unwrap();
    let items = if result.is_array() {
        result
    } else {
        result["items"].clone()
    };
    items.as_array().cloned().unwrap_or_default()
}

fn by_label<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no {label} in {items:#?}"))
}

#[test]
fn completion_and_inlay_hints_show_the_normalised_status_never_the_raw_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "docs/adr/0001-use-mysql.md", OLD);
    write(&root, "docs/adr/0002-cache-results.md", PLACEHOLDER);
    write(&root, "docs/adr/0003-use-postgresql.md", NEW);
    let (mut client, _) = LspClient::start(
        Some(&root),
        rich_capabilities(&["utf-8"]),
        json!({ "diagnosticsDelayMs": 0, "inlayHints": "everywhere" }),
    );
    common::workspace::wait_indexed(&mut client);

    let uri = file_uri(&root.join("docs/adr/0003-use-postgresql.md"));
    let typed = format!("{NEW}\nSee ADR-0001 and ADR-0002\nAlso ADR-\n");
    client.open(&uri, &typed);
    let last_line = typed.lines().count() as u32 - 1;

    let items = completion_items(&mut client, &uri, last_line, "Also ADR-".len() as u32);
    let old = by_label(&items, "ADR-0001");
    assert_eq!(old["detail"], "Use MySQL · Superseded by ADR-0003");
    let placeholder = by_label(&items, "ADR-0002");
    assert_eq!(placeholder["detail"], "Cache results");
    for item in &items {
        let shown = item.to_string();
        assert!(!shown.contains("Superceded"), "raw status in {shown}");
        assert!(!shown.contains("ADR-0123"), "placeholder in {shown}");
    }

    let hints = client
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri },
                    "range": lsp_range(((0, 0), (last_line + 1, 0))) }),
        )
        .unwrap();
    let tooltips: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["tooltip"].as_str().unwrap())
        .collect();
    assert!(
        tooltips.contains(&"ADR-0001 · Status: Superseded by ADR-0003"),
        "{tooltips:?}"
    );
    assert!(tooltips.contains(&"ADR-0002"), "{tooltips:?}");
    assert!(!hints.to_string().contains(RAW), "{hints}");
    client.shutdown();
}
