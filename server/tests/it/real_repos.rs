//! Issue 11, part B: what real repositories look like. Detection that can say "no kind",
//! statuses read only where a document keeps its metadata, the orders a kind accepts, braces that
//! are not placeholders, and the parsing defects seen on public repositories (a YAML comment, a
//! byte order mark). Ends with every shared corpus checked by the real binary: no error, and the
//! count of findings per rule pinned.

use crate::common;

use common::cli::docwright;
use docwright::analysis::check::{CheckResult, check_text};
use docwright::analysis::config::Config;
use docwright::analysis::diagnostic::{Diagnostic, Severity};
use docwright::analysis::fix::apply_edits;
use docwright::analysis::index::DocEntry;
use docwright::analysis::kinds::detect::PathHints;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-03";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real_repos")
        .join(relative)
}

fn check(path: &str, text: &str) -> CheckResult {
    check_with(path, text, &Config::default())
}

/// The default config under strict history: this module measures the rules on real documents
/// (issue 11), decided records included, not the history pause.
fn strict_default() -> Config {
    let mut config = Config::default();
    config.history.strict = true;
    config
}

/// Checks under `config` with strict history, whatever it says.
fn check_with(path: &str, text: &str, config: &Config) -> CheckResult {
    let mut config = config.clone();
    config.history.strict = true;
    check_text(Some(path), text, &config, &PathHints::default(), TODAY)
}

fn of_rule<'d>(result: &'d CheckResult, rule: &str) -> Vec<&'d Diagnostic> {
    result
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .collect()
}

/// `(path, rule, severity)` of one finding of `docwright check --format json`.
type Finding = (String, String, String);
/// Each file's kind, by path.
type Kinds = BTreeMap<String, Option<String>>;

/// Every finding of `docwright check --strict-history --format json` run in `dir` (every rule on
/// every record), and each file's kind.
fn check_json(dir: &Path) -> (Vec<Finding>, Kinds) {
    let run = docwright(dir, &["check", "--strict-history", "--format", "json", "."]);
    assert!(run.code <= 1, "{}", run.stderr);
    let output: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
    let mut found = Vec::new();
    let mut kinds = BTreeMap::new();
    for file in output.as_array().unwrap() {
        let path = file["path"].as_str().unwrap().to_string();
        kinds.insert(path.clone(), file["kind"].as_str().map(str::to_string));
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                path.clone(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    (found, kinds)
}

// ---- Detection ---------------------------------------------------------------------------------

#[test]
fn swift_evolution_proposals_take_no_built_in_kind_without_config() {
    let dir = corpus().join("swift-evolution/proposals");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() > 500, "{} proposals", files.len());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(&path).unwrap();
        let result = check(&format!("proposals/{name}"), &text);
        assert_eq!(
            result.detection.kind, None,
            "{name}: {}",
            result.detection.reason
        );
        assert!(result.diagnostics.is_empty(), "{name}");
    }
}

#[test]
fn a_weak_fit_gets_no_kind_and_the_reason_says_how_to_declare_one() {
    // Four of an RFC's seven required sections: another process's template, not a Rust RFC.
    let text = "# Pod overhead\n\n## Summary\n\nx\n\n## Motivation\n\ny\n\n## Proposal\n\nz\n\n\
                ## Design Details\n\nd\n\n## Drawbacks\n\ne\n\n## Alternatives\n\nf\n";
    let result = check("keps/1234-pod-overhead/README2.md", text);
    assert_eq!(result.detection.kind, None, "{}", result.detection.reason);
    assert!(result.diagnostics.is_empty());
    assert!(
        result.detection.reason.contains("kind: <name>")
            && result.detection.reason.contains("docwright.toml"),
        "{}",
        result.detection.reason
    );
    // All but one of an ADR's required sections is a strong fit.
    let adr = "# 4. Queue\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n";
    assert_eq!(
        check("notes/queue.md", adr).detection.kind.as_deref(),
        Some("adr")
    );
}

#[test]
fn a_document_calling_itself_by_another_prefix_is_not_of_the_kind() {
    // An RFC's sections all there, but the document is SE-0042.
    let text = "# Feature\n\n* Proposal: [SE-0042](0042-feature.md)\n* Status: **Accepted**\n\n\
                ## Summary\n\na\n\n## Motivation\n\nb\n\n## Guide-level explanation\n\nc\n\n\
                ## Reference-level explanation\n\nd\n\n## Drawbacks\n\ne\n\n\
                ## Rationale and alternatives\n\nf\n\n## Unresolved questions\n\ng\n";
    let result = check("proposals/0042-feature.md", text);
    assert_eq!(result.detection.kind, None, "{}", result.detection.reason);
    assert!(
        result.detection.reason.contains("SE"),
        "{}",
        result.detection.reason
    );
    // The same text without the foreign id is an RFC.
    let plain = text.replace("* Proposal: [SE-0042](0042-feature.md)\n", "");
    assert_eq!(
        check("proposals/0042-feature.md", &plain)
            .detection
            .kind
            .as_deref(),
        Some("rfc")
    );
}

#[test]
fn project_files_take_no_kind_from_their_place() {
    let hints = PathHints {
        rfc_template_sibling: true,
        ..PathHints::default()
    };
    for name in [
        "README.md",
        "CONTRIBUTING.md",
        "LICENSE.md",
        "CODE_OF_CONDUCT.md",
        "CHANGELOG.md",
        "SECURITY.md",
        "index.md",
    ] {
        let text = format!("# {name}\n\n## Usage\n\nSee below.\n");
        for path in [
            format!("docs/adr/{name}"),
            format!("rfcs/{name}"),
            format!("adr/{name}"),
            name.to_string(),
        ] {
            let result = check_text(Some(&path), &text, &strict_default(), &hints, TODAY);
            assert_eq!(result.detection.kind, None, "{path}");
            assert!(result.diagnostics.is_empty(), "{path}");
        }
    }
    // A changelog in a crate folder named `adrs` (the adrs tool's own) is no ADR either, and
    // neither is any other file there: no tool writes records into `adrs/`.
    let notes = "# Notes\n\n## Usage\n\nRun it.\n";
    assert_eq!(check("adrs/CHANGELOG.md", notes).detection.kind, None);
    assert_eq!(check("adrs/docs/usage.md", notes).detection.kind, None);
    // The folders the tools write still decide, written as the tools write them.
    assert_eq!(
        check("doc/adr/0001-x.md", notes).detection.kind.as_deref(),
        Some("adr")
    );
    assert_eq!(check("DOC/ADR/0001-x.md", notes).detection.kind, None);
}

#[test]
fn an_rfc_repository_checks_no_project_file_beside_its_template() {
    let (found, kinds) = check_json(&fixture("rfc-repo"));
    for name in [
        "CONTRIBUTING.md",
        "LICENSE.md",
        "CODE_OF_CONDUCT.md",
        "README.md",
    ] {
        assert_eq!(kinds.get(name), Some(&None), "{name}: {kinds:?}");
        let on_it: Vec<_> = found.iter().filter(|f| f.0 == name).collect();
        assert!(on_it.is_empty(), "{name}: {on_it:?}");
    }
    assert!(
        kinds.contains_key("text/0001-faster-builds.md"),
        "{kinds:?}"
    );
}

// ---- Statuses -----------------------------------------------------------------------------------

/// A Nygard ADR with `status` in its `## Status` section.
fn adr_with_status(status: &str) -> String {
    format!(
        "# 7. Use PostgreSQL\n\nDate: 2024-03-04\n\n## Status\n\n{status}\n\n## Context\n\nc\n\n\
         ## Decision\n\nd\n\n## Consequences\n\ne\n"
    )
}

#[test]
fn a_near_miss_is_a_warning_with_its_correction() {
    let text = adr_with_status("Acceptd");
    let result = check("doc/adr/0007-use-postgresql.md", &text);
    let found = of_rule(&result, "invalid-status");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    let (fixed, _) = apply_edits(&text, &found[0].fix.as_ref().unwrap().edits);
    assert!(fixed.contains("## Status\n\nAccepted\n"), "{fixed}");
}

#[test]
fn a_plausible_status_of_a_teams_own_is_at_most_a_hint() {
    for status in [
        "Pending",
        "Approved",
        "Partly superseded",
        "on hold",
        "draft",
        "Reverted",
    ] {
        let result = check("doc/adr/0007-use-postgresql.md", &adr_with_status(status));
        for d in &result.diagnostics {
            assert!(d.severity >= Severity::Hint, "{status}: {d:?}");
        }
        let found = of_rule(&result, "invalid-status");
        assert_eq!(found.len(), 1, "{status}");
        assert!(found[0].fix.is_none(), "{status}: no guessed correction");
    }
}

#[test]
fn markdown_around_a_status_is_understood() {
    for status in [
        "**Accepted**",
        "_Accepted_ 2024-03-04",
        "Accepted (2024-03-04)",
        "[Accepted](https://example.com/vote/12)",
        "Superseded by [ADR-0012](0012-use-kafka.md)",
    ] {
        let result = check("doc/adr/0007-use-postgresql.md", &adr_with_status(status));
        assert!(of_rule(&result, "invalid-status").is_empty(), "{status}");
    }
    let rfc = "- Start Date: 2024-01-02\n- Status: Implemented (Swift 5.1)\n\n# Summary\n\na\n";
    let result = check_text(
        Some("text/0001-x.md"),
        rfc,
        &strict_default(),
        &PathHints {
            rfc_template_sibling: true,
            ..PathHints::default()
        },
        TODAY,
    );
    assert_eq!(result.detection.kind.as_deref(), Some("rfc"));
    assert!(of_rule(&result, "invalid-status").is_empty());
}

#[test]
fn template_placeholders_are_no_status_and_no_finding() {
    for status in [
        "[draft | proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]",
        "STATUS",
        "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}",
    ] {
        let result = check("doc/adr/0007-use-postgresql.md", &adr_with_status(status));
        assert!(of_rule(&result, "invalid-status").is_empty(), "{status}");
        assert!(of_rule(&result, "missing-status").is_empty(), "{status}");
    }
}

#[test]
fn a_status_subsection_or_comment_is_not_the_documents_status() {
    let text = "# 7. Use PostgreSQL\n\nDate: 2024-03-04\n\n## Status\n\n<!-- Acceptd -->\nAccepted\n\n\
                ## Context\n\nc\n\n### Status\n\nThe prototype is half done.\n\n\
                ## Decision\n\nd\n\n## Consequences\n\ne\n";
    let result = check("doc/adr/0007-use-postgresql.md", text);
    assert!(of_rule(&result, "invalid-status").is_empty());
    // Only a subsection: no status at all.
    let nested = "# 7. Use PostgreSQL\n\nDate: 2024-03-04\n\n## Context\n\nc\n\n### Status\n\n\
                  Rolled out to half the fleet.\n\n## Decision\n\nd\n\n## Consequences\n\ne\n";
    let result = check("doc/adr/0007-use-postgresql.md", nested);
    assert!(of_rule(&result, "invalid-status").is_empty());
    assert_eq!(of_rule(&result, "missing-status").len(), 1);
}

#[test]
fn no_status_finding_is_an_error_by_default() {
    for status in [
        "Acceptd",
        "LGTM",
        "done",
        "",
        "This was agreed in the March meeting.",
    ] {
        let result = check("doc/adr/0007-use-postgresql.md", &adr_with_status(status));
        assert!(
            result
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error),
            "{status}: {:?}",
            result.diagnostics
        );
    }
}

#[test]
fn teams_close_or_extend_the_vocabulary_in_config() {
    let closed = Config::from_toml("[kinds.adr]\nstatuses-open = false\n").unwrap();
    let result = check_with(
        "doc/adr/0007-use-postgresql.md",
        &adr_with_status("Pending"),
        &closed,
    );
    let found = of_rule(&result, "invalid-status");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);

    let extended = Config::from_toml(
        "[kinds.adr]\nstatuses = [\"proposed\", \"accepted\", \"pending\", \"superseded\"]\n",
    )
    .unwrap();
    let result = check_with(
        "doc/adr/0007-use-postgresql.md",
        &adr_with_status("Pending"),
        &extended,
    );
    assert!(of_rule(&result, "invalid-status").is_empty());

    // An explicit severity still applies to near misses, and a hint stays a hint.
    let strict = Config::from_toml("[rules]\ninvalid-status = \"error\"\n").unwrap();
    let typo = check_with(
        "doc/adr/0007-use-postgresql.md",
        &adr_with_status("Acceptd"),
        &strict,
    );
    assert_eq!(
        of_rule(&typo, "invalid-status")[0].severity,
        Severity::Error
    );
    let own = check_with(
        "doc/adr/0007-use-postgresql.md",
        &adr_with_status("Pending"),
        &strict,
    );
    assert_eq!(of_rule(&own, "invalid-status")[0].severity, Severity::Hint);

    let wrong = Config::from_toml("[kinds.adr]\nother-orders = [[\"Context\", \"Decison\"]]\n");
    assert!(wrong.unwrap_err().message.contains("Decison"));
}

#[test]
fn a_commented_out_yaml_status_is_no_data() {
    let text = "---\nstatus: accepted\n# status: superseded by ADR-0002\ndate: 2024-01-02 # superseded by ADR-0003\n---\n\
                # Use X\n\n## Context and Problem Statement\n\nc\n\n## Considered Options\n\n* X\n* Y\n\n\
                ## Decision Outcome\n\nChosen option: \"X\", because it is simplest.\n";
    let entry = DocEntry::from_text(
        "docs/decisions/0001-use-x.md",
        text,
        &strict_default(),
        &PathHints::default(),
    );
    assert_eq!(entry.status.as_deref(), Some("accepted"));
    assert!(!entry.is_superseded(), "{:?}", entry.references);
    assert!(entry.references.is_empty(), "{:?}", entry.references);
}

// ---- Order --------------------------------------------------------------------------------------

#[test]
fn nygard_records_in_the_2011_order_draw_no_section_order() {
    let (found, kinds) = check_json(&fixture("nygard-2011"));
    assert!(
        kinds.values().all(|k| k.as_deref() == Some("adr")),
        "{kinds:?}"
    );
    let order: Vec<_> = found.iter().filter(|f| f.1 == "section-order").collect();
    // 0001 and 0002 follow the 2011 post; 0003 puts its Decision before its Context, which no
    // accepted order allows.
    assert_eq!(
        order,
        vec![&(
            "doc/adr/0003-cache-product-pages.md".to_string(),
            "section-order".to_string(),
            "warning".to_string()
        )]
    );
}

// ---- Braces -------------------------------------------------------------------------------------

#[test]
fn braces_in_prose_code_and_urls_are_not_placeholders() {
    let (found, kinds) = check_json(&fixture("braces"));
    assert_eq!(
        kinds.get("docs/decisions/0001-citation-labels.md"),
        Some(&Some("madr".to_string()))
    );
    let placeholders: Vec<_> = found.iter().filter(|f| f.1 == "placeholder-text").collect();
    assert!(placeholders.is_empty(), "{placeholders:?}");
    // A line of a template left as it was is still reported (in a section with something else
    // written in it: a section of nothing but placeholders is `empty-section`'s one finding).
    let text = "---\nstatus: proposed\n---\n# Search\n\n## Context and Scope\n\nc\n\n\
                ## Goals and Non-Goals\n\n* Find a record by a word of its body\n* {goal}\n\n## Design\n\nd\n\n## Alternatives Considered\n\na\n";
    let result = check("docs/design/search.md", text);
    assert_eq!(result.detection.kind.as_deref(), Some("design-doc"));
    let left = of_rule(&result, "placeholder-text");
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].range.slice(text), "{goal}");
}

// ---- Headings that are the section --------------------------------------------------------------

#[test]
fn headings_of_older_and_other_templates_are_the_sections_they_are() {
    // MADR 1.x: "Considered Alternatives"; a MADR record that writes "## Decision".
    let madr1 = "# Use X\n\n## Context and Problem Statement\n\nc\n\n## Considered Alternatives\n\n\
                 * X\n* Y\n\n## Decision\n\nChosen option: \"X\", because it is simplest.\n";
    let result = check("docs/decisions/0001-use-x.md", madr1);
    assert_eq!(result.detection.kind.as_deref(), Some("madr"));
    assert!(
        of_rule(&result, "missing-section").is_empty(),
        "{:?}",
        result.diagnostics
    );
    let preferred = madr1.replace("## Decision\n", "## Preferred option\n");
    assert!(
        of_rule(
            &check("docs/decisions/0001-use-x.md", &preferred),
            "missing-section"
        )
        .is_empty()
    );
    // A design doc's "Proposal" or "Design Details" is its Design.
    for design in ["Proposal", "Design Details"] {
        let text = format!(
            "---\nstatus: draft\n---\n# Search\n\n## Context and Scope\n\nc\n\n## Goals and Non-Goals\n\n\
             g\n\n## {design}\n\nd\n\n## Alternatives Considered\n\na\n"
        );
        let result = check("docs/design/search.md", &text);
        assert_eq!(
            result.detection.kind.as_deref(),
            Some("design-doc"),
            "{design}"
        );
        assert!(of_rule(&result, "missing-section").is_empty(), "{design}");
    }
}

// ---- Parsing -----------------------------------------------------------------------------------

#[test]
fn a_byte_order_mark_before_the_title_is_no_missing_title() {
    let text = "\u{feff}# 7. Use PostgreSQL\n\nDate: 2024-03-04\n\n## Status\n\nAccepted\n\n\
                ## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n";
    let result = check("doc/adr/0007-use-postgresql.md", text);
    assert!(
        of_rule(&result, "missing-title").is_empty(),
        "{:?}",
        result.diagnostics
    );
    // Whatever else is fixed, no second title appears.
    let fixed = docwright::analysis::check::fix_text(
        Some("doc/adr/0007-use-postgresql.md"),
        text,
        &strict_default(),
        &PathHints::default(),
        TODAY,
    );
    assert_eq!(
        fixed.text.matches("# 7. Use PostgreSQL").count(),
        1,
        "{}",
        fixed.text
    );
    assert_eq!(
        fixed
            .text
            .lines()
            .filter(|l| l.trim_start_matches('\u{feff}').starts_with("# "))
            .count(),
        1
    );
}

// ---- Every shared corpus ------------------------------------------------------------------------

/// Findings per rule per corpus, from the real binary run in each corpus folder. Pinned: a change
/// that moves these numbers must say why in its snapshot.
#[test]
fn every_shared_corpus_has_no_error_and_pinned_counts_per_rule() {
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for corpus_name in ["adrs-rs", "madr", "rust-rfcs", "swift-evolution"] {
        let (found, _) = check_json(&corpus().join(corpus_name));
        let errors: Vec<_> = found.iter().filter(|f| f.2 == "error").collect();
        assert!(errors.is_empty(), "{corpus_name}: {errors:?}");
        let per_rule = counts.entry(corpus_name.to_string()).or_default();
        for (_, rule, severity) in &found {
            *per_rule.entry(format!("{rule} ({severity})")).or_default() += 1;
        }
    }
    insta::assert_json_snapshot!("corpus_findings_per_rule", counts);
}
