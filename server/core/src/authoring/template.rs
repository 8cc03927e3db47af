//! A new document's text: a repository's own template with its variables filled in, or the
//! kind's built-in template (`document::templates::full_template`, shared with the editor's
//! "Fill with template"), written in the layout's form.

use crate::authoring::layout::Tool;
use crate::document::templates::{TemplateValues, full_template};
use crate::kinds::{Kind, MetaLocation};
use crate::words::capitalised;

/// The values a template's variables take.
#[derive(Clone, Debug)]
pub struct Variables<'a> {
    /// `None` for layouts that name files by date (log4brains).
    pub number: Option<u32>,
    pub title: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    pub status: &'a str,
    /// From `git config user.name`, when the edge found one.
    pub author: Option<&'a str>,
}

/// Fills a repository's template. Docwright's variables are `{number}`, `{title}`, `{date}`,
/// `{status}` and `{author}`; any other `{…}` is a placeholder for the author and stays. A
/// template adr-tools reads (`templates/template.md`) writes `NUMBER`, `TITLE`, `DATE` and
/// `STATUS` as whole words instead, and those are filled too when `adr_tools_words` is set.
pub fn render_custom(template: &str, vars: &Variables, adr_tools_words: bool) -> String {
    let number = vars.number.map(|n| n.to_string()).unwrap_or_default();
    let author = vars.author.unwrap_or("");
    let mut out = template
        .replace("{number}", &number)
        .replace("{title}", vars.title)
        .replace("{date}", vars.date)
        .replace("{status}", vars.status)
        .replace("{author}", author);
    if adr_tools_words {
        let status = capitalised(vars.status);
        for (word, value) in [
            ("NUMBER", number.as_str()),
            ("TITLE", vars.title),
            ("DATE", vars.date),
            ("STATUS", status.as_str()),
        ] {
            out = replace_whole_word(&out, word, value);
        }
    }
    out
}

/// Fills a template the way adr-tools' `adr new` does (`sed -e s|NUMBER|…| -e s|TITLE|…|
/// -e s|DATE|…| -e s|STATUS|…|`): on each line, the first occurrence of each word, in that order,
/// wherever it stands (no word boundaries), the number unpadded and the status as given. The
/// title is put in literally, where sed would read `&` and `\\` in it as its own syntax.
pub fn render_adr_tools(template: &str, vars: &Variables) -> String {
    let number = vars.number.map(|n| n.to_string()).unwrap_or_default();
    let status = capitalised(vars.status);
    let words = [
        ("NUMBER", number.as_str()),
        ("TITLE", vars.title),
        ("DATE", vars.date),
        ("STATUS", status.as_str()),
    ];
    template
        .split_inclusive('\n')
        .map(|line| {
            words.iter().fold(line.to_string(), |line, (word, value)| {
                line.replacen(word, value, 1)
            })
        })
        .collect()
}

/// Fills a template the way log4brains does (`createAdrFromTemplate`): the text of the first
/// `# ` title replaced by the title, or a title line put first when there is none; nothing else
/// changes (log4brains leaves the status, date and placeholders as the template has them).
pub fn render_log4brains(template: &str, title: &str) -> String {
    let mut offset = 0;
    let mut in_fence = false;
    for line in template.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && (line.starts_with("# ") || line.trim_end() == "#") {
            let end = offset + line.trim_end_matches(['\n', '\r']).len();
            return format!("{}# {title}{}", &template[..offset], &template[end..]);
        }
        offset += line.len();
    }
    format!("# {title}\n{template}")
}

/// Fills a template the way pyadr does (`update_adr`): the first `# ` line becomes the title,
/// the first `* Status: ` line the status, the first `* Date: ` line the date.
pub fn render_pyadr(template: &str, title: &str, status: &str, date: &str) -> String {
    let text = replace_first_line(template, "# ", &format!("# {title}"));
    let text = replace_first_line(&text, "* Status: ", &format!("* Status: {status}"));
    replace_first_line(&text, "* Date: ", &format!("* Date: {date}"))
}

/// The first line starting with `prefix` replaced by `line` (its line ending kept).
pub fn replace_first_line(text: &str, prefix: &str, line: &str) -> String {
    let mut offset = 0;
    for current in text.split_inclusive('\n') {
        if current.starts_with(prefix) {
            let end = offset + current.trim_end_matches(['\n', '\r']).len();
            return format!("{}{line}{}", &text[..offset], &text[end..]);
        }
        offset += current.len();
    }
    text.to_string()
}

/// MADR 4's marker before an element a team may leave out; MADR's template carries it, and so
/// does Docwright's, before the same elements.
pub const MADR_OPTIONAL: &str = "<!-- This is an optional element. Feel free to remove. -->";

/// The built-in MADR 4 record: the headings, front matter keys and optional-element markers of
/// MADR 4's `adr-template.md`, in Docwright's words. The front matter's unknown values are left
/// empty where MADR writes `{…}` (which YAML reads as a mapping).
pub fn render_madr4(vars: &Variables) -> String {
    let optional = MADR_OPTIONAL;
    let (title, date, status) = (vars.title, vars.date, vars.status);
    format!(
        "---
status: {status}
date: {date}
decision-makers:
consulted:
informed:
---

# {title}

## Context and Problem Statement

{{Describe the situation and the problem in two or three sentences, or as a short story; a question works well. Link the issue or discussion it comes from.}}

{optional}
## Decision Drivers

* {{driver 1: a force or concern that shapes the choice}}
* {{driver 2}}

## Considered Options

* {{title of option 1}}
* {{title of option 2}}
* {{title of option 3}}

## Decision Outcome

Chosen option: \"{{title of option 1}}\", because {{justification: the only option that meets a must-have driver, or the one that comes out best below}}.

{optional}
### Consequences

* Good, because {{a quality that improves}}
* Bad, because {{a quality that suffers}}

{optional}
### Confirmation

{{Describe how compliance with this decision will be confirmed: a review, a test, a fitness function.}}

{optional}
## Pros and Cons of the Options

### {{title of option 1}}

{optional}
{{example | description | pointer to more information}}

* Good, because {{argument a}}
* Neutral, because {{argument b}}
* Bad, because {{argument c}}

### {{title of other option}}

{{example | description | pointer to more information}}

* Good, because {{argument a}}
* Neutral, because {{argument b}}
* Bad, because {{argument c}}

{optional}
## More Information

{{Further evidence for the outcome, the team's agreement, when to revisit this decision, links to related decisions.}}
"
    )
}

/// The kind's built-in template in the layout's form: log4brains keeps the status and date as
/// `- Status:` bullets under the title instead of front matter, pyadr as MADR 2's `* Status:`
/// bullets, dotnet-adr in a `## Status` section under a title without number; the other layouts
/// write what the kind's table says.
pub fn render_builtin(kind: &Kind, tool: Tool, vars: &Variables) -> String {
    let values = TemplateValues {
        number: vars.number.unwrap_or(0),
        title: vars.title,
        today: vars.date,
    };
    // A new document's status is known: the status section gets it, not the list of choices.
    let mut kind = kind.clone();
    for section in &mut kind.sections {
        if kind.status_location == MetaLocation::Section
            && section.name.eq_ignore_ascii_case("status")
        {
            section.template = capitalised(vars.status);
        }
    }
    if kind.name == "madr" && matches!(tool, Tool::Madr | Tool::Docwright) {
        return render_madr4(vars);
    }
    if !matches!(tool, Tool::Log4brains | Tool::DotnetAdr | Tool::Pyadr) {
        let mut text = full_template(&kind, &values);
        if vars.number.is_none() {
            text = text.replacen("# 0. ", "# ", 1);
        }
        return text;
    }
    // These tools write the metadata their own way under a bare `# Title`: the kind's template
    // is rendered without any, and the tool's lines go between the title and the first section.
    let mut bare = kind;
    bare.status_location = MetaLocation::None;
    bare.date_location = MetaLocation::None;
    bare.front_matter_keys.clear();
    bare.title_template = String::from("# {title}");
    if tool == Tool::DotnetAdr {
        // dotnet-adr finds the status by its `## Status` heading, wherever the kind keeps it.
        bare.sections
            .retain(|section| !section.name.eq_ignore_ascii_case("status"));
    }
    let text = full_template(&bare, &values);
    let (title, rest) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
    let metadata = match tool {
        Tool::Log4brains => format!("- Status: {}\n- Date: {}\n", vars.status, vars.date),
        Tool::Pyadr => format!("* Status: {}\n* Date: {}\n", vars.status, vars.date),
        _ => format!("## Status\n\n{}\n", capitalised(vars.status)),
    };
    format!("{title}\n\n{metadata}\n{rest}")
}

fn replace_whole_word(text: &str, word: &str, value: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    while let Some(at) = rest.find(word) {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c))
            && (at > 0 || out.chars().next_back().is_none_or(|c| !is_word_char(c)));
        let after = &rest[at + word.len()..];
        let after_ok = after.chars().next().is_none_or(|c| !is_word_char(c));
        out.push_str(&rest[..at]);
        out.push_str(if before_ok && after_ok { value } else { word });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Variables<'static> {
        Variables {
            number: Some(12),
            title: "Use PostgreSQL",
            date: "2026-11-23",
            status: "proposed",
            author: Some("Ada"),
        }
    }

    #[test]
    fn custom_templates_get_docwrights_variables_and_keep_placeholders() {
        let text = render_custom(
            "# {number}. {title}\n\n{date} by {author}, {status}\n\n{Describe the context.}\n",
            &vars(),
            false,
        );
        assert_eq!(
            text,
            "# 12. Use PostgreSQL\n\n2026-11-23 by Ada, proposed\n\n{Describe the context.}\n"
        );
    }

    #[test]
    fn adr_tools_rendering_replaces_the_first_of_each_word_per_line_as_sed_does() {
        let vars = Variables {
            status: "accepted",
            ..vars()
        };
        let text = render_adr_tools(
            "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\nTITLE TITLES\nno newline DATE",
            &vars,
        );
        assert_eq!(
            text,
            "# 12. Use PostgreSQL\n\nDate: 2026-11-23\n\n## Status\n\nAccepted\n\nUse PostgreSQL TITLES\nno newline 2026-11-23"
        );
    }

    #[test]
    fn log4brains_replaces_only_the_first_title() {
        assert_eq!(
            render_log4brains(
                "# [short title]\n\n- Status: [draft | proposed]\n\n# Other\n",
                "Use X"
            ),
            "# Use X\n\n- Status: [draft | proposed]\n\n# Other\n"
        );
        assert_eq!(
            render_log4brains("```\n# not a title\n```\n", "Use X"),
            "# Use X\n```\n# not a title\n```\n"
        );
    }

    #[test]
    fn adr_tools_templates_get_its_upper_case_words() {
        let text = render_custom(
            "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\nTITLES stay\n",
            &vars(),
            true,
        );
        assert_eq!(
            text,
            "# 12. Use PostgreSQL\n\nDate: 2026-11-23\n\n## Status\n\nProposed\n\nTITLES stay\n"
        );
    }
}
