//! Issue 13, point 5: one status model everywhere. The title symbol's detail (which the VS Code
//! extension shows in the status bar), the hover on the status and the hover on a reference all
//! show the status normalised ("Superseded by ADR-0003"), short, never the raw line; a template
//! placeholder is no status.

use crate::common;

use common::*;
use serde_json::{Value, json};

const OLD: &str = "# 2. Use MySQL for order storage\n\nDate: 2024-01-02\n\n## Status\n\nSuperceded by [3. Use PostgreSQL for order storage](0003-use-postgresql-for-order-storage.md)\n\n## Context\n\nWe need a database.\n\n## Decision\n\nMySQL.\n\n## Consequences\n\nOne more engine to run, and one less to learn.\n";
const NEW: &str = "# 3. Use PostgreSQL for order storage\n\nDate: 2024-03-02\n\n## Status\n\nAccepted\n\nSupersedes [2. Use MySQL for order storage](0002-use-mysql-for-order-storage.md)\n\n## Context\n\nADR-0002 chose MySQL.\n\n## Decision\n\nPostgreSQL.\n\n## Consequences\n\nOne engine to run, and a migration to make.\n";
const MADR: &str = "---\nstatus: \"{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}\"\ndate: 2024-05-01\n---\n\n# Use Markdown\n\n## Context and Problem Statement\n\nWe write docs.\n\n## Considered Options\n\n* Markdown\n* Word\n\n## Decision Outcome\n\nChosen option: \"Markdown\", because it diffs.\n";

fn title_detail(client: &mut LspClient, uri: &str) -> Option<String> {
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    symbols
        .as_array()?
        .iter()
        .find_map(|s| s["detail"].as_str().map(str::to_string))
}

fn hover(client: &mut LspClient, uri: &str, line: u32, character: u32) -> String {
    let hover: Value = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .unwrap();
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_status_is_normalised_in_the_status_bar_and_the_hovers() {
    let dir = tempfile::tempdir().unwrap();
    let adr = dir.path().join("doc/adr");
    let decisions = dir.path().join("docs/decisions");
    std::fs::create_dir_all(&adr).unwrap();
    std::fs::create_dir_all(&decisions).unwrap();
    let old = adr.join("0002-use-mysql-for-order-storage.md");
    let new = adr.join("0003-use-postgresql-for-order-storage.md");
    let madr = decisions.join("0001-use-markdown.md");
    std::fs::write(&old, OLD).unwrap();
    std::fs::write(&new, NEW).unwrap();
    std::fs::write(&madr, MADR).unwrap();
    let (old, new, madr) = (file_uri(&old), file_uri(&new), file_uri(&madr));
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&old, OLD);
    client.open(&new, NEW);
    client.open(&madr, MADR);
    client.diagnostics_for(&old, 1);
    client.diagnostics_for(&new, 1);
    client.diagnostics_for(&madr, 1);

    // The status bar (the title symbol's detail): short and normalised.
    let detail = title_detail(&mut client, &old).expect("a detail on the title");
    assert_eq!(
        detail,
        "Architecture decision record (Nygard) · Superseded by ADR-0003"
    );
    assert_eq!(
        title_detail(&mut client, &new).as_deref(),
        Some("Architecture decision record (Nygard) · Accepted")
    );
    // A template placeholder is no status.
    let madr_detail = title_detail(&mut client, &madr).unwrap_or_default();
    assert!(
        !madr_detail.contains('{') && !madr_detail.contains('·'),
        "{madr_detail}"
    );

    // The hover on the status value: the status by the kind's name for it, not as written.
    let on_status = hover(&mut client, &old, 6, 3);
    assert!(
        on_status.starts_with("**Status: superseded**"),
        "{on_status}"
    );
    assert!(!on_status.contains("Superceded"), "{on_status}");

    // The hover on a reference to the old record (line 12 of the new one: "ADR-0002 chose MySQL.").
    let card = hover(&mut client, &new, 12, 2);
    assert!(card.contains("status: Superseded by ADR-0003"), "{card}");
    assert!(!card.contains("Superceded"), "the raw line: {card}");
    assert!(!card.contains("order stora…"), "the raw line, cut: {card}");
    assert_eq!(client.shutdown(), Some(0));
}
