//! Docwright against the real pyadr (PyPI `pyadr`, installed in CI by `.ci/authoring-tools.sh`
//! into a virtual environment under `.cache/`): a log made by `pyadr init` is recognised; the same
//! proposals created, accepted and rejected by `pyadr` in one temporary git repository and by
//! `docwright` in its twin give the same tree; `pyadr check-adr-repo` passes on what Docwright
//! wrote.
//!
//! The tool is found through `DOCWRIGHT_PYADR`, else in `.cache/pyadr-*/bin/pyadr`, else `pyadr`
//! on the `PATH`. Without it the tests print a skip notice and pass, unless `CI` is set.

use crate::common;

use common::cli::{docwright_ok as ok, tree};
use std::path::{Path, PathBuf};
use std::process::Command;

fn pyadr_bin() -> Option<PathBuf> {
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cache");
    let cached = std::fs::read_dir(&cache).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("bin/pyadr"))
            .find(|path| path.is_file())
    });
    let on_path = || {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("pyadr"))
                .find(|path| path.is_file())
        })
    };
    let found = std::env::var_os("DOCWRIGHT_PYADR")
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .or(cached)
        .or_else(on_path);
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pyadr is not installed; .ci/authoring-tools.sh installs it"
        );
        eprintln!("skipped: pyadr is not installed (run .ci/authoring-tools.sh)");
    }
    found
}

/// Runs `pyadr ARGS` in `dir` (dates in UTC, as Docwright's today).
fn pyadr(bin: &Path, dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .output()
        .expect("pyadr runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn pyadr_ok(bin: &Path, dir: &Path, args: &[&str]) -> String {
    let (success, text) = pyadr(bin, dir, args);
    assert!(success, "pyadr {args:?}: {text}");
    text
}

/// A git repository after `pyadr init` (no `.adr` file: only `pyadr config` writes one).
fn initialised(bin: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .expect("git runs");
    assert!(status.success());
    pyadr_ok(bin, dir.path(), &["init"]);
    assert!(!dir.path().join(".adr").exists());
    dir
}

#[test]
fn proposals_accepted_and_rejected_give_the_same_tree_and_pass_check_adr_repo() {
    let Some(bin) = pyadr_bin() else { return };
    let (by_tool, by_docwright) = (initialised(&bin), initialised(&bin));

    pyadr_ok(&bin, by_tool.path(), &["new", "Use MySQL"]);
    pyadr_ok(
        &bin,
        by_tool.path(),
        &["accept", "docs/adr/XXXX-use-mysql.md"],
    );
    pyadr_ok(&bin, by_tool.path(), &["new", "Ünïcode straße -- ok?"]);
    pyadr_ok(
        &bin,
        by_tool.path(),
        &["reject", "docs/adr/XXXX-unicode-strasse-ok.md"],
    );
    pyadr_ok(&bin, by_tool.path(), &["new", "Use PostgreSQL"]);

    let dir = by_docwright.path();
    assert_eq!(
        ok(dir, &["new", "madr", "Use MySQL"]),
        "created docs/adr/XXXX-use-mysql.md\n",
        "a log made by pyadr init is recognised"
    );
    assert_eq!(
        ok(dir, &["set-status", "XXXX-use-mysql.md", "accept"]),
        "renamed docs/adr/XXXX-use-mysql.md to docs/adr/0002-use-mysql.md\n"
    );
    ok(dir, &["new", "madr", "Ünïcode straße -- ok?"]);
    ok(dir, &["set-status", "XXXX-unicode-strasse-ok.md", "reject"]);
    ok(dir, &["new", "madr", "Use PostgreSQL"]);

    let (tool, ours) = (tree(by_tool.path()), tree(dir));
    assert_eq!(
        tool.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>()
    );
    for (path, text) in &tool {
        assert_eq!(text, &ours[path], "{path} differs");
    }
    insta::assert_snapshot!(
        ours["docs/adr/0002-use-mysql.md"]
            .lines()
            .take(5)
            .map(|line| if line.starts_with("* Date: ") { "* Date: [DATE]" } else { line })
            .collect::<Vec<_>>()
            .join("\n"),
        @r"
    # Use MySQL

    * Status: accepted
    * Deciders: [list everyone involved in the decision] <!-- optional -->
    * Date: [DATE]
    "
    );

    // A proposal left open fails pyadr's check, as in the tool's own repository; accepted, it
    // passes.
    let (passed, _) = pyadr(&bin, dir, &["check-adr-repo"]);
    assert!(!passed, "a proposal is still open");
    // A record that links to the proposal by its `XXXX-` name follows the rename.
    let mysql = dir.join("docs/adr/0002-use-mysql.md");
    let text = std::fs::read_to_string(&mysql).unwrap();
    std::fs::write(
        &mysql,
        format!("{text}\nSee [the successor](XXXX-use-postgresql.md).\n"),
    )
    .unwrap();
    assert_eq!(
        ok(dir, &["set-status", "XXXX-use-postgresql.md", "accepted"]),
        "renamed docs/adr/XXXX-use-postgresql.md to docs/adr/0004-use-postgresql.md\nupdated docs/adr/0002-use-mysql.md\n"
    );
    let text = std::fs::read_to_string(&mysql).unwrap();
    assert!(
        text.ends_with("See [the successor](0004-use-postgresql.md).\n"),
        "{text}"
    );
    let text = pyadr_ok(&bin, dir, &["check-adr-repo"]);
    assert!(text.contains("All checks passed"), "{text}");

    // `index` writes `index.md` as `pyadr toc` does, whole; pyadr's own rewrite changes nothing.
    assert_eq!(ok(dir, &["index"]), "created docs/adr/index.md\n");
    let ours = std::fs::read_to_string(dir.join("docs/adr/index.md")).unwrap();
    pyadr_ok(&bin, dir, &["toc"]);
    let theirs = std::fs::read_to_string(dir.join("docs/adr/index.md")).unwrap();
    assert_eq!(ours, theirs);
    assert_eq!(ok(dir, &["index"]), "docs/adr/index.md is current\n");
    let text = pyadr_ok(&bin, dir, &["check-adr-repo"]);
    assert!(text.contains("All checks passed"), "{text}");
    insta::assert_snapshot!("pyadr_toc_by_docwright", ours);
}
