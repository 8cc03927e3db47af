//! The check engine: detect the kind, run every enabled rule, apply configured severities and
//! suppressions. The one entry point both the CLI and the server call.
//!
//! Suppression, for the cases where a rule is right in general and wrong here:
//!
//! - `<!-- docwright-disable RULE, RULE -->` turns rules off from the comment on, until
//!   `<!-- docwright-enable RULE -->` or the end of the file; without rule ids it turns off (or,
//!   for `enable`, back on) every rule.
//! - `<!-- docwright-disable-next-line RULE -->` hides what the rules report on the next line.
//!   A diagnostic counts as where its range starts: problems of the document as a whole (a
//!   missing section, status or title) sit on the title or on the heading the section belongs
//!   after, so a `disable` comment at the top of the file, or front matter, reaches them.
//! - Front matter `docwright-disable: [placeholder-text]` (or `docwright: { disable: [...] }`)
//!   turns rules off for the whole file; `all` (or `true`) turns every rule off.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{FixOutcome, fix_until_stable};
use crate::kinds::detect::{Detection, PathHints};
use crate::outline::{FrontMatterFormat, Outline};
use crate::position::TextRange;
use crate::rules::{RuleContext, all_rules};

pub struct CheckInput<'a> {
    /// Workspace-relative path with `/` separators, when the document has one.
    pub path: Option<&'a str>,
    pub text: &'a str,
    pub outline: &'a Outline,
    pub config: &'a Config,
    pub hints: &'a PathHints,
    /// `YYYY-MM-DD`.
    pub today: &'a str,
}

pub struct CheckResult {
    pub detection: Detection,
    /// Sorted by range start, then rule id.
    pub diagnostics: Vec<Diagnostic>,
}

pub fn check(input: &CheckInput) -> CheckResult {
    let detection = crate::kinds::detect::detect_kind(&crate::kinds::detect::DetectInput {
        path: input.path,
        text: input.text,
        outline: input.outline,
        config: input.config,
        hints: input.hints,
    });
    // A template (`adr-template.md`, a file of a `template/` folder) is a log's schema, not one
    // of its records: it is never checked as one.
    let is_template =
        detection.is_template || input.path.is_some_and(crate::index::is_template_path);
    let mut diagnostics = if is_template {
        Vec::new()
    } else {
        run_rules(input, detection.kind.as_deref(), false)
    };
    if let Some(kind) = detection.kind.as_deref() {
        keep_missing_sections_of_a_strong_fit(input.config, kind, &mut diagnostics);
    }
    CheckResult {
        detection,
        diagnostics,
    }
}

/// A record of a log whose template is its schema is told of a missing section only when it
/// otherwise follows the template: at most one of the template's required sections is absent, as
/// for a strong fit by headings. A record that lacks more was written to an earlier form of a
/// template that has grown since (Swift Evolution's gained "Implications on adoption" in its
/// tenth year); listing every section added after it was decided is noise, not help.
fn keep_missing_sections_of_a_strong_fit(
    config: &Config,
    kind: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    const MISSING_SECTION: &str = crate::rules::missing_section::MissingSection::ID;
    let is_template_kind = config
        .logs
        .iter()
        .any(|log| log.template_kind.as_deref() == Some(kind));
    if is_template_kind
        && diagnostics
            .iter()
            .filter(|d| d.rule == MISSING_SECTION)
            .count()
            > 1
    {
        diagnostics.retain(|d| d.rule != MISSING_SECTION);
    }
}

/// Runs every enabled rule on the document as a document of `kind` (a name in `Config::kinds`;
/// `None`, or a name the config does not know, for a document of no kind), skipping detection:
/// for callers that already know the kind. Severities and suppressions are applied, and the
/// result sorted by range, then rule id.
pub fn check_as(input: &CheckInput, kind: Option<&str>) -> Vec<Diagnostic> {
    run_rules(input, kind, false)
}

fn run_rules(input: &CheckInput, kind: Option<&str>, is_template: bool) -> Vec<Diagnostic> {
    let ctx = RuleContext {
        path: input.path,
        is_template,
        text: input.text,
        outline: input.outline,
        kind: kind.and_then(|name| input.config.kind(name)),
        config: input.config,
        today: input.today,
    };
    let suppressions = Suppressions::of(input.text, input.outline);
    // A decided record is history: only the rules that catch what misleads a reader today run.
    let decided = ctx
        .kind
        .and_then(|kind| crate::history::decided(input.outline, kind, &input.config.history));
    let mut diagnostics = Vec::new();
    for rule in all_rules() {
        if decided.is_some() && !rule.checks_decided_records() {
            continue;
        }
        let Some(severity) = input
            .config
            .severity_for(rule.id(), rule.default_severity())
        else {
            continue;
        };
        if suppressions.whole_file(rule.id()) {
            continue;
        }
        let first_new = diagnostics.len();
        rule.check(&ctx, &mut diagnostics);
        for diagnostic in &mut diagnostics[first_new..] {
            diagnostic.severity = applied_severity(rule.default_severity(), severity, diagnostic);
        }
    }
    diagnostics.retain(|d| !suppressions.hides(d));
    if uses_crlf(input.text) {
        // Rules write their fixes with `\n`; a CRLF document gets CRLF back.
        for edit in diagnostics
            .iter_mut()
            .filter_map(|d| d.fix.as_mut())
            .flat_map(|fix| fix.edits.iter_mut())
        {
            edit.new_text = to_crlf(&edit.new_text);
        }
    }
    // Stable: one rule's diagnostics on one range keep the order the rule gave them.
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    diagnostics
}

/// The severity a diagnostic is reported at: the configured one (`configured`, which is the
/// rule's default unless `[rules]` says otherwise), except that a diagnostic its rule wrote below
/// the rule's default (`invalid-status` gives a status it does not know only a hint) stays at
/// least that low.
fn applied_severity(default: Severity, configured: Severity, diagnostic: &Diagnostic) -> Severity {
    // `Severity` orders from the most severe (`Error`) to the least (`Hint`).
    if diagnostic.severity > default {
        configured.max(diagnostic.severity)
    } else {
        configured
    }
}

/// Parses `text` (the fast path; it yields the same outline as the editor's) and checks it.
pub fn check_text(
    path: Option<&str>,
    text: &str,
    config: &Config,
    hints: &PathHints,
    today: &str,
) -> CheckResult {
    let file_name = path.map(|p| p.rsplit('/').next().unwrap_or(p));
    let outline = crate::outline::parse_outline_fast(text, file_name);
    check(&CheckInput {
        path,
        text,
        outline: &outline,
        config,
        hints,
        today,
    })
}

/// `docwright check --fix` for one document: checks, applies every fix that fits, re-checks and
/// repeats until nothing more applies (see [`fix_until_stable`]).
pub fn fix_text(
    path: Option<&str>,
    text: &str,
    config: &Config,
    hints: &PathHints,
    today: &str,
) -> FixOutcome {
    fix_until_stable(text, |current| {
        check_text(path, current, config, hints, today).diagnostics
    })
}

/// Drops the diagnostics that the document's suppression comments and front matter hide, for
/// diagnostics computed outside [`check`] (the workspace rules', in `docwright check`).
pub fn retain_unsuppressed(text: &str, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) {
    let suppressions = Suppressions::of(text, outline);
    diagnostics.retain(|d| !suppressions.whole_file(d.rule) && !suppressions.hides(d));
}

/// A document's final diagnostics, as both edges report them: its own rules' (`document`, from
/// [`check`], already sorted and suppressed) plus the workspace rules' findings for it
/// (`workspace`), whose suppressions are applied here, sorted by range, then rule id (stable:
/// the document's own diagnostics keep their order among equals).
pub fn with_workspace_findings(
    text: &str,
    outline: &Outline,
    mut document: Vec<Diagnostic>,
    mut workspace: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    retain_unsuppressed(text, outline, &mut workspace);
    if workspace.is_empty() {
        return document;
    }
    document.extend(workspace);
    document.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    document
}

/// The suppression comments and front matter of one document.
#[derive(Debug, Default)]
struct Suppressions {
    /// Rules turned off for the whole file by front matter.
    file_rules: Vec<String>,
    /// Every rule turned off for the whole file.
    file_all: bool,
    /// `disable` / `enable` comments in document order: (where they take effect, disable?, rule
    /// ids; empty for all rules).
    switches: Vec<(usize, bool, Vec<String>)>,
    /// `disable-next-line` comments: (the line they cover, rule ids; empty for all rules).
    next_lines: Vec<(TextRange, Vec<String>)>,
}

impl Suppressions {
    fn of(text: &str, outline: &Outline) -> Suppressions {
        let mut suppressions = Suppressions::default();
        suppressions.read_front_matter(text, outline);
        for comment in &outline.html_comments {
            let body = comment.slice(text);
            let Some(inner) = body
                .strip_prefix("<!--")
                .map(|b| b.strip_suffix("-->").unwrap_or(b))
            else {
                continue;
            };
            let inner = inner.trim();
            let (directive, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            let rules: Vec<String> = rest
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect();
            match directive {
                "docwright-disable" => suppressions.switches.push((comment.end, true, rules)),
                "docwright-enable" => suppressions.switches.push((comment.end, false, rules)),
                "docwright-disable-next-line" => {
                    let start = next_line_start(text, comment.end);
                    let end = text[start..]
                        .find(['\n', '\r'])
                        .map_or(text.len(), |i| start + i);
                    suppressions
                        .next_lines
                        .push((TextRange::new(start, end), rules));
                }
                _ => {}
            }
        }
        suppressions
    }

    fn read_front_matter(&mut self, text: &str, outline: &Outline) {
        let Some(front_matter) = &outline.front_matter else {
            return;
        };
        let content = front_matter.content.slice(text);
        let value: Option<serde_json::Value> = match front_matter.format {
            FrontMatterFormat::Yaml => serde_saphyr::from_str(content).ok(),
            FrontMatterFormat::Toml => toml::from_str::<toml::Value>(content)
                .ok()
                .and_then(|v| serde_json::to_value(v).ok()),
        };
        let Some(serde_json::Value::Object(map)) = value else {
            return;
        };
        let disabled = map.get("docwright-disable").or_else(|| {
            map.get("docwright")
                .and_then(|nested| nested.get("disable"))
        });
        match disabled {
            Some(serde_json::Value::Bool(all)) => self.file_all = *all,
            Some(serde_json::Value::String(rule)) => self.add_file_rules([rule.as_str()]),
            Some(serde_json::Value::Array(rules)) => {
                self.add_file_rules(rules.iter().filter_map(|r| r.as_str()));
            }
            _ => {}
        }
    }

    fn add_file_rules<'r>(&mut self, rules: impl IntoIterator<Item = &'r str>) {
        for rule in rules.into_iter().flat_map(|r| r.split(',')).map(str::trim) {
            if rule == "all" {
                self.file_all = true;
            } else if !rule.is_empty() {
                self.file_rules.push(rule.to_string());
            }
        }
    }

    fn whole_file(&self, rule: &str) -> bool {
        self.file_all || self.file_rules.iter().any(|r| r == rule)
    }

    fn hides(&self, diagnostic: &Diagnostic) -> bool {
        let names =
            |rules: &[String]| rules.is_empty() || rules.iter().any(|r| r == diagnostic.rule);
        let at = diagnostic.range.start;
        let mut disabled = false;
        for (from, disable, rules) in &self.switches {
            if *from > at {
                break;
            }
            if names(rules) {
                disabled = *disable;
            }
        }
        disabled
            || self
                .next_lines
                .iter()
                .any(|(line, rules)| names(rules) && (line.contains(at) || line.start == at))
    }
}

/// Whether the document's lines end in `\r\n` (judged by its first line break).
fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// `text` with every lone `\n` written as `\r\n`.
fn to_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = None;
    for c in text.chars() {
        if c == '\n' && previous != Some('\r') {
            out.push('\r');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

fn next_line_start(text: &str, offset: usize) -> usize {
    match text[offset..].find(['\n', '\r']) {
        Some(i) if text[offset + i..].starts_with("\r\n") => offset + i + 2,
        Some(i) => offset + i + 1,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests;
