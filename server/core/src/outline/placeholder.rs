//! Template placeholders left in a document: MADR's `{curly-brace placeholders}`, `TODO`/`TBD`/
//! `FIXME`/`XXX` markers, `???` and `<<[UNRESOLVED]>>` open questions, a lone `…` bullet, and
//! sentences of the built-in templates left unchanged.
//!
//! A section whose body is only these is empty in substance (see
//! [`content::has_real_content`](super::content::has_real_content)), and the
//! `placeholder-text` rule reports each one. Placeholders in code never count: callers pass the
//! code ranges as `excluded`.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::outline::refs::is_excluded;
use crate::position::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PlaceholderKind {
    /// `{title of option 1}`: MADR's curly-brace placeholders.
    Braces,
    /// `TODO`, `TBD`, `FIXME`, `XXX`, `[TODO]`: a marker that something is still to be written.
    Marker,
    /// `???`, `<<[UNRESOLVED]>>`: an open question marked in place.
    Unresolved,
    /// `…` (or `...`) alone on a bullet: the template's "more items go here".
    Ellipsis,
    /// A sentence of a built-in template left unchanged (see [`TEMPLATE_SENTENCES`]).
    TemplateText,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    pub range: TextRange,
    pub kind: PlaceholderKind,
    /// The placeholder as written.
    pub text: String,
}

/// Sentences of the built-in templates that only make sense while the template is unfilled: the
/// Rust RFC template (`0000-template.md`, current and older versions), the Nygard template as
/// adr-tools writes it, and MADR 2's square-bracket placeholders (MADR 3+ uses braces, found by
/// shape instead).
///
/// Written as in the templates, Markdown included; a space matches any run of white space (and
/// block quote markers), so a sentence re-wrapped over two lines, or quoted, still matches.
pub const TEMPLATE_SENTENCES: &[&str] = &[
    // The Rust RFC template.
    "(fill me in with a unique ident, `my_awesome_feature`)",
    "(fill me in with today's date, YYYY-MM-DD)",
    "One paragraph explanation of the feature.",
    "Why are we doing this? What use cases does it support? What is the expected outcome?",
    "Explain the proposal as if it was already included in the language and you were teaching it to another Rust programmer.",
    "Explaining how Rust programmers should *think* about the feature, and how it should impact the way they use Rust.",
    "Introducing new named concepts.",
    "Explaining the feature largely in terms of examples.",
    "If applicable, provide sample error messages, deprecation warnings, or migration guidance.",
    "If applicable, describe the differences between teaching this to existing Rust programmers and new Rust programmers.",
    "This is the technical portion of the RFC. Explain the design in sufficient detail that:",
    "Its interaction with other features is clear.",
    "It is reasonably clear how the feature would be implemented.",
    "Corner cases are dissected by example.",
    "The section should return to the examples given in the previous section, and explain more fully how the detailed proposal makes those examples work.",
    "Why should we *not* do this?",
    "Why is this design the best in the space of possible designs?",
    "What other designs have been considered and what is the rationale for not choosing them?",
    "What other designs have been considered? What is the impact of not doing this?",
    "Discuss prior art, both the good and the bad, in relation to this proposal.",
    "What parts of the design do you expect to resolve through the RFC process before this gets merged?",
    "What parts of the design do you expect to resolve through the implementation of this feature before stabilization?",
    "What parts of the design are still TBD?",
    "What related issues do you consider out of scope for this RFC that could be addressed in the future independently of the solution that comes out of this RFC?",
    "Does this feature exist in other programming languages and what experience have their community had?",
    "If there is no prior art, that is fine - your ideas are interesting to us whether they are brand new or if it is an adaptation from other languages.",
    "Please also take into consideration that rust sometimes intentionally diverges from common language features.",
    "If you have tried and cannot think of any future possibilities, you may simply state that you cannot think of anything.",
    "Think about what the natural extension and evolution of your proposal would be",
    // The Nygard template (adr-tools, adrs).
    "The issue motivating this decision, and any context that influences or constrains the decision.",
    "The change that we're proposing or have agreed to implement.",
    "What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.",
    // MADR 2.x, which wrote its placeholders in square brackets.
    "[short title of solved problem and solution]",
    "[list everyone involved in the decision]",
    "[YYYY-MM-DD when the decision was last updated]",
    "[description | ticket/issue URL]",
    "[Describe the context and problem statement, e.g., in free form using two to three sentences.",
    "[e.g., improvement of quality attribute satisfaction, follows existing decisions, …]",
];

static TEMPLATE_SENTENCE_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = TEMPLATE_SENTENCES
        .iter()
        .map(|sentence| {
            sentence
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"[ \t\r\n>]+")
        })
        .collect();
    Regex::new(&alternatives.join("|")).expect("template sentences escape to a valid pattern")
});

/// A template sentence at the very start of the text searched.
static TEMPLATE_SENTENCE_AT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:{})", TEMPLATE_SENTENCE_PATTERN.as_str()))
        .expect("the template sentence pattern, anchored, is valid")
});

/// What precedes a heading's text on its line: up to three spaces and one to six `#`s.
static ATX_HEADING_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ {0,3}#{1,6}[ \t]+$").expect("the heading prefix pattern is valid")
});

/// `TODO`, `TBD`, `FIXME`, `XXX` as words; `[TODO]`; `<<[UNRESOLVED]>>` and its labelled forms
/// (`<<[UNRESOLVED-naming]>>`); `???` and longer runs. Group 1 is the `Unresolved` alternatives.
static MARKER_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(<<\[UNRESOLVED[^\]\n]*\]>>|\?\?\?+)|\[TODO\]|(?-u:\b)(?:TODO|TBD|FIXME|XXX)(?-u:\b)",
    )
    .expect("the marker pattern is valid")
});

/// `…` or `...`: where a lone-ellipsis bullet may be. Searching for the rare ellipsis first and
/// checking its line afterwards is far faster than testing every line start.
static ELLIPSIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"…|\.\.\.").expect("the ellipsis pattern is valid"));

/// What precedes a lone ellipsis on its line: a bullet or item number.
static BULLET_BEFORE_ELLIPSIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:[*+-]|[0-9]{1,9}[.)])[ \t]+$").expect("the bullet pattern is valid")
});

/// `…` (or `...`) alone on a bullet, optionally followed by a comment, as MADR writes
/// `* … <!-- numbers of options can vary -->`.
fn find_ellipsis_bullets(text: &str, found: &mut Vec<(TextRange, PlaceholderKind)>) {
    for m in ELLIPSIS.find_iter(text) {
        let line_start = text[..m.start()].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        if !BULLET_BEFORE_ELLIPSIS.is_match(&text[line_start..m.start()]) {
            continue;
        }
        let rest = &text[m.end()..];
        let after = rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())].trim();
        if after.is_empty() || after.starts_with("<!--") {
            found.push((
                TextRange::new(m.start(), m.end()),
                PlaceholderKind::Ellipsis,
            ));
        }
    }
}

/// Whether `start..end` is the whole content of a table cell: only spaces between it and a `|`
/// before, and a `|` or the line's end after, on a line that has a `|`.
fn alone_in_table_cell(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| end + i);
    let before = text[line_start..start].trim_end_matches([' ', '\t']);
    let after = text[end..line_end].trim_start_matches([' ', '\t']);
    let bar_before = before.ends_with('|');
    let bar_after = after.starts_with('|');
    (bar_before && (bar_after || after.is_empty())) || (bar_after && before.is_empty())
}

/// Every template placeholder in `text` outside `excluded` (sorted, non-overlapping ranges: code
/// blocks, code spans; HTML comments too, if the caller wants placeholders in comments ignored),
/// in document order and non-overlapping: where two would overlap (a template sentence holding a
/// `{…}`), the one that starts first, or the longer at the same start, wins.
///
/// A placeholder touching an excluded range is dropped, except a template sentence, which is
/// dropped only when it starts in one (the RFC template's prelude holds a code span).
pub fn find_placeholders(text: &str, excluded: &[TextRange]) -> Vec<Placeholder> {
    let mut found: Vec<(TextRange, PlaceholderKind)> = Vec::new();
    find_braces(text, &mut found);
    for caps in MARKER_PATTERN.captures_iter(text) {
        let whole = caps.get(0).expect("group 0 always matches");
        let kind = if caps.get(1).is_some() {
            // `that???` is emphatic prose, not an open question.
            if whole.as_str().starts_with('?') && ends_in_word_char(&text[..whole.start()]) {
                continue;
            }
            // `| ??? |`, alone in a table cell, says "nothing here" or "unknown" of that cell
            // (a chart with a gap in it), not that the author still has to write something.
            if whole.as_str().starts_with('?')
                && alone_in_table_cell(text, whole.start(), whole.end())
            {
                continue;
            }
            PlaceholderKind::Unresolved
        } else {
            // `"TBD"` in quotes names the marker ("referred to as \"TBD\" behaviour"); it
            // marks nothing.
            if is_quoted(text, whole.start(), whole.end())
                || in_quoted_phrase(text, whole.start(), whole.end())
                || is_defined_abbreviation(text, whole.start(), whole.end())
            {
                continue;
            }
            PlaceholderKind::Marker
        };
        found.push((TextRange::new(whole.start(), whole.end()), kind));
    }
    find_ellipsis_bullets(text, &mut found);
    for m in TEMPLATE_SENTENCE_PATTERN.find_iter(text) {
        // Authors often answer the template's questions under headings that repeat them
        // ("### What other designs have been considered…"): a heading is not leftover text.
        let line_start = text[..m.start()].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        if ATX_HEADING_PREFIX.is_match(&text[line_start..m.start()]) {
            continue;
        }
        // Nor is a question of the template kept as a prompt and answered below it.
        if m.as_str().ends_with('?') && answered_below(text, m.end()) {
            continue;
        }
        found.push((
            TextRange::new(m.start(), m.end()),
            PlaceholderKind::TemplateText,
        ));
    }

    found.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let mut placeholders: Vec<Placeholder> = Vec::with_capacity(found.len());
    for (range, kind) in found {
        if placeholders
            .last()
            .is_some_and(|last| last.range.end > range.start)
        {
            continue;
        }
        // A template sentence may hold code (the RFC prelude's `my_awesome_feature`): it is code
        // only when it starts in code. Anything else touching code is code.
        let in_code = if kind == PlaceholderKind::TemplateText {
            is_excluded(excluded, TextRange::empty(range.start))
        } else {
            is_excluded(excluded, range)
        };
        if in_code {
            continue;
        }
        placeholders.push(Placeholder {
            range,
            kind,
            text: range.slice(text).to_string(),
        });
    }
    placeholders
}

/// Whether `start..end` is wrapped in quotes: `"TBD"`, `“TBD”`, `'TBD'`.
fn is_quoted(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('“'), Some('”'))
            | (Some('\''), Some('\''))
            | (Some('‘'), Some('’'))
    )
}

/// How far (in bytes) a quoted phrase around a marker may reach: `"TBD behavior"`.
const QUOTED_PHRASE_REACH: usize = 80;

/// Whether `start..end` opens or closes a quoted phrase of the same paragraph (`"TBD
/// behavior"`, `"Stabilizing "TBD" behavior"`): the marker is named, not used.
fn in_quoted_phrase(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let paragraph_after = text[end..]
        .find("\n\n")
        .map_or(&text[end..], |i| &text[end..end + i]);
    let paragraph_before = text[..start]
        .rfind("\n\n")
        .map_or(&text[..start], |i| &text[i..start]);
    let near_after = &paragraph_after[..floor_boundary(paragraph_after, QUOTED_PHRASE_REACH)];
    let near_before = {
        let from = paragraph_before.len().saturating_sub(QUOTED_PHRASE_REACH);
        let mut from = from;
        while !paragraph_before.is_char_boundary(from) {
            from += 1;
        }
        &paragraph_before[from..]
    };
    (matches!(before, Some('"' | '“')) && near_after.contains(['"', '”']))
        || (matches!(after, Some('"' | '”')) && near_before.contains(['"', '“']))
}

/// The largest char boundary of `text` at or below `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether the marker at `start..end` is an abbreviation being defined: in parentheses after
/// the words it abbreviates (`"To Be Determined" (TBD)`).
fn is_defined_abbreviation(text: &str, start: usize, end: usize) -> bool {
    let Some(before) = text[..start].strip_suffix('(') else {
        return false;
    };
    if !text[end..].starts_with(')') {
        return false;
    }
    let letters: Vec<char> = text[start..end].chars().collect();
    let words: Vec<&str> = before
        .split_whitespace()
        .rev()
        .take(letters.len())
        .collect();
    words.len() == letters.len()
        && words.iter().rev().zip(&letters).all(|(word, letter)| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
                .is_some_and(|c| c.eq_ignore_ascii_case(letter))
        })
}

/// Whether the template question ending at `end` is answered: after it, past blank lines and
/// other questions (lines ending in `?`, as the template lists them), comes a line of the
/// author's own before the next heading.
fn answered_below(text: &str, end: usize) -> bool {
    let Some(next_line) = text[end..].find('\n').map(|i| end + i + 1) else {
        return false;
    };
    let mut offset = next_line;
    for line in text[next_line..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line
            .trim()
            .trim_start_matches('>')
            .trim()
            .trim_start_matches(['-', '*', '+'])
            .trim();
        if content.is_empty() || content.ends_with('?') {
            continue;
        }
        if content.starts_with('#') {
            return false;
        }
        // Another sentence of the template (possibly wrapped over lines) is no answer.
        let content_start = line_start + line.find(content).unwrap_or(0);
        return !TEMPLATE_SENTENCE_AT_START.is_match(&text[content_start..]);
    }
    false
}

fn ends_in_word_char(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// MADR's curly-brace placeholders: `{` directly followed by a letter, closed on the same line
/// (nested `{force}` allowed), holding words rather than code. `{}`, `{ x: u32 }`, `{0}`, `{:?}`,
/// `{x}`, `${HOME}`, `{{mustache}}` and `{a => b}` are not placeholders, and neither are braces
/// in a path or URL (`/pods/{name}`), a set of words (`{list, watch}`), or one plain word
/// (`{citationkey}`, a grammar's `{Clause}`) outside a line of a built-in template: a template
/// asks in phrases (`{title of option 1}`, `{decision-makers}`), and where it asks in one word
/// (`* {goal}`) it is that template's line, left as the template wrote it.
///
/// One unterminated form is accepted: MADR 4's own template writes its status placeholder without
/// the closing brace (`"{proposed | rejected | … | superseded by ADR-0123"`), so a `{` whose line
/// ends unclosed counts when it offers `|` alternatives; the range then stops before a closing
/// quote.
fn find_braces(text: &str, found: &mut Vec<(TextRange, PlaceholderKind)>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = text[from..].find('{') {
        let start = from + offset;
        from = start + 1;
        let preceded_by = start.checked_sub(1).map(|i| bytes[i]);
        if matches!(preceded_by, Some(b'\\' | b'$' | b'%' | b'#' | b'{' | b':')) {
            continue;
        }
        if !text[start + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
        {
            continue;
        }
        let Some(end) = brace_placeholder_end(text, start) else {
            continue;
        };
        if in_path_or_url(text, start, end)
            || (bytes[end - 1] == b'}'
                && is_plain_word(&text[start + 1..end - 1])
                && !on_a_template_line(text, start))
        {
            continue;
        }
        found.push((TextRange::new(start, end), PlaceholderKind::Braces));
        from = end;
    }
}

/// Whether the braces at `start..end` are part of a path or URL: `/pods/{name}`,
/// `{base}/api/v1`, `https://example.com/{org}/{repo}`.
fn in_path_or_url(text: &str, start: usize, end: usize) -> bool {
    let token_start = text[..start]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '"' | '\''))
        .map_or(0, |i| i + 1);
    let token_end = text[end..]
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\''))
        .map_or(text.len(), |i| end + i);
    let before = &text[token_start..start];
    let after = &text[end..token_end];
    before.ends_with('/') || after.starts_with('/') || before.contains("://")
}

/// One word (`citationkey`, `Clause`, `name`), or a set of them (`list, watch`): what braces
/// hold in prose, grammars and APIs. A word written in a script without spaces between words
/// (`選択肢のタイトル`) is a phrase, and a compound (`decision-makers`, `title_of_option`) is
/// several words.
fn is_plain_word(inner: &str) -> bool {
    let word = |w: &str| {
        let w = w.trim();
        !w.is_empty()
            && w.chars().all(|c| c.is_alphanumeric())
            && !w.chars().any(|c| c >= '\u{2E80}')
    };
    let items: Vec<&str> = inner.split(',').collect();
    items.iter().all(|item| word(item)) && (items.len() == 1 || inner.contains(", "))
}

/// Lines of the built-in kinds' section templates that hold a one-word placeholder (`* {goal}`,
/// `| {action} | … | {owner} | {issue} |`), trimmed.
static TEMPLATE_LINES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut lines: Vec<String> = crate::kinds::builtin::builtin_kinds()
        .iter()
        .flat_map(|kind| kind.sections.iter())
        .flat_map(|section| section.template.lines().map(str::trim).map(str::to_string))
        .filter(|line| line.contains('{'))
        .collect();
    lines.sort();
    lines.dedup();
    lines
});

/// Whether the line holding `offset` is, trimmed, a line of a built-in template.
fn on_a_template_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim();
    TEMPLATE_LINES
        .binary_search_by(|l| l.as_str().cmp(line))
        .is_ok()
}

/// Characters that make braced text read as code or markup rather than a placeholder.
const CODE_LIKE: [char; 4] = ['`', '<', '>', '='];

/// The longest placeholder looked for, in bytes: MADR's longest is under 400.
const MAX_PLACEHOLDER_LEN: usize = 1000;

/// What follows the brace at `line[0]` on its line.
enum BraceScan {
    /// Closed at this byte index (nested braces counted).
    Closed(usize),
    /// Still open at the end of the line, which ends at this byte index.
    Open(usize),
    /// Code-like characters, or braces nested deeper than MADR's one level (`{… {force} …}`).
    NotPlaceholder,
}

/// Stopping at a second level of nesting keeps the scan short: a line of `{{{…` or JSON ends it
/// within three braces.
fn scan_braces(window: &str) -> BraceScan {
    let mut depth = 0usize;
    for (i, c) in window.char_indices() {
        match c {
            '\n' | '\r' => return BraceScan::Open(i),
            '{' if depth == 2 => return BraceScan::NotPlaceholder,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return BraceScan::Closed(i);
                }
            }
            c if CODE_LIKE.contains(&c) => return BraceScan::NotPlaceholder,
            _ => {}
        }
    }
    BraceScan::Open(window.len())
}

/// Where the placeholder opened at `start` ends (exclusive), or `None` when it is not one.
fn brace_placeholder_end(text: &str, start: usize) -> Option<usize> {
    // Looking no further than MAX_PLACEHOLDER_LEN keeps the scan linear on a long line full of
    // braces (minified JSON pasted in prose).
    let mut window_end = (start + MAX_PLACEHOLDER_LEN).min(text.len());
    while !text.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let window = &text[start..window_end];
    let (inner, end) = match scan_braces(window) {
        BraceScan::Closed(close) => (&window[1..close], start + close + 1),
        // Only a line that ends inside the window is known to leave the brace open.
        BraceScan::Open(line_end) if line_end < window.len() || window_end == text.len() => {
            let line = &window[..line_end];
            let inner = line[1..].trim_end().trim_end_matches(['"', '\'']);
            if !inner.contains(" | ") {
                return None;
            }
            (inner, start + 1 + inner.len())
        }
        BraceScan::Open(_) | BraceScan::NotPlaceholder => return None,
    };
    if inner.contains("::") || inner.contains("||") || inner.contains("&&") {
        return None;
    }
    // A single word must look like one (`{title}`, `{decision-makers}`), not like code (`{x}`,
    // `{T1}`, `{self}` is rare enough in prose to accept).
    let is_single_word = !inner.contains(char::is_whitespace);
    if is_single_word {
        let letters = inner.chars().filter(|c| c.is_alphabetic()).count();
        let wordish = inner
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '_' || c == '…');
        if letters < 2 || !wordish {
            return None;
        }
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::test_texts::generated_texts;

    fn found(text: &str) -> Vec<(PlaceholderKind, &str)> {
        find_placeholders(text, &[])
            .into_iter()
            .map(|p| (p.kind, p.range.slice(text)))
            .collect()
    }

    use PlaceholderKind::*;

    #[test]
    fn a_marker_named_in_a_quoted_phrase_or_defined_is_no_placeholder() {
        assert!(found("\"To Be Determined\" (TBD). This means").is_empty());
        assert!(found("referred to as \"TBD\nbehavior\" below").is_empty());
        assert!(found("until all [\"TBD behavior\"][q] is defined").is_empty());
        assert!(found("### Stabilizing unspecified \"TBD\" behavior").is_empty());
        // Still a marker: in parentheses after other words, or a quote far away.
        assert_eq!(found("Best practices (TBD)."), [(Marker, "TBD")]);
        assert_eq!(found("- Feature Name: TBD"), [(Marker, "TBD")]);
        assert_eq!(found("He said \"yes\".\n\nTBD"), [(Marker, "TBD")]);
    }

    #[test]
    fn never_panics_and_ranges_are_sound() {
        for text in generated_texts() {
            let found = find_placeholders(&text, &[]);
            for pair in found.windows(2) {
                assert!(pair[0].range.end <= pair[1].range.start, "{text:?}");
            }
            for p in &found {
                assert!(text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end));
                assert_eq!(p.range.slice(&text), p.text);
            }
        }
    }

    #[test]
    fn madr_template_lines() {
        let text = "* {title of option 1}\n\
                    * … <!-- numbers of options can vary -->\n\
                    Chosen option: \"{title of option 1}\", because {justification. e.g., only \
                    option, which meets k.o. criterion decision driver | which resolves force \
                    {force} | … | comes out best (see below)}.\n";
        assert_eq!(
            found(text),
            vec![
                (Braces, "{title of option 1}"),
                (Ellipsis, "…"),
                (Braces, "{title of option 1}"),
                (
                    Braces,
                    "{justification. e.g., only option, which meets k.o. criterion decision \
                     driver | which resolves force {force} | … | comes out best (see below)}"
                ),
            ]
        );
    }

    #[test]
    fn every_placeholder_of_the_madr_template_is_found() {
        let template = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/madr/template/adr-template.md"
        ))
        .unwrap();
        let placeholders = find_placeholders(&template, &[]);
        // Every line that holds a `{` holds a placeholder starting at its first `{`.
        for (number, line) in template.lines().enumerate() {
            if let Some(brace) = line.find('{') {
                let line_start = line.as_ptr() as usize - template.as_ptr() as usize;
                assert!(
                    placeholders
                        .iter()
                        .any(|p| p.range.start == line_start + brace),
                    "line {} has an unfound placeholder: {line}",
                    number + 1
                );
            }
        }
        let status = placeholders
            .iter()
            .find(|p| p.text.starts_with("{proposed"))
            .expect("the unterminated status placeholder");
        assert_eq!(
            status.text,
            "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123"
        );
        let ellipses = placeholders.iter().filter(|p| p.kind == Ellipsis).count();
        // Decision drivers, options, consequences, and the pros and cons of both options.
        assert_eq!(ellipses, 5);
    }

    #[test]
    fn braces_in_prose_and_code_like_text_are_not_placeholders() {
        let text = "Use {} or { x: u32 } or {0} or {:?} or {x} or ${HOME} or {{name}} or \
                    {a => b} or {T1} or Foo::{Bar, Baz} or {a || b} or \\{escaped}.";
        assert_eq!(found(text), vec![]);
    }

    #[test]
    fn long_lines_of_braces_stay_linear() {
        // 200 KB on one line: every `{` opens a candidate; none may rescan the whole line.
        let line = "{a b | c ".repeat(25_000);
        let started = std::time::Instant::now();
        let found = find_placeholders(&line, &[]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Only the braces at the very end see their line end, with `|` alternatives: MADR's
        // unterminated form. Every other one is nested too deep to be a placeholder.
        assert_eq!(found.len(), 1);
        assert!(found[0].range.start >= line.len() - 2 * "{a b | c ".len());
        let closed = "{title of option} ".repeat(20_000);
        assert_eq!(find_placeholders(&closed, &[]).len(), 20_000);
    }

    #[test]
    fn braces_in_urls_sets_and_single_words_are_not_placeholders() {
        let text = "The label reads {citationkey} for now. A rule is Rule ::= {Clause}.\n\
                    GET /pods/{name} and https://example.com/{org}/repo and {base}/api.\n\
                    The verbs {list, watch} are enough.\n";
        assert_eq!(found(text), vec![]);
    }

    #[test]
    fn template_phrases_and_template_lines_still_are() {
        let text = "* {goal}\n\
                    | {action} | {prevent \\| mitigate \\| detect} | {owner} | {issue} |\n\
                    Ask {decision-makers} and {title of option 1}, see {a, b or c}.\n";
        let texts: Vec<&str> = found(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            texts,
            vec![
                "{goal}",
                "{action}",
                "{prevent \\| mitigate \\| detect}",
                "{owner}",
                "{issue}",
                "{decision-makers}",
                "{title of option 1}",
                "{a, b or c}",
            ]
        );
    }

    #[test]
    fn unterminated_brace_without_alternatives_is_prose() {
        assert_eq!(found("An open {brace that never closes\nand more}"), vec![]);
    }

    #[test]
    fn markers_and_open_questions() {
        let text = "TODO: write this. The syntax is TBD; FIXME and XXX too. [TODO] \
                    <<[UNRESOLVED]>> <<[UNRESOLVED-naming]>> ??? ?????";
        assert_eq!(
            found(text),
            vec![
                (Marker, "TODO"),
                (Marker, "TBD"),
                (Marker, "FIXME"),
                (Marker, "XXX"),
                (Marker, "[TODO]"),
                (Unresolved, "<<[UNRESOLVED]>>"),
                (Unresolved, "<<[UNRESOLVED-naming]>>"),
                (Unresolved, "???"),
                (Unresolved, "?????"),
            ]
        );
    }

    #[test]
    fn markers_need_word_boundaries_and_upper_case() {
        let text = "TODOs are tracked; todo is prose; XXXL is a size; TBDs; Can you do that???";
        assert_eq!(found(text), vec![]);
    }

    #[test]
    fn ellipsis_only_alone_on_a_bullet() {
        let text = "- …\r\n1. ...\r\n* … and more\nAnd so on …\n  + …   \n";
        assert_eq!(
            found(text),
            vec![(Ellipsis, "…"), (Ellipsis, "..."), (Ellipsis, "…")]
        );
    }

    #[test]
    fn template_sentences_even_rewrapped_or_quoted() {
        let text = "# Drawbacks\n\nWhy should we *not* do this?\n\n> Think about what the \
                    natural extension and evolution of your proposal\nwould be\n\n\
                    Why should we not do this? (rewritten, so not the template)\n";
        assert_eq!(
            found(text),
            vec![
                (TemplateText, "Why should we *not* do this?"),
                (
                    TemplateText,
                    "Think about what the natural extension and evolution of your proposal\nwould be"
                ),
            ]
        );
    }

    #[test]
    fn template_questions_kept_as_prompts_and_answered_are_not_leftovers() {
        let answered = "## Rationale and alternatives\n\n> Why is this design the best in the space \
                        of possible designs?\n\nIt reuses the rules the team already applies.\n";
        assert_eq!(found(answered), vec![]);
        let listed = "## Rationale\n\n- Why is this design the best in the space of possible \
                      designs?\n- What other designs have been considered and what is the \
                      rationale for not choosing them?\n\n## Prior art\n";
        assert_eq!(found(listed).len(), 2);
        let quoted_marker = "it is \"TBD\" behaviour, and “TBD” in prose; TBD here\n";
        assert_eq!(found(quoted_marker), vec![(Marker, "TBD")]);
    }

    #[test]
    fn template_sentence_wrapped_inside_a_block_quote() {
        let text = "> If you have tried and cannot think of any future possibilities,\n\
                    > you may simply state that you cannot think of anything.\n";
        assert_eq!(found(text).len(), 1);
        assert_eq!(found(text)[0].1, &text[2..text.len() - 1]);
    }

    #[test]
    fn template_questions_as_headings_are_not_leftovers() {
        let text = "### What other designs have been considered and what is the rationale for not \
                    choosing them?\n\nWe considered X.\n\n- Its interaction with other features is \
                    clear.\n";
        assert_eq!(
            found(text),
            vec![(
                TemplateText,
                "Its interaction with other features is clear."
            )]
        );
    }

    #[test]
    fn rfc_prelude_left_unfilled() {
        let text = "- Feature Name: (fill me in with a unique ident, `my_awesome_feature`)\n\
                    - Start Date: (fill me in with today's date, YYYY-MM-DD)\n";
        let kinds: Vec<_> = found(text).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, vec![TemplateText, TemplateText]);
    }

    #[test]
    fn a_template_sentence_holding_a_code_span_still_counts() {
        let text = "- Feature Name: (fill me in with a unique ident, `my_awesome_feature`)\n";
        let span_start = text.find('`').unwrap();
        let span = TextRange::new(span_start, span_start + "`my_awesome_feature`".len());
        let found = find_placeholders(text, &[span]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, TemplateText);
        // But a sentence that starts inside code is code.
        let quoted = "```\nWhy should we *not* do this?\n```\n";
        assert!(find_placeholders(quoted, &[TextRange::new(0, quoted.len())]).is_empty());
    }

    #[test]
    fn excluded_ranges_hide_placeholders() {
        let text = "```\nTODO in code\n```\nTODO outside and `{title in code}`";
        let fence = TextRange::new(0, text.find("\nTODO outside").unwrap());
        let span_start = text.find("`{title").unwrap();
        let span = TextRange::new(span_start, text.len());
        let found: Vec<&str> = find_placeholders(text, &[fence, span])
            .iter()
            .map(|p| p.range.slice(text))
            .collect();
        assert_eq!(found, vec!["TODO"]);
        assert_eq!(
            find_placeholders(text, &[fence, span])[0].range.start,
            fence.end + 1
        );
    }

    #[test]
    fn cjk_and_emoji_placeholders_keep_byte_ranges() {
        let text = "決定 🎉 {選択肢のタイトル} TODO 終わり";
        let found = find_placeholders(text, &[]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "{選択肢のタイトル}");
        assert_eq!(found[0].range.slice(text), "{選択肢のタイトル}");
        assert_eq!(found[1].range.slice(text), "TODO");
    }

    #[test]
    fn question_marks_alone_in_a_table_cell_mark_a_gap_not_a_question() {
        let text = "`Vec<T>` | `String`\n---|---\n`[T; N]` | ???\n| ??? | x |\nWhich one? ??? then\n| a ??? b |\n";
        let found: Vec<&str> = find_placeholders(text, &[])
            .iter()
            .map(|p| p.range.slice(text))
            .collect();
        assert_eq!(
            found,
            vec!["???", "???"],
            "only the two outside a cell of their own"
        );
        let last = text.rfind("???").unwrap();
        assert_eq!(
            find_placeholders(text, &[]).last().unwrap().range.start,
            last
        );
    }
}
