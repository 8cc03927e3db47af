//! Adopting Docwright on a repository with years of decisions: decided records are history
//! (by default structural checks pause on them; `strict-history = true` checks them like drafts),
//! `--changed-since REF` reports only what changed, and a baseline hides the findings a team
//! already knows of.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::cli::docwright;
use common::*;
use serde_json::{Value, json};

/// A Nygard log: two accepted records and a proposal, all three missing `## Consequences`.
fn history_log(dir: &Path) {
    let adr = dir.join("doc/adr");
    std::fs::create_dir_all(&adr).unwrap();
    std::fs::write(dir.join(".adr-dir"), "doc/adr\n").unwrap();
    for (number, slug, status) in [
        (1, "record-architecture-decisions", "Accepted"),
        (
            2,
            "use-postgresql",
            "Superseded by [3. Use SQLite](0003-use-sqlite.md)",
        ),
        (3, "use-sqlite", "Proposed"),
    ] {
        let title = slug.replace('-', " ");
        let mut body = format!(
            "# {number}. {title}\n\nDate: 2020-01-0{number}\n\n## Status\n\n{status}\n\n## Context\n\nWe need to decide.\n\n## Decision\n\nWe will do it.\n"
        );
        if number == 3 {
            body.push_str("\nSupersedes [2. Use PostgreSQL](0002-use-postgresql.md)\n");
        }
        std::fs::write(adr.join(format!("000{number}-{slug}.md")), body).unwrap();
    }
}

/// (file, rule) of every finding, from `check --format json`.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = docwright(dir, &all);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let files: Value = serde_json::from_str(&run.stdout).expect("JSON output");
    let mut found = Vec::new();
    for file in files.as_array().unwrap() {
        for diagnostic in file["diagnostics"].as_array().unwrap() {
            found.push((
                file["path"].as_str().unwrap().to_string(),
                diagnostic["rule"].as_str().unwrap().to_string(),
            ));
        }
    }
    found.sort();
    found
}

fn missing_sections(found: &[(String, String)]) -> Vec<&str> {
    found
        .iter()
        .filter(|(_, rule)| rule == "missing-section")
        .map(|(file, _)| file.rsplit('/').next().unwrap())
        .collect()
}

#[test]
fn decided_records_are_history_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    history_log(dir.path());

    let paused = findings(dir.path(), &[]);
    assert_eq!(
        missing_sections(&paused),
        ["0003-use-sqlite.md"],
        "{paused:?}"
    );
    assert_eq!(findings(dir.path(), &["--strict-history=false"]), paused);

    let strict = findings(dir.path(), &["--strict-history"]);
    assert_eq!(
        missing_sections(&strict),
        [
            "0001-record-architecture-decisions.md",
            "0002-use-postgresql.md",
            "0003-use-sqlite.md"
        ],
        "{strict:?}"
    );
    // The flag takes its value only after `=`: a path after it is a path.
    assert_eq!(findings(dir.path(), &["--strict-history", "."]), strict);

    // The same through the config, and the flag overrides it.
    std::fs::write(dir.path().join("docwright.toml"), "strict-history = true\n").unwrap();
    assert_eq!(findings(dir.path(), &[]), strict);
    assert_eq!(findings(dir.path(), &["--strict-history=false"]), paused);
    std::fs::write(
        dir.path().join("docwright.toml"),
        "strict-history = false\n",
    )
    .unwrap();
    assert_eq!(findings(dir.path(), &[]), paused);
    assert_eq!(findings(dir.path(), &["--strict-history"]), strict);
}

#[test]
fn a_status_that_is_not_a_status_is_reported_on_a_decided_record_too() {
    let dir = tempfile::tempdir().unwrap();
    history_log(dir.path());
    let path = dir
        .path()
        .join("doc/adr/0001-record-architecture-decisions.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Date: 2020-01-01", "Date: 2020-13-45");
    std::fs::write(&path, text).unwrap();
    let found = findings(dir.path(), &[]);
    assert!(
        found.contains(&(
            "doc/adr/0001-record-architecture-decisions.md".to_string(),
            "invalid-date".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn the_editor_pauses_the_same_checks_and_says_why_on_the_title() {
    // No docwright.toml: the editor pauses by default, as the command line does.
    let dir = tempfile::tempdir().unwrap();
    history_log(dir.path());
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let rules_of = |diagnostics: &[Value]| -> Vec<String> {
        let mut rules: Vec<String> = diagnostics
            .iter()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect();
        rules.sort();
        rules
    };
    let accepted = dir
        .path()
        .join("doc/adr/0001-record-architecture-decisions.md");
    let accepted_uri = file_uri(&accepted);
    client.open(&accepted_uri, &std::fs::read_to_string(&accepted).unwrap());
    let diagnostics = client.diagnostics_for(&accepted_uri, 1);
    assert!(
        !rules_of(&diagnostics).contains(&"missing-section".to_string()),
        "{diagnostics:?}"
    );
    let proposal = dir.path().join("doc/adr/0003-use-sqlite.md");
    let proposal_uri = file_uri(&proposal);
    client.open(&proposal_uri, &std::fs::read_to_string(&proposal).unwrap());
    let diagnostics = client.diagnostics_for(&proposal_uri, 1);
    assert!(
        rules_of(&diagnostics).contains(&"missing-section".to_string()),
        "{diagnostics:?}"
    );

    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": accepted_uri }, "position": { "line": 0, "character": 4 } }),
        )
        .unwrap();
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("This record is decided"), "{hover}");
    assert!(value.contains("strict-history"), "{hover}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_editor_checks_decided_records_like_drafts_under_strict_history() {
    let dir = tempfile::tempdir().unwrap();
    history_log(dir.path());
    std::fs::write(dir.path().join("docwright.toml"), "strict-history = true\n").unwrap();
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let accepted = dir
        .path()
        .join("doc/adr/0001-record-architecture-decisions.md");
    let accepted_uri = file_uri(&accepted);
    client.open(&accepted_uri, &std::fs::read_to_string(&accepted).unwrap());
    let diagnostics = client.diagnostics_for(&accepted_uri, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "missing-section"),
        "{diagnostics:?}"
    );
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": accepted_uri }, "position": { "line": 0, "character": 4 } }),
        )
        .unwrap();
    assert!(
        !hover.to_string().contains("This record is decided"),
        "{hover}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

/// Findings per rule on the Rust RFC corpus by default, with the structural checks paused on
/// decided records (merged RFCs are accepted: history), and with `--strict-history`. Pinned: a
/// change to either is a change to what a team adopting Docwright on a repository like this one
/// meets first.
#[test]
fn rust_rfc_findings_by_default_and_with_strict_history() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/rust-rfcs");
    let count = |args: &[&str]| {
        let mut by_rule = std::collections::BTreeMap::<String, usize>::new();
        for (_, rule) in findings(&corpus, args) {
            *by_rule.entry(rule).or_default() += 1;
        }
        by_rule
    };
    insta::assert_json_snapshot!("rust_rfcs_paused", count(&["."]));
    insta::assert_json_snapshot!(
        "rust_rfcs_strict_history",
        count(&["--strict-history", "."])
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn changed_since_reports_only_changed_records_and_resolves_against_all() {
    let dir = tempfile::tempdir().unwrap();
    history_log(dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "log"]);
    git(dir.path(), &["tag", "base"]);
    // A new proposal citing an unchanged record, and a rename of another.
    std::fs::write(
        dir.path().join("doc/adr/0004-use-redis.md"),
        "# 4. Use Redis\n\nDate: 2020-01-04\n\n## Status\n\nProposed\n\n## Context\n\nSee [ADR 1](0001-record-architecture-decisions.md) and [gone](0009-gone.md).\n\n## Decision\n\nRedis.\n",
    )
    .unwrap();
    git(
        dir.path(),
        &[
            "mv",
            "doc/adr/0003-use-sqlite.md",
            "doc/adr/0003-use-sqlite-everywhere.md",
        ],
    );
    let found = findings(dir.path(), &["--changed-since", "base"]);
    let files: std::collections::BTreeSet<&str> =
        found.iter().map(|(file, _)| file.as_str()).collect();
    assert!(
        files.iter().all(|file| file.ends_with("0004-use-redis.md")
            || file.ends_with("0003-use-sqlite-everywhere.md")),
        "{found:?}"
    );
    let broken: Vec<&(String, String)> = found
        .iter()
        .filter(|(_, rule)| rule == "broken-reference")
        .collect();
    assert!(
        broken
            .iter()
            .any(|(file, _)| file.ends_with("0004-use-redis.md")),
        "the link to a missing record is reported: {found:?}"
    );
    assert_eq!(
        broken
            .iter()
            .filter(|(file, _)| file.ends_with("0004-use-redis.md"))
            .count(),
        1,
        "the link to the unchanged record resolves: {found:?}"
    );
    assert!(
        missing_sections(&found).contains(&"0003-use-sqlite-everywhere.md"),
        "the renamed proposal is checked: {found:?}"
    );

    let run = docwright(dir.path(), &["check", "--changed-since", "no-such-ref"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-ref"), "{}", run.stderr);
}

#[test]
fn a_baseline_hides_known_findings_and_survives_lines_moving() {
    let dir = tempfile::tempdir().unwrap();
    history_log(dir.path());
    let run = docwright(
        dir.path(),
        &[
            "check",
            "--strict-history",
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(dir.path().join("baseline.json").is_file());
    let known = findings(dir.path(), &["--strict-history"]);
    assert!(!known.is_empty());
    assert!(
        findings(
            dir.path(),
            &["--strict-history", "--baseline", "baseline.json"]
        )
        .is_empty()
    );

    // Lines inserted above an old finding: still hidden. A new fault (a misspelt status, which
    // also ends the proposal's review-overdue finding): reported.
    let path = dir.path().join("doc/adr/0003-use-sqlite.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "## Context\n",
        "## Context\n\nA new paragraph.\n\nAnother one.\n",
    );
    std::fs::write(&path, text.replace("\nProposed\n", "\nProposd\n")).unwrap();
    let after = findings(
        dir.path(),
        &["--strict-history", "--baseline", "baseline.json"],
    );
    assert_eq!(
        after,
        [(
            "doc/adr/0003-use-sqlite.md".to_string(),
            "invalid-status".to_string()
        )]
    );

    // The same through the config; a rewrite records the new finding and drops the one whose
    // cause went away.
    std::fs::write(
        dir.path().join("docwright.toml"),
        "strict-history = true\nbaseline = \"baseline.json\"\n",
    )
    .unwrap();
    assert_eq!(findings(dir.path(), &[]), after);
    let rules_in_baseline = |dir: &Path| -> Vec<String> {
        let baseline: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap())
                .unwrap();
        baseline["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry["path"] == "doc/adr/0003-use-sqlite.md")
            .map(|entry| entry["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules_in_baseline(dir.path()).contains(&"review-overdue".to_string()));
    let run = docwright(dir.path(), &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let rules = rules_in_baseline(dir.path());
    assert!(rules.contains(&"invalid-status".to_string()), "{rules:?}");
    assert!(!rules.contains(&"review-overdue".to_string()), "{rules:?}");
    assert!(findings(dir.path(), &[]).is_empty());
}
