//! Metadata wherever the template keeps it: front matter (YAML via serde-saphyr, TOML), Nygard's
//! `Date:` line and `## Status` section, MADR 2's bullet list, the Rust RFC prelude; and the
//! document's number from its file name, front matter or title.
//!
//! Fields come out in a fixed order of trust: front matter first (in written order), then the
//! lines and bullets before the first section, then `## Status` / `## Date` sections. So
//! [`Outline::meta`](super::Outline::meta), which returns the first field with a key, prefers
//! front matter when a document states a value twice.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::outline::normalize::heading_plain_text;
use crate::outline::refs::{REF_PREFIXES, html_comments};
use crate::outline::{
    DocNumber, DocNumberSource, FrontMatterBlock, FrontMatterFormat, Heading, MetaField,
    MetaSource, Outline, OutlineProblem, Section,
};
use crate::position::TextRange;

pub struct MetadataInput<'a> {
    pub text: &'a str,
    pub front_matter: Option<&'a FrontMatterBlock>,
    pub headings: &'a [Heading],
    pub title: Option<usize>,
    pub sections: &'a [Section],
    /// The file name (no folders), when the document has one: `0007-use-postgres.md`.
    pub file_name: Option<&'a str>,
}

#[derive(Debug, Default)]
pub struct ExtractedMetadata {
    pub fields: Vec<MetaField>,
    pub number: Option<DocNumber>,
    pub problems: Vec<OutlineProblem>,
}

/// Every metadata field of the document, its number, and the problems met on the way (front
/// matter that does not parse). Never fails.
///
/// Needs `headings` with `text` and `normalized` filled, `title`, and the section tree (for
/// `## Status`): call it last when building an outline.
pub fn extract(input: &MetadataInput) -> ExtractedMetadata {
    let mut out = ExtractedMetadata::default();
    if let Some(block) = input.front_matter {
        front_matter_fields(input.text, block, &mut out);
    }
    preamble_fields(input, &mut out.fields);
    section_fields(input, &mut out.fields);
    out.number = doc_number(input, &out.fields);
    out
}

/// A metadata key as stored: lower case, `_`, `/`, `.` and spaces as `-`, other punctuation dropped:
/// "Decision Maker(s)" → `decision-makers`, `nav_order` → `nav-order`, "RFC PR" → `rfc-pr`.
pub fn normalize_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if matches!(c, '-' | '_' | ' ' | '\t' | '/' | '.') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

// ---------------------------------------------------------------------------------------------
// Front matter

fn front_matter_fields(text: &str, block: &FrontMatterBlock, out: &mut ExtractedMetadata) {
    let content = block.content.slice(text);
    let (entries, problem) = match block.format {
        FrontMatterFormat::Yaml => parse_yaml(content, block),
        FrontMatterFormat::Toml => match parse_toml(content, block) {
            Ok(entries) => (entries, None),
            Err(problem) => (Vec::new(), Some(problem)),
        },
    };
    out.problems.extend(problem);
    let lines = lines_with_offsets(content);
    let key_lines = written_keys(&lines, block.format);
    let mut fields: Vec<MetaField> = entries
        .into_iter()
        .map(|(key, value)| {
            let written = key_lines
                .get(key.as_str())
                .and_then(|&index| locate_value_at(&lines, index, &key, block.format));
            let value_range = written.map_or(TextRange::empty(block.content.start), |r| {
                TextRange::new(block.content.start + r.start, block.content.start + r.end)
            });
            MetaField {
                key: normalize_key(&key),
                value: value_string(&value, value_range.slice(text)),
                value_range,
                source: MetaSource::FrontMatter,
                later_values: Vec::new(),
            }
        })
        .collect();
    // serde_json's map is sorted by key; the document's order is the one people expect.
    fields.sort_by_key(|f| f.value_range.start);
    out.fields.extend(fields);
}

/// The top-level entries of YAML front matter, and the problem with it if any. A duplicated key
/// is reported but does not hide the other fields: the first value wins, as most YAML readers
/// (Jekyll, Hugo) would show it.
fn parse_yaml(
    content: &str,
    block: &FrontMatterBlock,
) -> (Vec<(String, serde_json::Value)>, Option<OutlineProblem>) {
    let not_a_mapping = || OutlineProblem {
        range: block.content,
        message: "front matter is not a mapping of keys to values".to_string(),
    };
    let error = match serde_saphyr::from_str::<serde_json::Value>(content) {
        Ok(serde_json::Value::Object(map)) => return (map.into_iter().collect(), None),
        Ok(serde_json::Value::Null) => return (Vec::new(), None),
        Ok(_) => return (Vec::new(), Some(not_a_mapping())),
        Err(error) => error,
    };
    let range = error.location().map_or(block.range, |loc| {
        let at = offset_of_line_col(content, loc.line(), loc.column());
        let line_end = content[at..]
            .find(['\n', '\r'])
            .map_or(content.len(), |i| at + i);
        TextRange::new(block.content.start + at, block.content.start + line_end)
    });
    let problem = OutlineProblem {
        range,
        message: format!(
            "front matter is not valid YAML: {}",
            yaml_error_message(&error)
        ),
    };
    let mut entries = Vec::new();
    if matches!(
        error.without_snippet(),
        serde_saphyr::Error::DuplicateMappingKey { .. }
    ) {
        let first_wins = serde_saphyr::options! {
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::FirstWins,
        };
        if let Ok(serde_json::Value::Object(map)) =
            serde_saphyr::from_str_with_options::<serde_json::Value>(content, first_wins)
        {
            entries = map.into_iter().collect();
        }
    }
    (entries, Some(problem))
}

/// serde-saphyr's message without its rendered snippet, position prefix or API advice.
fn yaml_error_message(error: &serde_saphyr::Error) -> String {
    static POSITION_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:error:\s*)?(?:line \d+ column \d+:\s*)?").expect("valid pattern")
    });
    let rendered = error.to_string();
    let first_line = rendered.lines().next().unwrap_or_default();
    let message = POSITION_PREFIX.replace(first_line, "");
    let message = message
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or_default();
    message.trim().to_string()
}

/// Byte offset of a 1-based line and 1-based column (in characters) within `content`, clamped.
fn offset_of_line_col(content: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match content[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return content.len(),
        }
    }
    let line_text = &content[offset..];
    let line_text = &line_text[..line_text.find(['\n', '\r']).unwrap_or(line_text.len())];
    let column = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    offset
        + line_text
            .char_indices()
            .nth(column)
            .map_or(line_text.len(), |(i, _)| i)
}

fn parse_toml(
    content: &str,
    block: &FrontMatterBlock,
) -> Result<Vec<(String, serde_json::Value)>, OutlineProblem> {
    match toml::from_str::<toml::Table>(content) {
        Ok(table) => Ok(table
            .into_iter()
            .map(|(key, value)| (key, toml_to_json(value)))
            .collect()),
        Err(error) => {
            let range = error.span().map_or(block.range, |span| {
                let start = span.start.min(content.len());
                let end = span.end.clamp(start, content.len());
                let end = if end == start {
                    content[start..]
                        .find(['\n', '\r'])
                        .map_or(content.len(), |i| start + i)
                } else {
                    end
                };
                TextRange::new(block.content.start + start, block.content.start + end)
            });
            Err(OutlineProblem {
                range,
                message: format!("front matter is not valid TOML: {}", error.message().trim()),
            })
        }
    }
}

/// A TOML value as JSON, dates as their written text (serde would give toml's private wrapper).
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => Json::from(f),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Json::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Where the value of top-level `key` is written inside the front matter `content`: the rest of
/// the `key:` (`key =`) line, quotes included and a trailing comment excluded; or, for a value
/// written on the following lines (a block list, `|` text), those lines.
fn separator_of(format: FrontMatterFormat) -> char {
    match format {
        FrontMatterFormat::Yaml => ':',
        FrontMatterFormat::Toml => '=',
    }
}

/// What follows `key` on `line` once the separator is passed, if `line` writes `key` (bare or
/// quoted) followed by the separator (and, in YAML, a space or the end of the line).
fn after_separator<'l>(line: &'l str, key: &str, separator: char) -> Option<&'l str> {
    let rest = strip_written_key(line, key)?;
    let rest = rest
        .trim_start_matches([' ', '\t'])
        .strip_prefix(separator)?;
    let yaml_needs_space = separator == ':' && !rest.is_empty() && !rest.starts_with([' ', '\t']);
    (!yaml_needs_space).then_some(rest)
}

/// The key each line writes, mapped to the first line that writes it: one pass over the front
/// matter, so that locating all of its keys is linear (looking each key up line by line took
/// minutes on 100,000 keys). A bare key ends before the first separator that is followed by a
/// blank or the end of the line (in YAML; any `=` in TOML), blanks before it excluded; a quoted
/// key, at the first closing quote followed by blanks and the separator.
fn written_keys<'t>(
    lines: &[(usize, &'t str)],
    format: FrontMatterFormat,
) -> HashMap<&'t str, usize> {
    let separator = separator_of(format);
    let ends_key = |rest: &str| {
        let Some(after) = rest.strip_prefix(separator) else {
            return false;
        };
        separator != ':' || after.is_empty() || after.starts_with([' ', '\t'])
    };
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for (index, &(_, line)) in lines.iter().enumerate() {
        if let Some((at, _)) = line
            .match_indices(separator)
            .find(|&(at, _)| ends_key(&line[at..]))
        {
            let key = line[..at].trim_end_matches([' ', '\t']);
            keys.entry(key).or_insert(index);
        }
        for quote in ['"', '\''] {
            let Some(inner) = line.strip_prefix(quote) else {
                continue;
            };
            if let Some((at, _)) = inner
                .match_indices(quote)
                .find(|&(at, _)| ends_key(inner[at + 1..].trim_start_matches([' ', '\t'])))
            {
                keys.entry(&inner[..at]).or_insert(index);
            }
        }
    }
    keys
}

/// The value of `key` written on line `index` (see [`written_keys`]): on that line, or on the
/// lines below for a block value.
fn locate_value_at(
    lines: &[(usize, &str)],
    index: usize,
    key: &str,
    format: FrontMatterFormat,
) -> Option<TextRange> {
    let separator = separator_of(format);
    let (line_start, line) = lines[index];
    let rest = after_separator(line, key, separator)?;
    let after_key = line.len() - rest.len();
    let rest = &line[after_key..];
    let value_start = after_key + (rest.len() - rest.trim_start().len());
    let inline = strip_trailing_comment(&line[value_start..]);
    let is_block_indicator = format == FrontMatterFormat::Yaml
        && (inline.is_empty() || inline.starts_with(['|', '>']) && inline.len() <= 3);
    if !is_block_indicator {
        let start = line_start + value_start;
        return Some(TextRange::new(start, start + inline.len()));
    }
    // The value continues on the lines below: indented ones, or `- item`s (YAML allows a block
    // list at the key's own indentation).
    let mut block: Option<TextRange> = None;
    for &(start, following) in &lines[index + 1..] {
        let continues = following.trim().is_empty()
            || following.starts_with([' ', '\t'])
            || following.starts_with("- ")
            || following == "-";
        if !continues {
            break;
        }
        if following.trim().is_empty() {
            continue;
        }
        let indent = following.len() - following.trim_start().len();
        let range = TextRange::new(start + indent, start + following.trim_end().len());
        block = Some(block.map_or(range, |b| TextRange::new(b.start, range.end)));
    }
    block.or_else(|| {
        let start = line_start + value_start;
        Some(TextRange::new(start, start + inline.len()))
    })
}

/// The rest of `line` after `key` written at the start of the line, bare or quoted.
fn strip_written_key<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    if let Some(rest) = line.strip_prefix(key) {
        return Some(rest);
    }
    for quote in ['"', '\''] {
        if let Some(rest) = line
            .strip_prefix(quote)
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix(quote))
        {
            return Some(rest);
        }
    }
    None
}

/// A value's text without a trailing ` # comment` (outside quotes) and trailing white space.
fn strip_trailing_comment(value: &str) -> &str {
    value[..comment_start(value).unwrap_or(value.len())].trim_end()
}

/// Where a value's trailing ` # comment` starts: a `#` after white space (or first), outside
/// the quotes a quoted value opens with.
fn comment_start(value: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && i == 0 => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return Some(i),
            None => {}
        }
        previous = c;
    }
    None
}

/// The comments of a front matter block, each to the end of its line: a line that starts with
/// `#`, and what follows a value as the values are read (see [`strip_trailing_comment`]), the
/// value being what follows the key's separator or a list item's `- `.
pub fn front_matter_comments(text: &str, block: &FrontMatterBlock) -> Vec<TextRange> {
    let separator = separator_of(block.format);
    let mut comments = Vec::new();
    let mut offset = block.content.start;
    for line in block.content.slice(text).split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let line = line.trim_end();
        let body = line.trim_start();
        let body_start = line.len() - body.len();
        let value_start = match body.find(separator) {
            _ if body.starts_with('#') => body_start,
            Some(at) => body_start + at + separator.len_utf8(),
            None => body_start + body.strip_prefix("- ").map_or(0, |_| 2),
        };
        let value = line[value_start..].trim_start();
        let value_start = line.len() - value.len();
        if let Some(at) = comment_start(value) {
            comments.push(TextRange::new(
                line_start + value_start + at,
                line_start + line.len(),
            ));
        }
    }
    comments
}

/// A parsed value as one string: scalars as written when they are not strings (`1.10` stays
/// `1.10`), lists joined with ", ", and a mapping as written (MADR's template writes
/// `date: {YYYY-MM-DD …}`, which YAML reads as a mapping, and its placeholder must survive).
fn value_string(value: &serde_json::Value, written: &str) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) if !written.is_empty() && !written.contains('\n') => {
            written.to_string()
        }
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|item| value_string(item, ""))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) if !written.is_empty() && !written.contains('\n') => written.to_string(),
        Value::Object(_) => value.to_string(),
    }
}

/// `(byte offset, line without its line break)` for every line of `text`.
fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end]);
        lines.push((start, line));
        start = end + 1;
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Lines and bullets before the first section

/// `Key: value`, `* Key: value`, `- **Key**: value`, `* **Key:** value`, `- RFC PR #: value`.
/// Group 1 is the bullet marker, group 2 the key, group 3 the value (possibly empty). The space
/// after the colon may be missing (`- Rust Issue:https://…`), but then the key cannot be a URL
/// scheme.
static META_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^ {0,3}(?:([*+-])[ \t]+)?(?:\*\*|__)?([\p{L}][\p{L}\p{N} ()/_'.#-]{0,39}?)(?:\*\*:|:\*\*|__:|:__|:)(?:[ \t]*(.*?))?[ \t]*$",
    )
    .expect("the metadata line pattern is valid")
});

/// A nested bullet continuing a metadata bullet's value (`- Rust Issues:` over several lines).
static NESTED_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]+(?:[*+-]|[0-9]{1,9}[.)])[ \t]+").expect("the nested item pattern is valid")
});

/// A bullet of the list itself (not nested).
static TOP_LEVEL_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ {0,1}[*+-](?:[ \t]|$)").expect("the list item pattern is valid")
});

/// What [`META_LINE`] captures of a line: whether it is a bullet, the key, and the value with
/// where it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct MetaLineParts<'l> {
    bullet: bool,
    key: &'l str,
    value_start: usize,
    value: &'l str,
}

/// The parts of a line [`META_LINE`] matches.
///
/// Every line before the first section of every indexed file is asked this, and the pattern's
/// captures (Unicode classes, lazy repetitions) cost tens of thousands of instructions a line
/// for the regex engine's backtracker. An ASCII line is therefore read by [`ascii_meta_line`],
/// which walks the same pattern by hand; anything else (a letter beyond ASCII in the key) by the
/// pattern itself. A unit test holds the two to the same answers.
fn meta_line_parts(line: &str) -> Option<MetaLineParts<'_>> {
    if line.is_ascii() {
        return ascii_meta_line(line);
    }
    meta_line_by_regex(line)
}

/// [`META_LINE`]'s own answer, which [`ascii_meta_line`] gives on every ASCII line.
fn meta_line_by_regex(line: &str) -> Option<MetaLineParts<'_>> {
    let caps = META_LINE.captures(line)?;
    let (value_start, value) = match caps.get(3) {
        Some(m) => (m.start(), m.as_str()),
        None => (line.trim_end().len(), ""),
    };
    Some(MetaLineParts {
        bullet: caps.get(1).is_some(),
        key: caps.get(2)?.as_str(),
        value_start,
        value,
    })
}

/// [`META_LINE`] on an ASCII line, in the regex's order of trying: up to three spaces, a bullet
/// (`*`, `+`, `-`, then spaces or tabs) if there is one, an opening `**` or `__` if there is one,
/// then the shortest key (a letter, then at most 39 of letters, digits and ` ()/_'.#-`) that one
/// of the separators follows (`**:`, `:**`, `__:`, `:__`, `:`, first that fits), and the rest,
/// spaces and tabs trimmed, as the value. On ASCII, `\p{L}` is `[A-Za-z]` and `\p{N}` `[0-9]`.
fn ascii_meta_line(line: &str) -> Option<MetaLineParts<'_>> {
    let bytes = line.as_bytes();
    let blank = |at: usize| matches!(bytes.get(at), Some(b' ' | b'\t'));
    let mut start = 0;
    while start < 3 && bytes.get(start) == Some(&b' ') {
        start += 1;
    }
    if matches!(bytes.get(start), Some(b'*' | b'+' | b'-')) && blank(start + 1) {
        let mut after = start + 1;
        while blank(after) {
            after += 1;
        }
        if let Some(parts) = ascii_meta_key_value(line, after, true) {
            return Some(parts);
        }
    }
    ascii_meta_key_value(line, start, false)
}

/// The part of [`ascii_meta_line`] after the bullet: from `at`, an optional `**` or `__`, the
/// key, a separator and the value.
fn ascii_meta_key_value(line: &str, at: usize, bullet: bool) -> Option<MetaLineParts<'_>> {
    const SEPARATORS: [&str; 5] = ["**:", ":**", "__:", ":__", ":"];
    let bytes = line.as_bytes();
    let in_key = |b: u8| b.is_ascii_alphanumeric() || b" ()/_'.#-".contains(&b);
    let rest = &line[at..];
    let emphasis = (rest.starts_with("**") || rest.starts_with("__")).then_some(at + 2);
    // The regex tries the emphasis first, then goes without it.
    for key_start in emphasis.into_iter().chain([at]) {
        if !bytes.get(key_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        for key_end in key_start + 1..=(key_start + 40).min(bytes.len()) {
            if let Some(separator) = SEPARATORS
                .iter()
                .find(|separator| line[key_end..].starts_with(*separator))
            {
                let after = key_end + separator.len();
                let value = line[after..].trim_start_matches([' ', '\t']);
                return Some(MetaLineParts {
                    bullet,
                    key: &line[key_start..key_end],
                    value_start: line.len() - value.len(),
                    value: value.trim_end_matches([' ', '\t']),
                });
            }
            if !bytes.get(key_end).copied().is_some_and(in_key) {
                break;
            }
        }
    }
    None
}

/// The lines and bullets before the first section: the text between the front matter and the
/// first heading, and between the title and the heading after it. Metadata there comes in
/// paragraphs of `Key: value` lines or bullets; scanning stops at the first paragraph that is
/// anything else, so an old RFC whose title is `# Summary` does not read its prose as metadata.
///
/// A document whose first heading is not a level-1 title (`## Restrictions` over an RFC prelude)
/// has that heading stand in for the title, when nothing but front matter precedes it.
fn preamble_fields(input: &MetadataInput, fields: &mut Vec<MetaField>) {
    let text = input.text;
    let start = input.front_matter.map_or(0, |fm| fm.range.end);
    let Some(first) = input.headings.first() else {
        metadata_paragraphs(
            text,
            TextRange::new(start.min(text.len()), text.len()),
            fields,
        );
        return;
    };
    let before_first = TextRange::new(start.min(first.range.start), first.range.start);
    metadata_paragraphs(text, before_first, fields);
    let first_stands_for_title = input.title == Some(0)
        || (input.title.is_none() && before_first.slice(text).trim().is_empty());
    if first_stands_for_title {
        let after = first.range.end;
        let next = input.headings.get(1).map_or(text.len(), |h| h.range.start);
        metadata_paragraphs(text, TextRange::new(after, next.max(after)), fields);
    }
}

/// Reads metadata paragraphs from the start of `region` until a paragraph is something else.
fn metadata_paragraphs(text: &str, region: TextRange, fields: &mut Vec<MetaField>) {
    let body = region.slice(text);
    let comments = html_comments(body, &[]);
    let mut paragraph: Vec<(usize, &str)> = Vec::new();
    let lines = lines_with_offsets(body);
    let mut in_fence = false;
    for (i, &(offset, line)) in lines.iter().enumerate() {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if fence {
            in_fence = !in_fence;
        }
        if in_fence || fence {
            // Code before the first section ends the metadata: nothing after it is a field.
            if !paragraph.is_empty() {
                metadata_paragraph(text, region.start, &paragraph, fields);
            }
            return;
        }
        let in_comment = comments
            .iter()
            .any(|c| c.start <= offset && offset + line.len() <= c.end);
        let blank = line.trim().is_empty() || in_comment;
        if !blank {
            paragraph.push((offset, line));
        }
        let paragraph_ends = blank || i + 1 == lines.len();
        // A rule between the title and the metadata list (`# Title`, `---`, `- status: …`)
        // separates them for the eye; the list after it is still the document's metadata.
        if paragraph_ends && paragraph.len() == 1 && is_thematic_break(paragraph[0].1) {
            paragraph.clear();
            continue;
        }
        if paragraph_ends && !paragraph.is_empty() {
            if !metadata_paragraph(text, region.start, &paragraph, fields) {
                return;
            }
            paragraph.clear();
        }
    }
}

/// `---`, `***`, `_ _ _`: a CommonMark thematic break (three or more of one of `-`, `*`, `_`,
/// spaces between, indented less than four columns).
fn is_thematic_break(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    indent < 4
        && marks.len() >= 3
        && matches!(marks[0], '-' | '*' | '_')
        && marks.iter().all(|c| *c == marks[0])
}

/// Adds the fields of one paragraph (lines relative to `base`) and says whether it was metadata.
///
/// Plain `Key: value` lines must all be such lines: "Note: this RFC…" wrapping onto a second
/// line is prose. In a bullet list, a line that starts no new field continues the previous
/// field's value (a nested list or a wrapped line, as the RFC prelude's "Rust Issues" writes),
/// and a bullet that is not `Key: value` is skipped.
fn metadata_paragraph(
    text: &str,
    base: usize,
    paragraph: &[(usize, &str)],
    fields: &mut Vec<MetaField>,
) -> bool {
    let mut parsed: Vec<(MetaField, Vec<TextRange>)> = Vec::new();
    for (index, &(offset, line)) in paragraph.iter().enumerate() {
        if let Some(field) = meta_line(base + offset, line) {
            let value = field.value_range;
            parsed.push((field, vec![value]));
            continue;
        }
        let in_list = parsed
            .last()
            .is_some_and(|(f, _)| f.source == MetaSource::Bullet);
        if index == 0 || !in_list {
            return false;
        }
        let bullet = TOP_LEVEL_ITEM.is_match(line);
        if bullet {
            continue;
        }
        let marker = NESTED_ITEM.find(line).map_or(0, |m| m.end());
        let content = line[marker..].trim_start();
        let content_start = base + offset + (line.len() - content.len());
        let content_range = TextRange::new(content_start, content_start + content.trim_end().len());
        let (_, pieces) = parsed.last_mut().expect("in_list implies a field");
        pieces.push(content_range);
    }
    for (mut field, pieces) in parsed {
        let written: Vec<TextRange> = pieces.into_iter().filter(|r| !r.is_empty()).collect();
        if let (Some(first), Some(last)) = (written.first(), written.last()) {
            field.value_range = TextRange::new(first.start, last.end);
            let plain: Vec<String> = written
                .iter()
                .map(|r| heading_plain_text(r.slice(text)))
                .collect();
            field.value = plain.join(", ");
        }
        fields.push(field);
    }
    true
}

/// One `Key: value` line or bullet at `line_start`, or `None` when the line is something else.
fn meta_line(line_start: usize, line: &str) -> Option<MetaField> {
    let MetaLineParts {
        bullet,
        key,
        value_start,
        value: value_text,
    } = meta_line_parts(line)?;
    if key.split_whitespace().count() > 5 {
        return None;
    }
    let glued_to_colon = value_start > 0 && line.as_bytes()[value_start - 1] == b':';
    if glued_to_colon && (value_text.starts_with("//") || value_text.starts_with(':')) {
        // `https://…` or `std::…`: a URL or a path, not a key and its value.
        return None;
    }
    // MADR 2 ends its template bullets with `<!-- optional -->`.
    let value_text = match value_text.find("<!--") {
        Some(i) => value_text[..i].trim_end(),
        None => value_text,
    };
    if value_text.is_empty() && !bullet {
        return None;
    }
    let start = line_start + value_start;
    Some(MetaField {
        key: normalize_key(key),
        value: heading_plain_text(value_text),
        value_range: TextRange::new(start, start + value_text.len()),
        source: if bullet {
            MetaSource::Bullet
        } else {
            MetaSource::Line
        },
        later_values: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------------
// `## Status` and `## Date` sections

/// Section headings whose first paragraph line is a metadata value, by their normalised key.
const VALUE_SECTIONS: &[&str] = &["status", "date"];

/// The first line of a top-level `## Status` (or `## Date`) section's own body, as Nygard writes
/// it. An empty section still yields the field, with an empty value placed at the start of the
/// body, so rules can tell "no status section" from "a status section with nothing in it".
///
/// Only top-level sections: a `### Status` deep inside a proposal ("Status of the prototype") is
/// part of the text, not the document's metadata.
fn section_fields(input: &MetadataInput, fields: &mut Vec<MetaField>) {
    let mut found: Vec<&str> = Vec::new();
    for section in input.sections {
        let Some(heading) = input.headings.get(section.heading) else {
            continue;
        };
        let Some(&key) = VALUE_SECTIONS.iter().find(|k| **k == heading.normalized) else {
            continue;
        };
        if found.contains(&key) {
            continue;
        }
        found.push(key);
        let mut lines = value_lines(input.text, section.own_body);
        let (value_range, raw) = lines
            .next()
            .unwrap_or((TextRange::empty(section.own_body.start), ""));
        fields.push(MetaField {
            key: key.to_string(),
            value: heading_plain_text(raw),
            value_range,
            source: MetaSource::Section,
            later_values: lines
                .take(MAX_LATER_VALUES)
                .map(|(range, raw)| (range, heading_plain_text(raw)))
                .collect(),
        });
    }
}

/// How many of a value section's later lines are kept (`MetaField::later_values`).
const MAX_LATER_VALUES: usize = 8;

/// The lines of `body` that say something: not blank, not in an HTML comment, not a code fence
/// or link definition; their bullet or quote marker excluded.
fn value_lines(text: &str, body: TextRange) -> impl Iterator<Item = (TextRange, &str)> {
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[ \t]*(?:>[ \t]*)*(?:[*+-][ \t]+|[0-9]{1,9}[.)][ \t]+)?")
            .expect("valid pattern")
    });
    static LINK_DEFINITION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^ {0,3}\[[^\]]+\]:").expect("valid pattern"));
    let slice = body.slice(text);
    let comments = html_comments(slice, &[]);
    lines_with_offsets(slice)
        .into_iter()
        .filter_map(move |(offset, line)| {
            let line_range = TextRange::new(offset, offset + line.len());
            let mut visible = line.to_string();
            for comment in comments.iter().filter(|c| c.intersects(line_range)) {
                let from = comment.start.max(offset) - offset;
                let to = comment.end.min(offset + line.len()) - offset;
                visible.replace_range(from..to, &" ".repeat(to - from));
            }
            let trimmed = visible.trim();
            if trimmed.is_empty()
                || trimmed.starts_with("```")
                || trimmed.starts_with("~~~")
                || LINK_DEFINITION.is_match(&visible)
            {
                return None;
            }
            let marker = MARKER.find(&visible).map_or(0, |m| m.end());
            let value = visible[marker..].trim_end();
            let start = body.start + offset + marker;
            let range = TextRange::new(start, start + value.len());
            Some((range, range.slice(text)))
        })
}

// ---------------------------------------------------------------------------------------------
// The document number and title

/// `ADR-0007`, `adr_7`, `RFC#12`, `0007`, `7`: an id as a front matter value.
static ID_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([A-Za-z]{2,8})[-_ ]?#?)?([0-9]{1,9})$").expect("the id pattern is valid")
});

/// `0007-use-postgres.md`, `ADR-0007-use-postgres.md`, `rfc_2094.md`. Seven digits at most, so
/// log4brains' `20240102-slug.md` dates never read as numbers.
static FILE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(ADR|RFC|KEP|PEP)[-_]?)?([0-9]{1,7})(?:[-_. ]|$)")
        .expect("the file number pattern is valid")
});

/// `7. Title`, `7: Title`, `7 - Title`, `ADR-0007: Title`, `ADR 7 - Title`, `RFC 2094: Title`,
/// `KEP-1234: Title`, `ADR-0007 Title`. A bare number needs punctuation after it, so that
/// "2024 Roadmap" keeps its year.
static TITLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(ADR|RFC|KEP|PEP)(?:-|-#|#| #?)?([0-9]{1,9})(?:[ \t]*[:.)|—–-][ \t]*|[ \t]+|$)|([0-9]{1,9})(?:[.:)][ \t]+|[ \t]+[—–|:-][ \t]+))",
    )
    .expect("the title number pattern is valid")
});

fn doc_number(input: &MetadataInput, fields: &[MetaField]) -> Option<DocNumber> {
    let from_front_matter = fields
        .iter()
        .filter(|f| f.source == MetaSource::FrontMatter && (f.key == "id" || f.key == "number"))
        .find_map(|f| {
            let caps = ID_VALUE.captures(f.value.trim())?;
            Some(DocNumber {
                prefix: caps.get(1).map(|p| p.as_str().to_uppercase()),
                number: caps[2].parse().ok()?,
                source: DocNumberSource::FrontMatter,
            })
        });
    from_front_matter
        .or_else(|| input.file_name.and_then(number_from_file_name))
        .or_else(|| {
            let title = input.headings.get(input.title?)?;
            number_from_title(&title.text)
        })
}

/// The number a file name gives: `0007-use-postgres.md` → 7, `ADR-0012.md` → ADR 12. Dates
/// (`20240102-slug.md`, `2024-01-02-slug.md`) and ISO weeks (`2026-W48.md`, a weekly update's
/// name) are not numbers.
pub fn number_from_file_name(file_name: &str) -> Option<DocNumber> {
    static DATE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[0-9]{4}-(?:[0-9]{2}-[0-9]{2}|[Ww][0-9]{2}(?:[-_. ]|$))")
            .expect("valid pattern")
    });
    if DATE_PREFIX.is_match(file_name) {
        return None;
    }
    let caps = FILE_NUMBER.captures(file_name)?;
    Some(DocNumber {
        prefix: caps.get(1).map(|p| p.as_str().to_uppercase()),
        number: caps[2].parse().ok()?,
        source: DocNumberSource::FileName,
    })
}

/// The number a title (a heading's plain text) starts with: `7. Use PostgreSQL` → 7,
/// `ADR-0007: Use PostgreSQL` → ADR 7.
pub fn number_from_title(title: &str) -> Option<DocNumber> {
    debug_assert!(
        REF_PREFIXES
            .iter()
            .all(|p| TITLE_NUMBER.as_str().contains(p))
    );
    let caps = TITLE_NUMBER.captures(title.trim_start())?;
    let (prefix, digits) = match (caps.get(1), caps.get(2)) {
        (Some(prefix), Some(digits)) => (Some(prefix.as_str().to_string()), digits),
        _ => (None, caps.get(3)?),
    };
    Some(DocNumber {
        prefix,
        number: digits.as_str().parse().ok()?,
        source: DocNumberSource::Title,
    })
}

/// A title without its number: "7. Use PostgreSQL" → "Use PostgreSQL", "ADR-0007: Use
/// PostgreSQL" → "Use PostgreSQL". A title that is only a number is returned as it is.
pub fn display_title(outline_heading_text: &str) -> String {
    let trimmed = outline_heading_text.trim();
    match TITLE_NUMBER.find(trimmed) {
        Some(m) if m.end() < trimmed.len() => trimmed[m.end()..].trim().to_string(),
        _ => trimmed.to_string(),
    }
}

/// The document's title for people: a front matter `title` when it has one, else the title
/// heading without its number ([`display_title`]).
pub fn doc_title(outline: &Outline) -> Option<String> {
    let from_front_matter = outline
        .metadata
        .iter()
        .find(|f| f.source == MetaSource::FrontMatter && f.key == "title")
        .map(|f| f.value.trim())
        .filter(|t| !t.is_empty());
    match from_front_matter {
        Some(title) => Some(title.to_string()),
        None => outline
            .title_heading()
            .map(|h| display_title(&h.text))
            .filter(|t| !t.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::normalize::{AnchorSlugger, normalize_heading};
    use crate::outline::test_texts::generated_texts;

    #[test]
    fn the_ascii_metadata_line_reader_answers_as_the_pattern_does() {
        let mut lines: Vec<String> = Vec::new();
        let forty = "k".repeat(40);
        let thirty_nine = "k".repeat(39);
        for indent in [
            "", " ", "   ", "    ", "\t", "- ", "* ", "+\t", "-  ", "-", "*", "1. ", "  - ",
        ] {
            for emphasis in ["", "**", "__", "*", "_"] {
                for key in [
                    "Status",
                    "a",
                    "RFC PR #",
                    "Decision Maker(s)",
                    "nav_order",
                    "Key_",
                    "9key",
                    "key.name",
                    "Note that this is long",
                    "std",
                    "https",
                    "a b c d e f g",
                    "it's",
                    "x/y",
                    thirty_nine.as_str(),
                    forty.as_str(),
                    "",
                ] {
                    for separator in [
                        "", ":", "**:", ":**", "__:", ":__", "::", "*:", "_:", ":*", " :",
                    ] {
                        for value in [
                            "",
                            " ",
                            " value",
                            "value  ",
                            "\tv\t",
                            "//x",
                            ":x",
                            " a: b",
                            "**x**",
                            " <!-- optional -->",
                            " x\r",
                            " ::",
                            "__",
                            " **: y",
                        ] {
                            lines.push(format!("{indent}{emphasis}{key}{separator}{value}"));
                        }
                    }
                }
            }
        }
        // And short lines of the characters that matter, in every order a generator gives.
        const ALPHABET: &[u8] = b" \t-*+_:#()/.'aZ9\r!";
        let mut state: u64 = 14;
        for _ in 0..40_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let length = (state >> 59) as usize + (state >> 33) as usize % 12;
            let line: String = (0..length)
                .map(|i| {
                    let pick = (state >> (i % 48)) as usize ^ (i * 7);
                    ALPHABET[pick % ALPHABET.len()] as char
                })
                .collect();
            lines.push(line);
        }
        let mut matched = 0;
        for line in &lines {
            let expected = meta_line_by_regex(line);
            matched += usize::from(expected.is_some());
            assert_eq!(ascii_meta_line(line), expected, "{line:?}");
        }
        // Both kinds of line are well represented.
        assert!(
            matched > 10_000 && lines.len() - matched > 10_000,
            "{matched} of {}",
            lines.len()
        );
    }

    const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

    /// The parts of an outline `extract` reads, built the simplest way (ATX headings only, flat
    /// sections) so these tests do not depend on either parser.
    struct Parts {
        front_matter: Option<FrontMatterBlock>,
        headings: Vec<Heading>,
        title: Option<usize>,
        sections: Vec<Section>,
    }

    fn parts(text: &str) -> Parts {
        let lines = lines_with_offsets(text);
        let mut front_matter = None;
        let mut first_body_line = 0;
        if let Some(&(_, opener)) = lines.first()
            && (opener == "---" || opener == "+++")
        {
            let format = if opener == "---" {
                FrontMatterFormat::Yaml
            } else {
                FrontMatterFormat::Toml
            };
            if let Some(close) = lines.iter().skip(1).position(|&(_, l)| l == opener) {
                let close = close + 1;
                let content_start = lines[1].0;
                let (close_start, close_line) = lines[close];
                let line_end = close_start + close_line.len();
                let break_len = [("\r\n", 2), ("\n", 1), ("\r", 1)]
                    .iter()
                    .find(|(b, _)| text[line_end..].starts_with(b))
                    .map_or(0, |(_, len)| *len);
                let end = line_end + break_len;
                front_matter = Some(FrontMatterBlock {
                    format,
                    range: TextRange::new(0, end),
                    content: TextRange::new(content_start, close_start),
                });
                first_body_line = close + 1;
            }
        }
        let mut slugger = AnchorSlugger::default();
        let mut headings = Vec::new();
        let mut in_fence = false;
        for &(start, line) in &lines[first_body_line.min(lines.len())..] {
            if line.starts_with("```") {
                in_fence = !in_fence;
            }
            let level = line.len() - line.trim_start_matches('#').len();
            if in_fence || !(1..=6).contains(&level) || !line[level..].starts_with(' ') {
                continue;
            }
            let content_offset = level + (line[level..].len() - line[level..].trim_start().len());
            let raw = line[content_offset..].trim_end();
            let plain = heading_plain_text(raw);
            headings.push(Heading {
                level: level as u8,
                setext: false,
                range: TextRange::new(start, start + line.len()),
                content: TextRange::new(start + content_offset, start + content_offset + raw.len()),
                normalized: normalize_heading(&plain),
                anchor: slugger.slug(&plain),
                text: plain,
            });
        }
        let title = headings.first().filter(|h| h.level == 1).map(|_| 0);
        let sections = (0..headings.len())
            .filter(|&i| Some(i) != title)
            .map(|i| {
                let end = headings.get(i + 1).map_or(text.len(), |h| h.range.start);
                let body = TextRange::new(headings[i].range.end, end);
                Section {
                    heading: i,
                    level: headings[i].level,
                    range: TextRange::new(headings[i].range.start, end),
                    body,
                    own_body: body,
                    children: Vec::new(),
                }
            })
            .collect();
        Parts {
            front_matter,
            headings,
            title,
            sections,
        }
    }

    fn extract_from(text: &str, file_name: Option<&str>) -> ExtractedMetadata {
        let parts = parts(text);
        extract(&MetadataInput {
            text,
            front_matter: parts.front_matter.as_ref(),
            headings: &parts.headings,
            title: parts.title,
            sections: &parts.sections,
            file_name,
        })
    }

    /// (key, value, the text at value_range, source) for every field.
    fn fields<'t>(
        text: &'t str,
        extracted: &ExtractedMetadata,
    ) -> Vec<(String, String, &'t str, MetaSource)> {
        extracted
            .fields
            .iter()
            .map(|f| {
                (
                    f.key.clone(),
                    f.value.clone(),
                    f.value_range.slice(text),
                    f.source,
                )
            })
            .collect()
    }

    fn field<'t>(
        key: &str,
        value: &str,
        written: &'t str,
        source: MetaSource,
    ) -> (String, String, &'t str, MetaSource) {
        (key.to_string(), value.to_string(), written, source)
    }

    fn corpus_file(path: &str) -> String {
        std::fs::read_to_string(format!("{CORPUS}/{path}")).unwrap()
    }

    #[test]
    fn comments_of_front_matter_are_found_outside_quotes() {
        let text = "---\nstage: accepted # FIXME: later?\n# TODO: whole line\n\
                    title: \"C# # not\" # TBD\nurl: a#b\nteams:\n  - cli # XXX\n---\n";
        let block = FrontMatterBlock {
            format: FrontMatterFormat::Yaml,
            range: TextRange::new(0, text.len() - 1),
            content: TextRange::new(4, text.len() - 4),
        };
        let found: Vec<&str> = front_matter_comments(text, &block)
            .iter()
            .map(|r| r.slice(text))
            .collect();
        assert_eq!(
            found,
            ["# FIXME: later?", "# TODO: whole line", "# TBD", "# XXX"]
        );
    }

    #[test]
    fn nygard_date_line_and_status_section() {
        let text = corpus_file("adrs-rs/adr/0001-record-architecture-decisions.md");
        let extracted = extract_from(&text, Some("0001-record-architecture-decisions.md"));
        assert_eq!(
            fields(&text, &extracted),
            vec![
                field("date", "2024-03-04", "2024-03-04", MetaSource::Line),
                field("status", "Accepted", "Accepted", MetaSource::Section),
            ]
        );
        assert_eq!(
            extracted.number,
            Some(DocNumber {
                prefix: None,
                number: 1,
                source: DocNumberSource::FileName
            })
        );
        assert!(extracted.problems.is_empty());
        // Without a file name, the title's "1." gives the number.
        let untitled = extract_from(&text, None);
        assert_eq!(
            untitled.number,
            Some(DocNumber {
                prefix: None,
                number: 1,
                source: DocNumberSource::Title
            })
        );
    }

    #[test]
    fn every_nygard_adr_in_the_corpus_has_date_and_status() {
        let dir = format!("{CORPUS}/adrs-rs/adr");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_str().unwrap();
            let extracted = extract_from(&text, Some(name));
            let date = extracted
                .fields
                .iter()
                .find(|f| f.key == "date")
                .expect(name);
            assert_eq!(
                date.value.len(),
                "2024-03-04".len(),
                "{name}: {}",
                date.value
            );
            let status = extracted
                .fields
                .iter()
                .find(|f| f.key == "status")
                .expect(name);
            assert!(!status.value.is_empty(), "{name}");
            let number: u32 = name[..4].parse().unwrap();
            assert_eq!(
                extracted.number.as_ref().map(|n| n.number),
                Some(number),
                "{name}"
            );
            seen += 1;
        }
        assert!(seen >= 9);
    }

    #[test]
    fn madr_decision_front_matter_in_written_order() {
        let text = corpus_file("madr/decisions/0008-add-status-field.md");
        let extracted = extract_from(&text, Some("0008-add-status-field.md"));
        assert_eq!(
            fields(&text, &extracted)[..2],
            [
                field("parent", "Decisions", "Decisions", MetaSource::FrontMatter),
                field("nav-order", "8", "8", MetaSource::FrontMatter),
            ]
        );
        assert_eq!(extracted.number.unwrap().number, 8);
    }

    #[test]
    fn madr_template_front_matter_keeps_its_placeholders() {
        let text = corpus_file("madr/template/adr-template.md");
        let extracted = extract_from(&text, Some("adr-template.md"));
        assert!(extracted.problems.is_empty(), "{:?}", extracted.problems);
        let found = fields(&text, &extracted);
        let keys: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            keys,
            vec!["status", "date", "decision-makers", "consulted", "informed"]
        );
        assert_eq!(
            found[0],
            field(
                "status",
                "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123",
                "\"{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123\"",
                MetaSource::FrontMatter
            )
        );
        // YAML reads `{…}` as a mapping; the value is kept as written, placeholder and all.
        assert_eq!(
            found[1].1,
            "{YYYY-MM-DD when the decision was last updated}"
        );
        assert_eq!(found[1].2, found[1].1);
        assert_eq!(extracted.number, None);
    }

    #[test]
    fn madr_bare_template_has_empty_values() {
        let text = corpus_file("madr/template/adr-template-bare.md");
        let extracted = extract_from(&text, None);
        let status = &extracted.fields[0];
        assert_eq!((status.key.as_str(), status.value.as_str()), ("status", ""));
        assert!(status.value_range.is_empty());
    }

    #[test]
    fn rust_rfc_prelude_bullets() {
        let text = corpus_file("rust-rfcs/text/0001-private-fields.md");
        let extracted = extract_from(&text, Some("0001-private-fields.md"));
        assert_eq!(
            fields(&text, &extracted),
            vec![
                field("start-date", "2014-03-11", "2014-03-11", MetaSource::Bullet),
                field(
                    "rfc-pr",
                    "rust-lang/rfcs#1",
                    "[rust-lang/rfcs#1](https://github.com/rust-lang/rfcs/pull/1)",
                    MetaSource::Bullet
                ),
                field(
                    "rust-issue",
                    "rust-lang/rust#8122",
                    "[rust-lang/rust#8122](https://github.com/rust-lang/rust/issues/8122)",
                    MetaSource::Bullet
                ),
            ]
        );
        assert_eq!(extracted.number.unwrap().number, 1);
    }

    #[test]
    fn a_rule_between_the_title_and_the_bullets_keeps_them_metadata() {
        let text =
            "# Use OPA\n\n---\n\n- status: accepted\n- date: 2023-07-17\n\n## Context\n\nx\n";
        let found = fields(text, &extract_from(text, Some("0001-use-opa.md")));
        assert_eq!(
            found,
            vec![
                field("status", "accepted", "accepted", MetaSource::Bullet),
                field("date", "2023-07-17", "2023-07-17", MetaSource::Bullet),
            ]
        );
        // Prose after the rule still ends the metadata.
        let prose = "# Use OPA\n\n---\n\nWe chose OPA.\n\n- status: accepted\n\n## Context\n\nx\n";
        assert!(fields(prose, &extract_from(prose, Some("0001-use-opa.md"))).is_empty());
    }

    #[test]
    fn rfc_prelude_feature_name_with_code() {
        let text = "- Feature Name: `let_else`\n- Start Date: 2021-05-31\n\n# Summary\n\nIntroduce `let PATTERN = EXPR else { DIVERGE };`.\nNote: this is prose.\n";
        let extracted = extract_from(text, Some("3137-let-else.md"));
        let found = fields(text, &extracted);
        assert_eq!(
            found[0],
            field("feature-name", "let_else", "`let_else`", MetaSource::Bullet)
        );
        assert_eq!(
            found.len(),
            2,
            "the summary's prose is not metadata: {found:?}"
        );
        assert_eq!(extracted.number.unwrap().number, 3137);
    }

    #[test]
    fn madr_2_bullets_with_crlf() {
        let text = "# Use Markdown Architectural Decision Records\r\n\r\n\
                    * Status: accepted <!-- optional -->\r\n\
                    * Deciders: Oliver Kopp, Olaf Zimmermann\r\n\
                    * **Date**: 2017-12-03\r\n\r\n\
                    Technical Story: <https://github.com/adr/madr/issues/1>\r\n\r\n\
                    ## Context and Problem Statement\r\n\r\nWe want to record decisions.\r\n";
        let extracted = extract_from(
            text,
            Some("0000-use-markdown-architectural-decision-records.md"),
        );
        assert_eq!(
            fields(text, &extracted),
            vec![
                field("status", "accepted", "accepted", MetaSource::Bullet),
                field(
                    "deciders",
                    "Oliver Kopp, Olaf Zimmermann",
                    "Oliver Kopp, Olaf Zimmermann",
                    MetaSource::Bullet
                ),
                field("date", "2017-12-03", "2017-12-03", MetaSource::Bullet),
                field(
                    "technical-story",
                    "https://github.com/adr/madr/issues/1",
                    "<https://github.com/adr/madr/issues/1>",
                    MetaSource::Line
                ),
            ]
        );
        assert_eq!(extracted.number.unwrap().number, 0);
    }

    #[test]
    fn front_matter_wins_over_later_sources() {
        let text = "---\nstatus: accepted\nid: ADR-0042\ntitle: Use PostgreSQL for storage\n---\n# 7. Use PostgreSQL\n\n## Status\n\nProposed\n";
        let extracted = extract_from(text, Some("0007-use-postgres.md"));
        let statuses: Vec<(&str, MetaSource)> = extracted
            .fields
            .iter()
            .filter(|f| f.key == "status")
            .map(|f| (f.value.as_str(), f.source))
            .collect();
        assert_eq!(
            statuses,
            vec![
                ("accepted", MetaSource::FrontMatter),
                ("Proposed", MetaSource::Section)
            ]
        );
        assert_eq!(
            extracted.number,
            Some(DocNumber {
                prefix: Some("ADR".into()),
                number: 42,
                source: DocNumberSource::FrontMatter
            })
        );
    }

    #[test]
    fn front_matter_lists_numbers_and_block_values() {
        let text = "---\ndecision-makers: [Ana, Bo]\ntags:\n  - storage\n  - db\nversion: 1.10 # keep the zero\n\"Quoted Key\": 'x'\nsummary: |\n  Two\n  lines\n---\n# Title\n";
        let extracted = extract_from(text, None);
        assert_eq!(
            fields(text, &extracted),
            vec![
                field(
                    "decision-makers",
                    "Ana, Bo",
                    "[Ana, Bo]",
                    MetaSource::FrontMatter
                ),
                field(
                    "tags",
                    "storage, db",
                    "- storage\n  - db",
                    MetaSource::FrontMatter
                ),
                field("version", "1.10", "1.10", MetaSource::FrontMatter),
                field("quoted-key", "x", "'x'", MetaSource::FrontMatter),
                field(
                    "summary",
                    "Two\nlines\n",
                    "Two\n  lines",
                    MetaSource::FrontMatter
                ),
            ]
        );
    }

    #[test]
    fn invalid_yaml_is_a_problem_not_a_panic() {
        let text = "---\nstatus: accepted\ndate: [2024-01-02\ntitle: x\n---\n# Title\n\nDate: 2024-01-02\n";
        let extracted = extract_from(text, None);
        assert_eq!(extracted.problems.len(), 1);
        let problem = &extracted.problems[0];
        assert!(
            problem
                .message
                .starts_with("front matter is not valid YAML: "),
            "{}",
            problem.message
        );
        assert!(!problem.message.contains('\n'));
        let block = parts(text).front_matter.unwrap();
        assert!(block.range.contains_range(problem.range));
        // The lines below the title still count.
        assert_eq!(
            fields(text, &extracted),
            vec![field("date", "2024-01-02", "2024-01-02", MetaSource::Line)]
        );
    }

    #[test]
    fn duplicate_yaml_keys_are_reported_plainly() {
        let text = "---\nstatus: a\nstatus: b\ndate: 2024-01-02\n---\n";
        let extracted = extract_from(text, None);
        // The first value wins and the other keys survive.
        assert_eq!(
            fields(text, &extracted),
            vec![
                field("status", "a", "a", MetaSource::FrontMatter),
                field("date", "2024-01-02", "2024-01-02", MetaSource::FrontMatter),
            ]
        );
        assert_eq!(extracted.problems.len(), 1);
        assert_eq!(
            extracted.problems[0].message,
            "front matter is not valid YAML: duplicate mapping key: status"
        );
        assert_eq!(extracted.problems[0].range.slice(text), "status: b");
    }

    #[test]
    fn yaml_that_is_not_a_mapping_is_a_problem() {
        let text = "---\n- a\n- b\n---\n# T\n";
        let extracted = extract_from(text, None);
        assert_eq!(extracted.problems.len(), 1);
        assert!(extracted.fields.is_empty());
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Use PostgreSQL\"\nnumber = 12\ntags = [\"db\", \"storage\"]\ndate = 2024-03-04\nreviews = [2024-03-01, 2024-03-02]\n+++\n# Use PostgreSQL\n";
        let extracted = extract_from(text, None);
        assert_eq!(
            fields(text, &extracted),
            vec![
                field(
                    "title",
                    "Use PostgreSQL",
                    "\"Use PostgreSQL\"",
                    MetaSource::FrontMatter
                ),
                field("number", "12", "12", MetaSource::FrontMatter),
                field(
                    "tags",
                    "db, storage",
                    "[\"db\", \"storage\"]",
                    MetaSource::FrontMatter
                ),
                // A TOML date is a date, not a string: it keeps its written form.
                field("date", "2024-03-04", "2024-03-04", MetaSource::FrontMatter),
                field(
                    "reviews",
                    "2024-03-01, 2024-03-02",
                    "[2024-03-01, 2024-03-02]",
                    MetaSource::FrontMatter
                ),
            ]
        );
        assert_eq!(extracted.number.unwrap().number, 12);
        let broken = "+++\ntitle = \"x\"\nbad = \n+++\n";
        let extracted = extract_from(broken, None);
        assert_eq!(extracted.problems.len(), 1);
        assert!(
            extracted.problems[0]
                .message
                .starts_with("front matter is not valid TOML: ")
        );
        assert_eq!(
            extracted.problems[0].range.start,
            broken.find("\n+++").unwrap()
        );
    }

    #[test]
    fn empty_status_section_still_yields_the_field() {
        let text = "# 3. Cache\n\n## Status\n\n<!-- fill in -->\n\n## Context\n\nSlow.\n";
        let extracted = extract_from(text, None);
        let status = extracted.fields.iter().find(|f| f.key == "status").unwrap();
        assert_eq!(status.value, "");
        assert!(status.value_range.is_empty());
        assert_eq!(status.source, MetaSource::Section);
    }

    #[test]
    fn status_section_with_link_and_bullet() {
        let text = "# 2. Old\n\n## Status\n\n* Superseded by [9. New](0009-new.md)\n\nAccepted\n";
        let extracted = extract_from(text, None);
        assert_eq!(
            fields(text, &extracted),
            vec![field(
                "status",
                "Superseded by 9. New",
                "Superseded by [9. New](0009-new.md)",
                MetaSource::Section
            )]
        );
    }

    #[test]
    fn cjk_and_emoji_values() {
        let text =
            "# 5. 採用する技術\r\n\r\n日付: 2024-05-06\r\n\r\n## Status\r\n\r\n承認済み 🎉\r\n";
        let extracted = extract_from(text, None);
        assert_eq!(
            fields(text, &extracted),
            vec![
                field("日付", "2024-05-06", "2024-05-06", MetaSource::Line),
                field("status", "承認済み 🎉", "承認済み 🎉", MetaSource::Section),
            ]
        );
        assert_eq!(extracted.number.unwrap().number, 5);
    }

    #[test]
    fn numbers_from_file_names() {
        let number = |name: &str| number_from_file_name(name).map(|n| (n.prefix, n.number));
        assert_eq!(number("0007-use-postgres.md"), Some((None, 7)));
        assert_eq!(number("ADR-0012-use-x.md"), Some((Some("ADR".into()), 12)));
        assert_eq!(number("adr_3.md"), Some((Some("ADR".into()), 3)));
        assert_eq!(number("rfc-2094.md"), Some((Some("RFC".into()), 2094)));
        assert_eq!(number("0012.md"), Some((None, 12)));
        assert_eq!(number("20240102-use-log4brains.md"), None);
        assert_eq!(number("2024-01-02-jekyll-post.md"), None);
        assert_eq!(number("use-postgres.md"), None);
        assert_eq!(number("notes-2.md"), None);
        assert_eq!(number("v2-plan.md"), None);
    }

    #[test]
    fn numbers_from_titles() {
        let number = |title: &str| number_from_title(title).map(|n| (n.prefix, n.number));
        assert_eq!(number("7. Use PostgreSQL"), Some((None, 7)));
        assert_eq!(
            number("ADR-0007: Use PostgreSQL"),
            Some((Some("ADR".into()), 7))
        );
        assert_eq!(
            number("KEP-1234: Pod Overhead"),
            Some((Some("KEP".into()), 1234))
        );
        assert_eq!(
            number("RFC 2094: Non-lexical lifetimes"),
            Some((Some("RFC".into()), 2094))
        );
        assert_eq!(
            number("ADR 7 - Use PostgreSQL"),
            Some((Some("ADR".into()), 7))
        );
        assert_eq!(
            number("ADR-0007 Use PostgreSQL"),
            Some((Some("ADR".into()), 7))
        );
        assert_eq!(number("12 — Rollout"), Some((None, 12)));
        assert_eq!(number("2024 Roadmap"), None);
        assert_eq!(number("1.5x faster builds"), None);
        assert_eq!(number("Use PostgreSQL"), None);
        assert_eq!(number("MADR-2 Notes"), None);
    }

    #[test]
    fn display_titles() {
        let cases = [
            ("7. Use PostgreSQL", "Use PostgreSQL"),
            ("ADR-0007: Use PostgreSQL", "Use PostgreSQL"),
            ("KEP-1234: Pod Overhead", "Pod Overhead"),
            ("RFC 2094: Non-lexical lifetimes", "Non-lexical lifetimes"),
            ("ADR 7 - Use PostgreSQL", "Use PostgreSQL"),
            ("2024 Roadmap", "2024 Roadmap"),
            ("Use PostgreSQL", "Use PostgreSQL"),
            ("7.", "7."),
            ("5. 採用する技術 🎉", "採用する技術 🎉"),
        ];
        for (input, expected) in cases {
            assert_eq!(display_title(input), expected, "for {input:?}");
        }
    }

    #[test]
    fn doc_title_prefers_front_matter() {
        let text = "---\ntitle: Store events in PostgreSQL\n---\n# 7. Use PostgreSQL\n";
        let parts = parts(text);
        let extracted = extract_from(text, None);
        let mut outline = Outline {
            headings: parts.headings.clone(),
            title: parts.title,
            metadata: extracted.fields,
            ..Outline::default()
        };
        assert_eq!(
            doc_title(&outline).as_deref(),
            Some("Store events in PostgreSQL")
        );
        outline.metadata.clear();
        assert_eq!(doc_title(&outline).as_deref(), Some("Use PostgreSQL"));
        outline.title = None;
        assert_eq!(doc_title(&outline), None);
    }

    #[test]
    fn key_normalisation() {
        assert_eq!(normalize_key("Decision Maker(s)"), "decision-makers");
        assert_eq!(normalize_key("nav_order"), "nav-order");
        assert_eq!(normalize_key("RFC PR"), "rfc-pr");
        assert_eq!(normalize_key(" Start  Date "), "start-date");
        assert_eq!(normalize_key("Feature Name"), "feature-name");
        assert_eq!(normalize_key("crates.io issue"), "crates-io-issue");
        assert_eq!(normalize_key("RFC PR #"), "rfc-pr");
        assert_eq!(normalize_key("Décideurs"), "décideurs");
    }

    #[test]
    fn rfc_prelude_variants_from_the_corpus() {
        // 0019, 0116: `RFC PR #:` keys; 1758: no space after the colon; 2394: a nested list;
        // 1644: a wrapped value; 2947: a key with a dot.
        let text = "- Feature Name: async_await\n\
                    - RFC PR #: [rust-lang/rfcs#19](https://github.com/rust-lang/rfcs/pull/19)\n\
                    - Rust Issue:https://github.com/rust-lang/rust/issues/43036\n\
                    - Rust Issues: \n  \
                      - [rust-lang/rust#50547](https://github.com/rust-lang/rust/issues/50547)\n  \
                      - [rust-lang/rust#62290](https://github.com/rust-lang/rust/issues/62290)\n\
                    - Tracking Issue: [a#1](https://x/1)\n              [a#2](https://x/2)\n\
                    - crates.io issue: [rust-lang/crates.io#5443](https://x/5443)\n\n\
                    ## Summary\n";
        let extracted = extract_from(text, None);
        assert_eq!(
            fields(text, &extracted),
            vec![
                field(
                    "feature-name",
                    "async_await",
                    "async_await",
                    MetaSource::Bullet
                ),
                field(
                    "rfc-pr",
                    "rust-lang/rfcs#19",
                    "[rust-lang/rfcs#19](https://github.com/rust-lang/rfcs/pull/19)",
                    MetaSource::Bullet
                ),
                field(
                    "rust-issue",
                    "https://github.com/rust-lang/rust/issues/43036",
                    "https://github.com/rust-lang/rust/issues/43036",
                    MetaSource::Bullet
                ),
                field(
                    "rust-issues",
                    "rust-lang/rust#50547, rust-lang/rust#62290",
                    "[rust-lang/rust#50547](https://github.com/rust-lang/rust/issues/50547)\n  - [rust-lang/rust#62290](https://github.com/rust-lang/rust/issues/62290)",
                    MetaSource::Bullet
                ),
                field(
                    "tracking-issue",
                    "a#1, a#2",
                    "[a#1](https://x/1)\n              [a#2](https://x/2)",
                    MetaSource::Bullet
                ),
                field(
                    "crates-io-issue",
                    "rust-lang/crates.io#5443",
                    "[rust-lang/crates.io#5443](https://x/5443)",
                    MetaSource::Bullet
                ),
            ]
        );
    }

    #[test]
    fn a_level_two_first_heading_stands_in_for_the_title() {
        let text = "## Restrictions\n\n- Start Date: 2022-10-09\n- RFC PR: [rust-lang/rfcs#3323](https://x)\n\n## Summary\n\nStatus: not metadata, this is a section.\n";
        let extracted = extract_from(text, None);
        let keys: Vec<&str> = extracted.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, vec!["start-date", "rfc-pr"]);
    }

    #[test]
    fn prose_and_code_end_the_preamble() {
        let text = "# 4. Queue\n\n**Note:** this was later\n[renamed](x.md).\n\nDate: 2024-01-01\n";
        assert!(extract_from(text, None).fields.is_empty());
        let text = "# 4. Queue\n\nDate: 2024-01-01\n\n```\nStatus: in code\n```\n\nOwner: Ana\n";
        let keys: Vec<String> = extract_from(text, None)
            .fields
            .into_iter()
            .map(|f| f.key)
            .collect();
        assert_eq!(keys, vec!["date"]);
        let text = "# Notes\n\nSee https://example.com/a for more.\n";
        assert!(extract_from(text, None).fields.is_empty());
    }

    #[test]
    fn crlf_front_matter() {
        let text = "---\r\nstatus: accepted\r\ndate: 2024-03-04 # last change\r\ndeciders:\r\n  - Ana\r\n  - Bo\r\n---\r\n# Use X\r\n";
        let extracted = extract_from(text, None);
        assert!(extracted.problems.is_empty(), "{:?}", extracted.problems);
        assert_eq!(
            fields(text, &extracted),
            vec![
                field("status", "accepted", "accepted", MetaSource::FrontMatter),
                field("date", "2024-03-04", "2024-03-04", MetaSource::FrontMatter),
                field(
                    "deciders",
                    "Ana, Bo",
                    "- Ana\r\n  - Bo",
                    MetaSource::FrontMatter
                ),
            ]
        );
    }

    #[test]
    fn yaml_error_after_multibyte_text_points_at_its_line() {
        let text = "---\ntitle: 決定 🎉\nstatus: [accepted\n---\n";
        let extracted = extract_from(text, None);
        assert_eq!(extracted.problems.len(), 1);
        let range = extracted.problems[0].range;
        // Whatever column the parser blames, the range stays on char boundaries inside the block.
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(range.end <= text.find("\n---\n").unwrap() + 1);
    }

    #[test]
    fn line_column_to_offset_counts_characters() {
        let content = "a: 1\nbé: [🎉, x\n";
        assert_eq!(offset_of_line_col(content, 2, 1), 5);
        assert_eq!(&content[offset_of_line_col(content, 2, 6)..], "🎉, x\n");
        assert_eq!(&content[offset_of_line_col(content, 2, 7)..], ", x\n");
        assert_eq!(offset_of_line_col(content, 9, 1), content.len());
        assert_eq!(offset_of_line_col(content, 1, 99), 4);
    }

    #[test]
    fn never_panics_and_value_ranges_are_sound() {
        for body in generated_texts() {
            for text in [
                body.clone(),
                format!("---\n{body}\n---\n# 1. T\n\n{body}"),
                format!("+++\n{body}\n+++\n{body}"),
                format!("# ADR-3: T\r\n\r\n{body}\r\n## Status\r\n{body}"),
            ] {
                let extracted = extract_from(&text, Some("0003-x.md"));
                for f in &extracted.fields {
                    let r = f.value_range;
                    assert!(
                        r.end <= text.len()
                            && text.is_char_boundary(r.start)
                            && text.is_char_boundary(r.end)
                    );
                }
                for p in &extracted.problems {
                    assert!(
                        text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end)
                    );
                }
                let _ = display_title(&text);
            }
        }
    }

    #[test]
    fn no_headings_at_all() {
        let text = "Status: draft\nOwner: Ana\n";
        let extracted = extract_from(text, None);
        assert_eq!(extracted.fields.len(), 2);
        assert!(extract_from("", None).fields.is_empty());
    }
}
