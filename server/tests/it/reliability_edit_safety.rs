//! Edit safety: every WorkspaceEdit the server returns names the document version it was computed
//! for (when the client supports versioned `documentChanges`), so an edit computed at version N is
//! refused once the document is at N+1, and asking again recomputes it against the new text; and
//! `docwright check --fix` replaces each file atomically (a new file renamed over the old one).

use crate::common;

use common::*;
use serde_json::{Value, json};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;

const ADR: &str = "# 2. Publish events through Kafka\n\nDate: 2024-06-11\n\n## Status\n\nAcepted\n\n## Context\n\nServices poll each other.\n\n## Decision\n\nWe will publish events.\n\n## Consequences\n\nConsumers no longer poll.\n";

fn capabilities(document_changes: bool) -> Value {
    let mut capabilities = rich_capabilities(&["utf-8"]);
    capabilities["workspace"]["workspaceEdit"] = json!({ "documentChanges": document_changes });
    capabilities
}

/// A workspace with the ADR at `docs/adr/0002-kafka.md`, the server started on it.
fn started(document_changes: bool) -> (tempfile::TempDir, LspClient, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs/adr/0002-kafka.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, ADR).unwrap();
    let (client, _) = LspClient::start(
        Some(dir.path()),
        capabilities(document_changes),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    let uri = file_uri(&path);
    (dir, client, uri)
}

/// Every code action over the whole document, lazy ones resolved.
fn actions_with_edits(client: &mut LspClient, uri: &str, text: &str) -> Vec<Value> {
    let lines = text.matches('\n').count() as u32;
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": lsp_range(((0, 0), (lines + 1, 0))),
                "context": { "diagnostics": [] },
            }),
        )
        .unwrap();
    let actions = actions.as_array().cloned().unwrap_or_default();
    assert!(!actions.is_empty(), "no code actions for {text:?}");
    actions
        .into_iter()
        .map(|action| {
            if action["edit"].is_null() {
                client.request("codeAction/resolve", action).unwrap()
            } else {
                action
            }
        })
        .collect()
}

fn status_fix(actions: &[Value]) -> &Value {
    actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Change the status to")
        })
        .expect("a status fix")
}

/// What a conforming client does with a versioned edit: apply it only to the version it names.
fn apply_as_a_client(edit: &Value, uri: &str, text: &str, version: i64) -> Result<String, String> {
    let document_edits = edit["documentChanges"].as_array().expect("documentChanges");
    for document_edit in document_edits {
        if document_edit["textDocument"]["uri"] == uri
            && document_edit["textDocument"]["version"] != json!(version)
        {
            return Err(format!(
                "edit for version {} refused: the document is at {version}",
                document_edit["textDocument"]["version"]
            ));
        }
    }
    Ok(apply_text_edits(
        text,
        &workspace_edits_for(edit, uri),
        Columns::Utf8,
    ))
}

#[test]
fn every_edit_names_its_document_version_when_the_client_supports_it() {
    let (_dir, mut client, uri) = started(true);
    client.open(&uri, ADR);
    client.diagnostics_for(&uri, 1);
    let actions = actions_with_edits(&mut client, &uri, ADR);
    for action in &actions {
        let edit = &action["edit"];
        assert!(
            edit["changes"].is_null(),
            "unversioned changes in {action:#}"
        );
        let document_edits = edit["documentChanges"].as_array().expect("documentChanges");
        assert!(!document_edits.is_empty(), "{action:#}");
        for document_edit in document_edits {
            assert_eq!(document_edit["textDocument"]["uri"], json!(uri));
            assert_eq!(document_edit["textDocument"]["version"], 1, "{action:#}");
        }
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_edit_computed_at_version_n_is_refused_at_n_plus_one_and_asking_again_recomputes() {
    let (_dir, mut client, uri) = started(true);
    client.open(&uri, ADR);
    client.diagnostics_for(&uri, 1);
    let stale = status_fix(&actions_with_edits(&mut client, &uri, ADR))["edit"].clone();
    // Applied at once, the fix corrects the status.
    let fixed_now = apply_as_a_client(&stale, &uri, ADR, 1).unwrap();
    assert!(fixed_now.contains("\nAccepted\n"), "{fixed_now}");

    // The user types a line above the status before the fix is applied: version 2.
    client.change(&uri, 2, ((4, 0), (4, 0)), "Reviewed by the board.\n\n");
    let typed = ADR.replacen("## Status", "Reviewed by the board.\n\n## Status", 1);
    client.diagnostics_for(&uri, 2);

    // The version-1 edit would now land on the wrong line: a client refuses it.
    let refused = apply_as_a_client(&stale, &uri, &typed, 2);
    assert!(refused.is_err(), "{refused:?}");
    // Applied blindly, it would have damaged the text: what the version check prevents.
    let blind = apply_text_edits(&typed, &workspace_edits_for(&stale, &uri), Columns::Utf8);
    assert!(!blind.contains("\nAccepted\n"), "{blind}");

    // Asked again, the server computes the fix against version 2.
    let fresh = status_fix(&actions_with_edits(&mut client, &uri, &typed))["edit"].clone();
    let fixed = apply_as_a_client(&fresh, &uri, &typed, 2).unwrap();
    assert_eq!(
        fixed,
        typed.replacen("\nAcepted\n", "\nAccepted\n", 1),
        "the fix at version 2 keeps the typed line"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_lazy_action_resolved_after_an_edit_is_refused_by_the_server() {
    let (_dir, mut client, uri) = started(true);
    client.open(&uri, "");
    client.diagnostics_for(&uri, 1);
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": lsp_range(((0, 0), (0, 0))),
                "context": { "diagnostics": [], "only": ["refactor"] },
            }),
        )
        .unwrap();
    let lazy = actions
        .as_array()
        .and_then(|actions| actions.iter().find(|a| a["edit"].is_null()).cloned())
        .expect("a lazy template action for an empty ADR");
    client.replace_all(&uri, 2, "# Typed meanwhile\n");
    client.diagnostics_for(&uri, 2);
    let error = client.request("codeAction/resolve", lazy).unwrap_err();
    assert_eq!(error["code"], -32801, "ContentModified: {error}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn clients_without_document_changes_get_plain_changes() {
    let (_dir, mut client, uri) = started(false);
    client.open(&uri, ADR);
    client.diagnostics_for(&uri, 1);
    let fix = status_fix(&actions_with_edits(&mut client, &uri, ADR))["edit"].clone();
    assert!(fix["documentChanges"].is_null(), "{fix:#}");
    let fixed = apply_text_edits(ADR, &workspace_edits_for(&fix, &uri), Columns::Utf8);
    assert_eq!(fixed, ADR.replacen("\nAcepted\n", "\nAccepted\n", 1));
    assert_eq!(client.shutdown(), Some(0));
}

/// `--fix` writes a new file and renames it over the old one: the path gets a new inode, the old
/// inode (held open here) still holds the old text (an in-place rewrite would have changed it, and
/// a crash midway would have left a truncated file), and no temporary file is left behind.
///
/// The old inode is kept by an open descriptor, not a hard link: since issue 18, `--fix` refuses
/// to break a hard link (`reliability_fs_boundary.rs`).
#[test]
fn fix_replaces_each_file_atomically() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("docs/adr");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("0002-kafka.md");
    std::fs::write(&path, ADR).unwrap();
    let old_inode = std::fs::metadata(&path).unwrap().ino();
    let mut keeper = std::fs::File::open(&path).unwrap();

    let run = Command::new(env!("CARGO_BIN_EXE_docwright"))
        .args(["check", "--fix", "--no-color"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("\nAccepted\n"),
        "not fixed: {fixed}\n{}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert_ne!(std::fs::metadata(&path).unwrap().ino(), old_inode);
    let mut kept = String::new();
    keeper.read_to_string(&mut kept).unwrap();
    assert_eq!(kept, ADR);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["0002-kafka.md"], "temporary files left behind");
    assert!(Path::new(&path).exists());
}
