//! `workspace/diagnostic` over stdio: every rule's findings for every indexed document, equal to
//! what `docwright check` reports on the same workspace, with result ids that let an unchanged
//! document be answered `unchanged`, and a document edited on disk re-checked.

use crate::common;

use common::cli::{copy_tree, docwright};
use common::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A document with a finding of a document rule (a misspelt status), one of a workspace rule (a
/// citation of a missing ADR), and a workspace rule's finding suppressed by a comment.
const EXTRA: &str = "# 8. Cache order totals\n\nDate: 2024-05-01\n\n## Status\n\nAcceptd\n\n## Context\n\nTotals are slow; see ADR-0042.\n\n<!-- docwright-disable-next-line broken-reference -->\nAlso ADR-0043.\n\n## Decision\n\nCache them.\n\n## Consequences\n\nStale totals for a minute.\n";

/// A copy of the project's `examples/` (its own `docwright.toml`) plus [`EXTRA`] and a document
/// that starts with a byte order mark.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("examples");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    copy_tree(&examples, &root);
    std::fs::write(root.join("docs/adr/0008-cache-order-totals.md"), EXTRA).unwrap();
    std::fs::write(
        root.join("docs/adr/0009-bom.md"),
        format!("\u{feff}{}", EXTRA.replace("# 8. Cache", "# 9. Cache")),
    )
    .unwrap();
    (dir, root)
}

/// (workspace-relative path, rule, 1-based line, severity, message) of one finding.
type Finding = (String, String, u64, String, String);

/// The findings of a `workspace/diagnostic` report.
fn problems(root: &Path, report: &Value) -> BTreeSet<Finding> {
    let prefix = format!("{}/", file_uri(root));
    let mut out = BTreeSet::new();
    for item in report["items"].as_array().unwrap() {
        assert_eq!(item["kind"], "full", "{item}");
        let path = item["uri"].as_str().unwrap().strip_prefix(&prefix).unwrap();
        for d in item["items"].as_array().unwrap() {
            out.insert((
                path.to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
                lsp_severity(&d["severity"]),
                d["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

/// The findings of `docwright check . --format json` in `root`.
fn checked(root: &Path) -> BTreeSet<Finding> {
    let run = docwright(root, &["check", ".", "--format", "json"]);
    let files: Value = serde_json::from_str(&run.stdout).expect(&run.stderr);
    let mut out = BTreeSet::new();
    for file in files.as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let path = path.strip_prefix("./").unwrap_or(path);
        for d in file["diagnostics"].as_array().unwrap() {
            let severity = match d["severity"].as_str().unwrap() {
                "information" => "info",
                other => other,
            };
            out.insert((
                path.to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                severity.to_string(),
                d["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn rules(findings: &BTreeSet<Finding>) -> BTreeSet<&str> {
    findings.iter().map(|f| f.1.as_str()).collect()
}

#[test]
fn the_problems_of_a_workspace_are_what_docwright_check_reports() {
    let (_dir, root) = workspace();
    let expected = checked(&root);
    // Document rules and workspace rules both, so the comparison means something.
    let expected_rules = rules(&expected);
    assert!(expected_rules.contains("invalid-status"), "{expected:?}");
    assert!(expected_rules.contains("broken-reference"), "{expected:?}");
    // The suppressed citation of ADR-0043 is in neither.
    assert!(!expected.iter().any(|f| f.4.contains("43")), "{expected:?}");

    let mut client = start_pulling_client(&root);
    let report = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .unwrap();
    let found = problems(&root, &report);
    assert_eq!(found, expected, "{report}");
    // The document with a byte order mark has its findings on the same lines as the others.
    assert!(
        found
            .iter()
            .any(|f| f.0 == "docs/adr/0009-bom.md" && f.1 == "invalid-status" && f.2 == 7),
        "{found:?}"
    );
    client.shutdown();
}

#[test]
fn unchanged_documents_are_answered_unchanged_and_an_edit_on_disk_is_seen() {
    let (_dir, root) = workspace();
    let mut client = start_pulling_client(&root);
    let report = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .unwrap();
    let items = report["items"].as_array().unwrap();
    assert!(items.len() >= 3, "{report}");
    let held: Vec<Value> = items
        .iter()
        .map(|item| json!({ "uri": item["uri"], "value": item["resultId"] }))
        .collect();

    let again = client
        .request(
            "workspace/diagnostic",
            json!({ "previousResultIds": held.clone() }),
        )
        .unwrap();
    let kinds: BTreeSet<&str> = again["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["unchanged"]), "{again}");

    // The last section is emptied on disk: only the document rules see the difference (the
    // document's index entry is the same), and the document's report changes.
    let extra = root.join("docs/adr/0008-cache-order-totals.md");
    std::fs::write(&extra, EXTRA.replace("Stale totals for a minute.\n", "")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&extra), "type": 2 }] }),
    );
    let extra_uri = file_uri(&extra);
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let after = client
            .request("workspace/diagnostic", json!({ "previousResultIds": held }))
            .unwrap();
        let item = after["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["uri"] == json!(extra_uri))
            .cloned()
            .expect("the edited document is reported");
        if item["kind"] == "full" {
            let rules: Vec<&str> = item["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap())
                .collect();
            assert!(rules.contains(&"empty-section"), "{item}");
            assert!(rules.contains(&"invalid-status"), "{item}");
            assert!(rules.contains(&"broken-reference"), "{item}");
            // Every other document is still unchanged.
            assert!(
                after["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["uri"] != json!(extra_uri))
                    .all(|i| i["kind"] == "unchanged"),
                "{after}"
            );
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the edit was not seen: {after}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    client.shutdown();
}
