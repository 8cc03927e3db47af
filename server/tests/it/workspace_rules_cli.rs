//! `stale-index`, `dangling-code-path` and the rule thresholds of `docwright.toml`, through the
//! real binary on repositories written into temporary folders (a `.git` folder cannot live in
//! the fixtures).

use crate::common;

use common::cli::{docwright, fixture_copy};
use std::path::Path;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(root: &Path, relative: &str) -> String {
    std::fs::read_to_string(root.join(relative)).unwrap()
}

/// (rule, message, line) of every diagnostic of `--format json`, for the file at `index`.
fn diagnostics(json: &str) -> Vec<(String, String, u64)> {
    let output: serde_json::Value = serde_json::from_str(json).expect("JSON output");
    let mut found = Vec::new();
    for file in output.as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
            ));
        }
    }
    found
}

fn of_rule(found: &[(String, String, u64)], rule: &str) -> Vec<String> {
    found
        .iter()
        .filter(|(r, ..)| r == rule)
        .map(|(_, message, _)| message.clone())
        .collect()
}

fn madr_repository() -> tempfile::TempDir {
    fixture_copy("authoring/madr")
}

#[test]
fn stale_index_is_reported_and_fix_writes_what_index_writes() {
    let repo = madr_repository();
    let root = repo.path();
    let run = docwright(root, &["index"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = docwright(root, &["check", "--format", "json", "docs/decisions"]);
    assert!(
        of_rule(&diagnostics(&run.stdout), "stale-index").is_empty(),
        "a fresh index is current: {}",
        run.stdout
    );

    // A record changes status and a new one arrives: the table is behind.
    let mysql = "docs/decisions/0002-use-mysql.md";
    write(
        root,
        mysql,
        &read(root, mysql).replace("status: accepted", "status: deprecated"),
    );
    let run = docwright(
        root,
        &["new", "madr", "Use PostgreSQL", "--date", "2026-11-23"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = docwright(root, &["check", "--format", "json", "docs/decisions"]);
    let stale = of_rule(&diagnostics(&run.stdout), "stale-index");
    assert_eq!(
        stale,
        vec![
            "the index lists 2 documents but the folder has 3; refresh it (`docwright index`)"
                .to_string()
        ],
        "{}",
        run.stdout
    );

    // `--fix` writes exactly what `index` would: afterwards `index` has nothing to do.
    let run = docwright(root, &["check", "--fix", "docs/decisions"]);
    assert!(
        run.stdout.contains("Refresh the index table") || run.stderr.contains("Refresh"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let readme = read(root, "docs/decisions/README.md");
    assert!(
        readme.contains("| [Use MySQL](0002-use-mysql.md) | deprecated | 2024-02-01 |"),
        "{readme}"
    );
    assert!(readme.contains("(0003-use-postgresql.md) | proposed | 2026-11-23 |"));
    let run = docwright(root, &["index"]);
    assert_eq!(run.stdout, "docs/decisions/README.md is current\n");
    let run = docwright(root, &["check", "--format", "json", "docs/decisions"]);
    assert!(of_rule(&diagnostics(&run.stdout), "stale-index").is_empty());
}

/// A repository whose docs sit in a `docs/` workspace (its own `docwright.toml`) below the
/// repository root (the folder with `.git`).
fn code_repository(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(root, "src/cache/lru.rs", "// the cache\n");
    write(root, "docs/docwright.toml", config);
    write(root, "docs/design/diagram.svg", "<svg/>\n");
    write(
        root,
        "docs/design/cache.md",
        "# Cache design\n\n\
         ## Summary\n\n\
         The policy lives in `src/cache/lru.rs` and once lived in `src/cache/fifo.rs`; the \
         [diagram](diagram.svg) shows it, the [parser](../../src/parse.rs) does not exist, the \
         [cache](../../src/cache/lru.rs) does. `src/*.rs` is a glob and \
         `https://example.com/x.rs` a URL; `compiler/rustc/src/main.rs` is another project's.\n\n\
         ```sh\ncat src/not/a/path/in/prose.rs\n```\n",
    );
    dir
}

#[test]
fn dangling_code_paths_are_found_from_the_repository_root_and_the_documents_folder() {
    let repo = code_repository("");
    let run = docwright(
        &repo.path().join("docs"),
        &["check", "--format", "json", "design/cache.md"],
    );
    let found = of_rule(&diagnostics(&run.stdout), "dangling-code-path");
    assert_eq!(
        found,
        vec![
            "`src/cache/fifo.rs` does not exist, though `src/` does in the repository".to_string(),
            "`../../src/parse.rs` does not exist".to_string(),
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn dangling_code_path_is_configurable_like_every_rule() {
    let repo = code_repository("[rules]\ndangling-code-path = \"off\"\n");
    let run = docwright(
        &repo.path().join("docs"),
        &["check", "--format", "json", "design/cache.md"],
    );
    assert!(of_rule(&diagnostics(&run.stdout), "dangling-code-path").is_empty());

    let repo = code_repository("[rules]\ndangling-code-path = \"error\"\n");
    let run = docwright(&repo.path().join("docs"), &["check", "design/cache.md"]);
    assert_eq!(run.code, 1, "errors fail the check: {}", run.stdout);
    assert!(
        run.stdout.contains("error[dangling-code-path]"),
        "{}",
        run.stdout
    );
}

const ONE_OPTION_SHORT: &str = "---\nstatus: proposed\ndate: 2026-11-01\n---\n\n\
    # Use PostgreSQL\n\n## Context and Problem Statement\n\nThe orders need a database.\n\n\
    ## Considered Options\n\n* PostgreSQL\n* MySQL\n\n## Decision Outcome\n\n\
    Chosen option: \"PostgreSQL\", because it has the best JSON support.\n";

/// A folder whose only decision is [`ONE_OPTION_SHORT`], in `docs/decisions`.
fn one_option_short() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "docs/decisions/0001-use-postgresql.md",
        ONE_OPTION_SHORT,
    );
    dir
}

#[test]
fn thresholds_come_from_the_rules_table() {
    let dir = one_option_short();
    let root = dir.path();
    let check = || docwright(root, &["check", "--format", "json", "docs/decisions"]);

    write(root, "docwright.toml", "");
    assert!(of_rule(&diagnostics(&check().stdout), "too-few-alternatives").is_empty());

    write(
        root,
        "docwright.toml",
        "[rules]\ntoo-few-alternatives = { severity = \"error\", min-options = 3 }\n",
    );
    let run = check();
    assert_eq!(
        of_rule(&diagnostics(&run.stdout), "too-few-alternatives"),
        vec![
            "`Considered Options` names only 2 options; a decision weighs at least 3 (doing \
             nothing counts)"
                .to_string()
        ]
    );
    assert_eq!(run.code, 1, "the table's severity applies");
}

#[test]
fn a_threshold_on_the_wrong_rule_is_a_located_config_error() {
    let dir = one_option_short();
    let root = dir.path();
    write(
        root,
        "docwright.toml",
        "[rules]\nplaceholder-text = \"off\"\nreview-overdue = { min-options = 3 }\n",
    );
    let run = docwright(root, &["check", "docs/decisions"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "docwright.toml:3:20: `min-options` is a setting of `too-few-alternatives`, not of \
             `review-overdue`"
        ),
        "{}",
        run.stderr
    );
}

/// A textual id the workspace lacks is broken in a log numbered one record after another, and
/// says nothing in a process whose numbers are given elsewhere (Rust RFCs take their pull
/// request's number, so most numbers were never RFCs).
#[test]
fn a_missing_textual_id_is_reported_only_where_numbers_follow_one_another() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    for number in [1, 2, 3] {
        write(
            root,
            &format!("doc/adr/000{number}-x{number}.md"),
            &format!(
                "# {number}. X{number}\n\nDate: 2024-01-0{number}\n\n## Status\n\nAccepted\n\n## Context\n\nSee ADR-0009.\n\n## Decision\n\nD.\n\n## Consequences\n\nC.\n"
            ),
        );
    }
    for number in [1, 420, 1999, 3000] {
        write(
            root,
            &format!("text/{number:04}-feature-{number}.md"),
            "- Feature Name: f\n- Start Date: 2015-01-01\n\n# Summary\n\nAs RFC 2260 proposed.\n",
        );
    }
    let run = docwright(root, &["check", "--format", "json", "."]);
    let broken = of_rule(&diagnostics(&run.stdout), "broken-reference");
    assert_eq!(broken.len(), 3, "{broken:?}");
    assert!(
        broken.iter().all(|message| message.contains("ADR 9")),
        "{broken:?}"
    );
}

/// `[[x]]` is a broken wiki link only in a workspace that links by wiki links (some `[[…]]`
/// resolves); elsewhere it is the writer's own brackets, as a translation's `[[全文]]`.
#[test]
fn a_wiki_link_is_checked_only_where_the_workspace_links_by_wiki_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(root, "notes/a.md", "# A\n\nSee [[全文]] and [[gone]].\n");
    write(root, "notes/b.md", "# B\n\nText.\n");
    let broken = |root: &Path| {
        let run = docwright(root, &["check", "--format", "json", "."]);
        of_rule(&diagnostics(&run.stdout), "broken-reference")
    };
    assert_eq!(broken(root), Vec::<String>::new());
    write(root, "notes/b.md", "# B\n\nSee [[a]].\n");
    let found = broken(root);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().any(|message| message.contains("全文")),
        "{found:?}"
    );
}
