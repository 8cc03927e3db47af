//! Code lenses end to end: on the title, "cited by N docs" (leading to the citations),
//! "superseded by …" and "supersedes …"; the count follows edits to other open documents.

use crate::common;

use common::workspace::Folder;
use common::*;
use serde_json::{Value, json};

const MYSQL: &str = "docs/adr/0003-use-mysql.md";
const POSTGRES: &str = "docs/adr/0007-use-postgresql.md";
const REPLICAS: &str = "docs/adr/0009-use-read-replicas.md";
const ORDERS: &str = "docs/adr/0012-partition-the-orders-table.md";

fn lenses(client: &mut LspClient, uri: &str) -> Vec<Value> {
    client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn titles(lenses: &[Value]) -> Vec<&str> {
    lenses
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect()
}

#[test]
fn title_lenses_count_citations_and_name_the_supersession() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], json!({}));
    let postgres = workspace.open_in(&mut client, POSTGRES);
    let found = lenses(&mut client, &postgres);
    assert_eq!(titles(&found), ["cited by 2 docs", "supersedes ADR-0003"]);
    insta::assert_json_snapshot!("postgres_lenses", workspace.redact(&json!(found)));

    let mysql = workspace.open_in(&mut client, MYSQL);
    let found = lenses(&mut client, &mysql);
    assert_eq!(
        titles(&found),
        ["cited by 2 docs", "superseded by ADR-0007"]
    );
    assert_eq!(found[1]["command"]["command"], "docwright.showReferences");
    assert_eq!(
        found[1]["command"]["arguments"][2],
        json!([{ "uri": postgres, "range": lsp_range(((0, 0), (0, 19))) }])
    );

    let orders = workspace.open_in(&mut client, ORDERS);
    let found = lenses(&mut client, &orders);
    // An uncited document has nothing to say: no "cited by no docs" lens above it.
    assert!(titles(&found).is_empty(), "{found:?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn citation_locations_use_the_negotiated_encoding() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-16"], json!({}));
    let postgres = workspace.open_in(&mut client, POSTGRES);
    let found = lenses(&mut client, &postgres);
    let locations = found[0]["command"]["arguments"][2].as_array().unwrap();
    let replicas = workspace.uri(REPLICAS);
    // After the emoji (two UTF-16 units) and a space, on line 10; then the link on line 11.
    assert!(
        locations.contains(&json!({ "uri": replicas, "range": lsp_range(((10, 3), (10, 11))) })),
        "{locations:?}"
    );
    assert!(
        locations.contains(&json!({ "uri": replicas, "range": lsp_range(((11, 4), (11, 38))) })),
        "{locations:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_edit_in_another_document_changes_the_count() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], json!({}));
    let postgres = workspace.open_in(&mut client, POSTGRES);
    let orders = workspace.open_in(&mut client, ORDERS);
    assert_eq!(
        titles(&lenses(&mut client, &postgres))[0],
        "cited by 2 docs"
    );

    // "The orders table grows by a million rows a day." + " It lives in ADR-0007's store."
    client.change(
        &orders,
        2,
        ((10, 47), (10, 47)),
        " It lives in ADR-0007's store.",
    );
    let found = lenses(&mut client, &postgres);
    assert_eq!(titles(&found)[0], "cited by 3 docs");
    let cited_from: Vec<&str> = found[0]["command"]["arguments"][2]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert!(cited_from.contains(&orders.as_str()), "{cited_from:?}");

    // Taking it back.
    client.change(&orders, 3, ((10, 47), (10, 77)), "");
    assert_eq!(
        titles(&lenses(&mut client, &postgres))[0],
        "cited by 2 docs"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_change_elsewhere_asks_the_client_to_refresh_lenses_and_hints() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(
        &["utf-8"],
        json!({ "codeLens": { "refreshSupport": true }, "inlayHint": { "refreshSupport": true } }),
    );
    let orders = workspace.open_in(&mut client, ORDERS);
    client.drain();
    client.change(
        &orders,
        2,
        ((10, 47), (10, 47)),
        " It lives in ADR-0007's store.",
    );
    for method in ["workspace/codeLens/refresh", "workspace/inlayHint/refresh"] {
        let request = client.wait_message(|m| {
            m.get("method").and_then(Value::as_str) == Some(method) && m.get("id").is_some()
        });
        assert!(
            request.is_some(),
            "no {method}; stderr:\n{}",
            client.stderr()
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn no_refresh_requests_without_the_clients_support() {
    let workspace = Folder::symbols_lenses();
    let mut client = workspace.start(&["utf-8"], json!({}));
    let orders = workspace.open_in(&mut client, ORDERS);
    client.change(&orders, 2, ((10, 47), (10, 47)), " See ADR-0007.");
    // The change's own diagnostics arrive after the index saw it.
    client.diagnostics_for(&orders, 2);
    std::thread::sleep(std::time::Duration::from_millis(300));
    client.drain();
    assert!(
        !client
            .server_requests
            .iter()
            .any(|(method, _)| method.ends_with("/refresh")),
        "{:?}",
        client.server_requests
    );
    assert_eq!(client.shutdown(), Some(0));
}
