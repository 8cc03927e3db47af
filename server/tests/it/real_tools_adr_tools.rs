//! Docwright against the real adr-tools (the Debian package `adr-tools`, installed in CI by
//! `.ci/authoring-tools.sh`): the same operations done by `adr` in one temporary git repository
//! and by `docwright` in its twin, the two trees compared file by file; the tool's own output
//! read by Docwright; Docwright's records read by the tool.
//!
//! The tool is found through `DOCWRIGHT_ADR_TOOLS` (the script exports it), else `adr` on the
//! `PATH`. Without it the tests print a skip notice and pass, unless `CI` is set: there a missing
//! tool is a failure.

use crate::common;

use common::cli::{docwright, docwright_ok as ok, tree};
use std::path::{Path, PathBuf};
use std::process::Command;

const DATE: &str = "2026-12-03";

/// The `adr` command, or `None` (with a notice) when it is not installed outside CI.
fn adr_tools() -> Option<PathBuf> {
    let candidate = std::env::var_os("DOCWRIGHT_ADR_TOOLS")
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join("adr"))
                    .find(|path| path.is_file())
            })
        });
    if candidate.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "adr-tools is not installed; .ci/authoring-tools.sh installs it"
        );
        eprintln!("skipped: adr-tools is not installed (run .ci/authoring-tools.sh)");
    }
    candidate
}

/// Runs `adr ARGS` in `dir` with a fixed date and no editor; returns its standard output.
fn adr(adr: &Path, dir: &Path, args: &[&str]) -> String {
    let output = Command::new(adr)
        .args(args)
        .current_dir(dir)
        .env("ADR_DATE", DATE)
        .env("VISUAL", "true")
        .env("EDITOR", "true")
        .env_remove("ADR_TEMPLATE")
        .output()
        .expect("adr runs");
    assert!(
        output.status.success(),
        "adr {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("adr prints UTF-8")
}

fn git_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .expect("git runs");
    assert!(status.success());
    dir
}

/// A difference the twin test allows, with the reason it is intended.
struct Intended {
    by_tool: &'static str,
    by_docwright: &'static str,
    reason: &'static str,
}

/// The only differences between what adr-tools and Docwright write for the same operations.
const INTENDED: &[Intended] = &[Intended {
    by_tool: "doc/adr/0005-.md",
    by_docwright: "doc/adr/0005-untitled.md",
    reason: "a title without an ASCII letter or digit: adr-tools' slug is empty, which leaves a \
             file named by its number and a dash alone; Docwright names it `untitled`",
}];

/// The titles each repository's log gets, in order (the third supersedes the second).
const TITLES: &[&str] = &[
    "Use MySQL",
    "Use PostgreSQL",
    "Ünïcode  names -- ok?",
    "日本語",
];

/// Compares the trees file by file, allowing only [`INTENDED`]; the texts of renamed files must
/// still be equal.
fn assert_twins(by_tool: &Path, by_docwright: &Path) {
    let mut tool = tree(by_tool);
    let mut ours = tree(by_docwright);
    for intended in INTENDED {
        let (Some(a), Some(b)) = (
            tool.remove(intended.by_tool),
            ours.remove(intended.by_docwright),
        ) else {
            panic!(
                "the intended difference `{}` / `{}` ({}) is not there: tool has {:?}, docwright {:?}",
                intended.by_tool,
                intended.by_docwright,
                intended.reason,
                tool.keys().collect::<Vec<_>>(),
                ours.keys().collect::<Vec<_>>()
            );
        };
        assert_eq!(a, b, "{} and {}", intended.by_tool, intended.by_docwright);
    }
    assert_eq!(
        tool.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, text) in &tool {
        // The table of contents names the renamed file as each tree names it.
        let mut text = text.clone();
        for intended in INTENDED {
            let name = |path: &'static str| path.rsplit('/').next().unwrap_or(path);
            text = text.replace(
                &format!("]({})", name(intended.by_tool)),
                &format!("]({})", name(intended.by_docwright)),
            );
        }
        assert_eq!(&text, &ours[path], "{path} differs");
    }
}

/// `adr init`, then the records of [`TITLES`], the second superseded by the third, and the third
/// amending the first: by the tool.
fn operations_by_tool(adr_bin: &Path, dir: &Path) {
    adr(adr_bin, dir, &["new", TITLES[0]]);
    adr(adr_bin, dir, &["new", "-s", "2", TITLES[1]]);
    adr(adr_bin, dir, &["link", "3", "Amends", "1", "Amended by"]);
    toc_by_tool(adr_bin, dir);
    adr(adr_bin, dir, &["new", TITLES[2]]);
    adr(adr_bin, dir, &["new", TITLES[3]]);
    toc_by_tool(adr_bin, dir);
}

/// `adr generate toc > doc/adr/README.md`, the table of contents where adr-tools users keep it.
fn toc_by_tool(adr_bin: &Path, dir: &Path) {
    let toc = adr(adr_bin, dir, &["generate", "toc"]);
    std::fs::write(dir.join("doc/adr/README.md"), toc).unwrap();
}

/// The same by Docwright.
fn operations_by_docwright(dir: &Path) {
    ok(dir, &["new", "adr", TITLES[0], "--date", DATE]);
    let out = ok(dir, &["new", "adr", "-s", "2", TITLES[1], "--date", DATE]);
    assert_eq!(
        out,
        "created doc/adr/0003-use-postgresql.md\nupdated doc/adr/0002-use-mysql.md\nupdated doc/adr/0003-use-postgresql.md\n"
    );
    ok(dir, &["link", "3", "1", "--relation", "amends"]);
    assert_eq!(ok(dir, &["index"]), "created doc/adr/README.md\n");
    ok(dir, &["new", "adr", TITLES[2], "--date", DATE]);
    ok(dir, &["new", "adr", TITLES[3], "--date", DATE]);
    assert_eq!(ok(dir, &["index"]), "updated doc/adr/README.md\n");
    assert_eq!(ok(dir, &["index"]), "doc/adr/README.md is current\n");
}

#[test]
fn the_same_operations_give_the_same_tree_with_the_installed_template() {
    let Some(adr_bin) = adr_tools() else { return };
    let (by_tool, by_docwright) = (git_repository(), git_repository());
    for dir in [by_tool.path(), by_docwright.path()] {
        adr(&adr_bin, dir, &["init"]);
    }
    operations_by_tool(&adr_bin, by_tool.path());
    operations_by_docwright(by_docwright.path());
    assert_twins(by_tool.path(), by_docwright.path());
}

#[test]
fn the_same_operations_give_the_same_tree_with_the_repositorys_template() {
    let Some(adr_bin) = adr_tools() else { return };
    let (by_tool, by_docwright) = (git_repository(), git_repository());
    // A log kept elsewhere (`.adr-dir`), with its own template: adr-tools' words replaced as sed
    // replaces them, the first of each on a line, inside other words too.
    let template = "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nWhy TITLE? (not TITLES)\n\n## Decision\n\nWe will.\n\n## Consequences\n\nSome.\n";
    for dir in [by_tool.path(), by_docwright.path()] {
        adr(&adr_bin, dir, &["init", "architecture/decisions"]);
        let templates = dir.join("architecture/decisions/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("template.md"), template).unwrap();
    }
    adr(&adr_bin, by_tool.path(), &["new", "Use MySQL"]);
    adr(
        &adr_bin,
        by_tool.path(),
        &["new", "-s", "2", "Use PostgreSQL"],
    );
    ok(
        by_docwright.path(),
        &["new", "adr", "Use MySQL", "--date", DATE],
    );
    ok(
        by_docwright.path(),
        &["new", "adr", "Use PostgreSQL", "-s", "2", "--date", DATE],
    );
    let tool = tree(by_tool.path());
    assert_eq!(tool, tree(by_docwright.path()));
    insta::assert_snapshot!(
        tool["architecture/decisions/0003-use-postgresql.md"].as_str(),
        @r"
    # 3. Use PostgreSQL

    Date: 2026-12-03

    ## Status

    Accepted

    Supersedes [2. Use MySQL](0002-use-mysql.md)

    ## Context

    Why Use PostgreSQL? (not TITLES)

    ## Decision

    We will.

    ## Consequences

    Some.
    "
    );
}

#[test]
fn docwright_reads_the_tools_log_without_findings_and_changes_nothing() {
    let Some(adr_bin) = adr_tools() else { return };
    let by_tool = git_repository();
    adr(&adr_bin, by_tool.path(), &["init"]);
    operations_by_tool(&adr_bin, by_tool.path());
    let before = tree(by_tool.path());

    // Strict history: the tool writes its records `Accepted`, and every rule is to run on them.
    let run = docwright(
        by_tool.path(),
        &["check", "--strict-history", "--no-color", "."],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The tool's template text is all that is left to say: its placeholders, and the sections
    // that hold nothing else.
    let rules: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|line| {
            let rest = line
                .strip_prefix("warning[")
                .or_else(|| line.strip_prefix("error["))
                .or_else(|| line.strip_prefix("info["))
                .or_else(|| line.strip_prefix("hint["))?;
            rest.split(']').next()
        })
        .collect();
    assert!(!rules.is_empty(), "the template's placeholders are found");
    for rule in &rules {
        assert!(
            ["placeholder-text", "empty-section"].contains(rule),
            "{rule}: {}",
            run.stdout
        );
    }

    // Saying again what the tool already wrote changes nothing, in either spelling.
    for args in [
        &["supersede", "2", "3"][..],
        &["link", "3", "1", "--relation", "amends"],
        &["link", "3", "2", "--relation", "supersedes"],
    ] {
        let out = ok(by_tool.path(), args);
        assert_eq!(out, "nothing to change\n", "{args:?}");
    }
    assert_eq!(tree(by_tool.path()), before);

    // adr-tools before 3.0 spelled it "Superceded by"; that is read as the same relation.
    let old = by_tool.path().join("doc/adr/0002-use-mysql.md");
    let text = std::fs::read_to_string(&old).unwrap();
    std::fs::write(&old, text.replace("Superseded by", "Superceded by")).unwrap();
    let out = ok(by_tool.path(), &["supersede", "2", "3"]);
    assert_eq!(out, "nothing to change\n");
}

#[test]
fn adr_tools_lists_and_indexes_docwrights_records() {
    let Some(adr_bin) = adr_tools() else { return };
    let by_docwright = git_repository();
    adr(&adr_bin, by_docwright.path(), &["init"]);
    operations_by_docwright(by_docwright.path());
    let toc = adr(&adr_bin, by_docwright.path(), &["generate", "toc"]);
    // `docwright index` wrote, byte for byte, what `adr generate toc` prints.
    assert_eq!(
        std::fs::read_to_string(by_docwright.path().join("doc/adr/README.md")).unwrap(),
        toc
    );
    insta::assert_snapshot!(toc, @r"
    # Architecture Decision Records

    * [1. Record architecture decisions](0001-record-architecture-decisions.md)
    * [2. Use MySQL](0002-use-mysql.md)
    * [3. Use PostgreSQL](0003-use-postgresql.md)
    * [4. Ünïcode  names -- ok?](0004-n-code-names-ok.md)
    * [5. 日本語](0005-untitled.md)
    ");
    // adr-tools reads Docwright's links as its own: `adr generate graph` draws them.
    let graph = adr(&adr_bin, by_docwright.path(), &["generate", "graph"]);
    assert!(graph.contains("_3 -> _2 [label=\"Supersedes\""), "{graph}");
    assert!(graph.contains("_3 -> _1 [label=\"Amends\""), "{graph}");
}

/// The edges of a graph as `(from number, to number, label)`, labels lower case: adr-tools'
/// `_N -> _M [label="L", weight=0]` lines (its dotted sequence edges left out), or Docwright's
/// `"doc/adr/000N-….md" -> "doc/adr/000M-….md" [label="L", …]`.
fn graph_edges(dot: &str) -> std::collections::BTreeSet<(u32, u32, String)> {
    let number = |node: &str| -> u32 {
        let node = node.trim().trim_matches('"');
        let name = node
            .rsplit('/')
            .next()
            .unwrap_or(node)
            .trim_start_matches('_');
        name.split('-').next().unwrap().parse().unwrap()
    };
    dot.lines()
        .filter(|line| line.contains(" -> ") && line.contains("label="))
        .map(|line| {
            let (from, rest) = line.split_once(" -> ").unwrap();
            let (to, attributes) = rest.split_once(" [").unwrap();
            let label = attributes
                .split("label=\"")
                .nth(1)
                .and_then(|l| l.split('"').next())
                .unwrap();
            (number(from), number(to), label.to_lowercase())
        })
        .collect()
}

#[test]
fn graph_draws_the_links_adr_tools_names_in_its_own_words() {
    let Some(adr_bin) = adr_tools() else { return };
    let dir = git_repository();
    let dir = dir.path();
    adr(&adr_bin, dir, &["init"]);
    adr(&adr_bin, dir, &["new", "Use MySQL"]);
    adr(
        &adr_bin,
        dir,
        &["new", "-l", "2:Clarifies:Clarified by", "Use InnoDB"],
    );
    adr(
        &adr_bin,
        dir,
        &[
            "new",
            "-s",
            "2",
            "-l",
            "3:Extends:Extended by",
            "Use PostgreSQL",
        ],
    );
    adr(
        &adr_bin,
        dir,
        &["link", "4", "Relates to", "1", "Related by"],
    );

    let by_tool = graph_edges(&adr(&adr_bin, dir, &["generate", "graph"]));
    let ours = graph_edges(&ok(dir, &["graph", "doc/adr"]));
    let expected: std::collections::BTreeSet<(u32, u32, String)> = [
        (3, 2, "clarifies"),
        (4, 1, "relates to"),
        (4, 2, "supersedes"),
        (4, 3, "extends"),
    ]
    .into_iter()
    .map(|(from, to, label)| (from, to, label.to_string()))
    .collect();
    assert_eq!(by_tool, expected);
    assert_eq!(ours, expected);
    let dot = ok(dir, &["graph", "doc/adr"]);
    assert!(
        dot.contains(
            "\"0003-use-innodb.md\" -> \"0002-use-mysql.md\" [label=\"Clarifies\", style=solid];"
        ),
        "{dot}"
    );
    let mermaid = ok(dir, &["graph", "--format", "mermaid", "doc/adr"]);
    assert!(mermaid.contains("d3 -->|Extends| d2"), "{mermaid}");
    // A node shows the status as people are shown it everywhere, not adr-tools' raw line
    // ("Superseded by [4. Use PostgreSQL](0004-use-postgresql.md)").
    assert!(dot.contains("(Superseded by ADR-0004)"), "{dot}");
    assert!(!dot.contains("0004-use-postgresql.md)"), "{dot}");
    assert!(mermaid.contains("(Superseded by ADR-0004)"), "{mermaid}");
    // The tool's own log checks clean: "Clarified by [3. …]" before "Superseded by [4. …]" in
    // ADR-0002's status is no unknown status, and ADR-0003's "Clarifies [2. …]" records a
    // relation, not a citation to move to ADR-0004.
    let run = docwright(dir, &["check", "--strict-history", "--no-color", "doc/adr"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("invalid-status") && !run.stdout.contains("cites-superseded"),
        "{}",
        run.stdout
    );
}
