//! Issue 13, point 4: `missing-section` points at where the section belongs, an empty range at
//! the end of the text before it (ADR 0020), never at a heading that is right; the command line's
//! human output shows the same place.

use crate::common;

use common::*;
use std::process::Command;

const ADR: &str = "# 2. Use Kafka\n\nDate: 2024-05-01\n\n## Status\n\nProposed\n\n## Context\n\nWe need a queue.\n\n## Decision\n\nWe will use Kafka.\n\n## Links\n\nNone.\n";

#[test]
fn a_missing_section_is_reported_where_it_belongs_in_the_editor_and_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("doc/adr");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("0002-use-kafka.md");
    std::fs::write(&path, ADR).unwrap();
    let uri = file_uri(&path);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&uri, ADR);
    let diagnostics = client.diagnostics_for(&uri, 1);
    let missing = diagnostics
        .iter()
        .find(|d| d["code"] == "missing-section")
        .expect("missing-section reported");
    let range = &missing["range"];
    assert_eq!(range["start"], range["end"], "an empty range: {missing:#}");
    let line = range["start"]["line"].as_u64().unwrap() as usize;
    let character = range["start"]["character"].as_u64().unwrap() as usize;
    // The end of the Decision section's text: Consequences belongs after it (and before Links).
    let lines: Vec<&str> = ADR.lines().collect();
    assert_eq!(lines[line], "We will use Kafka.", "{missing:#}");
    assert_eq!(character, lines[line].len(), "{missing:#}");
    // No heading is marked.
    assert!(
        diagnostics.iter().all(|d| d["code"] != "missing-section"
            || !lines[d["range"]["start"]["line"].as_u64().unwrap() as usize].starts_with('#')),
        "{diagnostics:#?}"
    );
    assert_eq!(client.shutdown(), Some(0));

    // `docwright check` shows the same line and column (1-based).
    let output = Command::new(env!("CARGO_BIN_EXE_docwright"))
        .args(["check", "--no-color", "doc/adr/0002-use-kafka.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let location = format!("doc/adr/0002-use-kafka.md:{}:{}", line + 1, character + 1);
    let block = stdout
        .split("\n\n")
        .find(|b| b.contains("missing-section"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(block.contains(&location), "{location} in:\n{block}");
}
