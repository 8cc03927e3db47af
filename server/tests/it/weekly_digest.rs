//! One-pagers, weekly updates and the decision digest (issue 20), on a repository whose git
//! history the test writes itself, commit by commit, with set dates:
//!
//! | day (UTC) | commit |
//! | --- | --- |
//! | 2026-11-10 | ADR-0001 accepted (new) |
//! | 2026-11-17 | ADR-0002 proposed (new) |
//! | 2026-11-25 | ADR-0002 accepted; ADR-0003 proposed (new); a README edited |
//! | 2026-11-27 | ADR-0003's context reworded, its status unchanged |
//! | 2026-12-02 | ADR-0003 rejected |
//!
//! So ISO week 2026-W48 (Monday 2026-11-23 to Sunday 2026-11-29) saw ADR-0002 accepted and
//! ADR-0003 proposed, and nothing else.

use crate::common;

use common::LspClient;
use common::cli::{docwright, docwright_ok};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str], day: &str) {
    let stamp = format!("{day}T10:00:00Z");
    let output = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn adr(number: u32, title: &str, status: &str, context: &str) -> String {
    format!(
        "# {number}. {title}\n\nDate: 2026-11-10\n\n## Status\n\n{status}\n\n## Context\n\n\
         {context}\n\n## Decision\n\nWe will do it.\n\n## Consequences\n\nIt gets easier to \
         change, and harder to run.\n"
    )
}

fn write(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit(dir: &Path, day: &str, message: &str) {
    git(dir, &["add", "-A"], day);
    git(dir, &["commit", "-q", "-m", message], day);
}

/// The repository of the module's table.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"], "2026-11-01");
    let postgres = "Orders need a durable store. The old one is full.";
    let kafka = "Events must reach other teams. Polling is slow.";
    write(
        dir,
        "docs/adr/0001-record-decisions.md",
        &adr(
            1,
            "Record decisions",
            "Accepted",
            "We forget why. Records help.",
        ),
    );
    commit(dir, "2026-11-10", "ADR-0001");
    write(
        dir,
        "docs/adr/0002-use-postgresql.md",
        &adr(2, "Use PostgreSQL", "Proposed", postgres),
    );
    commit(dir, "2026-11-17", "ADR-0002 proposed");
    write(
        dir,
        "docs/adr/0002-use-postgresql.md",
        &adr(2, "Use PostgreSQL", "Accepted", postgres),
    );
    write(
        dir,
        "docs/adr/0003-use-kafka.md",
        &adr(3, "Use Kafka", "Proposed", kafka),
    );
    write(dir, "README.md", "# Orders\n\nThe orders service.\n");
    commit(dir, "2026-11-25", "ADR-0002 accepted, ADR-0003 proposed");
    write(
        dir,
        "docs/adr/0003-use-kafka.md",
        &adr(
            3,
            "Use Kafka",
            "Proposed",
            "Events must reach other teams fast.",
        ),
    );
    commit(dir, "2026-11-27", "ADR-0003 reworded");
    write(
        dir,
        "docs/adr/0003-use-kafka.md",
        &adr(
            3,
            "Use Kafka",
            "Rejected",
            "Events must reach other teams fast.",
        ),
    );
    commit(dir, "2026-12-02", "ADR-0003 rejected");
    repo
}

/// (id, status, previous status) of every change of a JSON digest.
fn changes(json_digest: &str) -> Vec<(String, String, Option<String>)> {
    let digest: Value = serde_json::from_str(json_digest).expect("the digest is JSON");
    digest["logs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|log| log["changes"].as_array().unwrap())
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
                c["previous"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn digest_json(dir: &Path, since: &str, until: &str) -> Vec<(String, String, Option<String>)> {
    changes(&docwright_ok(
        dir,
        &[
            "digest", "--since", since, "--until", until, "--format", "json",
        ],
    ))
}

fn change(id: &str, status: &str, previous: Option<&str>) -> (String, String, Option<String>) {
    (
        id.to_string(),
        status.to_string(),
        previous.map(str::to_string),
    )
}

#[test]
fn the_digest_of_a_week_lists_exactly_the_changes_of_that_week() {
    let repo = repository();
    let dir = repo.path();
    assert_eq!(
        digest_json(dir, "2026-11-23", "2026-11-29"),
        [
            change("ADR-0002", "accepted", Some("proposed")),
            change("ADR-0003", "proposed", None),
        ],
        "the README and the reworded record are no decisions"
    );
    assert_eq!(
        digest_json(dir, "2026-11-16", "2026-11-22"),
        [change("ADR-0002", "proposed", None)]
    );
    assert_eq!(
        digest_json(dir, "2026-11-30", "2026-12-06"),
        [change("ADR-0003", "rejected", Some("proposed"))]
    );
    assert_eq!(
        digest_json(dir, "2026-11-26", "2026-11-29"),
        [],
        "a reworded record whose status stays is no change"
    );
    // The window's ends are whole days: 2026-11-25 alone holds that day's commit.
    assert_eq!(digest_json(dir, "2026-11-25", "2026-11-25").len(), 2);
    // Refs work as ends too: the last commit alone.
    assert_eq!(
        changes(&docwright_ok(
            dir,
            &["digest", "--since", "HEAD~1", "--format", "json"]
        )),
        [change("ADR-0003", "rejected", Some("proposed"))]
    );
    let week = docwright_ok(
        dir,
        &["digest", "--since", "2026-11-23", "--until", "2026-11-29"],
    );
    // The README shows this digest as the command's output: it must stay the real one.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    assert!(
        readme.contains(&format!(
            "$ docwright digest --since 2026-11-23 --until 2026-11-29\n{week}```"
        )),
        "README.md's sample digest differs from the real output:\n{week}"
    );
    insta::assert_snapshot!(week);
}

#[test]
fn the_digest_needs_git_history_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "docs/adr/0001-x.md",
        &adr(1, "X", "Accepted", "Because."),
    );
    let run = docwright(dir.path(), &["digest", "--since", "2026-11-23"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("no git history"), "{}", run.stderr);
    let repo = repository();
    let run = docwright(repo.path(), &["digest", "--since", "no-such-ref"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`no-such-ref`"), "{}", run.stderr);
}

/// The weekly update of 2026-W48 with `decisions` as its Decisions section.
fn weekly_update(decisions: &str) -> String {
    format!(
        "# Platform team, week 48\n\n## Highlights\n\n* Orders moved to PostgreSQL.\n\n\
         ## Progress\n\n* The migration script ran on staging.\n\n## Decisions\n\n{decisions}\n\n\
         ## Risks and Blockers\n\n* None this week.\n\n## Next Week\n\n* Production migration.\n"
    )
}

fn findings(dir: &Path, path: &str) -> Vec<(String, String)> {
    let out = docwright(dir, &["check", "--format", "json", path]);
    let files: Value = serde_json::from_str(&out.stdout).expect("JSON");
    files
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_weekly_update_that_cites_none_of_its_weeks_decisions_is_told_so() {
    let repo = repository();
    let dir = repo.path();
    write(
        dir,
        "updates/2026-W48.md",
        &weekly_update("* We talked about storage."),
    );
    assert_eq!(
        findings(dir, "updates/2026-W48.md"),
        [(
            String::from("uncited-decisions"),
            String::from(
                "2 decisions changed in 2026-W48 (ADR-0002 accepted, ADR-0003 proposed), but \
                 `Decisions` cites no decision record"
            )
        )]
    );
    // A date of the week names it as well as the week does.
    write(
        dir,
        "updates/2026-11-27.md",
        &weekly_update("* We talked about storage."),
    );
    assert_eq!(findings(dir, "updates/2026-11-27.md").len(), 1);
    // Citing one record, by link or by id, is enough.
    for cited in [
        "* [Use PostgreSQL](../docs/adr/0002-use-postgresql.md) is accepted.",
        "* ADR-0003 is proposed.",
    ] {
        write(dir, "updates/2026-W48.md", &weekly_update(cited));
        assert_eq!(findings(dir, "updates/2026-W48.md"), [], "{cited}");
    }
    // Unsure, so silent: a week without decisions, a name without a week.
    write(
        dir,
        "updates/2026-W45.md",
        &weekly_update("* Nothing decided."),
    );
    assert_eq!(findings(dir, "updates/2026-W45.md"), []);
    write(
        dir,
        "updates/platform.md",
        &weekly_update("* Nothing decided."),
    );
    assert_eq!(findings(dir, "updates/platform.md"), []);
    // And without git, nothing is known.
    std::fs::remove_dir_all(dir.join(".git")).unwrap();
    write(
        dir,
        "updates/2026-W48.md",
        &weekly_update("* We talked about storage."),
    );
    assert_eq!(findings(dir, "updates/2026-W48.md"), []);
}

#[test]
fn the_editor_reports_an_uncited_week_as_docwright_check_does() {
    let repo = repository();
    let dir = repo.path();
    let text = weekly_update("* We talked about storage.");
    write(dir, "updates/2026-W48.md", &text);
    let expected = findings(dir, "updates/2026-W48.md");
    assert_eq!(expected.len(), 1, "{expected:?}");
    let capabilities = json!({ "general": { "positionEncodings": ["utf-16"] } });
    let mut client = LspClient::start(Some(dir), capabilities, json!({})).0;
    let uri = uri_of(&dir.join("updates/2026-W48.md"));
    client.open(&uri, &text);
    // The first answer may come before the workspace is indexed; the corrected one follows.
    let published = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri)
            && p["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "uncited-decisions"))
    });
    let reported: Vec<(String, String)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(reported, expected);
}

#[test]
fn new_one_pagers_and_weekly_updates_check_clean_apart_from_their_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let created = docwright_ok(
        dir,
        &[
            "new",
            "one-pager",
            "Two more build machines",
            "--date",
            "2026-11-27",
        ],
    );
    assert_eq!(
        created.trim(),
        "created docs/one-pagers/two-more-build-machines.md"
    );
    let created = docwright_ok(
        dir,
        &[
            "new",
            "weekly-update",
            "Platform team",
            "--date",
            "2026-11-27",
        ],
    );
    assert_eq!(created.trim(), "created docs/updates/2026-W48.md");
    // A second update of the same week gets a name of its own.
    let created = docwright_ok(
        dir,
        &["new", "weekly-update", "Data team", "--date", "2026-11-23"],
    );
    assert_eq!(created.trim(), "created docs/updates/2026-W48-2.md");
    for path in [
        "docs/one-pagers/two-more-build-machines.md",
        "docs/updates/2026-W48.md",
    ] {
        let explained = docwright_ok(dir, &["check", "--explain-kind", path]);
        let kind = if path.contains("one-pagers") {
            "one-pager"
        } else {
            "weekly-update"
        };
        assert!(explained.contains(&format!(": {kind} (")), "{explained}");
        for (rule, message) in findings(dir, path) {
            assert!(
                rule == "placeholder-text" || rule == "empty-section",
                "{path}: {rule}: {message}"
            );
        }
    }
    insta::assert_snapshot!(
        "new_one_pager",
        std::fs::read_to_string(dir.join("docs/one-pagers/two-more-build-machines.md")).unwrap()
    );
    insta::assert_snapshot!(
        "new_weekly_update",
        std::fs::read_to_string(dir.join("docs/updates/2026-W48.md")).unwrap()
    );
}

#[test]
fn weekly_updates_are_known_by_their_folder_and_by_their_shape() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "team/weekly/2026-W48.md", "# Week 48\n\nShort.\n");
    write(dir, "notes/2026-W48.md", &weekly_update("* None."));
    write(
        dir,
        "notes/ask.md",
        "# Ask\n\n## Summary\n\nWe ask for a thing.\n\n## Problem\n\nIt hurts.\n\n## Proposal\n\nBuy it.\n\n## Impact\n\nMoney.\n\n## Alternatives\n\nNone.\n",
    );
    let kind = |path: &str| docwright_ok(dir, &["check", "--explain-kind", path]);
    assert!(
        kind("team/weekly/2026-W48.md").contains(": weekly-update (it lives in `team/weekly/`")
    );
    assert!(kind("notes/2026-W48.md").contains(": weekly-update (its headings match 5 of the 5"));
    assert!(kind("notes/ask.md").contains(": one-pager (its headings match 5 of the 5"));
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn code_actions(client: &mut LspClient, uri: &str, line: u32) -> Vec<Value> {
    client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
                "context": { "diagnostics": [], "triggerKind": 1 },
            }),
        )
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn the_code_action_fills_a_weekly_updates_decisions_with_its_weeks_decisions() {
    let repo = repository();
    let dir = repo.path();
    let text = weekly_update("* {decision}: {link to its record}");
    write(dir, "updates/2026-W48.md", &text);
    let capabilities = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": { "workspaceEdit": { "documentChanges": true } },
    });
    let mut client = LspClient::start(Some(dir), capabilities, json!({})).0;
    let uri = uri_of(&dir.join("updates/2026-W48.md"));
    client.open(&uri, &text);
    let decisions_line = text.lines().position(|l| l == "## Decisions").unwrap() as u32;
    let title = "Fill with this week's decisions";
    let offered = |actions: &[Value]| actions.iter().find(|a| a["title"] == title).cloned();
    let progress_line = text.lines().position(|l| l == "## Progress").unwrap() as u32;
    assert!(
        offered(&code_actions(&mut client, &uri, progress_line)).is_none(),
        "only in the Decisions section"
    );
    let action = offered(&code_actions(&mut client, &uri, decisions_line + 2))
        .expect("offered in the Decisions section");
    let command = &action["command"];
    assert_eq!(command["command"], "docwright.fillDecisions");
    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": command["command"], "arguments": command["arguments"] }),
        )
        .expect("the command runs");
    assert_eq!(answer["applied"], json!(true));
    let change = &answer["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["uri"], json!(uri));
    let edits = change["edits"].as_array().unwrap();
    let filled = common::apply_text_edits(&text, edits, common::Columns::Utf16);
    insta::assert_snapshot!(filled);
    assert!(filled.contains(
        "- [ADR-0002: Use PostgreSQL](../docs/adr/0002-use-postgresql.md): accepted (was proposed)."
    ));
    assert!(!filled.contains("{decision}"));
    // The filled update cites its week's decisions: the rule is satisfied.
    write(dir, "updates/2026-W48.md", &filled);
    assert_eq!(findings(dir, "updates/2026-W48.md"), []);
    // The digest as a command: the same as `docwright digest`.
    let digest = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.digest", "arguments": [{ "since": "2026-11-23", "until": "2026-11-29" }] }),
        )
        .expect("the command runs");
    assert_eq!(
        digest["markdown"].as_str().unwrap(),
        docwright_ok(
            dir,
            &["digest", "--since", "2026-11-23", "--until", "2026-11-29"]
        )
    );
    client.shutdown();
}
