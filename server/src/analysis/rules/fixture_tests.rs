//! Every rule against its fixtures: `fixtures/<rule-id>/<case>.<kind>.md`.
//!
//! The real engine (`check::check_as`, so every rule in `all_rules()`, with suppressions) runs on
//! each fixture as a document of `<kind>`. A `good…` fixture must draw nothing from the rule; any
//! other must draw at least one diagnostic, and its snapshot records each diagnostic (position,
//! message, fix) and the whole text after applying that fix alone with `fix::apply_edits`, so a
//! reviewer reads exactly what `--fix` would write. Targeted tests below pin the details a
//! snapshot would let slip.

use crate::analysis::check::{CheckInput, check_as};
use crate::analysis::config::Config;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::fix::apply_edits;
use crate::analysis::kinds::detect::PathHints;
use crate::analysis::outline::parse_outline;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every fixture is checked as if it lived here: `missing-title` derives its title from this.
const FIXTURE_PATH: &str = "docs/decisions/0007-use-postgres.md";
const TODAY: &str = "2024-06-01";

fn fixture_dir(rule: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/analysis/rules/fixtures")
        .join(rule)
}

/// Runs the engine on `text` as a document of `kind` with the default config.
pub(crate) fn check_fixture_text(text: &str, kind: &str) -> Vec<Diagnostic> {
    check_with(text, kind, &Config::default())
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
fn missing_section_fixtures() {
    run_fixtures("missing-section");
}

#[test]
fn empty_section_fixtures() {
    run_fixtures("empty-section");
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
    for rule in crate::analysis::rules::all_rules() {
        assert!(
            fixture_dir(rule.id()).is_dir(),
            "{} has no fixtures folder",
            rule.id()
        );
    }
}
