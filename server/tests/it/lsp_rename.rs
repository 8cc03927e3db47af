//! Rename over stdio: a heading and every link to its anchor across the workspace
//! (`textDocument/rename`), the refusals of `textDocument/prepareRename`, and the link updates of
//! `workspace/willRenameFiles`. Each returned edit is applied to the files of a copy of
//! `fixtures/rename` as an editor would (open documents in their buffers), and the files are
//! snapshotted.

use crate::common;

use common::cli::fixture_copy;
use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const NOT_RENAMEABLE: &str = "Only headings and links to them can be renamed";

/// A copy of the fixture workspace, and the server started on it with a client that speaks
/// UTF-16 (the protocol's default, where an emoji is two columns) and versioned
/// `documentChanges` when `document_changes`.
fn started(document_changes: bool) -> (tempfile::TempDir, LspClient) {
    let dir = fixture_copy("rename");
    let mut capabilities = rich_capabilities(&["utf-16"]);
    capabilities["workspace"]["workspaceEdit"] = json!({ "documentChanges": document_changes });
    let (client, _) = LspClient::start(
        Some(dir.path()),
        capabilities,
        json!({ "diagnosticsDelayMs": 0 }),
    );
    (dir, client)
}

fn uri(dir: &Path, relative: &str) -> String {
    file_uri(&dir.join(relative))
}

fn read(dir: &Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).unwrap()
}

/// The (line, UTF-16 column) of the first occurrence of `needle` in `text`, plus `shift` columns.
fn position_of(text: &str, needle: &str, shift: u32) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    let column = text[line_start..at].encode_utf16().count() as u32 + shift;
    json!({ "line": line, "character": column })
}

fn text_document_position(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

/// `textDocument/prepareRename` at a position (`text_document_position`).
fn prepare_rename(client: &mut LspClient, at: &Value) -> Result<Value, Value> {
    client.request("textDocument/prepareRename", at.clone())
}

/// `textDocument/rename` of what is at a position (`text_document_position`) to `new_name`.
fn rename(client: &mut LspClient, at: Value, new_name: &str) -> Result<Value, Value> {
    let mut params = at;
    params["newName"] = json!(new_name);
    client.request("textDocument/rename", params)
}

/// Every document a `WorkspaceEdit` touches, with the version it names (`documentChanges`) or
/// `null` (`changes`).
fn edited_documents(edit: &Value) -> BTreeMap<String, Value> {
    if let Some(changes) = edit["changes"].as_object() {
        return changes.keys().map(|k| (k.clone(), Value::Null)).collect();
    }
    edit["documentChanges"]
        .as_array()
        .expect("documentChanges")
        .iter()
        .map(|change| {
            let document = &change["textDocument"];
            (
                document["uri"].as_str().unwrap().to_string(),
                document["version"].clone(),
            )
        })
        .collect()
}

/// Applies a `WorkspaceEdit` as an editor would: the edits of an open document to its buffer
/// (`buffers`, by URI; the buffer is also saved, as after "save all"), the others to the files.
fn apply(edit: &Value, buffers: &BTreeMap<String, String>) {
    for uri in edited_documents(edit).keys() {
        let path = PathBuf::from(uri.strip_prefix("file://").unwrap());
        let text = match buffers.get(uri) {
            Some(buffer) => buffer.clone(),
            None => std::fs::read_to_string(&path).unwrap(),
        };
        let edits = workspace_edits_for(edit, uri);
        std::fs::write(&path, apply_text_edits(&text, &edits, Columns::Utf16)).unwrap();
    }
}

/// Every Markdown file of the workspace, by path, line ends made visible.
fn files(dir: &Path) -> String {
    let mut paths = Vec::new();
    collect_markdown(dir, &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(dir).unwrap().display().to_string();
            let text = std::fs::read_to_string(path).unwrap().replace('\r', "\\r");
            format!("=== {relative}\n{text}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_markdown(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Opens `relative` as it is on disk; its URI and text.
fn open(client: &mut LspClient, dir: &Path, relative: &str) -> (String, String) {
    let uri = uri(dir, relative);
    let text = read(dir, relative);
    client.open(&uri, &text);
    (uri, text)
}

/// Opens `relative` as on disk, then types `appended` at its end (version 2, not saved).
fn open_with_unsaved_line(
    client: &mut LspClient,
    dir: &Path,
    relative: &str,
    appended: &str,
) -> String {
    let uri = uri(dir, relative);
    let text = read(dir, relative);
    client.open_versioned(&uri, &text, 1);
    let lines = text.matches('\n').count() as u32;
    client.change(&uri, 2, ((lines, 0), (lines, 0)), appended);
    format!("{text}{appended}")
}

/// The open document whose buffer differs from its file.
const NOTES: &str = "docs/notes/open.md";

/// Opens [`NOTES`] and adds an unsaved line that links to `target`.
fn open_notes_with_unsaved_link(client: &mut LspClient, dir: &Path, target: &str) -> String {
    let line = format!("- And [the same, unsaved]({target}).\n");
    open_with_unsaved_line(client, dir, NOTES, &line)
}

#[test]
fn renaming_a_heading_updates_every_link_to_it() {
    let (dir, mut client) = started(true);
    let dir = dir.path();
    let notes =
        open_notes_with_unsaved_link(&mut client, dir, "../adr/0001-use-postgres.md#decision");
    let adr = read(dir, "docs/adr/0001-use-postgres.md");
    let adr_uri = uri(dir, "docs/adr/0001-use-postgres.md");
    client.open_versioned(&adr_uri, &adr, 7);

    let on_heading = text_document_position(&adr_uri, position_of(&adr, "## Decision", 5));
    let prepared = prepare_rename(&mut client, &on_heading).unwrap();
    assert_eq!(prepared["placeholder"], "Decision");
    assert_eq!(
        prepared["range"],
        json!({ "start": position_of(&adr, "## Decision", 3), "end": position_of(&adr, "## Decision", 11) })
    );

    let edit = rename(&mut client, on_heading, "Chosen option").unwrap();
    let versions = edited_documents(&edit);
    assert_eq!(
        versions,
        BTreeMap::from([
            (adr_uri.clone(), json!(7)),
            (uri(dir, "docs/adr/0002-use-redis.md"), Value::Null),
            (uri(dir, "docs/adr/0004-line-endings.md"), Value::Null),
            (uri(dir, "docs/guide/overview.md"), Value::Null),
            (uri(dir, NOTES), json!(2)),
        ]),
        "open documents carry their versions, the others null"
    );
    let buffers = BTreeMap::from([(adr_uri, adr), (uri(dir, NOTES), notes)]);
    apply(&edit, &buffers);
    insta::assert_snapshot!("heading_renamed", files(dir));
    // Nothing else was touched: the #decision of 0002 and 0004 are their own.
    let redis = read(dir, "docs/adr/0002-use-redis.md");
    assert!(redis.contains("## Decision\n"), "{redis}");
    assert!(redis.contains("#decision without a link"), "{redis}");
}

#[test]
fn a_link_to_a_section_renames_that_section() {
    let (dir, mut client) = started(false);
    let dir = dir.path();
    let (redis_uri, redis) = open(&mut client, dir, "docs/adr/0002-use-redis.md");
    let on_link = text_document_position(
        &redis_uri,
        position_of(&redis, "0001-use-postgres.md#decision", 24),
    );
    let prepared = prepare_rename(&mut client, &on_link).unwrap();
    assert_eq!(prepared["placeholder"], "Decision", "the heading's text");
    let anchor = "0001-use-postgres.md#".len() as u32;
    assert_eq!(
        prepared["range"],
        json!({
            "start": position_of(&redis, "0001-use-postgres.md#decision", anchor),
            "end": position_of(&redis, "0001-use-postgres.md#decision", anchor + 8),
        }),
        "the anchor in the link"
    );
    let edit = rename(&mut client, on_link, "Outcome").unwrap();
    assert!(
        edit["documentChanges"].is_null(),
        "plain changes for this client"
    );
    apply(&edit, &BTreeMap::new());
    let adr = read(dir, "docs/adr/0001-use-postgres.md");
    assert!(
        adr.contains("## Outcome\n") && adr.contains("(#outcome)"),
        "{adr}"
    );
    let redis = read(dir, "docs/adr/0002-use-redis.md");
    assert!(
        redis.contains("[its decision](0001-use-postgres.md#outcome)"),
        "{redis}"
    );
    assert!(
        redis.contains("[pg]: ./0001-use-postgres.md#outcome"),
        "{redis}"
    );
    assert!(
        redis.contains("[in a code block](0001-use-postgres.md#decision)"),
        "code is not a link: {redis}"
    );
}

#[test]
fn prepare_rename_refuses_what_is_not_a_heading_or_a_link_to_one() {
    let (dir, mut client) = started(true);
    let dir = dir.path();
    let (redis_uri, _) = open(&mut client, dir, "docs/adr/0002-use-redis.md");
    for (needle, shift, what) in [
        ("cache sessions", 2, "plain text"),
        ("Text that mentions", 3, "plain text"),
        ("ADR-0001 chose", 2, "a bare id"),
        ("[in a code block]", 4, "code"),
        ("https://redis.io", 10, "an external URL"),
        ("[Redis](./0002", 3, "a link to a document, not a section"),
    ] {
        let text = if what == "a link to a document, not a section" {
            "docs/adr/0001-use-postgres.md"
        } else {
            "docs/adr/0002-use-redis.md"
        };
        let (doc_uri, doc) = (uri(dir, text), read(dir, text));
        if doc_uri != redis_uri {
            client.open(&doc_uri, &doc);
        }
        let at = text_document_position(&doc_uri, position_of(&doc, needle, shift));
        let error = prepare_rename(&mut client, &at).expect_err(what);
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with(NOT_RENAMEABLE),
            "{what}: {error}"
        );
        // A rename sent without asking first is refused the same way.
        assert!(rename(&mut client, at, "Anything").is_err(), "{what}");
    }

    // A heading of a document too large to be analysed.
    let huge_uri = uri(dir, "docs/notes/huge.md");
    let huge = format!(
        "# Huge\n\n## Heading\n\n{}",
        "x".repeat(4 * 1024 * 1024 + 10)
    );
    client.open(&huge_uri, &huge);
    let on_heading = text_document_position(&huge_uri, json!({ "line": 2, "character": 4 }));
    let error = prepare_rename(&mut client, &on_heading).unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("too large"),
        "{error}"
    );
}

#[test]
fn a_new_name_that_collides_or_has_no_anchor_is_refused() {
    let (dir, mut client) = started(true);
    let dir = dir.path();
    let (adr_uri, adr) = open(&mut client, dir, "docs/adr/0001-use-postgres.md");
    let on_heading = text_document_position(&adr_uri, position_of(&adr, "## Decision", 4));
    let error = rename(&mut client, on_heading.clone(), "!!!").unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("no anchor"),
        "{error}"
    );

    // Equal to another heading: GitHub numbers the later one, and the links follow.
    let edit = rename(&mut client, on_heading, "Context").unwrap();
    apply(&edit, &BTreeMap::from([(adr_uri, adr)]));
    let adr = read(dir, "docs/adr/0001-use-postgres.md");
    assert!(adr.contains("[decision below](#context-1)"), "{adr}");
    let redis = read(dir, "docs/adr/0002-use-redis.md");
    assert!(
        redis.contains("(0001-use-postgres.md#context-1) stands"),
        "{redis}"
    );
    assert!(
        redis.contains("[context](0001-use-postgres.md#context) still holds"),
        "{redis}"
    );
}

#[test]
fn utf16_columns_around_an_emoji() {
    let (dir, mut client) = started(true);
    let dir = dir.path();
    let (launch_uri, launch) = open(&mut client, dir, "docs/adr/0003-launch.md");
    // On "plan", after the emoji (two UTF-16 units).
    let on_heading = text_document_position(&launch_uri, position_of(&launch, "plan\n\nWe", 1));
    let prepared = prepare_rename(&mut client, &on_heading).unwrap();
    assert_eq!(prepared["placeholder"], "Launch 🚀 plan");
    assert_eq!(
        prepared["range"],
        json!({ "start": { "line": 6, "character": 3 }, "end": { "line": 6, "character": 17 } })
    );
    let edit = rename(&mut client, on_heading, "Liftoff 🚀 plan").unwrap();
    apply(&edit, &BTreeMap::from([(launch_uri, launch)]));
    let launch = read(dir, "docs/adr/0003-launch.md");
    assert!(
        launch.contains("## Liftoff 🚀 plan\n") && launch.contains("(#liftoff--plan)"),
        "{launch}"
    );
    let overview = read(dir, "docs/guide/overview.md");
    assert!(
        overview.contains("🚀 [plan](../adr/0003-launch.md#liftoff--plan)"),
        "{overview}"
    );
}

#[test]
fn a_crlf_document_keeps_its_line_ends() {
    let (dir, mut client) = started(true);
    let dir = dir.path();
    let (crlf_uri, crlf) = open(&mut client, dir, "docs/adr/0004-line-endings.md");
    let on_heading = text_document_position(&crlf_uri, position_of(&crlf, "## Decision", 11));
    let edit = rename(&mut client, on_heading, "Verdict").unwrap();
    assert_eq!(
        edited_documents(&edit).into_keys().collect::<Vec<_>>(),
        std::slice::from_ref(&crlf_uri),
        "0001's #decision is another heading"
    );
    apply(&edit, &BTreeMap::from([(crlf_uri, crlf)]));
    assert_eq!(
        read(dir, "docs/adr/0004-line-endings.md"),
        "# 4. Line endings\r\n\r\n## Status\r\n\r\nAccepted\r\n\r\n## Verdict\r\n\r\nKeep CRLF; see [here](#verdict) and [Postgres](0001-use-postgres.md#decision).\r\n"
    );
}

#[test]
fn renaming_a_file_updates_links_to_it_and_from_it() {
    let (dir, mut client) = started(true);
    let dir = dir.path();
    let notes = open_notes_with_unsaved_link(&mut client, dir, "../adr/0001-use-postgres.md");
    let old = uri(dir, "docs/adr/0001-use-postgres.md");
    let new = uri(dir, "docs/decisions/0001-postgresql.md");
    let edit = client
        .request(
            "workspace/willRenameFiles",
            json!({ "files": [{ "oldUri": old, "newUri": new }] }),
        )
        .unwrap();
    assert_eq!(
        edited_documents(&edit).get(&uri(dir, NOTES)),
        Some(&json!(2)),
        "the open document's version"
    );
    apply(&edit, &BTreeMap::from([(uri(dir, NOTES), notes)]));
    // The editor moves the file once the edit is applied.
    std::fs::create_dir_all(dir.join("docs/decisions")).unwrap();
    std::fs::rename(
        dir.join("docs/adr/0001-use-postgres.md"),
        dir.join("docs/decisions/0001-postgresql.md"),
    )
    .unwrap();
    insta::assert_snapshot!("file_renamed", files(dir));
}

#[test]
fn renaming_a_folder_moves_the_links_of_every_document_in_it() {
    let (dir, mut client) = started(true);
    let dir = dir.path();
    let edit = client
        .request(
            "workspace/willRenameFiles",
            json!({ "files": [{ "oldUri": uri(dir, "docs/guide"), "newUri": uri(dir, "handbook") }] }),
        )
        .unwrap();
    apply(&edit, &BTreeMap::new());
    std::fs::rename(dir.join("docs/guide"), dir.join("handbook")).unwrap();
    let overview = read(dir, "handbook/overview.md");
    assert!(
        overview.contains("[Decision](../docs/adr/0001-use-postgres.md#Decision)"),
        "{overview}"
    );
    let adr = read(dir, "docs/adr/0001-use-postgres.md");
    assert!(
        adr.contains("[overview](../../handbook/overview.md#storage)"),
        "{adr}"
    );
}

#[test]
fn rename_and_will_rename_are_advertised() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, result) = LspClient::start_default(Some(dir.path()));
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    let filters: Vec<(&str, &str)> =
        capabilities["workspace"]["fileOperations"]["willRename"]["filters"]
            .as_array()
            .unwrap_or_else(|| panic!("{capabilities}"))
            .iter()
            .map(|f| {
                (
                    f["pattern"]["glob"].as_str().unwrap(),
                    f["pattern"]["matches"].as_str().unwrap(),
                )
            })
            .collect();
    assert_eq!(
        filters,
        [
            ("**/*.md", "file"),
            ("**/*.markdown", "file"),
            ("**/*", "folder")
        ]
    );
    client.shutdown();
}
