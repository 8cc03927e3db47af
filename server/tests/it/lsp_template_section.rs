//! Issue 13, point 3: a template section just inserted by a quick fix is one finding, a hint,
//! until someone writes in it: `empty-section` and `placeholder-text` never both report it.

use crate::common;

use common::*;
use serde_json::{Value, json};

const ADR: &str = "# 2. Use Kafka\n\nDate: 2024-05-01\n\n## Status\n\nProposed\n\n## Context\n\nWe need a queue.\n\n## Decision\n\nWe will use Kafka.\n";

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_inserted_section_is_one_hint_until_written_in() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("doc/adr");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("0002-use-kafka.md");
    std::fs::write(&path, ADR).unwrap();
    let uri = file_uri(&path);
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    client.open(&uri, ADR);
    let before = client.diagnostics_for(&uri, 1);
    let missing = before
        .iter()
        .find(|d| d["code"] == "missing-section")
        .expect("missing-section reported")
        .clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": missing["range"],
                "context": { "diagnostics": [missing], "only": ["quickfix"] },
            }),
        )
        .unwrap();
    let fix = &actions.as_array().unwrap()[0];
    let fixed = apply_text_edits(ADR, &workspace_edits_for(&fix["edit"], &uri), Columns::Utf8);
    let heading_line = fixed
        .lines()
        .position(|l| l == "## Consequences")
        .expect("the section is inserted") as u64;
    assert!(
        fixed.lines().count() as u64 > heading_line + 2,
        "the template text is inserted too: {fixed}"
    );

    client.replace_all(&uri, 2, &fixed);
    let after = client.diagnostics_for(&uri, 2);
    let in_section: Vec<&Value> = after
        .iter()
        .filter(|d| d["range"]["start"]["line"].as_u64().unwrap() >= heading_line)
        .collect();
    assert_eq!(in_section.len(), 1, "one finding: {after:#?}");
    let finding = in_section[0];
    assert_eq!(finding["code"], "empty-section", "{finding:#}");
    assert_eq!(finding["severity"], 4, "a hint: {finding:#}");
    assert!(
        !codes(&after).contains(&String::from("placeholder-text")),
        "{after:#?}"
    );

    // Someone writes in it, leaving a marker: the section is no longer empty, and what is left
    // of the template is `placeholder-text`'s, at its own severity.
    let written = format!(
        "{}## Consequences\n\nOperations get one more system to run. TODO: the costs.\n",
        &fixed[..fixed.find("## Consequences").unwrap()]
    );
    client.replace_all(&uri, 3, &written);
    let later = client.diagnostics_for(&uri, 3);
    let later_codes = codes(&later);
    assert!(
        !later_codes.contains(&String::from("empty-section")),
        "{later:#?}"
    );
    let todo = later
        .iter()
        .find(|d| d["code"] == "placeholder-text")
        .expect("the marker is reported");
    assert_eq!(todo["severity"], 2, "{todo:#}");
    assert_eq!(client.shutdown(), Some(0));
}
