use super::*;
use crate::config::RuleSetting;
use crate::diagnostic::Severity;
use crate::outline::parse_outline;

const TODAY: &str = "2024-06-01";

/// A Nygard ADR with a `TODO` in each of its three sections (on lines 11, 15 and 19); the
/// Context holds nothing else, so it is empty.
const ADR_WITH_TODOS: &str = "\
# 7. Use PostgreSQL

Date: 2024-03-04

## Status

Accepted

## Context

TODO

## Decision

We will, TODO two.

## Consequences

Easier backups, TODO three.
";

fn run(text: &str, kind: Option<&str>, config: &Config) -> Vec<Diagnostic> {
    let outline = parse_outline(text, Some("0007-use-postgres.md"));
    check_as(
        &CheckInput {
            path: Some("docs/adr/0007-use-postgres.md"),
            text,
            outline: &outline,
            config,
            hints: &PathHints::default(),
            today: TODAY,
        },
        kind,
    )
}

/// (rule, line) of each diagnostic.
fn rules_and_lines(text: &str, diagnostics: &[Diagnostic]) -> Vec<(&'static str, usize)> {
    diagnostics
        .iter()
        .map(|d| (d.rule, text[..d.range.start].matches('\n').count() + 1))
        .collect()
}

#[test]
fn placeholders_are_reported_in_every_section() {
    let diagnostics = run(ADR_WITH_TODOS, Some("adr"), &Config::strict_history());
    assert_eq!(
        rules_and_lines(ADR_WITH_TODOS, &diagnostics),
        [
            // The Context holds nothing but a placeholder: one finding, the empty section's,
            // naming it.
            ("empty-section", 9),
            ("placeholder-text", 15),
            ("placeholder-text", 19)
        ]
    );
}

#[test]
fn a_document_of_no_kind_gets_no_structural_diagnostics() {
    let text = "# README\n\nTODO: write this.\n\n## Install\n\n## Install\n";
    assert_eq!(run(text, None, &Config::strict_history()), []);
    // A kind name the configuration does not know is no kind either.
    assert_eq!(
        run(text, Some("no-such-kind"), &Config::strict_history()),
        []
    );
}

#[test]
fn disable_comments_hide_a_rule_until_enabled() {
    let text = ADR_WITH_TODOS
        .replace(
            "## Context",
            "<!-- docwright-disable placeholder-text -->\n## Context",
        )
        .replace(
            "## Consequences",
            "<!-- docwright-enable placeholder-text -->\n## Consequences",
        );
    let diagnostics = run(&text, Some("adr"), &Config::strict_history());
    let placeholders: Vec<_> = rules_and_lines(&text, &diagnostics)
        .into_iter()
        .filter(|(rule, _)| *rule == "placeholder-text")
        .collect();
    assert_eq!(placeholders, [("placeholder-text", 21)]);
    // Other rules still report inside the disabled stretch.
    assert!(diagnostics.iter().any(|d| d.rule == "empty-section"));
}

#[test]
fn a_disable_comment_without_rules_hides_every_rule_to_the_end() {
    let text = ADR_WITH_TODOS.replace("## Context", "<!-- docwright-disable -->\n## Context");
    let diagnostics = run(&text, Some("adr"), &Config::strict_history());
    assert_eq!(diagnostics, []);
}

#[test]
fn enable_of_one_rule_after_disabling_all_brings_back_only_that_rule() {
    let text = ADR_WITH_TODOS
        .replace("## Context", "<!--docwright-disable-->\n## Context")
        .replace(
            "## Decision",
            "<!-- docwright-enable placeholder-text -->\n## Decision",
        );
    let diagnostics = run(&text, Some("adr"), &Config::strict_history());
    assert_eq!(
        rules_and_lines(&text, &diagnostics),
        [("placeholder-text", 17), ("placeholder-text", 21)]
    );
}

#[test]
fn disable_next_line_hides_only_the_next_line() {
    let text = ADR_WITH_TODOS.replace(
        "We will, TODO two.",
        "<!-- docwright-disable-next-line placeholder-text, empty-section -->\nWe will, TODO two.",
    );
    let diagnostics = run(&text, Some("adr"), &Config::strict_history());
    assert_eq!(
        rules_and_lines(&text, &diagnostics),
        [("empty-section", 9), ("placeholder-text", 20)]
    );
    // Naming another rule hides nothing.
    let other = ADR_WITH_TODOS.replace(
        "We will, TODO two.",
        "<!-- docwright-disable-next-line invalid-date -->\nWe will, TODO two.",
    );
    assert_eq!(run(&other, Some("adr"), &Config::strict_history()).len(), 3);
}

#[test]
fn suppression_comments_in_code_do_nothing() {
    let text = ADR_WITH_TODOS.replace(
        "## Context",
        "```\n<!-- docwright-disable -->\n```\n\n## Context",
    );
    assert_eq!(run(&text, Some("adr"), &Config::strict_history()).len(), 3);
}

#[test]
fn front_matter_turns_rules_off_for_the_file() {
    let listed = format!("---\ndocwright-disable: [placeholder-text]\n---\n{ADR_WITH_TODOS}");
    let diagnostics = run(&listed, Some("adr"), &Config::strict_history());
    assert_eq!(
        diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>(),
        ["empty-section"]
    );

    let nested = format!(
        "---\ndocwright:\n  disable: [placeholder-text, empty-section]\n---\n{ADR_WITH_TODOS}"
    );
    assert_eq!(run(&nested, Some("adr"), &Config::strict_history()), []);

    let flow = format!("---\ndocwright: {{ disable: [\"empty-section\"] }}\n---\n{ADR_WITH_TODOS}");
    let diagnostics = run(&flow, Some("adr"), &Config::strict_history());
    // The Context's `TODO` was the empty section's to report.
    assert!(diagnostics.iter().all(|d| d.rule == "placeholder-text"));
    assert_eq!(diagnostics.len(), 2);

    let all = format!("---\ndocwright-disable: all\n---\n{ADR_WITH_TODOS}");
    assert_eq!(run(&all, Some("adr"), &Config::strict_history()), []);
}

#[test]
fn configured_severities_apply_and_off_turns_a_rule_off() {
    let mut config = Config::strict_history();
    config.rules.insert(
        "placeholder-text".to_string(),
        RuleSetting::Severity(Severity::Error),
    );
    config
        .rules
        .insert("empty-section".to_string(), RuleSetting::Off);
    let diagnostics = run(ADR_WITH_TODOS, Some("adr"), &config);
    assert_eq!(diagnostics.len(), 3);
    assert!(
        diagnostics
            .iter()
            .all(|d| d.rule == "placeholder-text" && d.severity == Severity::Error)
    );
}

#[test]
fn diagnostics_are_sorted_by_range_then_rule() {
    // No title, no Status, sections out of order, an invalid date: many rules at once.
    let text = "Date: 2024-13-01\n\n## Decision\n\nWe will.\n\n## Context\n\nTODO\n";
    let diagnostics = run(text, Some("adr"), &Config::strict_history());
    assert!(diagnostics.len() >= 5, "{diagnostics:#?}");
    let keys: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.range.start, d.range.end, d.rule))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn check_detects_the_kind_from_the_path() {
    let outline = parse_outline(ADR_WITH_TODOS, Some("0007-use-postgres.md"));
    let result = check(&CheckInput {
        path: Some("docs/adr/0007-use-postgres.md"),
        text: ADR_WITH_TODOS,
        outline: &outline,
        config: &Config::strict_history(),
        hints: &PathHints::default(),
        today: TODAY,
    });
    assert_eq!(result.detection.kind.as_deref(), Some("adr"));
    assert_eq!(result.diagnostics.len(), 3);
}

#[test]
fn templates_are_not_checked_for_placeholders() {
    let template = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/madr/template/adr-template.md"
    ))
    .unwrap();
    let result = check_text(
        Some("docs/decisions/adr-template.md"),
        &template,
        &Config::strict_history(),
        &PathHints::default(),
        TODAY,
    );
    assert_eq!(result.detection.kind.as_deref(), Some("madr"));
    assert!(result.detection.is_template);
    assert!(
        result
            .diagnostics
            .iter()
            .all(|d| d.rule != "placeholder-text"),
        "{:#?}",
        result.diagnostics
    );
    // The same text as a record (not a template) is full of them.
    let as_record = check_text(
        Some("docs/decisions/0001-use-x.md"),
        &template,
        &Config::strict_history(),
        &PathHints::default(),
        TODAY,
    );
    assert!(
        as_record
            .diagnostics
            .iter()
            .filter(|d| d.rule == "placeholder-text")
            .count()
            > 10
    );
}

#[test]
fn fix_text_repairs_a_bare_adr_in_rounds() {
    // No title, a mistyped status, no Decision, no Consequences.
    let text =
        "Date: 2024-03-04\n\n## Status\n\nAcepted\n\n## Context\n\nOrders live in flat files.\n";
    let outcome = fix_text(
        Some("docs/adr/0007-use-postgres.md"),
        text,
        &Config::strict_history(),
        &PathHints::default(),
        TODAY,
    );
    assert_eq!(outcome.remaining, 0, "{}", outcome.text);
    assert!(outcome.rounds >= 1 && outcome.rounds <= crate::fix::MAX_FIX_ROUNDS);
    assert_eq!(
        outcome.text,
        "# 7. Use postgres\n\nDate: 2024-03-04\n\n## Status\n\nAccepted\n\n## Context\n\n\
         Orders live in flat files.\n\n## Decision\n\n\
         We will {decision, in full sentences and the active voice}.\n\n## Consequences\n\n\
         {Describe the resulting context: what becomes easier, what becomes harder, and what \
         follows on from this decision.}\n"
    );
    // What is left is for the author: the placeholders the new sections hold.
    let after = check_text(
        Some("docs/adr/0007-use-postgres.md"),
        &outcome.text,
        &Config::strict_history(),
        &PathHints::default(),
        TODAY,
    );
    assert!(after.diagnostics.iter().all(|d| d.fix.is_none()));
    assert!(
        after
            .diagnostics
            .iter()
            .any(|d| d.rule == "placeholder-text")
    );
}

#[test]
fn fixes_in_a_crlf_document_use_crlf() {
    let text = "# 7. Use PostgreSQL\r\n\r\nDate: 2024-03-04\r\n\r\n## Status\r\n\r\nAccepted\r\n\r\n\
                ## Context\r\n\r\nFlat files.\r\n\r\n## Consequences\r\n\r\nBackups.\r\n";
    let diagnostics = run(text, Some("adr"), &Config::strict_history());
    assert_eq!(
        diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>(),
        ["missing-section"]
    );
    let (fixed, applied, _) = crate::fix::fix_all(text, &diagnostics);
    assert_eq!(applied, 1);
    assert!(
        fixed.contains("Flat files.\r\n\r\n## Decision\r\n\r\nWe will "),
        "{fixed:?}"
    );
    assert_eq!(fixed.matches('\n').count(), fixed.matches("\r\n").count());
}

#[test]
fn crlf_conversion_leaves_existing_crlf_alone() {
    assert_eq!(to_crlf("a\nb\r\nc"), "a\r\nb\r\nc");
    assert!(uses_crlf("a\r\nb\n"));
    assert!(!uses_crlf("a\nb\r\n"));
    assert!(!uses_crlf("no line break"));
}

#[test]
fn toml_front_matter_turns_rules_off_too() {
    let text = format!("+++\ndocwright-disable = [\"placeholder-text\"]\n+++\n{ADR_WITH_TODOS}");
    // Without TOML front matter recognised by the outline, this would prove nothing.
    assert!(parse_outline(&text, None).front_matter.is_some());
    let diagnostics = run(&text, Some("adr"), &Config::strict_history());
    assert_eq!(
        diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>(),
        ["empty-section"]
    );
}

#[test]
fn broken_front_matter_disables_nothing() {
    let text = format!("---\ndocwright-disable: [placeholder-text\n---\n{ADR_WITH_TODOS}");
    let diagnostics = run(&text, Some("adr"), &Config::strict_history());
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d.rule == "placeholder-text")
            .count(),
        2
    );
}

#[test]
fn by_default_a_decided_record_is_history_and_a_proposal_is_checked() {
    // The default config pauses the structural and quality rules on an accepted record; the same
    // text as a proposal draws all three findings it draws under strict history.
    assert_eq!(run(ADR_WITH_TODOS, Some("adr"), &Config::default()), []);
    let proposed = ADR_WITH_TODOS.replace("Accepted", "Proposed");
    assert_eq!(
        rules_and_lines(&proposed, &run(&proposed, Some("adr"), &Config::default())),
        rules_and_lines(
            ADR_WITH_TODOS,
            &run(ADR_WITH_TODOS, Some("adr"), &Config::strict_history())
        )
    );
    assert_eq!(
        run(ADR_WITH_TODOS, Some("adr"), &Config::strict_history()).len(),
        3
    );
}
