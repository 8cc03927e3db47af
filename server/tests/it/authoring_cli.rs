//! The authoring commands (`new`, `supersede`, `link`, `set-status`, `index`) run for real on
//! copies of fixture repositories laid out as adr-tools, MADR, log4brains, dotnet-adr and pyadr
//! lay them out (`tests/fixtures/authoring/`). The files they write are snapshotted.

use crate::common;

use common::cli::{docwright, fixture_copy};
use std::path::Path;

const DATE: &str = "2026-11-23";

fn ok(dir: &Path, args: &[&str]) -> String {
    let run = docwright(dir, args);
    assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
    run.stdout
}

fn repository(layout: &str) -> tempfile::TempDir {
    fixture_copy(&format!("authoring/{layout}"))
}

/// Every Markdown file under `dir`, sorted, as `== path ==` and its text.
fn markdown_files(dir: &Path) -> String {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|(path, text)| format!("== {path} ==\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn snapshot_of(dir: &Path, before: &str) -> String {
    // Only what changed, so that each snapshot shows what the commands wrote.
    let after = markdown_files(dir);
    let before: Vec<&str> = before.split("\n== ").collect();
    let changed: Vec<String> = after
        .split("\n== ")
        .filter(|file| !before.contains(file))
        .map(|file| file.trim_start_matches("== ").to_string())
        .collect();
    format!("== {}", changed.join("\n== "))
}

#[test]
fn adr_tools_new_and_supersede_write_adr_tools_form() {
    let repo = repository("adr-tools");
    let before = markdown_files(repo.path());
    let out = ok(
        repo.path(),
        &["new", "adr", "Use", "PostgreSQL", "--date", DATE],
    );
    assert_eq!(out, "created doc/adr/0003-use-postgresql.md\n");
    ok(repo.path(), &["supersede", "2", "3"]);
    insta::assert_snapshot!(snapshot_of(repo.path(), &before));
}

#[test]
fn madr_new_and_supersede_write_front_matter() {
    let repo = repository("madr");
    let before = markdown_files(repo.path());
    let out = ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", DATE],
    );
    assert_eq!(out, "created docs/decisions/0003-use-postgresql.md\n");
    ok(repo.path(), &["supersede", "2", "3"]);
    insta::assert_snapshot!(snapshot_of(repo.path(), &before));
}

#[test]
fn log4brains_new_and_supersede_write_dated_names_and_bullets() {
    let repo = repository("log4brains");
    let before = markdown_files(repo.path());
    let out = ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", DATE],
    );
    assert_eq!(out, "created docs/adr/20261123-use-postgresql.md\n");
    ok(
        repo.path(),
        &[
            "supersede",
            "20240201-use-mysql.md",
            "20261123-use-postgresql.md",
        ],
    );
    insta::assert_snapshot!(snapshot_of(repo.path(), &before));
}

#[test]
fn dotnet_adr_new_and_supersede_follow_adr_config_json() {
    let repo = repository("dotnet-adr");
    let before = markdown_files(repo.path());
    let out = ok(
        repo.path(),
        &["new", "adr", "Use PostgreSQL", "--date", DATE],
    );
    assert_eq!(out, "created Docs/Adr/0003-use-postgresql.md\n");
    ok(repo.path(), &["supersede", "2", "3"]);
    insta::assert_snapshot!(snapshot_of(repo.path(), &before));
}

#[test]
fn pyadr_new_writes_an_unnumbered_proposal_in_the_records_dir() {
    let repo = repository("pyadr");
    let before = markdown_files(repo.path());
    let out = ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", DATE],
    );
    assert_eq!(out, "created docs/adr/XXXX-use-postgresql.md\n");
    ok(repo.path(), &["supersede", "1", "XXXX-use-postgresql.md"]);
    insta::assert_snapshot!(snapshot_of(repo.path(), &before));
}

#[test]
fn supersede_twice_changes_nothing_the_second_time() {
    for (layout, kind, old, new) in [
        ("adr-tools", "adr", "2", "3"),
        ("madr", "madr", "2", "3"),
        (
            "log4brains",
            "madr",
            "20240201-use-mysql.md",
            "20261123-use-postgresql.md",
        ),
        ("dotnet-adr", "adr", "2", "3"),
        ("pyadr", "madr", "1", "XXXX-use-postgresql.md"),
    ] {
        let repo = repository(layout);
        ok(
            repo.path(),
            &["new", kind, "Use PostgreSQL", "--date", DATE],
        );
        ok(repo.path(), &["supersede", old, new]);
        let once = markdown_files(repo.path());
        assert_eq!(
            ok(repo.path(), &["supersede", old, new]),
            "nothing to change\n"
        );
        assert_eq!(markdown_files(repo.path()), once, "{layout}");
    }
}

#[test]
fn new_then_check_reports_only_the_templates_placeholders() {
    for (layout, kind) in [
        ("adr-tools", "adr"),
        ("madr", "madr"),
        ("log4brains", "madr"),
        ("dotnet-adr", "adr"),
        ("pyadr", "madr"),
    ] {
        let repo = repository(layout);
        let created = ok(
            repo.path(),
            &["new", kind, "Use PostgreSQL", "--date", DATE],
        );
        let path = created.trim().strip_prefix("created ").unwrap().to_string();
        // Strict history: adr-tools and its kin write a new record as `Accepted`, which is
        // decided, and every rule is to find nothing but the template's placeholders.
        let run = docwright(
            repo.path(),
            &["check", "--strict-history", "--format", "json", &path],
        );
        let output: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let diagnostics = output[0]["diagnostics"].as_array().unwrap().clone();
        assert!(
            !diagnostics.is_empty(),
            "{layout}: the template's placeholders are reported"
        );
        for diagnostic in diagnostics {
            let rule = diagnostic["rule"].as_str().unwrap();
            assert!(
                rule == "placeholder-text" || rule == "empty-section",
                "{layout}: only placeholders (and the sections holding nothing else), not {diagnostic}"
            );
        }
    }
}

#[test]
fn new_numbers_past_the_highest_and_keeps_the_width() {
    let repo = repository("adr-tools");
    // A folder numbered with three digits stays so.
    let folder = repo.path().join("doc/adr");
    std::fs::rename(
        folder.join("0001-record-architecture-decisions.md"),
        folder.join("001-record-architecture-decisions.md"),
    )
    .unwrap();
    std::fs::rename(
        folder.join("0002-use-mysql.md"),
        folder.join("017-use-mysql.md"),
    )
    .unwrap();
    let out = ok(repo.path(), &["new", "adr", "Next", "--date", DATE]);
    assert_eq!(out, "created doc/adr/018-next.md\n");
    let text = std::fs::read_to_string(repo.path().join("doc/adr/018-next.md")).unwrap();
    assert!(
        // `adr new` writes every record as accepted (issue 12; it was `Proposed`).
        text.starts_with("# 18. Next\n\nDate: 2026-11-23\n\n## Status\n\nAccepted\n"),
        "{text}"
    );
}

#[test]
fn new_uses_the_template_named_in_docwright_toml() {
    let repo = repository("madr");
    std::fs::write(
        repo.path().join("docwright.toml"),
        "[kinds.madr]\ntemplate = \"templates/decision.md\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(repo.path().join("templates")).unwrap();
    std::fs::write(
        repo.path().join("templates/decision.md"),
        "---\nstatus: {status}\ndate: {date}\n---\n\n# {title}\n\nDecision {number}.\n",
    )
    .unwrap();
    ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", DATE],
    );
    let text =
        std::fs::read_to_string(repo.path().join("docs/decisions/0003-use-postgresql.md")).unwrap();
    assert_eq!(
        text,
        "---\nstatus: proposed\ndate: 2026-11-23\n---\n\n# Use PostgreSQL\n\nDecision 3.\n"
    );
}

#[test]
fn set_status_link_and_index() {
    let repo = repository("madr");
    let before = markdown_files(repo.path());
    ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", DATE],
    );
    ok(repo.path(), &["set-status", "3", "accept"]);
    assert_eq!(
        ok(repo.path(), &["set-status", "3", "accepted"]),
        "nothing to change\n"
    );
    ok(repo.path(), &["link", "3", "1", "--relation", "amends"]);
    assert_eq!(
        ok(repo.path(), &["index"]),
        "updated docs/decisions/README.md\n"
    );
    assert_eq!(
        ok(repo.path(), &["index"]),
        "docs/decisions/README.md is current\n"
    );
    insta::assert_snapshot!(snapshot_of(repo.path(), &before));

    let run = docwright(repo.path(), &["set-status", "3", "maybe"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a status of madr"),
        "{}",
        run.stderr
    );
    let run = docwright(repo.path(), &["supersede", "9", "3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no document `9`"), "{}", run.stderr);
}
