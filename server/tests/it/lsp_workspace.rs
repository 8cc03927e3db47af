//! The workspace index in the language server, end to end over stdio: discovery in the
//! background with work-done progress, `.gitignore` and symlinks and oversize or non-UTF-8 files,
//! several workspace folders, the workspace rules in an open document's diagnostics, and the index
//! kept current by watched-file events, file operations and closing documents. Also
//! `workspace/diagnostic` and a client that pulls instead of receiving pushes.

use crate::common;

use common::cli::copy_tree;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/lsp_workspace");

/// The ADR cited by `0001-record-decisions.md`, with a `Decision` section (the anchor it cites).
const KAFKA: &str = "# 9. Use Kafka\n\nDate: 2024-03-09\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a queue.\n\n## Decision\n\nKafka.\n\n## Consequences\n\nOperations grow.\n";

/// The open document: cites ADR-0009 by id and its Decision by link.
const CITING: &str = "# 1. Record decisions\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n## Context\n\nOur queue choice is in ADR-0009, see [its decision](0009-use-kafka.md#decision).\n\n## Decision\n\nWe will do it.\n\n## Consequences\n\nThings change.\n";

/// A copy of the fixture workspace `name` in a temporary folder (tests write to it).
fn workspace(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join(name);
    copy_tree(&Path::new(FIXTURES).join(name), &root);
    (dir, root)
}

/// A modern client's capabilities plus work-done progress; `pull` adds pull diagnostics with
/// refresh support.
fn capabilities(pull: bool) -> Value {
    let mut caps = rich_capabilities(&["utf-8", "utf-16"]);
    caps["window"] = json!({ "workDoneProgress": true });
    caps["workspace"]["fileOperations"] =
        json!({ "didCreate": true, "didRename": true, "didDelete": true });
    if pull {
        caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
        caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    }
    caps
}

/// Starts the server on these workspace folders (the first is also the `rootUri`).
fn start(roots: &[&Path], capabilities: Value) -> LspClient {
    let mut client = LspClient::spawn(Some(roots[0]), &[]);
    let folders: Vec<Value> = roots
        .iter()
        .map(|root| json!({ "uri": file_uri(root), "name": root.file_name().unwrap().to_string_lossy() }))
        .collect();
    client
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(roots[0]),
                "workspaceFolders": folders,
                "capabilities": capabilities,
                "initializationOptions": { "diagnosticsDelayMs": 0 },
            }),
        )
        .expect("initialize succeeds");
    client.notify("initialized", json!({}));
    client
}

/// Waits for the indexing progress to end; returns its closing message.
fn wait_indexed(client: &mut LspClient) -> String {
    let end = client.wait_notification("$/progress", |p| p["value"]["kind"] == "end");
    end["value"]["message"].as_str().unwrap_or("").to_string()
}

/// The `basic` workspace with a server started on it (`capabilities(pull)`) that has indexed it.
fn indexed_basic(pull: bool) -> (tempfile::TempDir, PathBuf, LspClient) {
    let (dir, root) = workspace("basic");
    let mut client = start(&[&root], capabilities(pull));
    wait_indexed(&mut client);
    (dir, root, client)
}

/// Opens `0001-record-decisions.md` with the text [`CITING`]; returns its URI.
fn open_citing(client: &mut LspClient, root: &Path) -> String {
    let citing = file_uri(&root.join("docs/adr/0001-record-decisions.md"));
    client.open(&citing, CITING);
    citing
}

/// The `broken-reference` diagnostics' messages in a published or pulled list.
fn broken(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "broken-reference")
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Waits for diagnostics of `uri` with exactly `count` broken references; returns their messages.
fn wait_broken(client: &mut LspClient, uri: &str, count: usize) -> Vec<String> {
    let params = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri) && broken(&p["diagnostics"]).len() == count
    });
    broken(&params["diagnostics"])
}

/// Waits for `workspace/diagnostic/refresh` (sent when discovery ends, and after changes).
fn wait_refresh(client: &mut LspClient) {
    client
        .wait_message(|m| m["method"] == "workspace/diagnostic/refresh")
        .expect("the client is asked to pull again");
}

fn watched(client: &mut LspClient, path: &Path, kind: u8) {
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(path), "type": kind }] }),
    );
}

const CREATED: u8 = 1;
const CHANGED: u8 = 2;
const DELETED: u8 = 3;

#[test]
fn discovery_runs_in_the_background_with_progress_and_skips_gitignored_files() {
    let (_dir, root) = workspace("basic");
    let mut client = start(&[&root], capabilities(false));
    let message = wait_indexed(&mut client);
    // docs/adr/drafts/ is gitignored: its 0009 draft is not one of the documents.
    assert!(message.starts_with("Indexed 2 documents in "), "{message}");
    assert!(
        client
            .server_requests
            .iter()
            .any(|(method, _)| method == "window/workDoneProgress/create"),
        "{:?}",
        client.server_requests
    );
    let begin = client.wait_notification("$/progress", |p| p["value"]["kind"] == "begin");
    assert!(
        begin["value"]["title"]
            .as_str()
            .unwrap()
            .contains("indexing")
    );
    // The gitignored draft does not answer the citation of ADR-0009.
    let citing = open_citing(&mut client, &root);
    let found = wait_broken(&mut client, &citing, 2);
    assert!(found.iter().any(|m| m.contains("ADR 9")), "{found:?}");
    client.shutdown();
}

#[test]
fn no_progress_without_the_clients_support_and_requests_are_answered_meanwhile() {
    let (_dir, root) = workspace("basic");
    let mut client = start(&[&root], rich_capabilities(&["utf-8"]));
    // Answered at once, whatever the index holds yet.
    let symbols = client.request("workspace/symbol", json!({ "query": "" }));
    assert!(symbols.is_ok(), "{symbols:?}");
    let citing = open_citing(&mut client, &root);
    wait_broken(&mut client, &citing, 2);
    assert!(
        !client
            .server_requests
            .iter()
            .any(|(method, _)| method == "window/workDoneProgress/create")
    );
    client.shutdown();
}

#[test]
fn watched_file_events_update_the_open_documents_workspace_diagnostics() {
    let (_dir, root, mut client) = indexed_basic(false);
    let citing = open_citing(&mut client, &root);
    wait_broken(&mut client, &citing, 2);

    // Created: both the id and the link resolve.
    let kafka = root.join("docs/adr/0009-use-kafka.md");
    std::fs::write(&kafka, KAFKA).unwrap();
    watched(&mut client, &kafka, CREATED);
    wait_broken(&mut client, &citing, 0);

    // Changed: the Decision section is gone, so the link's anchor is broken.
    std::fs::write(&kafka, KAFKA.replace("## Decision", "## Verdict")).unwrap();
    watched(&mut client, &kafka, CHANGED);
    let found = wait_broken(&mut client, &citing, 1);
    assert!(found[0].contains("decision"), "{found:?}");

    // Deleted: both are broken again.
    std::fs::remove_file(&kafka).unwrap();
    watched(&mut client, &kafka, DELETED);
    wait_broken(&mut client, &citing, 2);
    client.shutdown();
}

#[test]
fn file_operations_update_the_index() {
    let (_dir, root, mut client) = indexed_basic(false);
    let citing = open_citing(&mut client, &root);
    wait_broken(&mut client, &citing, 2);

    let kafka = root.join("docs/adr/0009-use-kafka.md");
    std::fs::write(&kafka, KAFKA).unwrap();
    client.notify(
        "workspace/didCreateFiles",
        json!({ "files": [{ "uri": file_uri(&kafka) }] }),
    );
    wait_broken(&mut client, &citing, 0);

    // Renamed away from the name the link uses (the id still resolves by number).
    let renamed = root.join("docs/adr/0009-use-rabbitmq.md");
    std::fs::rename(&kafka, &renamed).unwrap();
    client.notify(
        "workspace/didRenameFiles",
        json!({ "files": [{ "oldUri": file_uri(&kafka), "newUri": file_uri(&renamed) }] }),
    );
    let found = wait_broken(&mut client, &citing, 1);
    assert!(found[0].contains("0009-use-kafka.md"), "{found:?}");

    std::fs::remove_file(&renamed).unwrap();
    client.notify(
        "workspace/didDeleteFiles",
        json!({ "files": [{ "uri": file_uri(&renamed) }] }),
    );
    wait_broken(&mut client, &citing, 2);
    client.shutdown();
}

#[test]
fn the_server_watches_markdown_files_and_advertises_file_operations() {
    let (_dir, root) = workspace("basic");
    let mut client = LspClient::spawn(Some(&root), &[]);
    let result = client
        .request(
            "initialize",
            json!({ "processId": null, "rootUri": file_uri(&root), "capabilities": capabilities(false) }),
        )
        .unwrap();
    client.notify("initialized", json!({}));
    wait_indexed(&mut client);
    let caps = &result["capabilities"];
    assert_eq!(caps["diagnosticProvider"]["workspaceDiagnostics"], true);
    assert_eq!(caps["diagnosticProvider"]["interFileDependencies"], true);
    for operation in ["didCreate", "didRename", "didDelete"] {
        let globs: Vec<&str> = caps["workspace"]["fileOperations"][operation]["filters"]
            .as_array()
            .unwrap_or_else(|| panic!("{operation}: {caps}"))
            .iter()
            .filter_map(|f| f["pattern"]["glob"].as_str())
            .collect();
        assert_eq!(globs, ["**/*.md", "**/*.markdown"], "{operation}");
    }
    let (_, registration) = client
        .server_requests
        .iter()
        .find(|(method, _)| method == "client/registerCapability")
        .expect("the watcher is registered");
    let globs: Vec<&str> = registration["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/*.md"), "{globs:?}");
    assert!(globs.contains(&"**/*.markdown"), "{globs:?}");
    client.shutdown();
}

#[test]
fn closing_an_unsaved_document_puts_the_disk_version_back_in_the_index() {
    let (_dir, root, mut client) = indexed_basic(false);
    // The buffer of 0002 gains a section the file on disk does not have…
    let postgres_path = root.join("docs/adr/0002-use-postgres.md");
    let postgres = file_uri(&postgres_path);
    let on_disk = std::fs::read_to_string(&postgres_path).unwrap();
    client.open(
        &postgres,
        &on_disk.replace("## Decision", "## Special\n\nYes.\n\n## Decision"),
    );
    client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(postgres)
    });
    // …which a link from 0001 finds while the buffer is open.
    let citing = file_uri(&root.join("docs/adr/0001-record-decisions.md"));
    let text = CITING.replace(
        "Our queue choice is in ADR-0009, see [its decision](0009-use-kafka.md#decision).",
        "See [the special part](0002-use-postgres.md#special).",
    );
    client.open(&citing, &text);
    wait_broken(&mut client, &citing, 0);
    // Closed without saving: the section is gone again.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": postgres } }),
    );
    let found = wait_broken(&mut client, &citing, 1);
    assert!(found[0].contains("special"), "{found:?}");
    client.shutdown();
}

/// (rule, 1-based line, 1-based column, message) of each diagnostic, sorted.
type Found = Vec<(String, u64, u64, String)>;

#[test]
fn an_open_documents_diagnostics_are_those_of_docwright_check() {
    // A fixture with every kind of broken reference, `ignore-references` and suppressions.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workspace/broken-reference"),
        &root,
    );
    let relative = "docs/adr/0002-use-postgres.md";
    let run = common::cli::docwright(&root, &["check", "--format", "json", relative]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut expected: Found = report[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    expected.sort();
    assert!(
        expected.iter().any(|d| d.0 == "broken-reference"),
        "{expected:?}"
    );

    // The server speaks UTF-32 columns, which the CLI's code-point columns equal.
    let mut caps = capabilities(false);
    caps["general"]["positionEncodings"] = json!(["utf-32"]);
    let mut client = start(&[&root], caps);
    wait_indexed(&mut client);
    let path = root.join(relative);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap());
    let published = client.diagnostics_for(&uri, 1);
    let mut found: Found = published
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                d["range"]["start"]["character"].as_u64().unwrap() + 1,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(found, expected);
    client.shutdown();
}

#[test]
fn a_config_change_that_ignores_files_indexes_again() {
    let (_dir, root, mut client) = indexed_basic(false);
    let citing = file_uri(&root.join("docs/adr/0001-record-decisions.md"));
    let text = CITING.replace(
        "Our queue choice is in ADR-0009, see [its decision](0009-use-kafka.md#decision).",
        "Storage is in ADR-0002.",
    );
    client.open(&citing, &text);
    wait_broken(&mut client, &citing, 0);
    let config = root.join("docwright.toml");
    std::fs::write(&config, "ignore = [\"docs/adr/0002-*.md\"]\n").unwrap();
    watched(&mut client, &config, CREATED);
    // 0002 is left out now; the open 0001 stays.
    let message = wait_indexed(&mut client);
    assert!(message.starts_with("Indexed 1 document in"), "{message}");
    let found = wait_broken(&mut client, &citing, 1);
    assert!(found[0].contains("ADR 2"), "{found:?}");
    client.shutdown();
}

#[test]
fn links_between_workspace_folders_resolve() {
    let (_dir, multi) = workspace("multi");
    let (alpha, beta) = (multi.join("alpha"), multi.join("beta"));
    let mut client = start(&[&alpha, &beta], capabilities(false));
    let message = wait_indexed(&mut client);
    assert!(message.starts_with("Indexed 2 documents"), "{message}");
    let doc = alpha.join("docs/adr/0001-alpha-choice.md");
    let uri = file_uri(&doc);
    client.open(&uri, &std::fs::read_to_string(&doc).unwrap());
    // The link into the other folder resolves (with its anchor); the one to a missing file
    // does not.
    let found = wait_broken(&mut client, &uri, 1);
    assert!(found[0].contains("0002-gone.md"), "{found:?}");
    client.shutdown();
}

#[test]
fn an_added_workspace_folder_is_indexed() {
    let (_dir, multi) = workspace("multi");
    let (alpha, beta) = (multi.join("alpha"), multi.join("beta"));
    let mut client = start(&[&alpha], capabilities(false));
    wait_indexed(&mut client);
    let doc = alpha.join("docs/adr/0001-alpha-choice.md");
    let uri = file_uri(&doc);
    client.open(&uri, &std::fs::read_to_string(&doc).unwrap());
    // Links that leave the workspace are not the workspace's to check (as `docwright check`).
    wait_broken(&mut client, &uri, 0);
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [{ "uri": file_uri(&beta), "name": "beta" }], "removed": [] } }),
    );
    let message = wait_indexed(&mut client);
    assert!(message.starts_with("Indexed 2 documents"), "{message}");
    // Inside the workspace now: the link to the existing file resolves, the other is broken.
    let found = wait_broken(&mut client, &uri, 1);
    assert!(found[0].contains("0002-gone.md"), "{found:?}");
    client.shutdown();
}

#[cfg(unix)]
#[test]
fn symlink_loops_outside_links_oversize_and_non_utf8_files_are_not_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("ws");
    let outside = base.join("outside");
    std::fs::create_dir_all(root.join("docs/adr")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        root.join("docs/adr/0001-kept.md"),
        "# 1. Kept\n\nCites ADR-0005.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(".", root.join("docs/adr/loop")).unwrap();
    std::fs::write(outside.join("0005-outside.md"), "# 5. Outside\n").unwrap();
    std::os::unix::fs::symlink(
        outside.join("0005-outside.md"),
        root.join("docs/adr/0005-outside.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, root.join("docs/adr/elsewhere")).unwrap();
    let mut big = String::from("# 2. Big\n\n");
    while big.len() <= 5 * 1024 * 1024 {
        big.push_str("A line of a generated dump that nobody would call a design doc.\n");
    }
    std::fs::write(root.join("docs/adr/0002-big.md"), big).unwrap();
    std::fs::write(root.join("docs/adr/0003-latin1.md"), b"# 3. Caf\xe9\n").unwrap();

    let mut client = start(&[&root], capabilities(false));
    let message = wait_indexed(&mut client);
    assert!(message.starts_with("Indexed 1 document in"), "{message}");
    for name in ["0002-big.md", "0003-latin1.md"] {
        let line = client.wait_notification("window/logMessage", |p| {
            p["message"].as_str().is_some_and(|m| m.contains(name))
        });
        assert!(
            line["message"]
                .as_str()
                .unwrap()
                .starts_with("not indexing"),
            "{line}"
        );
    }
    let report = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .unwrap();
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{report}");
    assert!(
        broken(&items[0]["items"])[0].contains("ADR 5"),
        "the symlink to a file outside the folder is not indexed: {report}"
    );
    client.shutdown();
}

#[test]
fn workspace_diagnostic_reports_unopened_documents_and_unchanged_results() {
    let (_dir, root, mut client) = indexed_basic(true);
    wait_refresh(&mut client);
    let citing = file_uri(&root.join("docs/adr/0001-record-decisions.md"));
    let report = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .unwrap();
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{report}");
    assert_eq!(items[0]["uri"], json!(citing));
    assert_eq!(items[0]["kind"], "full");
    assert_eq!(items[0]["version"], Value::Null);
    assert_eq!(broken(&items[0]["items"]).len(), 1, "{report}");
    let result_id = items[0]["resultId"].as_str().unwrap().to_string();

    let again = client
        .request(
            "workspace/diagnostic",
            json!({ "previousResultIds": [{ "uri": citing, "value": result_id }] }),
        )
        .unwrap();
    assert_eq!(again["items"][0]["kind"], "unchanged", "{again}");

    // Fixed on disk: the client is told to drop what it shows.
    std::fs::write(root.join("docs/adr/0009-use-kafka.md"), KAFKA).unwrap();
    watched(
        &mut client,
        &root.join("docs/adr/0009-use-kafka.md"),
        CREATED,
    );
    wait_refresh(&mut client);
    let fixed = client
        .request(
            "workspace/diagnostic",
            json!({ "previousResultIds": [{ "uri": citing, "value": result_id }] }),
        )
        .unwrap();
    assert_eq!(fixed["items"][0]["kind"], "full", "{fixed}");
    assert_eq!(fixed["items"][0]["items"], json!([]), "{fixed}");
    client.shutdown();
}

/// A pulling client on the indexed fixture, with the citing document open and pulled once: it
/// reports its two broken references.
fn pulled_citing_document() -> (tempfile::TempDir, PathBuf, LspClient, String, Value) {
    let (dir, root, mut client) = indexed_basic(true);
    wait_refresh(&mut client);
    let citing = open_citing(&mut client, &root);
    let pulled = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": citing } }),
        )
        .unwrap();
    assert_eq!(broken(&pulled["items"]).len(), 2, "{pulled}");
    (dir, root, client, citing, pulled)
}

#[test]
fn a_client_that_pulls_gets_no_pushes_for_open_documents() {
    let (_dir, root, mut client, citing, pulled) = pulled_citing_document();
    assert!(
        client
            .try_wait_notification(
                "textDocument/publishDiagnostics",
                |p| p["uri"] == json!(citing),
                Duration::from_millis(500),
            )
            .is_none(),
        "diagnostics were pushed as well as pulled"
    );
    // An index change the open document depends on changes its pulled result.
    let kafka = root.join("docs/adr/0009-use-kafka.md");
    std::fs::write(&kafka, KAFKA).unwrap();
    watched(&mut client, &kafka, CREATED);
    wait_refresh(&mut client);
    let previous = pulled["resultId"].clone();
    let repulled = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": citing }, "previousResultId": previous }),
        )
        .unwrap();
    assert_eq!(repulled["kind"], "full", "{repulled}");
    assert_eq!(broken(&repulled["items"]).len(), 0, "{repulled}");
    client.shutdown();
}

#[test]
fn a_client_that_pulls_is_asked_to_pull_again_when_the_settings_change() {
    let (_dir, _root, mut client, citing, pulled) = pulled_citing_document();
    client.drain();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "docwright": { "rules": { "broken-reference": "off" } } } }),
    );
    // Nothing is pushed to a client that pulls: without this request it would keep showing
    // what the rule, now off, reported.
    wait_refresh(&mut client);
    let repulled = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": citing }, "previousResultId": pulled["resultId"] }),
        )
        .unwrap();
    assert_eq!(repulled["kind"], "full", "{repulled}");
    assert_eq!(broken(&repulled["items"]).len(), 0, "{repulled}");
    client.shutdown();
}
