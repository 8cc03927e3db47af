//! `docwright init TOOL` against the real tools (installed in CI by `.ci/authoring-tools.sh`):
//! adr-tools' `adr init` and Docwright's give the same tree; the log Docwright starts is one
//! each tool then works in (`pyadr check-adr-repo` passes, `adr new` numbers after it,
//! `@log4brains/core` lists its first record); and each checks clean with Docwright.
//! A missing tool skips its part with a notice, unless `CI` is set.

use crate::common;

use common::cli::{docwright, docwright_ok as ok, tree};
use std::path::{Path, PathBuf};
use std::process::Command;

const DATE: &str = "2026-12-03";

fn find(env: &str, names: &[PathBuf]) -> Option<PathBuf> {
    let found = std::env::var_os(env)
        .map(PathBuf::from)
        .into_iter()
        .chain(names.iter().cloned())
        .find(|path| path.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{env}: the tool is missing; .ci/authoring-tools.sh installs it"
        );
        eprintln!("skipped: {env} not installed (run .ci/authoring-tools.sh)");
    }
    found
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(program: &Path, dir: &Path, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("ADR_DATE", DATE)
        .env("VISUAL", "true")
        .env("TZ", "UTC")
        .output()
        .expect("the tool runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{program:?} {args:?}: {text}");
    text
}

fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["init", "-q"][..],
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.invalid",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "start",
        ],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    dir
}

/// Clean under strict history: the first records `init` writes are accepted, and every rule is
/// to find nothing in them.
fn checks_clean(dir: &Path) {
    let run = docwright(dir, &["check", "--strict-history", "--no-color", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_tools_log_starts_clean_and_refuses_to_start_twice() {
    for tool in ["adr-tools", "madr", "log4brains", "pyadr", "nygard"] {
        let repo = repository();
        ok(repo.path(), &["init", tool, "--date", DATE]);
        checks_clean(repo.path());
        if tool != "adr-tools" {
            // adr-tools' first record is the installed package's own when there is one.
            let files = tree(repo.path())
                .into_iter()
                .map(|(path, text)| format!("== {path} ==\n{text}"))
                .collect::<Vec<_>>()
                .join("\n");
            insta::assert_snapshot!(format!("init_{tool}"), files);
        }
        let again = docwright(repo.path(), &["init", tool, "--date", DATE]);
        assert_eq!(again.code, 2, "{tool}: {}", again.stdout);
        assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    }
    let outside = docwright(&root(), &["init", "madr", "--dir", "../elsewhere"]);
    assert_eq!(outside.code, 2);
}

#[test]
fn adr_tools_init_and_docwright_init_give_the_same_tree() {
    let Some(adr) = find("DOCWRIGHT_ADR_TOOLS", &[PathBuf::from("/usr/bin/adr")]) else {
        return;
    };
    for folder in [None, Some("architecture/decisions")] {
        let (by_tool, by_docwright) = (repository(), repository());
        let mut tool_args = vec!["init"];
        let mut our_args = vec!["init", "adr-tools", "--date", DATE];
        if let Some(folder) = folder {
            tool_args.push(folder);
            our_args.extend(["--dir", folder]);
        }
        run(&adr, by_tool.path(), &tool_args);
        ok(by_docwright.path(), &our_args);
        assert_eq!(
            tree(by_tool.path()),
            tree(by_docwright.path()),
            "{folder:?}"
        );
        // adr-tools carries on in Docwright's log.
        run(&adr, by_docwright.path(), &["new", "Use PostgreSQL"]);
        let listed = run(&adr, by_docwright.path(), &["list"]);
        assert!(listed.contains("0002-use-postgresql.md"), "{listed}");
    }
}

#[test]
fn pyadr_works_in_the_log_docwright_starts() {
    let cache = root().join(".cache/pyadr-0.19.0/bin/pyadr");
    let Some(pyadr) = find("DOCWRIGHT_PYADR", &[cache]) else {
        return;
    };
    let repo = repository();
    ok(repo.path(), &["init", "pyadr", "--date", DATE]);
    run(&pyadr, repo.path(), &["check-adr-repo"]);
    run(&pyadr, repo.path(), &["new", "Use PostgreSQL"]);
    run(
        &pyadr,
        repo.path(),
        &["accept", "docs/adr/XXXX-use-postgresql.md"],
    );
    assert!(
        repo.path()
            .join("docs/adr/0001-use-postgresql.md")
            .is_file()
    );
    run(&pyadr, repo.path(), &["check-adr-repo"]);
}

#[test]
fn log4brains_lists_the_first_record_docwright_writes() {
    let modules = std::env::var_os("DOCWRIGHT_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("tests/authoring-tools/node_modules"));
    let core = modules.join("@log4brains/core/package.json");
    let Some(_) = find("DOCWRIGHT_NODE_MODULES", &[core]) else {
        return;
    };
    let repo = repository();
    ok(repo.path(), &["init", "log4brains", "--date", DATE]);
    let output = Command::new("node")
        .arg(root().join("tests/authoring-tools/log4brains.js"))
        .arg(repo.path())
        .arg("list")
        .env("NODE_PATH", &modules)
        .env("TZ", "UTC")
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed[0]["slug"], "20261203-record-architecture-decisions");
    assert_eq!(listed[0]["status"], "accepted");
    assert_eq!(listed[0]["publicationDate"], "2026-12-03T23:59:59.000Z");
}

/// The node_modules folder of `.ci/authoring-tools.sh` (log4brains, madr), or `None` with a
/// notice outside CI.
fn node_modules() -> Option<PathBuf> {
    let modules = std::env::var_os("DOCWRIGHT_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("tests/authoring-tools/node_modules"));
    let bin = modules.join(".bin/log4brains");
    let node = Command::new("node").arg("--version").output().is_ok();
    if !node {
        assert!(std::env::var_os("CI").is_none(), "node is missing");
        eprintln!("skipped: node is not installed");
        return None;
    }
    find("DOCWRIGHT_NODE_MODULES", &[bin])?;
    Some(modules)
}

/// Each tool's own pristine log, as its `init` (or, for MADR, its template folder copied into
/// the log as MADR's instructions say) leaves it: `docwright check` finds nothing, not even a
/// warning.
#[test]
fn each_tools_own_pristine_log_checks_clean() {
    if let Some(adr) = find("DOCWRIGHT_ADR_TOOLS", &[PathBuf::from("/usr/bin/adr")]) {
        for args in [&["init"][..], &["init", "architecture/decisions"]] {
            let repo = repository();
            run(&adr, repo.path(), args);
            checks_clean(repo.path());
        }
    }
    let cache = root().join(".cache/pyadr-0.19.0/bin/pyadr");
    if let Some(pyadr) = find("DOCWRIGHT_PYADR", &[cache]) {
        let repo = repository();
        run(&pyadr, repo.path(), &["init"]);
        assert!(repo.path().join("docs/adr/template.md").is_file());
        checks_clean(repo.path());
    }
    let Some(modules) = node_modules() else {
        return;
    };
    // `log4brains init --defaults`: `.log4brains.yml`, template, index, README and its two
    // first records (it runs `log4brains adr new`, so its bin folder goes on the PATH).
    let repo = repository();
    let path = std::env::join_paths(
        std::iter::once(modules.join(".bin")).chain(
            std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default(),
        ),
    )
    .unwrap();
    let output = Command::new(modules.join(".bin/log4brains"))
        .args(["init", "--defaults"])
        .current_dir(repo.path())
        .env("PATH", path)
        .env("TZ", "UTC")
        .output()
        .expect("log4brains runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = tree(repo.path());
    assert!(files.contains_key(".log4brains.yml"));
    assert_eq!(
        files.keys().filter(|p| p.starts_with("docs/adr/")).count(),
        5,
        "{:?}",
        files.keys().collect::<Vec<_>>()
    );
    checks_clean(repo.path());

    // MADR 4: its template folder, copied into the log.
    let repo = repository();
    let log = repo.path().join("docs/decisions");
    std::fs::create_dir_all(&log).unwrap();
    let mut copied = 0;
    for entry in std::fs::read_dir(modules.join("madr/template")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::copy(&path, log.join(path.file_name().unwrap())).unwrap();
            copied += 1;
        }
    }
    assert!(copied >= 5, "the madr package's template folder");
    checks_clean(repo.path());
}
