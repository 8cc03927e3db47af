//! Decision logs whose template is the schema.
//!
//! A log (`[[logs]]` in `docwright.toml`) that names a template is checked against that template,
//! not against a built-in kind that only partly fits: [`kind_from_template`] reads the template
//! once and returns the log's [`Kind`]. Its sections are the template's headings, in the
//! template's order; a section the template marks optional (`<!-- optional -->` or "This is an
//! optional element" before or under the heading, "(optional)" in it, "*if applicable*" under it)
//! is optional; its metadata is the template's front matter keys or the bullet list under its
//! title; its status line, when it lists the choices (`{proposed | accepted | …}`), is the
//! status vocabulary, and the key it is written under is where its records keep their status
//! (`status`, or a front matter field such as Ember's `stage: accepted` whose value is a status). Where a heading is a section of the built-in kind the template most
//! resembles, that section's aliases, purpose and status meanings still count.
//!
//! Pure: the edge reads the template and hands in its text.

use crate::config::Config;
use crate::kinds::{Kind, MetaLocation, SectionSpec, StatusSpec, StatusVocabulary};
use crate::outline::{MetaField, MetaSource, Outline, parse_outline_fast};

/// What the edge knows about the log whose template it read.
pub struct TemplateSource<'a> {
    /// The kind's name (kebab-case).
    pub name: &'a str,
    /// The log's folder, workspace-relative.
    pub log_path: &'a str,
    /// The template, as written in `docwright.toml` (relative to it).
    pub template_path: &'a str,
    pub text: &'a str,
    /// The log's `id-prefix`, upper case.
    pub id_prefix: Option<&'a str>,
    /// The log's `aliases`: other headings for a template section, by its name.
    pub aliases: &'a std::collections::BTreeMap<String, Vec<String>>,
}

/// The kind a log's template defines. `config` supplies the built-in kinds whose aliases and
/// meanings still count.
pub fn kind_from_template(source: &TemplateSource, config: &Config) -> Kind {
    let file_name = source.template_path.rsplit('/').next();
    let outline = parse_outline_fast(source.text, file_name);
    let base = closest_kind(&outline, config);
    let section_level = outline
        .headings
        .iter()
        .map(|h| h.level)
        .filter(|level| *level > 1)
        .min()
        .unwrap_or(2);
    let mut sections: Vec<SectionSpec> = Vec::new();
    for (index, heading) in outline.headings.iter().enumerate() {
        if heading.level != section_level || Some(index) == outline.title {
            continue;
        }
        let (name, optional_in_heading) = strip_optional(&heading.text);
        if name.is_empty() || sections.iter().any(|s| s.name.eq_ignore_ascii_case(&name)) {
            continue;
        }
        let optional = optional_in_heading || marked_optional(source.text, &outline, index);
        let normalized = crate::outline::normalize::normalize_heading(&name);
        let built_in = base
            .and_then(|k| k.section_for(&normalized))
            .map(|(_, s)| s);
        let mut aliases: Vec<String> = source
            .aliases
            .iter()
            .filter(|(section, _)| section.eq_ignore_ascii_case(&name))
            .flat_map(|(_, names)| names.iter().cloned())
            .collect();
        if let Some(spec) = built_in {
            for alias in std::iter::once(&spec.name).chain(&spec.aliases) {
                if !alias.eq_ignore_ascii_case(&name) && !aliases.contains(alias) {
                    aliases.push(alias.clone());
                }
            }
        }
        sections.push(SectionSpec {
            name: name.clone(),
            aliases,
            required: !optional,
            // A section of the template alone has no purpose we could word: its messages name
            // the section and the template, and say nothing more.
            purpose: built_in.map_or_else(String::new, |s| s.purpose.clone()),
            template: built_in.map_or_else(String::new, |s| s.template.clone()),
        });
    }

    let status = template_status_field(&outline, config);
    let status_meta_key = status.map_or_else(
        || crate::kinds::STATUS_META_KEY.to_string(),
        |field| field.key.clone(),
    );
    let status_location = status.map_or(MetaLocation::None, |f| location(f.source));
    let date = outline.meta("date");
    let front_matter_keys: Vec<String> = outline
        .metadata
        .iter()
        .filter(|f| f.source == MetaSource::FrontMatter)
        .map(|f| f.key.clone())
        .collect();
    let statuses = status
        .map(|field| vocabulary(&field.value, base))
        .unwrap_or_default();
    // A status line whose choices end in "…" (MADR's) gives examples, not every status.
    let status_vocabulary =
        if status.is_some_and(|f| f.value.contains('…') || f.value.contains("...")) {
            StatusVocabulary::Open
        } else {
            StatusVocabulary::Usual
        };
    let base_name = base.map(|k| k.display_name.as_str());
    Kind {
        name: source.name.to_string(),
        display_name: format!("the `{}/` log's template", source.log_path),
        description: match base_name {
            Some(base) => format!(
                "The kind the template `{}` defines (its sections read with the aliases of \
                 {base}).",
                source.template_path
            ),
            None => format!("The kind the template `{}` defines.", source.template_path),
        },
        sections,
        section_level,
        title_required: outline.title.is_some(),
        status_required: status.is_some(),
        status_meta_key,
        statuses,
        status_vocabulary,
        status_location,
        date_required: date.is_some(),
        date_location: date.map_or(MetaLocation::None, |f| location(f.source)),
        front_matter_keys,
        id_prefix: source
            .id_prefix
            .map(str::to_string)
            .or_else(|| base.and_then(|k| k.id_prefix.clone())),
        id_pattern: base.and_then(|k| k.id_pattern.clone()),
        paths: vec![format!("{}/**", source.log_path)],
        title_template: base.map_or_else(|| "# {title}".to_string(), |k| k.title_template.clone()),
        template: Some(source.template_path.to_string()),
        // The template's order is the order.
        other_orders: Vec::new(),
        metadata_keys: Vec::new(),
        template_lines: template_lines(source.text, &outline),
        file_name: None,
    }
}

/// The template's status field: its `status`, else a front matter field whose value is a
/// status (Ember's template writes `stage: accepted`, and every record keeps its stage there).
/// Only a value that names a status some kind knows, or a decided status, makes a field the
/// status: a `stage: alpha` of a maturity model is no decision's status.
fn template_status_field<'o>(outline: &'o Outline, config: &Config) -> Option<&'o MetaField> {
    if let Some(field) = outline.meta(crate::kinds::STATUS_META_KEY) {
        return Some(field);
    }
    let names_a_status = |value: &str| {
        let word = crate::history::first_word(value);
        // A nested mapping or a list (`prs: {accepted: …}`, `teams: [cli, data]`) is no status.
        !word.is_empty()
            && !value.contains([':', ','])
            && (config.kinds.iter().any(|kind| kind.status(&word).is_some())
                || config.history.is_decided(&word))
    };
    let mut candidates = outline
        .metadata
        .iter()
        .filter(|f| f.source == MetaSource::FrontMatter && names_a_status(&f.value));
    // Two such fields: which one is the status is a guess, and a wrong one misreads every record.
    let field = candidates.next()?;
    candidates.next().is_none().then_some(field)
}

/// Fewer words than this on a line is no distinctive template text: `- Option A`, `Yes.`
pub const TEMPLATE_LINE_MIN_WORDS: usize = 4;
/// Nor is a line shorter than this (in characters, markers removed).
pub const TEMPLATE_LINE_MIN_CHARS: usize = 24;

/// A line as [`Kind::template_lines`] keeps it: block quote and list markers and a task box
/// removed, white space collapsed. `None` for a line with nothing left.
pub fn normalize_template_line(line: &str) -> Option<String> {
    let mut rest = line.trim();
    loop {
        let before = rest;
        rest = rest.trim_start_matches('>').trim_start();
        for marker in ["* ", "- ", "+ ", "[ ] ", "[x] "] {
            if let Some(after) = rest.strip_prefix(marker) {
                rest = after.trim_start();
            }
        }
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0
            && let Some(after) = rest[digits..]
                .strip_prefix(". ")
                .or_else(|| rest[digits..].strip_prefix(") "))
        {
            rest = after.trim_start();
        }
        if rest == before {
            break;
        }
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The template's distinctive lines (see [`Kind::template_lines`]): prose and list lines of at
/// least [`TEMPLATE_LINE_MIN_WORDS`] words and [`TEMPLATE_LINE_MIN_CHARS`] characters, outside
/// its front matter, code, HTML comments (no reader sees them) and headings, and not the
/// metadata list before its first section (a record keeps those keys and fills their values).
fn template_lines(text: &str, outline: &Outline) -> Vec<String> {
    let skipped: Vec<crate::position::TextRange> = outline
        .front_matter
        .iter()
        .map(|f| f.range)
        .chain(outline.code_blocks.iter().copied())
        .chain(outline.html_comments.iter().copied())
        .chain(outline.headings.iter().map(|h| h.range))
        .collect();
    let first_section = outline
        .headings
        .iter()
        .enumerate()
        .find(|(i, _)| Some(*i) != outline.title)
        .map_or(text.len(), |(_, h)| h.range.start);
    let mut lines: Vec<String> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let end = start + raw.trim_end().len();
        if skipped
            .iter()
            .any(|r| r.start < end.max(start + 1) && start < r.end)
        {
            continue;
        }
        let Some(line) = normalize_template_line(raw) else {
            continue;
        };
        let is_list_item = line.len() < raw.trim().len();
        if start < first_section && is_list_item {
            continue;
        }
        if line.split(' ').count() >= TEMPLATE_LINE_MIN_WORDS
            && line.chars().count() >= TEMPLATE_LINE_MIN_CHARS
            && !lines.contains(&line)
        {
            lines.push(line);
        }
    }
    lines
}

/// Keeps the template lines that at most a quarter of a log's sampled `records` (their texts)
/// hold: a line many records share is text the log legitimately keeps (a licence notice, a
/// standing sentence), not a leftover.
pub fn drop_shared_template_lines(kind: &mut Kind, records: &[String]) {
    if records.is_empty() || kind.template_lines.is_empty() {
        return;
    }
    let record_lines: Vec<std::collections::HashSet<String>> = records
        .iter()
        .map(|text| text.lines().filter_map(normalize_template_line).collect())
        .collect();
    kind.template_lines.retain(|line| {
        let holding = record_lines.iter().filter(|r| r.contains(line)).count();
        holding < 2 || holding * 4 <= records.len()
    });
}

/// Fewer records than this is no log to read a template's fit from.
pub const DISCOVERY_MIN_RECORDS: usize = 2;
/// The share of a log's records that must fit a template found beside it (not named in config)
/// for the template to be the log's schema.
pub const DISCOVERY_MIN_FITTING_SHARE: f64 = 0.8;

/// Whether a template found in or beside a log (not named in `docwright.toml`) fits its
/// records well enough to be their schema: the template defines at least two required
/// sections, and at least [`DISCOVERY_MIN_FITTING_SHARE`] of the records hold each at least two
/// thirds of them (and at least two), under the template's names or the aliases it lends from
/// the built-in kind. A log that grew out of another template, or a template of another
/// process, is left as it was: better unchecked than told it lacks sections it never had.
pub fn template_fits(kind: &Kind, records: &[Outline]) -> bool {
    let required = kind.sections.iter().filter(|s| s.required).count();
    if required < 2 || records.len() < DISCOVERY_MIN_RECORDS {
        return false;
    }
    let needed = (required * 2).div_ceil(3).max(2);
    let fitting = records
        .iter()
        .filter(|outline| record_fit(kind, outline) >= needed)
        .count();
    fitting as f64 >= DISCOVERY_MIN_FITTING_SHARE * records.len() as f64
}

/// How many of the kind's required sections a record holds (at any heading level below its
/// title, since older records nest differently).
pub fn record_fit(kind: &Kind, outline: &Outline) -> usize {
    let mut found = std::collections::HashSet::new();
    for (index, heading) in outline.headings.iter().enumerate() {
        if Some(index) == outline.title {
            continue;
        }
        if let Some((at, spec)) = kind.section_for(&heading.normalized)
            && spec.required
        {
            found.insert(at);
        }
    }
    found.len()
}

fn location(source: MetaSource) -> MetaLocation {
    match source {
        MetaSource::FrontMatter => MetaLocation::FrontMatter,
        MetaSource::Line => MetaLocation::Line,
        MetaSource::Bullet => MetaLocation::Bullet,
        MetaSource::Section => MetaLocation::Section,
    }
}

/// The configured kind whose sections the template's headings match most (at least two).
fn closest_kind<'c>(outline: &Outline, config: &'c Config) -> Option<&'c Kind> {
    config
        .kinds
        .iter()
        .filter(|k| k.template.is_none() || k.paths.is_empty())
        .map(|kind| {
            let matched = outline
                .headings
                .iter()
                .filter(|h| kind.section_for(&h.normalized).is_some())
                .count();
            (matched, kind)
        })
        .filter(|(matched, _)| *matched >= 2)
        .max_by_key(|(matched, _)| *matched)
        .map(|(_, kind)| kind)
}

/// `Alternatives (optional)` → (`Alternatives`, true).
fn strip_optional(heading: &str) -> (String, bool) {
    let lower = heading.to_lowercase();
    for marker in [
        "(optional)",
        "[optional]",
        "*optional*",
        "_optional_",
        "(if applicable)",
        "*if applicable*",
    ] {
        if let Some(at) = lower.find(marker) {
            let mut name = heading[..at].to_string();
            name.push_str(&heading[at + marker.len()..]);
            return (
                name.trim()
                    .trim_end_matches([':', '-', '—'])
                    .trim()
                    .to_string(),
                true,
            );
        }
    }
    (heading.trim().to_string(), false)
}

/// Whether the template marks the section of heading `index` optional: an HTML comment saying
/// "optional" on the lines just before the heading, or an optional marker in the first lines
/// under it, or guidance under it that opens on a condition ("If …").
fn marked_optional(text: &str, outline: &Outline, index: usize) -> bool {
    let heading = &outline.headings[index];
    let before = &text[..heading.range.start];
    let previous_end = index
        .checked_sub(1)
        .map_or(0, |i| outline.headings[i].range.end);
    let just_before: String = before[previous_end.min(before.len())..]
        .lines()
        .rev()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if just_before.contains("<!--") && just_before.contains("optional") {
        return true;
    }
    let after_end = outline
        .headings
        .get(index + 1)
        .map_or(text.len(), |h| h.range.start);
    let first_paragraph: String = text[heading.range.end.min(after_end)..after_end]
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let comment_says_optional = first_paragraph.contains("<!--")
        && first_paragraph.split("<!--").skip(1).any(|c| {
            c.split("-->")
                .next()
                .is_some_and(|c| c.contains("optional"))
        });
    comment_says_optional
        || [
            "(optional)",
            "*optional*",
            "_optional_",
            "*if applicable*",
            "_if applicable_",
            "(if applicable)",
        ]
        .iter()
        .any(|marker| first_paragraph.starts_with(marker))
        // Guidance that opens on a condition ("If significant changes were suggested, thank
        // …") asks for the section only when the condition holds.
        || first_paragraph.starts_with("if ")
}

/// The status vocabulary a template's status line lists: `{proposed | rejected | accepted |
/// deprecated | … | superseded by ADR-0123}`. Only a line of choices separated by `|` is a
/// vocabulary; prose (`**Awaiting implementation** or **Awaiting review**`) says how a record
/// starts, not every state it may reach, so it gives none and statuses are not checked against
/// it. A status the built-in kind knows keeps its meaning and whether it takes a reference.
fn vocabulary(value: &str, base: Option<&Kind>) -> Vec<StatusSpec> {
    if !value.contains('|') {
        return Vec::new();
    }
    let inner = value.trim().trim_matches(|c: char| {
        matches!(
            c,
            '{' | '}' | '[' | ']' | '(' | ')' | '"' | '\'' | '`' | '*' | '_'
        ) || c.is_whitespace()
    });
    let mut statuses: Vec<StatusSpec> = Vec::new();
    for choice in inner.split('|') {
        let choice = choice
            .trim()
            .trim_matches(|c: char| {
                matches!(c, '{' | '}' | '[' | ']' | '"' | '\'' | '`' | '*' | '_')
            })
            .trim();
        if choice.is_empty() || choice.chars().all(|c| c == '.' || c == '…') {
            continue;
        }
        let lower = choice.to_lowercase();
        let (name, takes_reference) = match lower.split_once(" by ").or(lower.split_once(" to ")) {
            Some((name, _)) => (name.trim().to_string(), true),
            None => (lower.trim().to_string(), false),
        };
        if name.is_empty() || statuses.iter().any(|s| s.name == name) {
            continue;
        }
        let known = base.and_then(|k| k.status(&name));
        statuses.push(match known {
            Some(spec) => StatusSpec {
                takes_reference: spec.takes_reference || takes_reference,
                ..spec.clone()
            },
            None => StatusSpec {
                name,
                meaning: String::new(),
                takes_reference,
                aliases: Vec::new(),
            },
        });
    }
    if statuses.len() < 2 {
        return Vec::new();
    }
    statuses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        kind_from_template(
            &TemplateSource {
                name: "decisions",
                log_path: "docs/decisions",
                template_path: "docs/decisions/adr-template.md",
                text,
                id_prefix: None,
                aliases: &Default::default(),
            },
            &Config::default(),
        )
    }

    #[test]
    fn sections_come_in_the_template_order_with_optional_ones_marked() {
        let kind = kind(
            "# {title}\n\n## Context\n\n{context}\n\n<!-- This is an optional element. Feel free \
             to remove. -->\n## Drivers\n\n* {driver}\n\n## Decision\n\n{decision}\n\n\
             ## Consequences (optional)\n\n{x}\n\n## Links\n\n*if applicable* {links}\n",
        );
        let names: Vec<(&str, bool)> = kind
            .sections
            .iter()
            .map(|s| (s.name.as_str(), s.required))
            .collect();
        assert_eq!(
            names,
            [
                ("Context", true),
                ("Drivers", false),
                ("Decision", true),
                ("Consequences", false),
                ("Links", false)
            ]
        );
        // The built-in kind it resembles lends its aliases.
        let context = &kind.sections[0];
        assert!(!context.aliases.is_empty(), "{context:?}");
        assert_eq!(kind.paths, ["docs/decisions/**"]);
    }

    #[test]
    fn guidance_on_a_condition_makes_a_section_optional_and_a_section_of_its_own_has_no_purpose() {
        let kind = kind(
            "# {title}\n\n## Context\n\nDescribe the problem. If it is urgent, say so.\n\n\
             ## Credits\n\nIf others helped shape the decision, thank them here.\n",
        );
        let sections: Vec<(&str, bool, &str)> = kind
            .sections
            .iter()
            .map(|s| (s.name.as_str(), s.required, s.purpose.as_str()))
            .collect();
        // An "If" inside the guidance is no condition on the section; `Credits` is the
        // template's own, and a message about it names it without inventing what it is for.
        assert_eq!(sections, [("Context", true, ""), ("Credits", false, "")]);
    }

    #[test]
    fn a_list_of_choices_is_the_vocabulary_and_prose_is_not() {
        let listed = kind(
            "---\nstatus: \"{proposed | rejected | accepted | deprecated | … | superseded by \
             ADR-0123}\"\ndate: 2024-01-01\n---\n# T\n\n## Context\n\n## Decision\n",
        );
        let names: Vec<&str> = listed.statuses.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "proposed",
                "rejected",
                "accepted",
                "deprecated",
                "superseded"
            ]
        );
        assert!(listed.statuses[4].takes_reference);
        assert_eq!(listed.status_vocabulary, StatusVocabulary::Open);
        assert_eq!(listed.status_location, MetaLocation::FrontMatter);
        assert!(listed.front_matter_keys.contains(&"date".to_string()));

        let prose = kind(
            "# Feature\n\n* Status: **Awaiting implementation** or **Awaiting review**\n\n\
             ## Motivation\n\n## Detailed design\n",
        );
        assert!(prose.statuses.is_empty());
        assert!(prose.status_required);
        assert_eq!(prose.status_location, MetaLocation::Bullet);
    }

    fn record_status(kind: &Kind, text: &str) -> Option<String> {
        let outline = parse_outline_fast(text, Some("0042-x.md"));
        crate::status::stated_status(&outline, Some(kind)).map(|s| s.value.to_string())
    }

    #[test]
    fn a_template_keeping_its_status_under_another_key_names_the_key_its_records_use() {
        let kind = kind(
            "---\nstage: accepted\nstart-date: # YYYY-MM-DD\nteams: # delete the others\n  - cli\n  \
             - data\nprs:\n  accepted: # the PR's URL\nsuite:\n---\n\n# RFC title\n\n## Summary\n\nx\n",
        );
        assert_eq!(kind.status_meta_key, "stage");
        assert!(kind.status_required);
        let record = "---\nstage: recommended # FIXME: is it?\nstart-date: 2019-01-01\n---\n\n# X\n\n## Summary\n\nx\n";
        assert_eq!(record_status(&kind, record).as_deref(), Some("recommended"));
        let outline = parse_outline_fast(record, Some("0042-x.md"));
        let decided = crate::history::decided(&outline, &kind, &Default::default());
        assert_eq!(decided.map(|d| d.status).as_deref(), Some("recommended"));
    }

    #[test]
    fn a_field_is_the_status_only_when_it_alone_holds_a_status_word() {
        // A maturity stage is no decision's status.
        let maturity = kind("---\nstage: alpha\n---\n\n# T\n\n## Summary\n\nx\n");
        assert_eq!(maturity.status_meta_key, "status");
        assert!(!maturity.status_required);
        // Two fields holding status words: which is the status is a guess, so neither is.
        let two = kind("---\nstage: accepted\nreview: proposed\n---\n\n# T\n\n## Summary\n\nx\n");
        assert_eq!(two.status_meta_key, "status");
        // A `status` field wins over any other.
        let both = kind("---\nstatus: proposed\nstage: accepted\n---\n\n# T\n\n## Summary\n\nx\n");
        assert_eq!(both.status_meta_key, "status");
    }
}
