//! One engine, one answer: on one repository, `docwright check <folder>`, `docwright check <file>`
//! and the language server's diagnostics (pulled: `workspace/diagnostic` for the documents that
//! are not open, `textDocument/diagnostic` for an open one) report the same findings for the same
//! files. Scope included: a folder check indexes the whole workspace, so a reference from the
//! checked folder to a document outside it resolves, as it does in the editor, and one to a
//! document that exists nowhere is reported by all three.

use crate::common;

use common::cli::docwright;
use common::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Two ADRs in `docs/adr/` and two design docs in `design/`: references within and across the
/// folders, some to documents that exist (one in the other folder), some to documents that
/// exist nowhere, and document-level findings (a misspelt status, a missing required section).
const FILES: &[(&str, &str)] = &[
    ("docwright.toml", "[rules]\ninvalid-status = \"error\"\n"),
    (
        "docs/adr/0001-record-architecture-decisions.md",
        "# 1. Record architecture decisions\n\nDate: 2026-03-02\n\n## Status\n\nAccepted\n\n\
         ## Context\n\nWe need to record decisions; the cache design is in \
         [the caching design](../../design/caching.md), and the queue design in \
         [the queue design](../../design/queue.md).\n\n## Decision\n\nWe will write ADRs, \
         starting with ADR-0002 and later ADR-0007.\n\n## Consequences\n\nSee \
         [the missing plan](../../design/rollout-plan.md).\n",
    ),
    (
        "docs/adr/0002-use-postgresql.md",
        "# 2. Use PostgreSQL\n\nDate: 2026-03-03\n\n## Status\n\nAcceptd\n\n## Context\n\n\
         Orders need a store; see [ADR 1](0001-record-architecture-decisions.md) and \
         [the old record](0004-use-mysql.md).\n\n## Decision\n\nUse PostgreSQL.\n",
    ),
    (
        "design/caching.md",
        "---\nkind: design-doc\n---\n# Caching orders\n\n## Context\n\nReads are slow. \
         This follows [ADR 1](../docs/adr/0001-record-architecture-decisions.md) and \
         [ADR 9](../docs/adr/0009-cache-everything.md).\n\n## Goals\n\nFaster reads.\n\n\
         ## Design\n\nA cache in front of the store.\n",
    ),
    (
        "design/queue.md",
        "# Queue\n\nA note on the queue; it cites [caching](caching.md#invalidation).\n",
    ),
];

fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap().join("repo");
    for (path, text) in FILES {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    (dir, root)
}

/// (workspace-relative path, rule, 1-based line, 1-based column, severity, message).
type Finding = (String, String, u64, u64, String, String);

/// The findings of `docwright check PATH --format json` run in `root`.
fn checked(root: &Path, path: &str) -> BTreeSet<Finding> {
    let run = docwright(root, &["check", path, "--format", "json"]);
    let files: Value = serde_json::from_str(&run.stdout).expect(&run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let mut out = BTreeSet::new();
    for file in files.as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        for d in file["diagnostics"].as_array().unwrap() {
            let severity = match d["severity"].as_str().unwrap() {
                "information" => "info",
                other => other,
            };
            out.insert((
                path.to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                severity.to_string(),
                d["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

/// One protocol diagnostic of `path` as a [`Finding`] (every fixture line is ASCII, so UTF-16
/// columns are byte columns).
fn finding(path: &str, d: &Value) -> Finding {
    (
        path.to_string(),
        d["code"].as_str().unwrap().to_string(),
        d["range"]["start"]["line"].as_u64().unwrap() + 1,
        d["range"]["start"]["character"].as_u64().unwrap() + 1,
        lsp_severity(&d["severity"]),
        d["message"].as_str().unwrap().to_string(),
    )
}

/// The server's findings for every document that is not open (`workspace/diagnostic`).
fn server_workspace(client: &mut LspClient, root: &Path) -> BTreeSet<Finding> {
    let report = client
        .request("workspace/diagnostic", json!({ "previousResultIds": [] }))
        .unwrap();
    let prefix = format!("{}/", file_uri(root));
    let mut out = BTreeSet::new();
    for item in report["items"].as_array().unwrap() {
        assert_eq!(item["kind"], "full", "{item}");
        let path = item["uri"].as_str().unwrap().strip_prefix(&prefix).unwrap();
        for d in item["items"].as_array().unwrap() {
            out.insert(finding(path, d));
        }
    }
    out
}

/// The server's findings for `path`, opened with its text on disk (`textDocument/diagnostic`).
fn server_open(client: &mut LspClient, root: &Path, path: &str) -> BTreeSet<Finding> {
    let uri = file_uri(&root.join(path));
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    client.open(&uri, &text);
    let report = client
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    assert_eq!(report["kind"], "full", "{report}");
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| finding(path, d))
        .collect()
}

fn of_files<'a>(findings: &'a BTreeSet<Finding>, prefix: &str) -> BTreeSet<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.0.starts_with(prefix))
        .collect()
}

fn has(findings: &BTreeSet<Finding>, path: &str, rule: &str, message_part: &str) -> bool {
    findings
        .iter()
        .any(|f| f.0 == path && f.1 == rule && f.5.contains(message_part))
}

#[test]
fn a_folder_check_a_file_check_and_the_server_report_the_same_findings() {
    let (_dir, root) = repository();
    let whole = checked(&root, ".");
    let adr_folder = checked(&root, "docs/adr");
    let design_folder = checked(&root, "design");
    let adr_file = checked(&root, "docs/adr/0001-record-architecture-decisions.md");

    let first = "docs/adr/0001-record-architecture-decisions.md";
    let second = "docs/adr/0002-use-postgresql.md";
    // The comparison means something: document rules and workspace rules, within a folder and
    // across folders, in both directions.
    assert!(
        has(&adr_folder, second, "invalid-status", "Acceptd"),
        "{adr_folder:#?}"
    );
    assert!(
        has(&adr_folder, first, "broken-reference", "ADR 7:"),
        "{adr_folder:#?}"
    );
    assert!(
        has(&adr_folder, first, "broken-reference", "rollout-plan"),
        "{adr_folder:#?}"
    );
    assert!(
        has(&adr_folder, second, "broken-reference", "0004-use-mysql"),
        "{adr_folder:#?}"
    );
    assert!(
        has(
            &design_folder,
            "design/caching.md",
            "broken-reference",
            "0009-cache-everything"
        ),
        "{design_folder:#?}"
    );
    // Scope: the documents outside the checked folder are in the index, so references to them
    // resolve; nothing outside the checked folder is reported on.
    for reference in ["caching.md`", "queue.md`", "ADR 2:"] {
        assert!(
            !adr_folder
                .iter()
                .any(|f| f.1 == "broken-reference" && f.5.contains(reference)),
            "{reference} is reported broken: {adr_folder:#?}"
        );
    }
    assert!(
        !design_folder
            .iter()
            .any(|f| f.1 == "broken-reference" && f.5.contains("0001-record")),
        "{design_folder:#?}"
    );
    assert!(adr_folder.iter().all(|f| f.0.starts_with("docs/adr/")));
    assert!(design_folder.iter().all(|f| f.0.starts_with("design/")));

    // A folder check, a file check and the whole check agree on each file.
    assert_eq!(of_files(&whole, "docs/adr/"), adr_folder.iter().collect());
    assert_eq!(of_files(&whole, "design/"), design_folder.iter().collect());
    assert_eq!(of_files(&adr_folder, first), adr_file.iter().collect());
    assert_eq!(adr_file.len(), of_files(&adr_file, first).len());

    // The server: every document not open, then one open document.
    let mut client = start_pulling_client(&root);
    let served = server_workspace(&mut client, &root);
    assert_eq!(of_files(&served, "docs/adr/"), adr_folder.iter().collect());
    assert_eq!(of_files(&served, "design/"), design_folder.iter().collect());
    assert_eq!(served, whole);
    let opened = server_open(&mut client, &root, first);
    assert_eq!(opened, adr_file);
    client.shutdown();
}
