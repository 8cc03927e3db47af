//! Every rule against its fixtures: `fixtures/<rule-id>/<case>.<kind>.md`.
//!
//! The real engine (`check::check_as`, so every rule in `all_rules()`, with suppressions) runs on
//! each fixture as a document of `<kind>`. A `good…` fixture must draw nothing from the rule; any
//! other must draw at least one diagnostic, and its snapshot records each diagnostic (position,
//! message, fix) and the whole text after applying that fix alone with `fix::apply_edits`, so a
//! reviewer reads exactly what `--fix` would write. Targeted tests below pin the details a
//! snapshot would let slip.

use crate::check::{CheckInput, check_as};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fix::apply_edits;
use crate::kinds::detect::PathHints;
use crate::outline::parse_outline;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every fixture is checked as if it lived here: `missing-title` derives its title from this.
const FIXTURE_PATH: &str = "docs/decisions/0007-use-postgres.md";
const TODAY: &str = "2024-06-01";

fn fixture_dir(rule: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/rules/fixtures")
        .join(rule)
}

/// Runs the engine on `text` as a document of `kind` with the default config under strict
/// history: fixtures test the rules, and most of them are accepted records.
pub(crate) fn check_fixture_text(text: &str, kind: &str) -> Vec<Diagnostic> {
    check_with(text, kind, &Config::strict_history())
}

pub(crate) fn check_with(text: &str, kind: &str, config: &Config) -> Vec<Diagnostic> {
    let outline = parse_outline(text, Some("0007-use-postgres.md"));
    check_as(
        &CheckInput {
            path: Some(FIXTURE_PATH),
            text,
            outline: &outline,
            config,
            hints: &PathHints::default(),
            today: TODAY,
        },
        Some(kind),
    )
}

/// (file name, kind, text) of every fixture of `rule`, sorted by name.
fn fixtures(rule: &str) -> Vec<(String, String, String)> {
    let mut found: Vec<(String, String, String)> = std::fs::read_dir(fixture_dir(rule))
        .unwrap_or_else(|e| panic!("fixtures of {rule}: {e}"))
        .map(|entry| entry.expect("a readable fixture folder").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let kind = name
                .trim_end_matches(".md")
                .rsplit_once('.')
                .map(|(_, kind)| kind.to_string())
                .unwrap_or_else(|| panic!("fixture {name} is not named <case>.<kind>.md"));
            let text = std::fs::read_to_string(&path).unwrap();
            (name, kind, text)
        })
        .collect();
    found.sort();
    assert!(
        found.iter().any(|(name, ..)| name.starts_with("good")),
        "{rule} has no good fixture"
    );
    assert!(
        found.iter().any(|(name, ..)| !name.starts_with("good")),
        "{rule} has no bad fixture"
    );
    found
}

/// `line:column` (1-based, column in characters) of a byte offset.
fn position(text: &str, offset: usize) -> String {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    format!("{line}:{column}")
}

fn render(text: &str, diagnostics: &[&Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let range = diagnostic.range;
        writeln!(
            out,
            "{} {}-{} {:?}\n  {}",
            diagnostic.severity.as_str(),
            position(text, range.start),
            position(text, range.end),
            range.slice(text),
            diagnostic.message
        )
        .unwrap();
        match &diagnostic.fix {
            None => out.push_str("  no fix\n\n"),
            Some(fix) => {
                let (fixed, skipped) = apply_edits(text, &fix.edits);
                assert_eq!(skipped, 0, "the edits of one fix overlap: {fix:?}");
                writeln!(
                    out,
                    "  fix: {}\n---- text after the fix ----\n{fixed}----",
                    fix.title
                )
                .unwrap();
                out.push('\n');
            }
        }
    }
    out
}

/// Checks every fixture of `rule` and snapshots what the rule reports on the bad ones.
fn run_fixtures(rule: &str) {
    for (name, kind, text) in fixtures(rule) {
        let diagnostics = check_fixture_text(&text, &kind);
        let own: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.rule == rule).collect();
        if name.starts_with("good") {
            assert!(
                own.is_empty(),
                "{rule} reported on {name}:\n{}",
                render(&text, &own)
            );
            continue;
        }
        assert!(!own.is_empty(), "{rule} reported nothing on {name}");
        for diagnostic in &own {
            assert!(
                !diagnostic.range.is_empty() || diagnostic.range.start > 0,
                "{name}: a 0..0 range"
            );
        }
        insta::with_settings!({
            snapshot_path => fixture_dir(rule).join("snapshots"),
            prepend_module_to_snapshot => false,
            description => format!("{rule} on fixtures/{rule}/{name} (as {kind})"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.trim_end_matches(".md"), render(&text, &own));
        });
    }
}

/// The rule's diagnostics on `text` as a document of `kind`.
/// The text of one fixture of `rule`.
fn fixture_text(rule: &str, name: &str) -> String {
    std::fs::read_to_string(fixture_dir(rule).join(name))
        .unwrap_or_else(|e| panic!("fixture {rule}/{name}: {e}"))
}

fn reported<'d>(diagnostics: &'d [Diagnostic], rule: &str) -> Vec<&'d Diagnostic> {
    diagnostics.iter().filter(|d| d.rule == rule).collect()
}

/// `text` after the only diagnostic of `rule`'s fix.
fn fixed_by_only(text: &str, kind: &str, rule: &str) -> String {
    let diagnostics = check_fixture_text(text, kind);
    let own = reported(&diagnostics, rule);
    assert_eq!(own.len(), 1, "{rule} on:\n{text}\n{}", render(text, &own));
    let fix = own[0].fix.as_ref().expect("a fix");
    apply_edits(text, &fix.edits).0
}

#[test]
fn ask_not_first_fixtures() {
    run_fixtures("ask-not-first");
}

#[test]
fn one_pager_too_long_fixtures() {
    run_fixtures("one-pager-too-long");
}

#[test]
fn one_pager_too_long_follows_the_configured_word_count() {
    let text = fixture_text("one-pager-too-long", "bad.one-pager.md");
    let config = |max_words: usize| Config {
        thresholds: crate::config::RuleThresholds {
            max_words,
            ..Default::default()
        },
        ..Config::strict_history()
    };
    let long = check_with(&text, "one-pager", &config(500));
    assert_eq!(reported(&long, "one-pager-too-long").len(), 1);
    let words: usize = reported(&long, "one-pager-too-long")[0]
        .message
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((500..700).contains(&words), "{words}");
    assert!(
        reported(
            &check_with(&text, "one-pager", &config(words)),
            "one-pager-too-long"
        )
        .is_empty()
    );
    assert_eq!(
        reported(
            &check_with(&text, "one-pager", &config(words - 1)),
            "one-pager-too-long"
        )
        .len(),
        1
    );
    // Only a one-pager is held to a page.
    assert!(
        reported(
            &check_with(&text, "design-doc", &config(100)),
            "one-pager-too-long"
        )
        .is_empty()
    );
}

#[test]
fn ask_not_first_reads_the_kind_and_leaves_placeholders_alone() {
    let text = fixture_text("ask-not-first", "bad.one-pager.md");
    assert!(
        reported(
            &check_with(&text, "design-doc", &Config::strict_history()),
            "ask-not-first"
        )
        .is_empty()
    );
    let template = text.replace(
        "The build farm is at capacity most afternoons, and merges wait forty minutes for a runner.",
        "{State the ask: who should decide, approve or fund what, by when, and why.}",
    );
    assert!(reported(&check_fixture_text(&template, "one-pager"), "ask-not-first").is_empty());
}

#[test]
fn too_few_alternatives_fixtures() {
    run_fixtures("too-few-alternatives");
}

#[test]
fn too_few_alternatives_follows_the_configured_minimum() {
    let text = fixture_text("too-few-alternatives", "good.madr.md");
    let three = Config::from_toml(
        "strict-history = true\n[rules]\ntoo-few-alternatives = { min-options = 3 }\n",
    )
    .unwrap();
    assert!(reported(&check_with(&text, "madr", &three), "too-few-alternatives").is_empty());
    let four = Config::from_toml(
        "strict-history = true\n[rules]\ntoo-few-alternatives = { min-options = 4 }\n",
    )
    .unwrap();
    let found = check_with(&text, "madr", &four);
    let own = reported(&found, "too-few-alternatives");
    assert_eq!(own.len(), 1, "{found:?}");
    assert!(
        own[0]
            .message
            .contains("names only 3 options; a decision weighs at least 4"),
        "{}",
        own[0].message
    );
}

#[test]
fn review_overdue_follows_the_configured_proposal_age() {
    // Proposed on 2024-01-15, checked on 2024-06-01: 138 days.
    let text = fixture_text("review-overdue", "bad-stale-proposal.adr.md");
    let stale = |days: u32| {
        let config = Config::from_toml(&format!(
            "strict-history = true\n[rules]\nreview-overdue = {{ max-proposed-days = {days} }}\n"
        ))
        .unwrap();
        !reported(&check_with(&text, "adr", &config), "review-overdue").is_empty()
    };
    assert!(stale(90));
    assert!(stale(137));
    assert!(!stale(138));
    assert!(!stale(365));
}

#[test]
fn decision_not_among_options_fixtures() {
    run_fixtures("decision-not-among-options");
}

#[test]
fn one_sided_consequences_fixtures() {
    run_fixtures("one-sided-consequences");
}

#[test]
fn review_overdue_fixtures() {
    run_fixtures("review-overdue");
}

#[test]
fn missing_section_fixtures() {
    run_fixtures("missing-section");
}

#[test]
fn empty_section_fixtures() {
    run_fixtures("empty-section");
}

/// A record of an older template, of sections at level 1 and no title: its first heading is its
/// first section, not a title that hides it.
#[test]
fn a_first_heading_followed_by_sections_of_its_level_is_a_section() {
    let text = "---\nstatus: proposed\n---\n\n# Context and Problem Statement\n\nOrders need a \
                store.\n\n# Considered Options\n\n* PostgreSQL\n* MySQL\n\n# Decision Outcome\n\n\
                Chosen option: PostgreSQL, because we know it.\n";
    let diagnostics = check_fixture_text(text, "madr");
    assert!(
        reported(&diagnostics, "missing-section").is_empty(),
        "{diagnostics:?}"
    );
    // With a title, the first heading is the title, and a section it names is still missing.
    let titled = text
        .replace("# Considered", "## Considered")
        .replace("# Decision", "## Decision");
    let diagnostics = check_fixture_text(&titled, "madr");
    assert_eq!(
        reported(&diagnostics, "missing-section").len(),
        1,
        "{diagnostics:?}"
    );
}

/// A section whose only word is a placeholder is one finding, `empty-section`'s, naming the
/// placeholder; once the section has content, its placeholders are `placeholder-text`'s.
#[test]
fn a_section_holding_only_a_placeholder_is_reported_once() {
    let text = "# 7. Use PostgreSQL\n\nDate: 2024-03-04\n\n## Status\n\nAccepted\n\n\
                ## Context\n\nOrders need a store.\n\n## Decision\n\nWe will use it.\n\n\
                ## Consequences\n\nTBD\n";
    let diagnostics = check_fixture_text(text, "adr");
    let empty = reported(&diagnostics, "empty-section");
    assert_eq!(empty.len(), 1, "{diagnostics:?}");
    assert!(
        empty[0]
            .message
            .contains("holds only the placeholder `TBD`"),
        "{}",
        empty[0].message
    );
    assert!(
        reported(&diagnostics, "placeholder-text").is_empty(),
        "{diagnostics:?}"
    );

    let written = text.replace("TBD\n", "Backups get simpler. TBD: costs.\n");
    let diagnostics = check_fixture_text(&written, "adr");
    assert!(
        reported(&diagnostics, "empty-section").is_empty(),
        "{diagnostics:?}"
    );
    assert_eq!(
        reported(&diagnostics, "placeholder-text").len(),
        1,
        "{diagnostics:?}"
    );

    // With `empty-section` off, the placeholder is reported by `placeholder-text` again.
    let mut config = Config::strict_history();
    config
        .rules
        .insert("empty-section".into(), crate::config::RuleSetting::Off);
    let diagnostics = check_with(text, "adr", &config);
    assert_eq!(
        reported(&diagnostics, "placeholder-text").len(),
        1,
        "{diagnostics:?}"
    );
}

#[test]
fn duplicate_section_fixtures() {
    run_fixtures("duplicate-section");
}

#[test]
fn section_order_fixtures() {
    run_fixtures("section-order");
}

#[test]
fn missing_title_fixtures() {
    run_fixtures("missing-title");
}

#[test]
fn missing_status_fixtures() {
    run_fixtures("missing-status");
}

#[test]
fn invalid_status_fixtures() {
    run_fixtures("invalid-status");
}

#[test]
fn invalid_date_fixtures() {
    run_fixtures("invalid-date");
}

#[test]
fn placeholder_text_fixtures() {
    run_fixtures("placeholder-text");
}

#[test]
fn every_rule_has_fixtures() {
    for rule in crate::rules::all_rules() {
        assert!(
            fixture_dir(rule.id()).is_dir(),
            "{} has no fixtures folder",
            rule.id()
        );
    }
}

fn read_fixture(rule: &str, name: &str) -> String {
    std::fs::read_to_string(fixture_dir(rule).join(name)).unwrap()
}

/// The line numbers (1-based) of the headings of `text`, by heading text.
fn heading_line(text: &str, heading: &str) -> usize {
    text.lines()
        .position(|line| line == heading)
        .unwrap_or_else(|| panic!("no `{heading}` in:\n{text}"))
        + 1
}

#[test]
fn every_fix_resolves_what_it_was_offered_for() {
    for rule in crate::rules::all_rules() {
        for (name, kind, text) in fixtures(rule.id()) {
            let before = check_fixture_text(&text, &kind);
            for diagnostic in reported(&before, rule.id()) {
                let Some(fix) = &diagnostic.fix else { continue };
                let (fixed, skipped) = apply_edits(&text, &fix.edits);
                assert_eq!(skipped, 0);
                let after = check_fixture_text(&fixed, &kind);
                assert!(
                    reported(&after, rule.id()).len() < reported(&before, rule.id()).len(),
                    "{name}: `{}` did not resolve `{}`:\n{fixed}",
                    fix.title,
                    diagnostic.message
                );
                // And it keeps the document well formed: every heading still starts a line
                // after a blank line.
                assert!(
                    !fixed.contains("\n\n\n"),
                    "{name}: `{}` left two blank lines:\n{fixed}",
                    fix.title
                );
            }
        }
    }
}

#[test]
fn a_missing_section_lands_between_its_neighbours() {
    let fixed = fixed_by_only(
        &read_fixture("missing-section", "bad.adr.md"),
        "adr",
        "missing-section",
    );
    let context = heading_line(&fixed, "## Context");
    let decision = heading_line(&fixed, "## Decision");
    let consequences = heading_line(&fixed, "## Consequences");
    assert!(context < decision && decision < consequences, "{fixed}");
}

#[test]
fn several_missing_sections_are_inserted_in_the_kind_order_in_one_pass() {
    let text = read_fixture("missing-section", "bad-several.adr.md");
    let diagnostics = check_fixture_text(&text, "adr");
    let (fixed, applied, skipped) = crate::fix::fix_all(&text, &diagnostics);
    assert_eq!((applied, skipped), (3, 0));
    let order: Vec<usize> = ["## Status", "## Context", "## Decision", "## Consequences"]
        .iter()
        .map(|h| heading_line(&fixed, h))
        .collect();
    assert!(order.is_sorted(), "{fixed}");
    assert!(reported(&check_fixture_text(&fixed, "adr"), "missing-section").is_empty());
}

#[test]
fn an_absent_status_section_is_reported_once_with_a_status() {
    let text = read_fixture("missing-status", "bad.adr.md");
    let diagnostics = check_fixture_text(&text, "adr");
    assert!(reported(&diagnostics, "missing-section").is_empty());
    let fixed = fixed_by_only(&text, "adr", "missing-status");
    assert!(heading_line(&fixed, "## Status") < heading_line(&fixed, "## Context"));
    // Nor is an empty one reported as an empty section besides.
    let empty = read_fixture("missing-status", "bad-empty.adr.md");
    let diagnostics = check_fixture_text(&empty, "adr");
    assert_eq!(reported(&diagnostics, "missing-status").len(), 1);
    assert!(reported(&diagnostics, "empty-section").is_empty());
    assert_eq!(
        fixed.lines().nth(heading_line(&fixed, "## Status") + 1),
        Some("Proposed")
    );
}

#[test]
fn moving_sections_keeps_every_line() {
    for (name, kind, text) in fixtures("section-order") {
        if name.starts_with("good") {
            continue;
        }
        // Moves whose edits touch wait for the next round, as `--fix` runs them.
        let outcome = crate::fix::fix_until_stable(&text, |current| {
            check_fixture_text(current, &kind)
                .into_iter()
                .filter(|d| d.rule == "section-order")
                .collect()
        });
        assert!(outcome.applied > 0);
        let fixed = outcome.text;
        let lines = |t: &str| {
            let mut lines: Vec<String> = t
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect();
            lines.sort();
            lines
        };
        assert_eq!(
            lines(&fixed),
            lines(&text),
            "{name} lost or gained text:\n{fixed}"
        );
        assert!(
            reported(&check_fixture_text(&fixed, &kind), "section-order").is_empty(),
            "{name} still out of order after all its moves:\n{fixed}"
        );
    }
}

#[test]
fn only_the_fewest_sections_are_out_of_order() {
    // One stray section at the top: only it is reported, not the three it precedes.
    let text =
        "# T\n\n## Consequences\n\nc\n\n## Status\n\ns\n\n## Context\n\nx\n\n## Decision\n\nd\n";
    let diagnostics = check_fixture_text(text, "adr");
    let order = reported(&diagnostics, "section-order");
    assert_eq!(order.len(), 1);
    assert_eq!(order[0].range.slice(text), "## Consequences");
}

#[test]
fn duplicate_sections_deeper_than_the_kind_level_are_fine() {
    let text = read_fixture("duplicate-section", "good.rfc.md");
    assert!(text.matches("#### Drawbacks").count() == 2);
    assert!(reported(&check_fixture_text(&text, "rfc"), "duplicate-section").is_empty());
}

#[test]
fn an_unknown_status_far_from_every_known_one_has_no_fix() {
    let text = read_fixture("invalid-status", "bad.madr.md");
    let diagnostics = check_fixture_text(&text, "madr");
    let invalid = reported(&diagnostics, "invalid-status");
    assert_eq!(invalid.len(), 1);
    assert!(invalid[0].fix.is_none());
    // Issue 11: no status finding is an error by default; a status that is no typo of a known
    // one may be the team's own, and is only a hint.
    assert_eq!(invalid[0].severity, crate::diagnostic::Severity::Hint);
}

#[test]
fn a_status_kept_in_front_matter_is_added_to_it() {
    let fixed = fixed_by_only(
        &read_fixture("missing-status", "bad.design-doc.md"),
        "design-doc",
        "missing-status",
    );
    assert!(
        fixed.starts_with("---\nauthors: [ana, ben]\nstatus: draft\n---\n"),
        "{fixed}"
    );
}

#[test]
fn a_missing_title_goes_after_the_front_matter() {
    let fixed = fixed_by_only(
        &read_fixture("missing-title", "bad.madr.md"),
        "madr",
        "missing-title",
    );
    assert!(
        fixed.contains("---\n\n# Use postgres\n\n## Context and Problem Statement"),
        "{fixed}"
    );
}

#[test]
fn rules_report_nothing_on_a_document_of_no_kind() {
    let outline = parse_outline(
        "Date: 2024-02-30\n\n## Decision\n\nTODO\n\n## Decision\n",
        None,
    );
    let diagnostics = check_as(
        &CheckInput {
            path: None,
            text: "Date: 2024-02-30\n\n## Decision\n\nTODO\n\n## Decision\n",
            outline: &outline,
            config: &Config::strict_history(),
            hints: &PathHints::default(),
            today: TODAY,
        },
        None,
    );
    assert_eq!(diagnostics, []);
}

#[test]
fn a_first_heading_that_names_a_section_counts_when_no_title_is_required() {
    // Rust RFCs need no title; one that opens with `# Summary` has a summary.
    let text = "# Summary\n\nShort.\n\n# Motivation\n\nWhy.\n";
    let diagnostics = check_fixture_text(text, "rfc");
    let missing: Vec<&str> = reported(&diagnostics, "missing-section")
        .iter()
        .map(|d| d.message.split('`').nth(1).unwrap())
        .collect();
    assert!(!missing.contains(&"## Summary"), "{missing:?}");
    assert!(!missing.contains(&"## Motivation"), "{missing:?}");
    assert!(missing.contains(&"## Drawbacks"), "{missing:?}");
    // An ADR's title is never its Decision, whatever it says.
    let adr = "# Decision\n\n## Status\n\nAccepted\n";
    assert!(
        reported(&check_fixture_text(adr, "adr"), "missing-section")
            .iter()
            .any(|d| d.message.contains("`## Decision`"))
    );
}

#[test]
fn every_prefix_of_every_fixture_checks_and_fixes_cleanly() {
    // Documents being typed are cut off anywhere: mid-heading, mid-front-matter, mid-comment.
    // Whatever the cut, rules must not panic, ranges must fit, and fixes must apply.
    for rule in crate::rules::all_rules() {
        for (name, kind, text) in fixtures(rule.id()) {
            // Every fourth byte, and every cut just after a character that opens or closes
            // structure (a cut at every byte takes too long for the shared test machine).
            let structural = |i: usize| {
                text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| "\n#-*{}<>`:".contains(c))
            };
            let cuts = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i) && (i % 4 == 0 || structural(i)));
            for cut in cuts {
                let prefix = &text[..cut];
                let diagnostics = check_fixture_text(prefix, &kind);
                for diagnostic in &diagnostics {
                    let range = diagnostic.range;
                    assert!(
                        range.end <= prefix.len()
                            && prefix.is_char_boundary(range.start)
                            && prefix.is_char_boundary(range.end),
                        "{name} cut at {cut}: {diagnostic:?}"
                    );
                }
                let (fixed, _, _) = crate::fix::fix_all(prefix, &diagnostics);
                assert!(
                    fixed.len() >= prefix.len() / 2,
                    "{name} cut at {cut}: fixes removed most of the text"
                );
            }
        }
    }
}

#[test]
fn a_missing_section_is_placed_by_the_sections_that_stay() {
    // The Decision is out of order (it will move below the Context); the missing Consequences
    // belongs after the Context, not after the stray Decision at the top.
    let text =
        "# 2. Use Rust\n\n## Decision\n\nWe will.\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n";
    let diagnostics = check_fixture_text(text, "adr");
    let missing = reported(&diagnostics, "missing-section");
    assert_eq!(missing.len(), 1);
    // Reported where it belongs (ADR 0020): an empty range at the end of the Context's text.
    assert!(missing[0].range.is_empty());
    assert_eq!(
        missing[0].range.start,
        text.find("Why.").unwrap() + "Why.".len()
    );
    let outcome = crate::fix::fix_until_stable(text, |t| check_fixture_text(t, "adr"));
    // The move and the insertion both land at the end of the Context: they take two rounds.
    assert_eq!(
        (outcome.rounds, outcome.remaining),
        (2, 0),
        "{}",
        outcome.text
    );
    let order: Vec<usize> = ["## Status", "## Context", "## Decision", "## Consequences"]
        .iter()
        .map(|h| heading_line(&outcome.text, h))
        .collect();
    assert!(order.is_sorted(), "{}", outcome.text);
}

#[test]
fn a_status_bullet_joins_the_list_it_belongs_to() {
    // An RFC-style prelude written with `-` bullets, in a kind that requires a status bullet.
    let config =
        Config::from_toml("strict-history = true\n[kinds.rfc]\nstatus-required = true\n").unwrap();
    let text = "- Feature Name: `x`\n- Start Date: 2014-03-11";
    let diagnostics = check_with(text, "rfc", &config);
    let missing = reported(&diagnostics, "missing-status");
    assert_eq!(missing.len(), 1);
    let fixed = apply_edits(text, &missing[0].fix.as_ref().unwrap().edits).0;
    assert_eq!(
        fixed,
        "- Feature Name: `x`\n- Start Date: 2014-03-11\n- Status: Proposed\n"
    );
}

#[test]
fn the_editor_and_the_cli_outlines_draw_the_same_diagnostics() {
    // The editor checks tree-sitter's outline, `docwright check` the fast one: on every fixture
    // they must report the same thing, or a user would see different problems in each.
    for rule in crate::rules::all_rules() {
        for (name, kind, text) in fixtures(rule.id()) {
            let fast = crate::outline::parse_outline_fast(&text, Some("0007-use-postgres.md"));
            let from_fast = check_as(
                &CheckInput {
                    path: Some(FIXTURE_PATH),
                    text: &text,
                    outline: &fast,
                    config: &Config::strict_history(),
                    hints: &PathHints::default(),
                    today: TODAY,
                },
                Some(&kind),
            );
            assert_eq!(
                from_fast,
                check_fixture_text(&text, &kind),
                "{}/{name}",
                rule.id()
            );
        }
    }
}
