//! The authoring commands over `workspace/executeCommand`: the `WorkspaceEdit` each one sends is
//! applied to the files of a fixture repository (as the editor would) and the result snapshotted.

use crate::common;

use common::LspClient;
use common::cli::{docwright_ok, fixture_copy, tree};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn repository(layout: &str) -> tempfile::TempDir {
    fixture_copy(&format!("authoring/{layout}"))
}

fn start(dir: &Path) -> LspClient {
    let capabilities = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } },
        "window": { "showDocument": { "support": true } },
    });
    LspClient::start(Some(dir), capabilities, json!({})).0
}

fn path_of(uri: &str) -> PathBuf {
    PathBuf::from(uri.strip_prefix("file://").expect("a file URI"))
}

/// A UTF-16 position's byte offset in `text`.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies a `WorkspaceEdit` with `documentChanges` to the files, as an editor does.
fn apply(edit: &Value) {
    for change in edit["documentChanges"].as_array().unwrap() {
        if change["kind"] == "create" {
            let path = path_of(change["uri"].as_str().unwrap());
            assert!(!path.exists(), "CreateFile never overwrites");
            std::fs::write(&path, "").unwrap();
            continue;
        }
        if change["kind"] == "rename" {
            let (old, new) = (
                path_of(change["oldUri"].as_str().unwrap()),
                path_of(change["newUri"].as_str().unwrap()),
            );
            assert_eq!(change["options"]["overwrite"], json!(false));
            assert!(!new.exists(), "RenameFile never overwrites");
            std::fs::rename(old, new).unwrap();
            continue;
        }
        let path = path_of(change["textDocument"]["uri"].as_str().unwrap());
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut edits: Vec<&Value> = change["edits"].as_array().unwrap().iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(offset(&text, &e["range"]["start"])));
        for e in edits {
            let start = offset(&text, &e["range"]["start"]);
            let end = offset(&text, &e["range"]["end"]);
            text.replace_range(start..end, e["newText"].as_str().unwrap());
        }
        std::fs::write(&path, text).unwrap();
    }
}

fn execute(client: &mut LspClient, command: &str, argument: Value) -> Value {
    client
        .request(
            "workspace/executeCommand",
            json!({ "command": command, "arguments": [argument] }),
        )
        .expect("the command succeeds")
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

#[test]
fn the_commands_are_advertised() {
    let repo = repository("adr-tools");
    let (_client, result) = LspClient::start(Some(repo.path()), json!({}), json!({}));
    assert_eq!(
        result["capabilities"]["executeCommandProvider"]["commands"],
        json!([
            "docwright.new",
            "docwright.supersede",
            "docwright.link",
            "docwright.setStatus",
            "docwright.index",
            "docwright.make",
            "docwright.fill",
            "docwright.digest",
            "docwright.fillDecisions",
            "docwright.showReferences"
        ])
    );
}

#[test]
fn new_creates_the_file_then_writes_it_and_shows_it() {
    let repo = repository("adr-tools");
    let mut client = start(repo.path());
    let answer = execute(
        &mut client,
        "docwright.new",
        json!({ "kind": "adr", "title": "Use PostgreSQL", "date": "2026-11-23" }),
    );
    assert_eq!(answer["applied"], json!(true));
    let changes = answer["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[1]["textDocument"]["uri"], changes[0]["uri"]);
    assert!(
        answer["uri"]
            .as_str()
            .unwrap()
            .ends_with("/doc/adr/0003-use-postgresql.md")
    );
    apply(&answer["edit"]);
    insta::assert_snapshot!(read(repo.path(), "doc/adr/0003-use-postgresql.md"));
    let shown = client.wait_message(|m| m["method"] == "window/showDocument");
    assert_eq!(shown.unwrap()["params"]["uri"], answer["uri"]);
}

#[test]
fn supersede_edits_both_documents_with_their_versions_once() {
    let repo = repository("madr");
    let mut client = start(repo.path());
    let old = "docs/decisions/0001-use-markdown-architectural-decision-records.md";
    let old_uri = format!("file://{}", repo.path().join(old).display());
    // The old document is open in the editor: its edit carries the version it was read at.
    client.open_versioned(&old_uri, &read(repo.path(), old), 7);
    let answer = execute(
        &mut client,
        "docwright.supersede",
        json!({ "old": old_uri, "new": "2" }),
    );
    let changes = answer["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "one edit carries both documents");
    assert_eq!(changes[0]["textDocument"]["version"], json!(7));
    assert_eq!(changes[1]["textDocument"]["version"], Value::Null);
    apply(&answer["edit"]);
    insta::assert_snapshot!(format!(
        "{}\n=====\n{}",
        read(repo.path(), old),
        read(repo.path(), "docs/decisions/0002-use-mysql.md")
    ));

    client.replace_all(&old_uri, 8, &read(repo.path(), old));
    let again = execute(
        &mut client,
        "docwright.supersede",
        json!({ "old": old_uri, "new": "2" }),
    );
    assert_eq!(again, json!({ "applied": false, "edit": null }));
}

#[test]
fn set_status_link_and_index_over_the_server() {
    let repo = repository("log4brains");
    let mut client = start(repo.path());
    let answer = execute(
        &mut client,
        "docwright.setStatus",
        json!({ "document": "20240201-use-mysql.md", "status": "deprecate" }),
    );
    apply(&answer["edit"]);
    let answer = execute(
        &mut client,
        "docwright.link",
        json!({ "from": "20240201-use-mysql.md", "to": "20240110-use-log4brains-to-manage-the-adrs.md", "relation": "relates-to" }),
    );
    apply(&answer["edit"]);
    let answer = execute(&mut client, "docwright.index", json!({}));
    assert!(
        answer["uri"]
            .as_str()
            .unwrap()
            .ends_with("/docs/adr/README.md")
    );
    apply(&answer["edit"]);
    insta::assert_snapshot!(format!(
        "{}\n=====\n{}\n=====\n{}",
        read(repo.path(), "docs/adr/20240201-use-mysql.md"),
        read(
            repo.path(),
            "docs/adr/20240110-use-log4brains-to-manage-the-adrs.md"
        ),
        read(repo.path(), "docs/adr/README.md"),
    ));

    let error = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.setStatus", "arguments": [{ "document": "nope.md", "status": "accepted" }] }),
        )
        .unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("no document `nope.md`"),
        "{error}"
    );
}

#[test]
fn set_status_is_offered_as_a_code_action_on_the_status() {
    let repo = repository("adr-tools");
    let mut client = start(repo.path());
    let path = "doc/adr/0002-use-mysql.md";
    let uri = format!("file://{}", repo.path().join(path).display());
    let text = read(repo.path(), path);
    client.open(&uri, &text);
    // Line 6 is "Accepted" under `## Status`.
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 6, "character": 2 }, "end": { "line": 6, "character": 2 } },
                "context": { "diagnostics": [] },
            }),
        )
        .unwrap();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .filter(|t| t.starts_with("Set status"))
        .collect();
    assert_eq!(
        titles,
        ["Set status to rejected", "Set status to deprecated"]
    );
    let deprecate = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Set status to deprecated")
        .unwrap();
    apply(&deprecate["edit"]);
    assert!(read(repo.path(), path).contains("## Status\n\nDeprecated\n\n## Context"));

    // Away from the status, nothing is offered.
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 10, "character": 0 }, "end": { "line": 10, "character": 0 } },
                "context": { "diagnostics": [] },
            }),
        )
        .unwrap();
    assert!(!actions.as_array().into_iter().flatten().any(|a| {
        a["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Set status"))
    }));
}

/// A client that can create and rename files.
fn start_renaming(dir: &Path) -> LspClient {
    let capabilities = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename"] } },
    });
    LspClient::start(Some(dir), capabilities, json!({})).0
}

#[test]
fn new_supersedes_on_creation_as_the_cli_does() {
    let (by_editor, by_cli) = (repository("adr-tools"), repository("adr-tools"));
    let mut client = start(by_editor.path());
    let answer = execute(
        &mut client,
        "docwright.new",
        json!({ "kind": "adr", "title": "Use PostgreSQL", "date": "2026-11-23", "supersedes": ["2"] }),
    );
    assert!(
        answer["uri"]
            .as_str()
            .unwrap()
            .ends_with("/doc/adr/0003-use-postgresql.md")
    );
    let changes = answer["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 3, "create, its text, the superseded record");
    apply(&answer["edit"]);
    docwright_ok(
        by_cli.path(),
        &[
            "new",
            "adr",
            "-s",
            "2",
            "Use PostgreSQL",
            "--date",
            "2026-11-23",
        ],
    );
    let tree = tree(by_editor.path());
    assert_eq!(tree, common::cli::tree(by_cli.path()));
    assert!(
        tree["doc/adr/0003-use-postgresql.md"]
            .contains("Supersedes [2. Use MySQL](0002-use-mysql.md)"),
        "{}",
        tree["doc/adr/0003-use-postgresql.md"]
    );

    // A document that does not exist: nothing is sent.
    let error = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.new", "arguments": [{ "kind": "adr", "title": "X", "supersedes": "9" }] }),
        )
        .unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("no document `9`"),
        "{error}"
    );
}

#[test]
fn accepting_a_pyadr_proposal_renames_it_as_the_cli_does() {
    let (by_editor, by_cli) = (repository("pyadr"), repository("pyadr"));
    for dir in [by_editor.path(), by_cli.path()] {
        assert_eq!(
            docwright_ok(dir, &["new", "madr", "Use PostgreSQL"]),
            "created docs/adr/XXXX-use-postgresql.md\n"
        );
        let citing = dir.join("docs/adr/0001-use-mysql.md");
        let text = std::fs::read_to_string(&citing).unwrap();
        std::fs::write(
            &citing,
            format!("{text}\nSee [the proposal](XXXX-use-postgresql.md).\n"),
        )
        .unwrap();
    }
    let mut client = start_renaming(by_editor.path());
    let answer = execute(
        &mut client,
        "docwright.setStatus",
        json!({ "document": "XXXX-use-postgresql.md", "status": "accept" }),
    );
    let changes = answer["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "rename");
    assert!(
        answer["uri"]
            .as_str()
            .unwrap()
            .ends_with("/docs/adr/0002-use-postgresql.md")
    );
    apply(&answer["edit"]);
    assert_eq!(
        docwright_ok(
            by_cli.path(),
            &["set-status", "XXXX-use-postgresql.md", "accept"]
        ),
        "renamed docs/adr/XXXX-use-postgresql.md to docs/adr/0002-use-postgresql.md\n\
         updated docs/adr/0001-use-mysql.md\n"
    );
    let tree = tree(by_editor.path());
    assert_eq!(tree, common::cli::tree(by_cli.path()));
    assert!(tree["docs/adr/0001-use-mysql.md"].contains("[the proposal](0002-use-postgresql.md)"));
    assert!(tree["docs/adr/0002-use-postgresql.md"].contains("* Status: accepted"));

    // An editor that cannot rename files is told so, and nothing is sent.
    let other = repository("pyadr");
    docwright_ok(other.path(), &["new", "madr", "Use PostgreSQL"]);
    let mut client = start(other.path());
    let error = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.setStatus", "arguments": [{ "document": "XXXX-use-postgresql.md", "status": "reject" }] }),
        )
        .unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("cannot rename files"),
        "{error}"
    );
    assert!(
        other
            .path()
            .join("docs/adr/XXXX-use-postgresql.md")
            .is_file()
    );
}
