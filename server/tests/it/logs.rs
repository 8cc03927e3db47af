//! Decision logs (ids per log, ambiguity as an information), templates as the schema of their
//! log, the scope of `docwright check PATH`, and fixes that never rewrite history: the real
//! binary on fixture repositories copied into temporary folders.

use crate::common;

use common::cli::{copy_tree, docwright, fixture_copy};
use std::collections::BTreeMap;
use std::path::Path;

/// (path, rule, severity, message, line) of every diagnostic of `--format json`.
type Found = Vec<(String, String, String, String, u64)>;

fn findings(json: &str) -> Found {
    let output: serde_json::Value = serde_json::from_str(json).expect("JSON output");
    let mut found = Vec::new();
    for file in output.as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                file["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
            ));
        }
    }
    found
}

/// The kind of every file of `--format json`.
fn kinds(json: &str) -> BTreeMap<String, Option<String>> {
    let output: serde_json::Value = serde_json::from_str(json).expect("JSON output");
    output
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            (
                file["path"].as_str().unwrap().to_string(),
                file["kind"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn check_json(root: &Path, path: &str) -> (i32, Found, String) {
    let run = docwright(root, &["check", "--format", "json", path]);
    assert!(run.code <= 1, "{}", run.stderr);
    (run.code, findings(&run.stdout), run.stdout)
}

fn of_rule<'f>(found: &'f Found, rule: &str) -> Vec<&'f (String, String, String, String, u64)> {
    found.iter().filter(|f| f.1 == rule).collect()
}

#[test]
fn three_logs_numbered_from_one_do_not_collide() {
    let repo = fixture_copy("logs/monorepo");
    let (code, found, _) = check_json(repo.path(), ".");
    assert_eq!(code, 0, "{found:#?}");
    assert!(of_rule(&found, "duplicate-id").is_empty(), "{found:#?}");
    // Inside a log, `ADR-0002` is that log's record: resolved, so nothing is reported about it.
    let in_services: Vec<_> = found
        .iter()
        .filter(|f| f.0.starts_with("services/") && f.1 != "broken-reference")
        .collect();
    assert!(in_services.is_empty(), "{in_services:#?}");
    // From the README (in no log) it could be any of three: an information naming them.
    let ambiguous = of_rule(&found, "ambiguous-reference");
    assert_eq!(ambiguous.len(), 1, "{found:#?}");
    let (path, _, severity, message, line) = ambiguous[0];
    assert_eq!(
        (path.as_str(), severity.as_str(), *line),
        ("README.md", "info", 3)
    );
    for candidate in [
        "docs/adr/0002-share-ci.md",
        "services/payments/docs/adr/0002-use-payments-store.md",
        "services/search/docs/adr/0002-use-search-store.md",
    ] {
        assert!(message.contains(candidate), "{message}");
    }
}

#[test]
fn an_id_resolves_in_the_citing_documents_own_log_first() {
    use docwright::analysis::config::Config;
    use docwright::analysis::index::{Index, IndexSettings, RefTarget};
    use docwright::analysis::kinds::detect::PathHints;
    use docwright::analysis::resolve::{Resolution, resolve};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/logs/monorepo");
    let files = [
        "docs/adr/0002-share-ci.md",
        "services/payments/docs/adr/0002-use-payments-store.md",
        "services/payments/docs/adr/0003-cache-payments.md",
        "services/search/docs/adr/0002-use-search-store.md",
        "services/search/docs/adr/0003-cache-search.md",
        "README.md",
    ];
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(root.join(f)).unwrap(),
            )
        })
        .collect();
    let index = Index::build(
        IndexSettings::default(),
        texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect::<Vec<_>>(),
        &Config::default(),
        &|_| PathHints::default(),
    );
    let target = RefTarget::Id {
        prefix: "ADR".into(),
        number: 2,
    };
    for (from, expected) in [
        (
            "services/payments/docs/adr/0003-cache-payments.md",
            "services/payments/docs/adr/0002-use-payments-store.md",
        ),
        (
            "services/search/docs/adr/0003-cache-search.md",
            "services/search/docs/adr/0002-use-search-store.md",
        ),
    ] {
        let from = index.get(from).unwrap();
        assert_eq!(
            resolve(&index, from, &target)
                .doc()
                .map(|d| d.path.as_str()),
            Some(expected)
        );
    }
    let readme = index.get("README.md").unwrap();
    assert_eq!(readme.log, None);
    match resolve(&index, readme, &target) {
        Resolution::Ambiguous(candidates) => assert_eq!(candidates.len(), 3),
        other => panic!("{other:?}"),
    }
    // Backlinks follow the same resolution: the payments store is cited by its own log only.
    assert_eq!(
        index.backlinks("services/payments/docs/adr/0002-use-payments-store.md"),
        [
            "README.md",
            "services/payments/docs/adr/0003-cache-payments.md"
        ]
    );
}

#[test]
fn checking_a_folder_or_a_file_reports_what_the_whole_repository_reports_for_it() {
    let repo = fixture_copy("logs/monorepo");
    // A repository: its root is the workspace wherever the check starts.
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let (_, whole, _) = check_json(repo.path(), ".");
    let in_payments: Found = whole
        .iter()
        .filter(|f| f.0.starts_with("services/payments/"))
        .cloned()
        .collect();
    // The link out of the folder that exists is not reported; the missing one is.
    assert_eq!(
        in_payments
            .iter()
            .map(|f| (f.1.as_str(), f.4))
            .collect::<Vec<_>>(),
        [("broken-reference", 12)],
        "{in_payments:#?}"
    );
    let (_, folder, _) = check_json(repo.path(), "services/payments");
    assert_eq!(folder, in_payments);
    let one = "services/payments/docs/adr/0003-cache-payments.md";
    let (_, file, _) = check_json(repo.path(), one);
    let expected: Found = whole.iter().filter(|f| f.0 == one).cloned().collect();
    assert_eq!(file, expected);
    // From inside the subfolder too: the workspace is still the repository.
    let (_, from_inside, _) = check_json(&repo.path().join("services/payments"), ".");
    assert_eq!(
        from_inside.iter().map(|f| (&f.1, f.4)).collect::<Vec<_>>(),
        in_payments.iter().map(|f| (&f.1, f.4)).collect::<Vec<_>>()
    );
}

#[test]
fn templates_are_never_records_never_superseded_never_cited_as_superseded() {
    let repo = fixture_copy("logs/madr");
    let (code, found, stdout) = check_json(repo.path(), ".");
    assert_eq!(code, 0, "{found:#?}");
    assert!(found.is_empty(), "{found:#?}");
    // The templates were looked at (they are in the output), and reported nothing.
    let kinds = kinds(&stdout);
    assert!(
        kinds.contains_key("docs/decisions/adr-template.md"),
        "{kinds:?}"
    );
    assert!(
        kinds.contains_key("template/0000-use-markdown-architectural-decision-records.md"),
        "{kinds:?}"
    );
    // The graph has no supersession out of the templates' example statuses.
    let run = docwright(repo.path(), &["graph", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("supersedes"), "{}", run.stdout);
}

#[test]
fn an_rfc_template_that_marks_sections_optional_defines_its_logs_kind() {
    let repo = fixture_copy("logs/rfcs");
    let (_, found, stdout) = check_json(repo.path(), ".");
    let kinds = kinds(&stdout);
    for record in [
        "text/0001-small-feature.md",
        "text/0002-big-feature.md",
        "text/0003-no-motivation.md",
        "text/0004-design-first.md",
        "text/0005-older-form.md",
    ] {
        assert_eq!(kinds[record].as_deref(), Some("text"), "{record}");
    }
    let in_text: Vec<(&str, &str, &str)> = found
        .iter()
        .filter(|f| f.0.starts_with("text/"))
        .map(|f| (f.0.as_str(), f.1.as_str(), f.3.as_str()))
        .collect();
    // 0001 leaves out the three optional sections (Drawbacks, Alternatives, Unresolved
    // questions) and nothing is said; 0003 lacks a required one; 0004 is out of the template's
    // order; 0005 lacks two, so it was written to an earlier form of the template, and nothing
    // is said of its sections.
    assert_eq!(in_text.len(), 2, "{in_text:#?}");
    assert_eq!(in_text[0].0, "text/0003-no-motivation.md");
    assert_eq!(in_text[0].1, "missing-section");
    assert!(in_text[0].2.contains("`## Motivation`"), "{}", in_text[0].2);
    assert_eq!(
        (in_text[1].0, in_text[1].1),
        ("text/0004-design-first.md", "section-order")
    );
    // The template itself is not a record.
    assert!(
        found.iter().all(|f| f.0 != "0000-template.md"),
        "{found:#?}"
    );

    let run = docwright(
        repo.path(),
        &["check", "--explain-kind", "text/0003-no-motivation.md"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("template `0000-template.md`")
            && run.stdout.contains("6 sections")
            && run.stdout.contains("3 of them optional"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_template_is_a_located_config_error() {
    let repo = fixture_copy("logs/rfcs");
    std::fs::write(
        repo.path().join("docwright.toml"),
        "[[logs]]\npath = \"text\"\ntemplate = \"missing-template.md\"\n",
    )
    .unwrap();
    let run = docwright(repo.path(), &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("docwright.toml:3:12:")
            && run
                .stderr
                .contains("cannot read the template `missing-template.md`"),
        "{}",
        run.stderr
    );
    std::fs::write(
        repo.path().join("docwright.toml"),
        "[[logs]]\npath = \"text\"\ntemplate = \"../../etc/passwd\"\n",
    )
    .unwrap();
    let run = docwright(repo.path(), &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("inside the folder of docwright.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn fix_leaves_an_accepted_records_citations_alone_and_unsafe_fixes_retarget_them() {
    let repo = fixture_copy("workspace/cites-superseded");
    let record = repo.path().join("docs/adr/0004-use-orm.md");
    let before = std::fs::read_to_string(&record).unwrap();

    let run = docwright(repo.path(), &["check", "--format", "json", "docs"]);
    let output: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let applicabilities: Vec<&str> = output
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .filter(|d| d["rule"] == "cites-superseded" && !d["fix"].is_null())
        .map(|d| d["fix"]["applicability"].as_str().unwrap())
        .collect();
    assert!(!applicabilities.is_empty(), "{}", run.stdout);
    assert!(applicabilities.iter().all(|a| *a == "unsafe"));

    let run = docwright(repo.path(), &["check", "--fix", "docs"]);
    assert!(run.code <= 1, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&record).unwrap(), before);
    assert!(run.stdout.contains("unsafe fix"), "{}", run.stdout);

    let run = docwright(repo.path(), &["check", "--unsafe-fixes", "docs"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let after = std::fs::read_to_string(&record).unwrap();
    assert_ne!(after, before);
    assert!(
        after.contains("Our database is ADR-0003") && !after.contains("ADR-0001 ("),
        "{after}"
    );
    // The link to a section the successor does not have is not retargeted.
    assert!(after.contains("(0001-use-mysql.md#decision)") || after.contains("#decision"));
}

#[test]
fn a_broken_anchor_is_never_fixed_by_pointing_it_at_the_successor() {
    let repo = fixture_copy("workspace/cites-superseded");
    let record = repo.path().join("docs/adr/0004-use-orm.md");
    let text = std::fs::read_to_string(&record).unwrap().replace(
        "0001-use-mysql.md#decision",
        "0001-use-mysql.md#no-such-section",
    );
    std::fs::write(&record, &text).unwrap();
    let run = docwright(repo.path(), &["check", "--unsafe-fixes", "docs"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let after = std::fs::read_to_string(&record).unwrap();
    assert!(
        after.contains("0001-use-mysql.md#no-such-section"),
        "the broken link is left for a person: {after}"
    );
}

/// The Swift Evolution corpus, copied (it is read-only) with a small `docwright.toml`.
fn swift_evolution() -> Option<tempfile::TempDir> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/swift-evolution");
    if !corpus.is_dir() {
        eprintln!("skipped: no corpus at {}", corpus.display());
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus, dir.path());
    // Strict history: the tests check the template as the schema on every proposal, and most
    // proposals are implemented (decided) ones.
    std::fs::write(
        dir.path().join("docwright.toml"),
        "strict-history = true\n\n[[logs]]\npath = \"proposals\"\ntemplate = \"proposal-templates/0000-swift-template.md\"\n\
         id-prefix = \"SE\"\n\n\
         [logs.aliases]\n\
         \"Summary of changes\" = [\"Introduction\"]\n\
         \"Source compatibility\" = [\"Impact on existing code\"]\n\
         \"ABI compatibility\" = [\"Effect on ABI stability\"]\n\n[[logs]]\npath = \"proposals/testing\"\n\
         template = \"proposal-templates/0000-swift-testing-template.md\"\nid-prefix = \"ST\"\n",
    )
    .unwrap();
    Some(dir)
}

#[test]
fn swift_evolution_with_its_template_as_the_schema() {
    let Some(repo) = swift_evolution() else {
        return;
    };
    let (_, found, stdout) = check_json(repo.path(), ".");
    let kinds = kinds(&stdout);
    let proposals: Vec<(&String, &Option<String>)> = kinds
        .iter()
        .filter(|(p, _)| p.starts_with("proposals/"))
        .collect();
    assert!(proposals.len() > 500, "{}", proposals.len());
    for (path, kind) in &proposals {
        let expected = if path.starts_with("proposals/testing/") {
            "proposals-testing"
        } else {
            "proposals"
        };
        assert_eq!(kind.as_deref(), Some(expected), "{path}");
    }
    // `SE-NNNN` resolves: no textual SE id is reported as missing.
    let broken_ids: Vec<_> = of_rule(&found, "broken-reference")
        .into_iter()
        .filter(|f| f.3.starts_with("no document is SE"))
        .collect();
    assert!(broken_ids.is_empty(), "{broken_ids:#?}");
    // No two proposals of one log share a number: SE-0519's old name is a stub without a
    // heading that points at the renamed proposal, and claims nothing.
    assert!(of_rule(&found, "duplicate-id").is_empty(), "{found:#?}");

    // Hand-checked against the template: what each of these proposals really lacks.
    let pinned = |path: &str| -> Vec<String> {
        found
            .iter()
            .filter(|f| f.0 == path)
            .map(|f| format!("{}: {}", f.1, f.3.split(" (").next().unwrap_or(&f.3)))
            .collect()
    };
    insta::assert_json_snapshot!(
        "swift_evolution_pinned",
        [
            "proposals/0001-keywords-as-argument-labels.md",
            "proposals/0100-add-sequence-based-init-and-merge-to-dictionary.md",
            "proposals/0200-raw-string-escaping.md",
            "proposals/0296-async-await.md",
            "proposals/0306-actors.md",
            "proposals/0380-if-switch-expressions.md",
            "proposals/0400-init-accessors.md",
            "proposals/0420-inheritance-of-actor-isolation.md",
            "proposals/0430-transferring-parameters-and-results.md",
            "proposals/0450-swiftpm-package-traits.md",
            "proposals/0470-isolated-conformances.md",
        ]
        .iter()
        .map(|p| (p.to_string(), pinned(p)))
        .collect::<BTreeMap<_, _>>()
    );
}

// ---- Templates found beside their log, without docwright.toml ----------------------------------

/// Writes `files` (path, text) under a new temporary folder.
fn repo_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_template_beside_a_log_is_its_schema_without_config() {
    let repo = fixture_copy("logs/rfcs");
    std::fs::remove_file(repo.path().join("docwright.toml")).unwrap();
    let (_, found, stdout) = check_json(repo.path(), ".");
    let kinds = kinds(&stdout);
    for record in [
        "text/0001-small-feature.md",
        "text/0003-no-motivation.md",
        "text/0005-older-form.md",
    ] {
        assert_eq!(kinds[record].as_deref(), Some("text"), "{record}");
    }
    // Exactly what the `[[logs]]` entry naming the template gives (see the test above): the
    // optional sections are optional, the template's order is the order.
    let in_text: Vec<(&str, &str)> = found
        .iter()
        .filter(|f| f.0.starts_with("text/"))
        .map(|f| (f.0.as_str(), f.1.as_str()))
        .collect();
    assert_eq!(
        in_text,
        [
            ("text/0003-no-motivation.md", "missing-section"),
            ("text/0004-design-first.md", "section-order")
        ],
        "{found:#?}"
    );
    let run = docwright(
        repo.path(),
        &["check", "--explain-kind", "text/0003-no-motivation.md"],
    );
    assert!(
        run.stdout.contains("template `0000-template.md`"),
        "{}",
        run.stdout
    );
}

const NYGARD_RECORD: &str = "# {n}. Use {what}\n\nDate: 2024-01-0{n}\n\n## Status\n\nAccepted\n\n\
                             ## Context\n\nWe need {what}.\n\n## Decision\n\nWe use {what}.\n\n\
                             ## Consequences\n\nIt works.\n";

fn nygard(n: u32, what: &str) -> String {
    NYGARD_RECORD
        .replace("{n}", &n.to_string())
        .replace("{what}", what)
}

#[test]
fn a_template_that_does_not_fit_its_log_is_ignored() {
    // A design-doc template beside a log of Nygard records: most records share none of its
    // headings, so it is not their schema and they stay what they were.
    let records: Vec<(String, String)> = (1..=4)
        .map(|n| {
            (
                format!("docs/adr/000{n}-use-thing-{n}.md"),
                nygard(n, &format!("thing {n}")),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = records
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let template = "# Title\n\n## Summary\n\nx\n\n## Goals\n\nx\n\n## Non-goals\n\nx\n\n\
                    ## Rollout plan\n\nx\n";
    files.push(("docs/adr/template.md", template));
    let repo = repo_of(&files);
    let (code, found, stdout) = check_json(repo.path(), ".");
    assert_eq!(code, 0);
    let kinds = kinds(&stdout);
    assert_eq!(
        kinds["docs/adr/0001-use-thing-1.md"].as_deref(),
        Some("adr")
    );
    assert!(
        found.iter().all(|f| f.0 == "docs/adr/template.md"),
        "{found:#?}"
    );
}

#[test]
fn records_in_a_folder_whose_own_template_they_do_not_follow_take_no_kind_from_their_headings() {
    // A folder of proposals with its own template, which half of them follow. The others
    // happen to share headings with the built-in design doc; in the folder, they are not told
    // they lack its status and sections. Outside it, the same text still is a design doc.
    let template = "# Proposal: [Title]\n\n## Abstract\n\n[Summary.]\n\n## Background\n\n[Why.]\n\n\
                    ## Proposal\n\n[What.]\n\n## Rationale\n\n[Trade-offs.]\n\n\
                    ## Compatibility\n\n[Breakage.]\n\n## Implementation\n\n[Who and when.]\n";
    let following = "# Proposal: Faster maps\n\n## Abstract\n\nA.\n\n## Background\n\nB.\n\n\
                     ## Proposal\n\nP.\n\n## Rationale\n\nR.\n\n## Compatibility\n\nC.\n\n\
                     ## Implementation\n\nI.\n";
    let design_like = "# Proposal: Smarter caches\n\n## Context and Scope\n\nWhy.\n\n\
                       ## Goals and Non-Goals\n\nFast.\n\n## Design\n\nAn LRU.\n";
    let repo = repo_of(&[
        ("design/TEMPLATE.md", template),
        ("design/11001-faster-maps.md", following),
        ("design/11002-faster-slices.md", following),
        ("design/11003-smarter-caches.md", design_like),
        ("design/11004-smarter-pools.md", design_like),
        ("design/notes/smarter-queues.md", design_like),
        ("elsewhere/smarter-caches.md", design_like),
    ]);
    let (_, found, stdout) = check_json(repo.path(), ".");
    let kinds = kinds(&stdout);
    for path in [
        "design/11001-faster-maps.md",
        "design/11003-smarter-caches.md",
        "design/11004-smarter-pools.md",
        "design/notes/smarter-queues.md",
    ] {
        assert_eq!(kinds[path], None, "{path}: {found:#?}");
    }
    assert!(
        found.iter().all(|f| f.0.starts_with("elsewhere/")),
        "{found:#?}"
    );
    assert_eq!(
        kinds["elsewhere/smarter-caches.md"].as_deref(),
        Some("design-doc")
    );
    assert!(!of_rule(&found, "missing-status").is_empty(), "{found:#?}");
    let run = docwright(
        repo.path(),
        &["check", "--explain-kind", "design/11003-smarter-caches.md"],
    );
    assert!(
        run.stdout
            .contains("whose own template `design/TEMPLATE.md`"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unchanged_template_line_is_flagged_and_an_edited_one_is_not() {
    let template = "# Feature name\n\n## Summary\n\nExplain the change in one paragraph for the \
                    people who use it.\n\n## Design\n\nDescribe the design.\n\n## Testing\n\n\
                    - <test>: <link to test coverage>\n";
    let record = |n: u32, summary: &str, testing: &str| {
        format!(
            "# Feature {n}\n\n## Summary\n\n{summary}\n\n## Design\n\nThe design of feature \
             {n}.\n\n## Testing\n\n{testing}\n"
        )
    };
    let unchanged = record(
        1,
        "Explain the change in one paragraph for the people who use it.",
        "- <test>: <link to test coverage>",
    );
    let edited = record(
        2,
        "Feature 2 lets people export their data.",
        "- export round trip: <https://example.com/tests/export>",
    );
    let third = record(3, "Feature 3 is faster.", "- bench: see the benchmarks.");
    let repo = repo_of(&[
        ("proposals/template.md", template),
        ("proposals/0001-one.md", &unchanged),
        ("proposals/0002-two.md", &edited),
        ("proposals/0003-three.md", &third),
    ]);
    let (_, found, stdout) = check_json(repo.path(), ".");
    assert_eq!(
        kinds(&stdout)["proposals/0001-one.md"].as_deref(),
        Some("proposals")
    );
    let leftovers: Vec<(&str, u64, &str)> = of_rule(&found, "placeholder-text")
        .into_iter()
        .map(|f| (f.0.as_str(), f.4, f.3.as_str()))
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:#?}");
    assert!(leftovers.iter().all(|f| f.0 == "proposals/0001-one.md"));
    assert_eq!(leftovers[0].1, 5, "the Summary sentence, on line 5");
    assert!(
        leftovers[1]
            .2
            .contains("template text left unchanged: \"<test>: <link to test coverage>\""),
        "{}",
        leftovers[1].2
    );
    // "Describe the design." is too short to tell a leftover from a sentence of one's own.
    assert!(
        found.iter().all(|f| f.0 != "proposals/0002-two.md"),
        "{found:#?}"
    );
}

#[test]
fn a_link_into_a_folder_the_workspace_does_not_hold_is_not_reported() {
    let adr = |n: u32, body: &str| {
        format!(
            "# {n}. Record {n}\n\nDate: 2024-01-01\n\n## Status\n\nProposed\n\n## Context\n\n\
             {body}\n\n## Decision\n\nWe decide.\n\n## Consequences\n\nIt works.\n"
        )
    };
    let first = adr(
        1,
        "See [the vision](/visions/approachable.md) and [a record](0003-missing.md).",
    );
    let repo = repo_of(&[
        ("docs/adr/0001-one.md", &first),
        ("docs/adr/0002-two.md", &adr(2, "Nothing.")),
    ]);
    let (_, found, _) = check_json(repo.path(), ".");
    let broken: Vec<&str> = of_rule(&found, "broken-reference")
        .into_iter()
        .map(|f| f.3.as_str())
        .collect();
    assert_eq!(broken, ["`0003-missing.md` does not exist"], "{found:#?}");
}

#[test]
fn a_log_whose_template_keeps_its_status_under_another_key_reads_its_records_by_that_key() {
    // Ember's RFCs: the template writes `stage: accepted`, and each record's stage moves on
    // (`recommended`, `released`). A record past its decision is history, whatever the template
    // later gained; a proposal is still checked, and a stage outside any status vocabulary is
    // not reported as a bad status.
    let template = "---\nstage: accepted\nstart-date: # In format YYYY-MM-DD\nprs:\n  accepted: # the PR\n\
                    ---\n\n# RFC title\n\n## Summary\n\nOne paragraph.\n\n## Motivation\n\nWhy.\n\n\
                    ## How we teach this\n\nTeaching.\n";
    let record = |stage: &str| {
        format!(
            "---\nstage: {stage}\nstart-date: 2016-01-01\n---\n\n# Faster maps\n\n## Summary\n\n\
             Maps get faster.\n\n## Motivation\n\nThey are slow.\n"
        )
    };
    let repo = repo_of(&[
        ("0000-template.md", template),
        (
            "text/0001-faster-maps.md",
            &record("recommended # FIXME: or released?"),
        ),
        ("text/0002-faster-sets.md", &record("released")),
        ("text/0003-faster-lists.md", &record("proposed")),
    ]);
    let (_, found, stdout) = check_json(repo.path(), ".");
    assert_eq!(
        kinds(&stdout)["text/0003-faster-lists.md"].as_deref(),
        Some("text"),
        "{found:#?}"
    );
    let missing: Vec<&str> = of_rule(&found, "missing-section")
        .iter()
        .map(|f| f.0.as_str())
        .collect();
    assert_eq!(missing, ["text/0003-faster-lists.md"], "{found:#?}");
    assert!(of_rule(&found, "invalid-status").is_empty(), "{found:#?}");
    assert!(of_rule(&found, "missing-status").is_empty(), "{found:#?}");
}
