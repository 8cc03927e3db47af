//! `workspace/symbol` end to end: every document by id and title, every section, fuzzy-matched;
//! ranges given at once, or lazily through `workspaceSymbol/resolve` to a client that supports it.

use crate::common;

use common::workspace::Folder;
use common::*;
use serde_json::{Value, json};

const POSTGRES: &str = "docs/adr/0007-use-postgresql.md";

fn symbols(client: &mut LspClient, query: &str) -> Vec<Value> {
    client
        .request("workspace/symbol", json!({ "query": query }))
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn lazy_capabilities() -> Value {
    json!({ "symbol": { "resolveSupport": { "properties": ["location.range"] } } })
}

#[test]
fn documents_by_id_and_title_and_sections_with_their_ranges() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], json!({}));

    let found = symbols(&mut client, "postgres");
    assert_eq!(found[0]["name"], "ADR-0007 Use PostgreSQL");
    assert_eq!(found[0]["kind"], 1, "a document is a FILE symbol");
    assert_eq!(found[0]["location"]["uri"], json!(workspace.uri(POSTGRES)));
    assert_eq!(found[0]["location"]["range"], lsp_range(((0, 0), (0, 19))));

    let decisions = symbols(&mut client, "decision");
    insta::assert_json_snapshot!("decision_query", workspace.redact(&json!(decisions)));

    assert!(symbols(&mut client, "kubernetes").is_empty());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_superseded_document_is_tagged_deprecated() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], json!({}));
    let found = symbols(&mut client, "use mysql");
    assert_eq!(found[0]["name"], "ADR-0003 Use MySQL");
    assert_eq!(found[0]["tags"], json!([1]));
    let live = symbols(&mut client, "use postgresql");
    assert_eq!(live[0]["name"], "ADR-0007 Use PostgreSQL");
    assert!(live[0].get("tags").is_none(), "{live:?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn lazy_locations_resolve_to_the_current_range() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], lazy_capabilities());

    let found = symbols(&mut client, "decision");
    assert!(
        found.iter().all(|s| s["location"].get("range").is_none()),
        "a client with resolve support gets URIs only: {found:?}"
    );
    let decision = found
        .iter()
        .find(|s| s["name"] == "Decision" && s["containerName"] == "ADR-0007 Use PostgreSQL")
        .cloned()
        .expect("ADR-0007's Decision section");
    assert_eq!(decision["location"]["uri"], json!(workspace.uri(POSTGRES)));

    let resolved = client
        .request("workspaceSymbol/resolve", decision.clone())
        .unwrap();
    assert_eq!(resolved["location"]["uri"], json!(workspace.uri(POSTGRES)));
    assert_eq!(
        resolved["location"]["range"],
        lsp_range(((14, 0), (14, 11)))
    );

    // After an edit above it, the same symbol resolves to where the section is now.
    let uri = workspace.open_in(&mut client, POSTGRES);
    client.change(&uri, 2, ((1, 0), (1, 0)), "\nA note.\n");
    let moved = client.request("workspaceSymbol/resolve", decision).unwrap();
    assert_eq!(moved["location"]["range"], lsp_range(((16, 0), (16, 11))));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_edit_to_an_open_document_shows_in_the_next_query() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], json!({}));
    let path = "docs/adr/0012-partition-the-orders-table.md";
    let uri = workspace.uri(path);
    assert!(symbols(&mut client, "shard orders").is_empty());
    workspace.open_in(&mut client, path);
    client.change(&uri, 2, ((0, 6), (0, 15)), "Shard");
    let found = symbols(&mut client, "shard orders");
    assert_eq!(found[0]["name"], "ADR-0012 Shard the orders table");
    assert_eq!(found[0]["location"]["range"], lsp_range(((0, 0), (0, 28))));
    assert_eq!(client.shutdown(), Some(0));
}
