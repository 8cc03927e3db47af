//! The quick fix on a reference to a document not written yet, over stdio: "Create
//! 0007-use-x.md from the log's template" creates the file the link names (or, for a wiki link
//! by title, the file `docwright new` would make for that title) with the text `docwright new`
//! writes in that log, only for a client that can create files, never over an existing file and
//! never outside the workspace root. Once created, `docwright check` finds the link resolved.

use crate::common;

use common::cli::{assert_no_broken_reference, docwright};
use common::*;
use serde_json::{Value, json};
use std::path::Path;

const TEMPLATE: &str = "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nThe issue motivating this decision.\n\n## Decision\n\nThe change that we're proposing.\n\n## Consequences\n\nWhat becomes easier or harder.\n";

const FIRST: &str = "# 1. Record architecture decisions\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n\n## Decision\n\nWe will use ADRs.\n\n## Consequences\n\nSee Michael Nygard's article.\n";

const CITING: &str = "# 2. Cache results\n\nDate: 2024-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nAs [[0001-record-architecture-decisions]] says, and [ADR 7](0007-use-x.md#decision) will say.\nLater: [[Some new doc]].\nOutside: [up](../../../outside.md).\n\n## Decision\n\nCache them.\n\n## Consequences\n\nStale results.\n";

const CITING_PATH: &str = "doc/adr/0002-cache-results.md";

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// An adr-tools log with its own template.
fn workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, ".adr-dir", "doc/adr\n");
    write(&root, "doc/adr/templates/template.md", TEMPLATE);
    write(
        &root,
        "doc/adr/0001-record-architecture-decisions.md",
        FIRST,
    );
    write(&root, CITING_PATH, CITING);
    (dir, root)
}

fn start(root: &Path, resource_operations: Value) -> LspClient {
    let mut capabilities = rich_capabilities(&["utf-8"]);
    capabilities["workspace"]["workspaceEdit"] =
        json!({ "documentChanges": true, "resourceOperations": resource_operations });
    let (mut client, _) =
        LspClient::start(Some(root), capabilities, json!({ "diagnosticsDelayMs": 0 }));
    common::workspace::wait_indexed(&mut client);
    client
}

/// The line and character of the first `needle` in `text`, plus `into` bytes (ASCII text).
fn position(text: &str, needle: &str, into: usize) -> Value {
    let offset = text.find(needle).unwrap() + into;
    let line = text[..offset].matches('\n').count();
    let character = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1);
    json!({ "line": line, "character": character })
}

/// The code actions at `needle` (an empty range inside it), with the diagnostics published.
fn actions_at(
    client: &mut LspClient,
    uri: &str,
    diagnostics: &[Value],
    needle: &str,
) -> Vec<Value> {
    let at = position(CITING, needle, 3);
    let answer = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": at, "end": at },
                "context": { "diagnostics": diagnostics, "triggerKind": 1 }
            }),
        )
        .unwrap();
    answer.as_array().cloned().unwrap_or_default()
}

fn creations(actions: &[Value]) -> Vec<&Value> {
    actions
        .iter()
        .filter(|a| a["title"].as_str().unwrap_or("").starts_with("Create "))
        .collect()
}

/// Applies a creating action as an editor does: refuses to overwrite, creates the file, then
/// applies the text edits to it. Returns the created files' workspace-relative paths.
fn apply_creation(root: &Path, action: &Value) -> Vec<String> {
    let root_uri = file_uri(root);
    let mut created = Vec::new();
    for change in action["edit"]["documentChanges"].as_array().unwrap() {
        if change["kind"] == "create" {
            let uri = change["uri"].as_str().unwrap();
            assert!(
                uri.starts_with(&format!("{root_uri}/")),
                "{uri} is outside {root_uri}"
            );
            assert_eq!(change["options"]["overwrite"], false);
            let path = Path::new(uri.strip_prefix("file://").unwrap());
            assert!(!path.exists(), "{} would be overwritten", path.display());
            std::fs::write(path, "").unwrap();
            created.push(uri[root_uri.len() + 1..].to_string());
        } else {
            let uri = change["textDocument"]["uri"].as_str().unwrap();
            let path = Path::new(uri.strip_prefix("file://").unwrap());
            let text = std::fs::read_to_string(path).unwrap();
            let edits = change["edits"].as_array().unwrap();
            std::fs::write(path, apply_text_edits(&text, edits, Columns::Utf8)).unwrap();
        }
    }
    created
}

/// Today's UTC date, as the server writes it.
fn today() -> String {
    docwright::host::today()
}

#[test]
fn a_missing_document_is_created_from_the_logs_template_and_the_links_then_resolve() {
    let (_dir, root) = workspace();
    let mut client = start(&root, json!(["create", "rename", "delete"]));
    let uri = file_uri(&root.join(CITING_PATH));
    client.open(&uri, CITING);
    let diagnostics = client.diagnostics_for(&uri, 1);
    let broken: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["code"] == "broken-reference")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(broken.len(), 2, "{diagnostics:#?}");
    let before = docwright(&root, &["check", "--format", "json", CITING_PATH]);
    assert_eq!(
        before.stdout.matches("broken-reference").count(),
        2,
        "{}{}",
        before.stdout,
        before.stderr
    );

    // On the link to a file: that file, with the number and title its name carries.
    let on_link = actions_at(&mut client, &uri, &diagnostics, "[ADR 7]");
    let create = creations(&on_link);
    assert_eq!(create.len(), 1, "{on_link:#?}");
    assert_eq!(
        create[0]["title"],
        "Create 0007-use-x.md from the log's template"
    );
    assert_eq!(create[0]["kind"], "quickfix");
    assert_eq!(create[0]["diagnostics"][0]["code"], "broken-reference");
    assert_eq!(
        apply_creation(&root, create[0]),
        vec!["doc/adr/0007-use-x.md"]
    );
    let today = today();
    assert_eq!(
        std::fs::read_to_string(root.join("doc/adr/0007-use-x.md")).unwrap(),
        TEMPLATE
            .replace("NUMBER", "7")
            .replace("TITLE", "Use x")
            .replace("DATE", &today)
            .replace("STATUS", "Accepted")
    );

    // On the wiki link by title: where and how `docwright new` writes that title.
    let on_wiki = actions_at(&mut client, &uri, &diagnostics, "[[Some new doc]]");
    let create = creations(&on_wiki);
    assert_eq!(create.len(), 1, "{on_wiki:#?}");
    assert_eq!(
        apply_creation(&root, create[0]),
        vec!["doc/adr/0008-some-new-doc.md"]
    );
    let created = std::fs::read_to_string(root.join("doc/adr/0008-some-new-doc.md")).unwrap();
    assert!(created.starts_with("# 8. Some new doc\n"), "{created}");

    // Nothing on a line without such a finding, nor for a link above the root.
    assert!(creations(&actions_at(&mut client, &uri, &diagnostics, "Cache them")).is_empty());
    assert!(creations(&actions_at(&mut client, &uri, &diagnostics, "[up]")).is_empty());
    assert!(!root.parent().unwrap().join("outside.md").exists());

    // The command line, reading the files now there, finds every link resolved.
    assert_no_broken_reference(&root, CITING_PATH);
    client.shutdown();
}

#[test]
fn no_creation_over_an_existing_file_nor_for_a_client_that_cannot_create() {
    let (_dir, root) = workspace();
    let mut client = start(&root, json!(["rename"]));
    let uri = file_uri(&root.join(CITING_PATH));
    client.open(&uri, CITING);
    let diagnostics = client.diagnostics_for(&uri, 1);
    assert!(
        creations(&actions_at(&mut client, &uri, &diagnostics, "[ADR 7]")).is_empty(),
        "the client cannot create files"
    );
    client.shutdown();

    let mut client = start(&root, json!(["create"]));
    client.open(&uri, CITING);
    let diagnostics = client.diagnostics_for(&uri, 1);
    assert_eq!(
        creations(&actions_at(&mut client, &uri, &diagnostics, "[ADR 7]")).len(),
        1
    );
    // The file appears (written by someone else, the index not told yet): never overwritten.
    let someone_elses = "# 7. Use X, written by hand\n";
    write(&root, "doc/adr/0007-use-x.md", someone_elses);
    assert!(
        creations(&actions_at(&mut client, &uri, &diagnostics, "[ADR 7]")).is_empty(),
        "a file that exists is not offered"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("doc/adr/0007-use-x.md")).unwrap(),
        someone_elses
    );
    client.shutdown();
}
