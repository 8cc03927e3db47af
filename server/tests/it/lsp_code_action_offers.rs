//! Issue 13, point 2: code actions only where there is something to do. Quick fixes where a
//! diagnostic is; "Make this a …" / "Fill with the … template" only in a document of no kind or an
//! empty one, when the user asks (never to a lightbulb's automatic request), and as the commands
//! `docwright.make` / `docwright.fill` for a palette; nothing at all on a clean line of a clean
//! document.

use crate::common;

use common::*;
use serde_json::{Value, json};

const CLEAN_ADR: &str = "# 1. Use PostgreSQL\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database that the whole team knows.\n\n## Decision\n\nWe will use PostgreSQL 16 for every new service.\n\n## Consequences\n\nBackups and monitoring get simpler, since one engine is run. Trying another engine later is harder.\n";

const ADR_WITHOUT_CONSEQUENCES: &str = "# 2. Use Kafka\n\nDate: 2024-05-01\n\n## Status\n\nProposed\n\n## Context\n\nWe need a queue.\n\n## Decision\n\nWe will use Kafka.\n";

const NOTES: &str =
    "# Caching notes\n\nWe talked about caching the search results.\n\nRedis was mentioned.\n";

fn workspace() -> (tempfile::TempDir, [String; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let adr = dir.path().join("doc/adr");
    std::fs::create_dir_all(&adr).unwrap();
    std::fs::create_dir_all(dir.path().join("notes")).unwrap();
    let files = [
        (adr.join("0001-use-postgresql.md"), CLEAN_ADR),
        (adr.join("0002-use-kafka.md"), ADR_WITHOUT_CONSEQUENCES),
        (dir.path().join("notes/caching.md"), NOTES),
    ];
    for (path, text) in &files {
        std::fs::write(path, text).unwrap();
    }
    let uris = files.map(|(path, _)| file_uri(&path));
    (dir, uris)
}

/// Code actions at `line:character`, asked automatically (a lightbulb) or by the user.
fn actions_at(
    client: &mut LspClient,
    uri: &str,
    (line, character): (u32, u32),
    trigger: Option<u8>,
) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(trigger) = trigger {
        context["triggerKind"] = json!(trigger);
    }
    client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": lsp_range(((line, character), (line, character))),
                "context": context,
            }),
        )
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("").to_string())
        .collect()
}

const INVOKED: Option<u8> = Some(1);
const AUTOMATIC: Option<u8> = Some(2);

#[test]
fn no_action_on_a_clean_line_of_a_clean_document() {
    let (dir, [clean, _, _]) = workspace();
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&clean, CLEAN_ADR);
    let diagnostics = client.diagnostics_for(&clean, 1);
    assert!(
        diagnostics.is_empty(),
        "the document is clean: {diagnostics:#?}"
    );
    // The title, a section heading, prose: asked by a lightbulb, by Ctrl+., or with no trigger.
    for position in [(0, 3), (8, 4), (10, 10), (18, 5)] {
        for trigger in [AUTOMATIC, INVOKED, None] {
            let actions = actions_at(&mut client, &clean, position, trigger);
            assert!(
                actions.is_empty(),
                "{position:?} ({trigger:?}) offers {:?}",
                titles(&actions)
            );
        }
    }
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn quick_fixes_only_where_the_diagnostic_is() {
    let (dir, [_, kafka, _]) = workspace();
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&kafka, ADR_WITHOUT_CONSEQUENCES);
    let diagnostics = client.diagnostics_for(&kafka, 1);
    let missing = diagnostics
        .iter()
        .find(|d| d["code"] == "missing-section")
        .expect("missing-section reported");
    let line = missing["range"]["start"]["line"].as_u64().unwrap() as u32;
    // Anywhere on the diagnostic's line, even when asked automatically: its quick fix, and no
    // rewrite of a document that has a kind.
    for trigger in [AUTOMATIC, INVOKED] {
        let actions = actions_at(&mut client, &kafka, (line, 3), trigger);
        let offered = titles(&actions);
        assert!(
            actions
                .iter()
                .all(|a| a["kind"] == "quickfix" || a["kind"] == "source.fixAll.docwright"),
            "{offered:?}"
        );
        assert!(
            offered.iter().any(|t| t.contains("Consequences")),
            "{offered:?}"
        );
    }
    // Elsewhere (the Context paragraph) nothing at all: no "Add the missing … sections", no
    // "Make this a …".
    let actions = actions_at(&mut client, &kafka, (10, 3), INVOKED);
    assert!(actions.is_empty(), "{:?}", titles(&actions));
    // `source.fixAll` as before, when asked for.
    let fix_all = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": kafka },
                "range": lsp_range(((0, 0), (0, 0))),
                "context": { "diagnostics": [], "only": ["source.fixAll"] },
            }),
        )
        .unwrap();
    assert_eq!(
        titles(fix_all.as_array().unwrap()),
        ["Fix all Docwright problems"]
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_document_of_no_kind_is_offered_rewrites_only_when_the_user_asks() {
    let (dir, [_, _, notes]) = workspace();
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&notes, NOTES);
    assert!(client.diagnostics_for(&notes, 1).is_empty());
    // No lightbulb.
    let automatic = actions_at(&mut client, &notes, (2, 4), AUTOMATIC);
    assert!(automatic.is_empty(), "{:?}", titles(&automatic));
    // Ctrl+.: make it a document of a kind.
    let invoked = titles(&actions_at(&mut client, &notes, (2, 4), INVOKED));
    assert!(
        invoked
            .iter()
            .any(|t| t.starts_with("Make this a Request for comments")),
        "{invoked:?}"
    );
    assert!(
        invoked.iter().all(|t| t.starts_with("Make this")),
        "{invoked:?}"
    );

    // The same from a palette: a server command.
    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.make", "arguments": [{ "document": notes, "kind": "rfc" }] }),
        )
        .unwrap();
    assert_eq!(answer["applied"], true, "{answer:#}");
    let edits = workspace_edits_for(&answer["edit"], &notes);
    let made = apply_text_edits(NOTES, &edits, Columns::Utf16);
    assert!(made.contains("## Motivation"), "{made}");
    assert!(
        made.contains("We talked about caching the search results."),
        "{made}"
    );
    assert!(
        client
            .server_requests
            .iter()
            .any(|(method, _)| method == "workspace/applyEdit")
    );
    // Filling replaces the whole text: refused for a document with text in it.
    let refused = client.request(
        "workspace/executeCommand",
        json!({ "command": "docwright.fill", "arguments": [{ "document": notes, "kind": "rfc" }] }),
    );
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn an_empty_document_is_offered_a_template_and_the_palette_fills_it() {
    let (dir, _) = workspace();
    let path = dir.path().join("doc/adr/0003-new-thing.md");
    std::fs::write(&path, "").unwrap();
    let uri = file_uri(&path);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&uri, "");
    client.diagnostics_for(&uri, 1);
    // Its quick fixes (an empty record lacks everything), and the whole template; no "Make this".
    let invoked = titles(&actions_at(&mut client, &uri, (0, 0), INVOKED));
    assert!(
        invoked.contains(&String::from(
            "Fill with the Architecture decision record (Nygard) template"
        )),
        "{invoked:?}"
    );
    assert!(
        !invoked.iter().any(|t| t.starts_with("Make this")),
        "{invoked:?}"
    );
    // Not to a lightbulb's own request.
    let automatic = titles(&actions_at(&mut client, &uri, (0, 0), AUTOMATIC));
    assert!(
        !automatic.iter().any(|t| t.starts_with("Fill")),
        "{automatic:?}"
    );
    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.fill", "arguments": [{ "document": uri }] }),
        )
        .unwrap();
    let edits = workspace_edits_for(&answer["edit"], &uri);
    let filled = apply_text_edits("", &edits, Columns::Utf16);
    assert!(filled.contains("## Consequences"), "{filled}");
    assert_eq!(client.shutdown(), Some(0));
}
