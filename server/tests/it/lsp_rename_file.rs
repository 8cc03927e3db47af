//! Renaming a file from a link to it, over stdio: `textDocument/prepareRename` and
//! `textDocument/rename` on a link that names a whole document (or on its id) answer with every
//! link to it updated, its own relative links updated (fragments kept), and a `RenameFile`, for a
//! client that can rename files. A new name outside the workspace or taken is refused with an
//! error reply, the server keeps answering, and nothing changes.

use crate::common;

use common::cli::{assert_no_broken_reference, fixture_copy};
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn start(dir: &Path, resource_operations: Value) -> LspClient {
    let mut capabilities = rich_capabilities(&["utf-16"]);
    capabilities["workspace"]["workspaceEdit"] =
        json!({ "documentChanges": true, "resourceOperations": resource_operations });
    let (mut client, _) =
        LspClient::start(Some(dir), capabilities, json!({ "diagnosticsDelayMs": 0 }));
    common::workspace::wait_indexed(&mut client);
    client
}

fn uri(dir: &Path, relative: &str) -> String {
    file_uri(&dir.join(relative))
}

fn read(dir: &Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).unwrap()
}

/// `textDocument` and `position` of the first `needle` in the file, `shift` columns in (ASCII).
fn at(dir: &Path, relative: &str, needle: &str, shift: usize) -> Value {
    let text = read(dir, relative);
    let offset = text.find(needle).unwrap() + shift;
    let line = text[..offset].matches('\n').count();
    let character = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1);
    json!({
        "textDocument": { "uri": uri(dir, relative) },
        "position": { "line": line, "character": character }
    })
}

fn rename(client: &mut LspClient, at: &Value, new_name: &str) -> Result<Value, Value> {
    let mut params = at.clone();
    params["newName"] = json!(new_name);
    client.request("textDocument/rename", params)
}

fn path_of(uri: &str) -> PathBuf {
    PathBuf::from(uri.strip_prefix("file://").unwrap())
}

/// Applies the `documentChanges` in order, as an editor does (files not open), checking that
/// every one stays under `dir` and that a rename never overwrites.
fn apply(dir: &Path, edit: &Value) {
    let root = file_uri(dir);
    for change in edit["documentChanges"].as_array().unwrap() {
        if change["kind"] == "rename" {
            let (old, new) = (
                change["oldUri"].as_str().unwrap(),
                change["newUri"].as_str().unwrap(),
            );
            assert!(new.starts_with(&format!("{root}/")), "{new} outside {root}");
            assert_eq!(change["options"]["overwrite"], false);
            assert!(!path_of(new).exists(), "{new} would be overwritten");
            std::fs::create_dir_all(path_of(new).parent().unwrap()).unwrap();
            std::fs::rename(path_of(old), path_of(new)).unwrap();
        } else {
            let uri = change["textDocument"]["uri"].as_str().unwrap();
            assert!(uri.starts_with(&format!("{root}/")), "{uri} outside {root}");
            let text = std::fs::read_to_string(path_of(uri)).unwrap();
            let edits = change["edits"].as_array().unwrap();
            std::fs::write(path_of(uri), apply_text_edits(&text, edits, Columns::Utf16)).unwrap();
        }
    }
}

/// Every file of the workspace with its text.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, String> {
    common::cli::tree(dir)
}

#[test]
fn a_link_to_a_document_renames_its_file_and_every_link_follows() {
    let copy = fixture_copy("rename");
    let dir = copy.path().canonicalize().unwrap();
    let mut client = start(&dir, json!(["create", "rename", "delete"]));
    let first = "docs/adr/0001-use-postgres.md";
    let on_link = at(&dir, first, "./0002-use-redis.md", 4);

    let prepared = client
        .request("textDocument/prepareRename", on_link.clone())
        .unwrap();
    assert_eq!(prepared["placeholder"], "./0002-use-redis.md");
    let line = read(&dir, first)
        .lines()
        .position(|l| l.contains("./0002-use-redis.md"))
        .unwrap();
    let column = read(&dir, first)
        .lines()
        .nth(line)
        .unwrap()
        .find("./0002")
        .unwrap();
    assert_eq!(
        prepared["range"],
        lsp_range((
            (line as u32, column as u32),
            (line as u32, (column + "./0002-use-redis.md".len()) as u32)
        ))
    );

    let edit = rename(&mut client, &on_link, "../decisions/0002-redis.md").unwrap();
    let changes = edit["documentChanges"].as_array().unwrap();
    let last = changes.last().unwrap();
    assert_eq!(
        last["kind"], "rename",
        "the file moves after its links: {edit:#}"
    );
    assert_eq!(last["oldUri"], uri(&dir, "docs/adr/0002-use-redis.md"));
    assert_eq!(last["newUri"], uri(&dir, "docs/decisions/0002-redis.md"));
    apply(&dir, &edit);

    let first_text = read(&dir, first);
    assert!(
        first_text.contains("See [Redis](../decisions/0002-redis.md)."),
        "{first_text}"
    );
    let moved = read(&dir, "docs/decisions/0002-redis.md");
    for link in [
        "[its decision](../adr/0001-use-postgres.md#decision)",
        "[context](../adr/0001-use-postgres.md#context)",
        "[pg]: ../adr/0001-use-postgres.md#decision",
        "ADR-0001 chose",
    ] {
        assert!(moved.contains(link), "{link} in:\n{moved}");
    }
    // The command line agrees: nothing of the workspace is broken by the move.
    assert_no_broken_reference(&dir, "docs");
    client.shutdown();
}

#[test]
fn an_id_renames_the_file_it_names_and_stays_as_written() {
    let copy = fixture_copy("rename");
    let dir = copy.path().canonicalize().unwrap();
    let mut client = start(&dir, json!(["rename"]));
    let on_id = at(&dir, "docs/adr/0002-use-redis.md", "ADR-0001 chose", 2);
    let prepared = client
        .request("textDocument/prepareRename", on_id.clone())
        .unwrap();
    assert_eq!(prepared["placeholder"], "0001-use-postgres.md");
    let edit = rename(&mut client, &on_id, "0001-postgresql").unwrap();
    apply(&dir, &edit);
    assert!(dir.join("docs/adr/0001-postgresql.md").exists());
    let redis = read(&dir, "docs/adr/0002-use-redis.md");
    assert!(
        redis.contains("ADR-0001 chose the database; [its decision](0001-postgresql.md#decision)"),
        "{redis}"
    );
    let notes = read(&dir, "docs/notes/open.md");
    assert!(
        notes.contains("(../adr/0001-postgresql.md#decision)"),
        "{notes}"
    );
    client.shutdown();
}

#[test]
fn a_new_name_outside_the_root_or_taken_is_refused_and_nothing_changes() {
    let copy = fixture_copy("rename");
    let dir = copy.path().canonicalize().unwrap();
    let before = snapshot(&dir);
    let mut client = start(&dir, json!(["rename"]));
    let on_link = at(
        &dir,
        "docs/adr/0001-use-postgres.md",
        "./0002-use-redis.md",
        4,
    );
    for (new_name, why) in [
        ("../../../../outside.md", "outside the workspace"),
        ("/etc/passwd.md", "outside the workspace"),
        ("./0003-launch.md", "already exists"),
        ("../notes/open.md", "already exists"),
        ("./0002-use-redis.txt", "not a Markdown file"),
        ("", "needs a name"),
    ] {
        let error = rename(&mut client, &on_link, new_name).expect_err(new_name);
        assert!(
            error["message"].as_str().unwrap().contains(why),
            "{new_name}: {error}"
        );
    }
    // A link into a folder that leaves the root through a symbolic link is refused too.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.join("docs/adr/elsewhere")).unwrap();
        let error = rename(&mut client, &on_link, "./elsewhere/0002.md").unwrap_err();
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("cannot be written"),
            "{error}"
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        std::fs::remove_file(dir.join("docs/adr/elsewhere")).unwrap();
    }
    // The server is still there, and nothing was written.
    assert!(
        client
            .request("textDocument/prepareRename", on_link.clone())
            .is_ok()
    );
    client.shutdown();
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_client_that_cannot_rename_files_is_refused_as_before() {
    let copy = fixture_copy("rename");
    let dir = copy.path().canonicalize().unwrap();
    let mut client = start(&dir, json!(["create"]));
    let on_link = at(
        &dir,
        "docs/adr/0001-use-postgres.md",
        "./0002-use-redis.md",
        4,
    );
    let error = client
        .request("textDocument/prepareRename", on_link)
        .unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("Only headings and links to them can be renamed"),
        "{error}"
    );
    client.shutdown();
}
