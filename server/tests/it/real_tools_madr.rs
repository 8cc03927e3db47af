//! Docwright against MADR 4 as published (the npm package `madr`, installed in CI by
//! `.ci/authoring-tools.sh` into `tests/authoring-tools/node_modules`): `docwright new madr`
//! gives the headings, front matter keys and optional-element markers of MADR's
//! `template/adr-template.md`, and `supersede` writes MADR's `superseded by ADR-NNNN`.
//!
//! The package is found through `DOCWRIGHT_NODE_MODULES`, else in `tests/authoring-tools/`.
//! Without it the test prints a skip notice and passes, unless `CI` is set.

use crate::common;

use common::cli::{docwright, docwright_ok as ok};
use std::path::{Path, PathBuf};

const DATE: &str = "2026-12-03";

fn madr_template() -> Option<String> {
    let modules = std::env::var_os("DOCWRIGHT_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/authoring-tools/node_modules")
        });
    let template = modules.join("madr/template/adr-template.md");
    let text = std::fs::read_to_string(&template).ok();
    if text.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing; .ci/authoring-tools.sh installs it",
            template.display()
        );
        eprintln!("skipped: the madr package is not installed (run .ci/authoring-tools.sh)");
    }
    text
}

/// The front matter's keys, in order.
fn front_matter_keys(text: &str) -> Vec<String> {
    let body = text.strip_prefix("---\n").expect("front matter");
    let end = body.find("\n---\n").expect("front matter end");
    body[..end]
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with(' '))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim().to_string()))
        .collect()
}

/// The structure: every heading (`##`, `###`, with its text) and every optional-element marker,
/// in order, outside the front matter.
fn structure(text: &str) -> Vec<String> {
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body);
    body.lines()
        .filter_map(|line| {
            if line.starts_with("## ") || line.starts_with("### ") {
                Some(line.to_string())
            } else if line.starts_with("<!--") && line.contains("optional element") {
                Some(String::from("<!-- optional -->"))
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn new_madr_has_madr_4s_headings_keys_and_optional_markers() {
    let Some(template) = madr_template() else {
        return;
    };
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("docs/decisions")).unwrap();
    let out = ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", DATE],
    );
    assert_eq!(out, "created docs/decisions/0001-use-postgresql.md\n");
    let ours =
        std::fs::read_to_string(repo.path().join("docs/decisions/0001-use-postgresql.md")).unwrap();

    assert_eq!(front_matter_keys(&ours), front_matter_keys(&template));
    assert_eq!(structure(&ours), structure(&template));
    // The title: MADR's is a placeholder, Docwright's the one given.
    assert!(ours.contains("\n# Use PostgreSQL\n"), "{ours}");
    assert!(template.contains("\n# {short title"));
    // The values Docwright knows are filled in; the rest is left empty rather than `{…}`,
    // which YAML would read as a mapping.
    assert!(ours.starts_with("---\nstatus: proposed\ndate: 2026-12-03\ndecision-makers:\n"));
    insta::assert_snapshot!(structure(&ours).join("\n"), @r"
    ## Context and Problem Statement
    <!-- optional -->
    ## Decision Drivers
    ## Considered Options
    ## Decision Outcome
    <!-- optional -->
    ### Consequences
    <!-- optional -->
    ### Confirmation
    <!-- optional -->
    ## Pros and Cons of the Options
    ### {title of option 1}
    <!-- optional -->
    ### {title of other option}
    <!-- optional -->
    ## More Information
    ");
}

#[test]
fn supersede_writes_madrs_superseded_by_id_and_reads_it_back() {
    if madr_template().is_none() {
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("docs/decisions")).unwrap();
    ok(repo.path(), &["new", "madr", "Use MySQL", "--date", DATE]);
    ok(
        repo.path(),
        &["new", "madr", "Use PostgreSQL", "--date", DATE],
    );
    ok(repo.path(), &["supersede", "1", "2"]);
    let old_path = repo.path().join("docs/decisions/0001-use-mysql.md");
    let old = std::fs::read_to_string(&old_path).unwrap();
    assert!(
        old.starts_with("---\nstatus: superseded by ADR-0002\ndate: 2026-12-03\n"),
        "{old}"
    );
    assert_eq!(
        ok(repo.path(), &["supersede", "1", "2"]),
        "nothing to change\n"
    );

    // As a MADR user writes it, quoted like the template's choices: read as the same relation.
    std::fs::write(
        &old_path,
        old.replace(
            "status: superseded by ADR-0002",
            "status: \"superseded by ADR-0002\"",
        ),
    )
    .unwrap();
    assert_eq!(
        ok(repo.path(), &["supersede", "1", "2"]),
        "nothing to change\n"
    );
    let check = docwright(repo.path(), &["check", "--no-color", "."]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        !check.stdout.contains("supersede-mismatch") && !check.stdout.contains("broken-reference"),
        "{}",
        check.stdout
    );
}
