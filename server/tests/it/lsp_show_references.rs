//! Issue 13, point 7: the command a code lens names, `docwright.showReferences`, is a server
//! command (`workspace/executeCommand`), so that a lens works in any client (Helix, eglot, a plain
//! Neovim): it answers the locations, and shows the first with `window/showDocument`.

use crate::common;

use common::*;
use serde_json::{Value, json};

const CITED: &str = "# 1. Record decisions\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe forget.\n\n## Decision\n\nWe record them.\n\n## Consequences\n\nMore files, and fewer forgotten reasons.\n";
const CITING: &str = "# 2. Use Kafka\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Context\n\nAs ADR-0001 asks, this is recorded.\n\n## Decision\n\nKafka.\n\n## Consequences\n\nOne more system, and a real queue.\n";

#[test]
fn the_lens_command_is_a_server_command_that_answers_and_shows_locations() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("doc/adr");
    std::fs::create_dir_all(&folder).unwrap();
    let cited = folder.join("0001-record-decisions.md");
    let citing = folder.join("0002-use-kafka.md");
    std::fs::write(&cited, CITED).unwrap();
    std::fs::write(&citing, CITING).unwrap();
    let (cited, citing) = (file_uri(&cited), file_uri(&citing));
    let mut capabilities = rich_capabilities(&["utf-16"]);
    capabilities["window"]["showDocument"] = json!({ "support": true });
    let (mut client, init) = LspClient::start(
        Some(dir.path()),
        capabilities,
        json!({ "diagnosticsDelayMs": 0 }),
    );
    let commands = init["capabilities"]["executeCommandProvider"]["commands"].clone();
    assert!(
        commands
            .as_array()
            .unwrap()
            .contains(&json!("docwright.showReferences")),
        "{commands}"
    );
    client.open(&cited, CITED);
    client.diagnostics_for(&cited, 1);

    // Every command a lens names is one the server announced.
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": cited } }),
        )
        .unwrap();
    let lens = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["command"]["command"] == "docwright.showReferences")
        .unwrap_or_else(|| panic!("a lens leading to the citation: {lenses:#}"))
        .clone();
    for named in lenses
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["command"]["command"].as_str())
        .filter(|c| !c.is_empty())
    {
        assert!(
            commands.as_array().unwrap().contains(&json!(named)),
            "{named}"
        );
    }

    // Run as a client without its own handler runs it: on the server.
    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.showReferences", "arguments": lens["command"]["arguments"] }),
        )
        .unwrap();
    let locations = answer.as_array().expect("the locations").clone();
    assert_eq!(locations.len(), 1, "{answer:#}");
    assert_eq!(locations[0]["uri"], json!(citing));
    assert_eq!(locations[0]["range"]["start"]["line"], 10);
    let shown: Vec<&Value> = client
        .server_requests
        .iter()
        .filter(|(method, _)| method == "window/showDocument")
        .map(|(_, params)| params)
        .collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert_eq!(shown[0]["uri"], json!(citing));
    assert_eq!(shown[0]["selection"], locations[0]["range"]);

    // Given only the document and a position (a keybinding, a palette), it finds the citations.
    let found = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.showReferences", "arguments": [cited, { "line": 0, "character": 3 }] }),
        )
        .unwrap();
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found:#}");
    assert_eq!(found[0]["uri"], json!(citing));
    assert_eq!(client.shutdown(), Some(0));
}
