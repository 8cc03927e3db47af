//! Every code action end to end: the action is requested (and resolved when it is lazy), its
//! WorkspaceEdit applied to the text here, and the result snapshotted.

use crate::common;

use common::*;
use serde_json::{Value, json};
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/lsp")
            .join(name),
    )
    .unwrap()
}

/// A workspace holding `text` at `relative`; returns the folder and the document's URI.
fn workspace_with(relative: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    (dir, file_uri(&path))
}

fn whole(text: &str) -> Value {
    let lines = text.matches('\n').count();
    lsp_range(((0, 0), (lines as u32 + 1, 0)))
}

fn code_actions(
    client: &mut LspClient,
    uri: &str,
    range: Value,
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    client
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
        )
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], prefix: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no action titled {prefix:?} among {:#?}", titles(actions)))
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

/// Resolves a lazy action and applies its edit to `text`.
fn apply(client: &mut LspClient, uri: &str, text: &str, action: &Value) -> String {
    let action = if action["edit"].is_null() {
        client
            .request("codeAction/resolve", action.clone())
            .unwrap()
    } else {
        action.clone()
    };
    let edits = workspace_edits_for(&action["edit"], uri);
    assert!(!edits.is_empty(), "{action:#}");
    apply_text_edits(text, &edits, Columns::Utf8)
}

/// Opens `text` and waits for its first diagnostics (so that the analysis exists).
fn open(client: &mut LspClient, uri: &str, text: &str) -> Vec<Value> {
    client.open(uri, text);
    client.diagnostics_for(uri, 1)
}

#[test]
fn quick_fix_inserts_the_missing_section() {
    let text = fixture("adr-missing-consequences.md");
    let (dir, uri) = workspace_with("docs/adr/0001-use-postgres.md", &text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let diagnostics = open(&mut client, &uri, &text);
    let missing = diagnostics
        .iter()
        .find(|d| d["code"] == "missing-section")
        .expect("missing-section reported");
    let actions = code_actions(
        &mut client,
        &uri,
        missing["range"].clone(),
        Some(&["quickfix"]),
    );
    let fix = titled(&actions, "Insert the missing");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "missing-section");
    let fixed = apply(&mut client, &uri, &text, fix);
    insta::assert_snapshot!("quick_fix_missing_section", fixed);

    // The fixed text has no missing section any more.
    client.replace_all(&uri, 2, &fixed);
    let after = client.diagnostics_for(&uri, 2);
    assert!(
        after.iter().all(|d| d["code"] != "missing-section"),
        "{after:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn quick_fix_corrects_a_misspelt_status() {
    let text = fixture("adr-misspelt-status.md");
    let (dir, uri) = workspace_with("docs/adr/0002-kafka.md", &text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let diagnostics = open(&mut client, &uri, &text);
    let status = diagnostics
        .iter()
        .find(|d| d["code"] == "invalid-status")
        .expect("invalid-status reported");
    let actions = code_actions(&mut client, &uri, status["range"].clone(), None);
    let fixed = apply(
        &mut client,
        &uri,
        &text,
        titled(&actions, "Change the status to"),
    );
    insta::assert_snapshot!("quick_fix_misspelt_status", fixed);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn quick_fix_moves_a_misordered_section() {
    let text = fixture("adr-misordered.md");
    let (dir, uri) = workspace_with("docs/adr/0003-vault.md", &text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let diagnostics = open(&mut client, &uri, &text);
    let order = diagnostics
        .iter()
        .find(|d| d["code"] == "section-order")
        .expect("section-order reported");
    let actions = code_actions(
        &mut client,
        &uri,
        order["range"].clone(),
        Some(&["quickfix"]),
    );
    let fixed = apply(&mut client, &uri, &text, titled(&actions, "Move"));
    insta::assert_snapshot!("quick_fix_section_order", fixed);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn unsafe_fixes_are_offered_but_never_preferred_nor_in_fix_all() {
    // Moving a section is an unsafe fix: `--fix` leaves it, and so does the editor's fix-all.
    let text = fixture("adr-misordered.md");
    let (dir, uri) = workspace_with("docs/adr/0003-vault.md", &text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let diagnostics = open(&mut client, &uri, &text);
    let order = diagnostics
        .iter()
        .find(|d| d["code"] == "section-order")
        .expect("section-order reported");
    let actions = code_actions(
        &mut client,
        &uri,
        order["range"].clone(),
        Some(&["quickfix"]),
    );
    let move_action = titled(&actions, "Move");
    assert_eq!(move_action["isPreferred"], false, "{move_action:#}");
    assert!(
        move_action["title"]
            .as_str()
            .unwrap()
            .ends_with("(unsafe fix)"),
        "{move_action:#}"
    );
    let fix_all = code_actions(
        &mut client,
        &uri,
        lsp_range(((0, 0), (0, 0))),
        Some(&["source.fixAll"]),
    );
    assert!(
        diagnostics.iter().any(|d| d["code"] != "section-order") || fix_all.is_empty(),
        "{fix_all:#?}"
    );
    for action in &fix_all {
        let fixed = apply(&mut client, &uri, &text, action);
        // Whatever else it fixes, fix-all does not move the section.
        let heading = |t: &str, h: &str| t.find(h);
        assert_eq!(
            heading(&fixed, "## Context") < heading(&fixed, "## Decision"),
            heading(&text, "## Context") < heading(&text, "## Decision"),
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn fix_all_applies_every_fix_at_once() {
    // Misspelt status and a missing section in one document.
    let text = fixture("adr-misspelt-status.md").replace("## Consequences\n\nConsumers no longer poll, but every team must learn to operate Kafka consumers.\n", "");
    let (dir, uri) = workspace_with("docs/adr/0002-kafka.md", &text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let diagnostics = open(&mut client, &uri, &text);
    assert!(diagnostics.len() >= 2, "{diagnostics:#?}");
    let actions = code_actions(
        &mut client,
        &uri,
        lsp_range(((0, 0), (0, 0))),
        Some(&["source.fixAll"]),
    );
    assert_eq!(
        titles(&actions),
        ["Fix all Docwright problems"],
        "only the fix-all action is asked for"
    );
    assert_eq!(actions[0]["kind"], "source.fixAll.docwright");
    let fixed = apply(&mut client, &uri, &text, &actions[0]);
    insta::assert_snapshot!("fix_all", fixed);

    client.replace_all(&uri, 2, &fixed);
    let after = client.diagnostics_for(&uri, 2);
    assert!(
        after
            .iter()
            .all(|d| d["code"] != "missing-section" && d["code"] != "invalid-status"),
        "{after:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn fix_all_inserts_every_missing_section_even_at_one_place() {
    // Context, Decision and Consequences all belong after Status: three insertions at one offset,
    // which must all be kept, in the kind's order.
    let text = "# 3. Use Postgres\n\nDate: 2024-06-11\n\n## Status\n\nProposed\n";
    let (dir, uri) = workspace_with("docs/adr/0003-use-postgres.md", text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    open(&mut client, &uri, text);
    let actions = code_actions(
        &mut client,
        &uri,
        lsp_range(((0, 0), (0, 0))),
        Some(&["source.fixAll"]),
    );
    let fixed = apply(&mut client, &uri, text, &actions[0]);
    let positions: Vec<usize> = ["## Context", "## Decision", "## Consequences"]
        .iter()
        .map(|h| {
            fixed
                .find(h)
                .unwrap_or_else(|| panic!("{h} not inserted:\n{fixed}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{fixed}");
    assert!(
        fixed.starts_with(text.trim_end()),
        "the original text is kept: {fixed}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn fill_an_empty_adr_with_its_template() {
    let (dir, uri) = workspace_with("docs/adr/0005-adopt-kafka.md", "");
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    open(&mut client, &uri, "");
    let actions = code_actions(&mut client, &uri, lsp_range(((0, 0), (0, 0))), None);
    let fill = titled(
        &actions,
        "Fill with the Architecture decision record (Nygard) template",
    );
    assert!(
        fill["edit"].is_null(),
        "computed lazily through codeAction/resolve"
    );
    let filled = apply(&mut client, &uri, "", fill);
    // The date is today's: mask it so the snapshot is stable.
    let filled = mask_dates(&filled);
    insta::assert_snapshot!("fill_template_adr", filled);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn make_notes_into_an_rfc_or_a_madr() {
    let text = fixture("notes.md");
    let (dir, uri) = workspace_with("notes/caching.md", &text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    open(&mut client, &uri, &text);
    let actions = code_actions(&mut client, &uri, whole(&text), Some(&["refactor"]));
    let rfc = apply(
        &mut client,
        &uri,
        &text,
        titled(&actions, "Make this a Request for comments"),
    );
    insta::assert_snapshot!("make_rfc", mask_dates(&rfc));
    let madr = apply(
        &mut client,
        &uri,
        &text,
        titled(
            &actions,
            "Make this a Markdown architectural decision record",
        ),
    );
    insta::assert_snapshot!("make_madr", mask_dates(&madr));
    assert!(
        madr.starts_with("---\n"),
        "MADR keeps its status in front matter"
    );

    // Once made, the document is of that kind and nothing required is missing.
    client.replace_all(&uri, 2, &madr);
    let after = client.diagnostics_for(&uri, 2);
    assert!(
        after.iter().all(|d| d["code"] != "missing-section"),
        "{after:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn resolving_after_an_edit_reports_content_modified() {
    let text = fixture("notes.md");
    let (dir, uri) = workspace_with("notes/caching.md", &text);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    open(&mut client, &uri, &text);
    let actions = code_actions(&mut client, &uri, whole(&text), Some(&["refactor"]));
    let make = titled(&actions, "Make this a Request for comments").clone();
    client.change(&uri, 2, ((0, 0), (0, 0)), "x");
    let error = client.request("codeAction/resolve", make).unwrap_err();
    assert_eq!(error["code"], -32801, "ContentModified: {error}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn clients_without_resolve_support_get_edits_at_once() {
    let text = fixture("notes.md");
    let (dir, uri) = workspace_with("notes/caching.md", &text);
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        json!({}),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    open(&mut client, &uri, &text);
    let actions = code_actions(&mut client, &uri, whole(&text), None);
    let make = titled(&actions, "Make this a Request for comments");
    assert!(!make["edit"].is_null());
    assert!(make["data"].is_null());
    // UTF-16 positions (the default) agree with UTF-8 on ASCII text.
    let eager = apply(&mut client, &uri, &text, make);
    assert!(eager.contains("## Motivation"), "{eager}");
    assert_eq!(client.shutdown(), Some(0));
}

/// Replaces every `YYYY-MM-DD` date that is today's with `<today>`.
fn mask_dates(text: &str) -> String {
    let today = today_utc();
    text.replace(&today, "<today>")
}

fn today_utc() -> String {
    let output = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}
