//! Docwright against the real log4brains (npm `log4brains` and its API `@log4brains/core`,
//! installed in CI by `.ci/authoring-tools.sh`), driven by `tests/authoring-tools/log4brains.js`:
//! the same records created and superseded by log4brains in one temporary git repository and by
//! `docwright` in its twin, the trees compared file by file; log4brains' own reading of what
//! Docwright wrote (status, date, `supersededBy`).
//!
//! The packages are found through `DOCWRIGHT_NODE_MODULES`, else in `tests/authoring-tools/`.
//! Without them (or without `node`) the tests print a skip notice and pass, unless `CI` is set.

use crate::common;

use common::cli::{docwright_ok as ok, tree};
use std::path::{Path, PathBuf};
use std::process::Command;

fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/authoring-tools")
}

/// The node_modules folder holding `@log4brains/core`, or `None` (with a notice) outside CI.
fn node_modules() -> Option<PathBuf> {
    let modules = std::env::var_os("DOCWRIGHT_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| tools_dir().join("node_modules"));
    let node = Command::new("node").arg("--version").output().is_ok();
    if node && modules.join("@log4brains/core/package.json").is_file() {
        return Some(modules);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "node or @log4brains/core is missing; .ci/authoring-tools.sh installs it"
    );
    eprintln!("skipped: @log4brains/core is not installed (run .ci/authoring-tools.sh)");
    None
}

/// Runs the log4brains driver script in `dir`.
fn log4brains(modules: &Path, dir: &Path, args: &[&str]) -> String {
    let output = Command::new("node")
        .arg(tools_dir().join("log4brains.js"))
        .arg(dir)
        .args(args)
        .env("NODE_PATH", modules)
        .env("TZ", "UTC")
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "log4brains {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Docwright Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A git repository with one commit (log4brains reads records' dates from git) and a
/// log4brains log in `docs/adr`, with log4brains' own `template.md` when `with_template`.
fn log4brains_repository(modules: &Path, with_template: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    git(
        dir.path(),
        &["commit", "-q", "--allow-empty", "-m", "start"],
    );
    std::fs::write(
        dir.path().join(".log4brains.yml"),
        "project:\n  name: twin\n  tz: Etc/UTC\n  adrFolder: ./docs/adr\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("docs/adr")).unwrap();
    if with_template {
        std::fs::copy(
            modules.join("@log4brains/init/assets/template.md"),
            dir.path().join("docs/adr/template.md"),
        )
        .unwrap();
    }
    dir
}

/// Today as log4brains names files (`YYYYMMDD`, UTC) and as Docwright's `--date` takes it.
fn today() -> (String, String) {
    let output = Command::new("date")
        .args(["-u", "+%Y%m%d %Y-%m-%d"])
        .output()
        .expect("date runs");
    let text = String::from_utf8(output.stdout).unwrap();
    let (compact, dashed) = text.trim().split_once(' ').unwrap();
    (compact.to_string(), dashed.to_string())
}

#[test]
fn the_same_records_and_supersede_give_the_same_tree() {
    let Some(modules) = node_modules() else {
        return;
    };
    let (day, date) = today();
    let by_tool = log4brains_repository(&modules, true);
    let by_docwright = log4brains_repository(&modules, true);
    let titles = ["Use MySQL", "Use PostgreSQL 16!", "Don't share a/b -- ok?"];
    let old = format!("{day}-use-mysql");
    let new = format!("{day}-use-postgresql-16");

    for title in titles {
        log4brains(&modules, by_tool.path(), &["new", title]);
    }
    log4brains(&modules, by_tool.path(), &["supersede", &old, &new]);

    for title in titles {
        ok(
            by_docwright.path(),
            &["new", "madr", title, "--date", &date],
        );
    }
    // Records named by their slugs, as log4brains names them.
    ok(by_docwright.path(), &["supersede", &old, &new]);

    let (tool, ours) = (tree(by_tool.path()), tree(by_docwright.path()));
    assert_eq!(
        tool.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>()
    );
    for (path, text) in &tool {
        assert_eq!(text, &ours[path], "{path} differs");
    }
    assert!(tool.contains_key(&format!("docs/adr/{day}-dont-share-ab-ok.md")));

    // Said again, on log4brains' own output: nothing changes.
    assert_eq!(
        ok(by_tool.path(), &["supersede", &old, &new]),
        "nothing to change\n"
    );
    assert_eq!(tree(by_tool.path()), tool);
}

#[test]
fn log4brains_reads_docwrights_builtin_records() {
    let Some(modules) = node_modules() else {
        return;
    };
    let repo = log4brains_repository(&modules, false);
    ok(
        repo.path(),
        &["new", "madr", "Use MySQL", "--date", "2026-01-05"],
    );
    ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", "2026-02-07"],
    );
    ok(
        repo.path(),
        &["set-status", "20260105-use-mysql", "accepted"],
    );
    ok(
        repo.path(),
        &["supersede", "20260105-use-mysql", "20260207-use-postgresql"],
    );
    let new_text =
        std::fs::read_to_string(repo.path().join("docs/adr/20260207-use-postgresql.md")).unwrap();
    insta::assert_snapshot!(new_text.split("\n## ").last().unwrap(), @r"
    Links

    - Supersedes [20260105-use-mysql](20260105-use-mysql.md)
    ");
    // log4brains reads a `- Date:` as the end of that day, in the log's time zone (UTC here).
    let listed: serde_json::Value =
        serde_json::from_str(&log4brains(&modules, repo.path(), &["list"])).unwrap();
    let rows: Vec<(String, String, String, String)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|adr| {
            let field = |key: &str| adr[key].as_str().unwrap_or("null").to_string();
            (
                field("slug"),
                field("status"),
                field("supersededBy"),
                field("publicationDate"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "20260105-use-mysql".to_string(),
                "superseded".to_string(),
                "20260207-use-postgresql".to_string(),
                "2026-01-05T23:59:59.000Z".to_string()
            ),
            (
                "20260207-use-postgresql".to_string(),
                "proposed".to_string(),
                "null".to_string(),
                "2026-02-07T23:59:59.000Z".to_string()
            ),
        ]
    );
}

/// The trees of the twins must be equal, file by file.
fn assert_same_tree(by_tool: &Path, by_docwright: &Path, step: &str) {
    let (tool, ours) = (tree(by_tool), tree(by_docwright));
    assert_eq!(
        tool.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "{step}"
    );
    for (path, text) in &tool {
        assert_eq!(text, &ours[path], "{step}: {path} differs");
    }
}

#[test]
fn a_records_lifecycle_is_written_as_log4brains_writes_it() {
    let Some(modules) = node_modules() else {
        return;
    };
    let (day, _) = today();
    let by_tool = log4brains_repository(&modules, true);
    let by_docwright = log4brains_repository(&modules, true);
    for dir in [by_tool.path(), by_docwright.path()] {
        for title in ["Use MySQL", "Use PostgreSQL"] {
            log4brains(&modules, dir, &["new", title]);
        }
    }
    let mysql = format!("{day}-use-mysql");
    let postgres = format!("{day}-use-postgresql");
    // log4brains has no status command: its users edit the `- Status:` item, which its own
    // header writer (the one `supersede` uses) does here. Docwright's set-status, from the
    // template's placeholder through draft → proposed → accepted, writes the same.
    for (slug, status) in [
        (&mysql, "draft"),
        (&mysql, "proposed"),
        (&mysql, "accepted"),
        (&postgres, "proposed"),
    ] {
        log4brains(&modules, by_tool.path(), &["status", slug, status]);
        ok(by_docwright.path(), &["set-status", slug, status]);
        assert_same_tree(
            by_tool.path(),
            by_docwright.path(),
            &format!("{slug} {status}"),
        );
    }
    log4brains(&modules, by_tool.path(), &["supersede", &mysql, &postgres]);
    ok(by_docwright.path(), &["supersede", &mysql, &postgres]);
    assert_same_tree(by_tool.path(), by_docwright.path(), "supersede");
    log4brains(&modules, by_tool.path(), &["status", &postgres, "accepted"]);
    ok(by_docwright.path(), &["set-status", &postgres, "accept"]);
    assert_same_tree(by_tool.path(), by_docwright.path(), "accept the successor");

    // log4brains reads the lifecycle Docwright wrote.
    let listed: serde_json::Value =
        serde_json::from_str(&log4brains(&modules, by_docwright.path(), &["list"])).unwrap();
    let rows: Vec<(String, String, String)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|adr| {
            let field = |key: &str| adr[key].as_str().unwrap_or("null").to_string();
            (field("slug"), field("status"), field("supersededBy"))
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (mysql.clone(), "superseded".to_string(), postgres.clone()),
            (postgres.clone(), "accepted".to_string(), "null".to_string()),
        ]
    );
}
