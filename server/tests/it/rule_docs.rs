//! `docs/rules/<rule>.md` is what `docwright explain <rule>` prints, for every rule `docwright
//! rules` lists, and `docs/rules/README.md` lists them all: the published documentation can never
//! drift from the doc comments it is made from. Run with `DOCWRIGHT_BLESS=1` to rewrite the files
//! after changing a rule's doc comment.

use crate::common;

use common::cli::docwright;
use std::path::{Path, PathBuf};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules")
}

fn rule_ids(root: &Path) -> Vec<String> {
    let run = docwright(root, &["rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The expected files: one per rule, and the index.
fn expected_files() -> Vec<(String, String)> {
    let root = docs_dir();
    let ids = rule_ids(&root.join("../.."));
    assert!(ids.len() >= 10, "rules listed: {ids:?}");
    let table = docwright(&root, &["rules"]).stdout;
    let mut index = String::from(
        "# Rules\n\nEach page is what `docwright explain <rule>` prints; the doc comment of the rule is \
         its source (this folder is regenerated from it by `DOCWRIGHT_BLESS=1 cargo test --test \
         it rule_docs`).\n\n| Rule | Default severity | Summary |\n| --- | --- | --- |\n",
    );
    let mut files = Vec::new();
    for id in &ids {
        let run = docwright(&root, &["explain", id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        files.push((format!("{id}.md"), run.stdout));
        let line = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id.as_str()))
            .unwrap();
        let mut columns = line.split_whitespace();
        let _ = columns.next();
        let severity = columns.next().unwrap_or("");
        // The FIX column: safe, unsafe, or `-`.
        let _fix = columns.next();
        let summary = columns.collect::<Vec<_>>().join(" ");
        index.push_str(&format!("| [`{id}`]({id}.md) | {severity} | {summary} |\n"));
    }
    files.push((String::from("README.md"), index));
    files
}

#[test]
fn rule_pages_match_docwright_explain() {
    let dir = docs_dir();
    let expected = expected_files();
    if std::env::var_os("DOCWRIGHT_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    present.retain(|name| !expected.iter().any(|(n, _)| n == name));
    assert!(
        stale.is_empty() && present.is_empty(),
        "docs/rules is out of date (stale: {stale:?}; no longer a rule: {present:?}); \
         run `DOCWRIGHT_BLESS=1 cargo test --test it rule_docs`"
    );
}
