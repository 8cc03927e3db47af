//! Configuration end to end: `docwright.toml` problems shown on the file while the server runs on
//! defaults, reloading when the file changes (with the watcher registered dynamically), settings
//! through `didChangeConfiguration` and `workspace/configuration`, and logging.

use crate::common;

use common::*;
use serde_json::{Value, json};

const ADR: &str = "# 1. Use PostgreSQL\n\nDate: 2024-05-01\n\n## Status\n\nProposed\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe will use PostgreSQL.\n";

fn workspace(config: Option<&[u8]>) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("docs/adr/0001-use-postgres.md");
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    std::fs::write(&doc, ADR).unwrap();
    let config_path = dir.path().join("docwright.toml");
    if let Some(config) = config {
        std::fs::write(&config_path, config).unwrap();
    }
    (dir, file_uri(&doc), file_uri(&config_path))
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_broken_config_is_a_diagnostic_and_a_fixed_one_is_reloaded() {
    let (dir, doc_uri, config_uri) = workspace(Some(b"[rules]\nmissing-section = \"loud\"\n"));
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let problem = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(config_uri)
    });
    let d = &problem["diagnostics"][0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "docwright");
    assert_eq!(
        d["range"]["start"]["line"], 1,
        "located on the bad line: {d}"
    );

    // The server runs on with the defaults.
    client.open(&doc_uri, ADR);
    assert!(codes(&client.diagnostics_for(&doc_uri, 1)).contains(&String::from("missing-section")));

    // The watcher for docwright.toml was registered dynamically.
    let registered = client.server_requests.iter().any(|(method, params)| {
        method == "client/registerCapability" && params.to_string().contains("docwright.toml")
    });
    assert!(registered, "{:?}", client.server_requests);

    // Fix the file, turning the rule off: the problem clears and the document is re-checked.
    std::fs::write(
        dir.path().join("docwright.toml"),
        "[rules]\nmissing-section = \"off\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(config_uri) && p["diagnostics"] == json!([])
    });
    let rechecked = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(doc_uri)
    });
    assert!(
        !codes(rechecked["diagnostics"].as_array().unwrap())
            .contains(&String::from("missing-section"))
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_config_that_is_not_utf8_is_reported_and_defaults_apply() {
    let (dir, doc_uri, config_uri) = workspace(Some(b"[rules]\n\xff\xfe = \"off\"\n"));
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let problem = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(config_uri)
    });
    assert!(
        problem["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8"),
        "{problem}"
    );
    client.open(&doc_uri, ADR);
    assert!(codes(&client.diagnostics_for(&doc_uri, 1)).contains(&String::from("missing-section")));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn settings_from_did_change_configuration_and_workspace_configuration() {
    let (dir, doc_uri, _) = workspace(None);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&doc_uri, ADR);
    assert!(codes(&client.diagnostics_for(&doc_uri, 1)).contains(&String::from("missing-section")));

    // Pushed settings.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "docwright": { "rules": { "missing-section": "error" }, "diagnosticsDelayMs": 0 } } }),
    );
    let pushed = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(doc_uri)
    });
    let missing = pushed["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "missing-section")
        .unwrap()
        .clone();
    assert_eq!(missing["severity"], 1, "now an error");

    // Pulled settings: the notification carries none, so the server asks.
    client.settings = json!({ "rules": { "missing-section": "off" }, "diagnosticsDelayMs": 0, "logLevel": "info" });
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    let pulled = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(doc_uri) && !p["diagnostics"].to_string().contains("missing-section")
    });
    assert!(pulled["diagnostics"].is_array());
    assert!(
        client
            .server_requests
            .iter()
            .any(|(m, _)| m == "workspace/configuration")
    );
    // At log level info, the server tells the client's log what it did.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    let log = client.wait_notification("window/logMessage", |p| {
        p["message"]
            .as_str()
            .unwrap_or("")
            .contains("settings changed")
    });
    assert_eq!(log["type"], 3);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn kinds_can_be_switched_off() {
    let (dir, doc_uri, _) = workspace(None);
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        rich_capabilities(&["utf-8"]),
        json!({ "diagnosticsDelayMs": 0, "kinds": { "adr": false, "madr": false } }),
    );
    client.open(&doc_uri, ADR);
    let diagnostics = client.diagnostics_for(&doc_uri, 1);
    assert!(
        !codes(&diagnostics).contains(&String::from("missing-section")),
        "{diagnostics:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn log_file_receives_the_log_and_stdout_only_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let mut client = LspClient::spawn(None, &["--log-file", log.to_str().unwrap()]);
    client
        .request(
            "initialize",
            json!({ "processId": null, "capabilities": {} }),
        )
        .unwrap();
    client.notify("initialized", json!({}));
    client.change("untitled:never-opened.md", 2, ((0, 0), (0, 0)), "x");
    assert_eq!(client.shutdown(), Some(0));
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(written.contains("untitled:never-opened.md"), "{written}");
    assert!(
        !client.stderr().contains("never-opened"),
        "the log went to the file, not stderr"
    );
}
