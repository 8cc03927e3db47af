//! The check engine over the 639 Rust RFCs of the corpus: it never panics, every range and fix it
//! hands out fits the text, and for RFCs read by hand it finds exactly the sections they lack.

use docwright::analysis::check::{CheckResult, check_text};
use docwright::analysis::config::Config;
use docwright::analysis::diagnostic::Diagnostic;
use docwright::analysis::fix::apply_edits;
use docwright::analysis::kinds::detect::PathHints;
use std::path::Path;

const RFC_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/rust-rfcs/text"
);
const TODAY: &str = "2026-11-23";

/// The hints the CLI gives a file of rust-lang/rfcs: `text/` sits beside `0000-template.md`.
fn rfc_hints() -> PathHints {
    PathHints {
        rfc_template_sibling: true,
        ..PathHints::default()
    }
}

/// The default config under strict history: a merged RFC is accepted, and these tests check the
/// rules on it, not the history pause.
fn strict_default() -> Config {
    let mut config = Config::default();
    config.history.strict = true;
    config
}

fn check_rfc(file_name: &str, text: &str) -> CheckResult {
    check_text(
        Some(&format!("text/{file_name}")),
        text,
        &strict_default(),
        &rfc_hints(),
        TODAY,
    )
}

fn read_rfc(file_name: &str) -> String {
    std::fs::read_to_string(Path::new(RFC_DIR).join(file_name))
        .unwrap_or_else(|e| panic!("{file_name}: {e}"))
}

/// The sections `missing-section` reports, by name, in the order reported.
fn missing_sections(file_name: &str) -> Vec<String> {
    let text = read_rfc(file_name);
    let result = check_rfc(file_name, &text);
    assert_eq!(result.detection.kind.as_deref(), Some("rfc"), "{file_name}");
    result
        .diagnostics
        .iter()
        .filter(|d| d.rule == "missing-section")
        .map(|d| {
            let quoted = d
                .message
                .split('`')
                .nth(1)
                .expect("the message quotes the heading");
            quoted.trim_start_matches('#').trim().to_string()
        })
        .collect()
}

fn assert_fits(file_name: &str, text: &str, diagnostic: &Diagnostic) {
    let range = diagnostic.range;
    assert!(
        range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{file_name}: {} range {range:?} does not fit the text",
        diagnostic.rule
    );
    assert!(!diagnostic.message.is_empty());
    if let Some(fix) = &diagnostic.fix {
        let (_, skipped) = apply_edits(text, &fix.edits);
        assert_eq!(
            skipped, 0,
            "{file_name}: the edits of `{}` overlap",
            fix.title
        );
    }
}

#[test]
fn every_rfc_is_checked_without_panic_and_every_range_fits() {
    let mut files: Vec<_> = std::fs::read_dir(RFC_DIR)
        .expect("the corpus is checked out beside the repository")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 600, "only {} RFCs found", files.len());
    let mut by_rule = std::collections::BTreeMap::<&str, usize>::new();
    for path in &files {
        let file_name = path.file_name().unwrap().to_str().unwrap();
        // A few RFCs are not valid UTF-8 in places; checking must not depend on that.
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let result = check_rfc(file_name, &text);
        assert_eq!(result.detection.kind.as_deref(), Some("rfc"), "{file_name}");
        for diagnostic in &result.diagnostics {
            assert_fits(file_name, &text, diagnostic);
            *by_rule.entry(diagnostic.rule).or_default() += 1;
        }
        let sorted = result.diagnostics.windows(2).all(|w| {
            (w[0].range.start, w[0].range.end, w[0].rule)
                <= (w[1].range.start, w[1].range.end, w[1].rule)
        });
        assert!(sorted, "{file_name}: diagnostics out of order");
    }
    // Every Rust RFC has sections; a corpus that drew no missing-section at all would mean the
    // rules had stopped seeing them.
    assert!(
        by_rule.get("missing-section").copied().unwrap_or(0) > 100,
        "{by_rule:?}"
    );
}

#[test]
fn the_first_rfc_lacks_drawbacks_but_not_the_sections_of_later_templates() {
    // 2014: Summary, Motivation, Detailed design, Alternatives, Unresolved questions. The 2014
    // template had Drawbacks; the Guide-level explanation came in 2017, so it is not asked for.
    assert_eq!(missing_sections("0001-private-fields.md"), ["Drawbacks"]);
}

#[test]
fn nll_is_complete_under_the_older_section_names() {
    // "Detailed design", "How We Teach This" and "Alternatives" are the older template's names
    // for the reference-level explanation, the guide-level one, and the rationale.
    assert_eq!(missing_sections("2094-nll.md"), Vec::<String>::new());
}

#[test]
fn the_2026_project_goals_lack_the_closing_sections() {
    // The largest RFC: Summary, Motivation, both explanations, then an FAQ instead of the rest.
    assert_eq!(
        missing_sections("3935-Project-Goals-2026.md"),
        [
            "Drawbacks",
            "Rationale and alternatives",
            "Unresolved questions"
        ]
    );
}

#[test]
fn an_old_template_rfc_is_judged_by_its_own_template() {
    // Summary, Motivation, Detailed design, Drawbacks, Alternatives, Unresolved questions: the
    // whole 2014 template, so nothing of the 2017 one (the Guide-level explanation) is asked for.
    assert_eq!(
        missing_sections("0016-more-attributes.md"),
        Vec::<String>::new()
    );
    // The same template without Drawbacks, and with a "Future work" the kind knows too (which
    // the 2014 form does not list, so the current form judges it).
    assert_eq!(
        missing_sections("0042-regexps.md"),
        ["Guide-level explanation", "Drawbacks"]
    );
}

#[test]
fn a_new_template_rfc_is_complete() {
    // Every section of the current template, Prior art and Future possibilities included, plus
    // an FAQ of its own.
    assert_eq!(
        missing_sections("3243-packages-as-optional-namespaces.md"),
        Vec::<String>::new()
    );
}

#[test]
fn inserting_the_missing_sections_puts_them_in_template_order() {
    let file_name = "0001-private-fields.md";
    let outcome = docwright::analysis::check::fix_text(
        Some(&format!("text/{file_name}")),
        &read_rfc(file_name),
        &strict_default(),
        &rfc_hints(),
        TODAY,
    );
    let fixed = outcome.text;
    let line_of = |heading: &str| {
        fixed
            .lines()
            .position(|l| l == heading)
            .unwrap_or_else(|| panic!("no {heading}"))
    };
    // Drawbacks (the one section of its 2014 template it lacks) after Detailed design, before
    // Alternatives.
    assert!(line_of("## Motivation") < line_of("## Detailed design"));
    assert!(line_of("## Detailed design") < line_of("## Drawbacks"));
    assert!(line_of("## Drawbacks") < line_of("## Alternatives"));
    assert!(missing_sections_in(file_name, &fixed).is_empty());
}

fn missing_sections_in(file_name: &str, text: &str) -> Vec<String> {
    check_rfc(file_name, text)
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == "missing-section")
        .map(|d| d.message)
        .collect()
}
