//! Text-level helpers shared by both outline builders: heading normalisation and GitHub anchor
//! slugs (whether a stretch of text has real content is `outline::content`).
//!
//! Both builders call these on the same slices of the text, which is what keeps their outlines
//! equal: nothing here depends on which parser found the heading.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::outline::refs::html_comments;

/// Leading numbering as templates and authors write it: `1.`, `1)`, `(1)`, `2.3`, `2.3.`, `A.`,
/// `b)`, `(a)`, `IV.`, followed by white space. A bare number needs no dot only when it has inner dots (`2.3`),
/// so that "2024 Roadmap" keeps its year.
static LEADING_NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]+(?:\.[0-9]+)+\.?|[0-9]+[.)]|[A-Za-z][.)]|[IVXLCivxlc]+[.)]|\((?:[0-9]+|[A-Za-z])\))\s+")
        .expect("the numbering pattern is valid")
});

/// Lower case, leading numbering (`1.`, `2.3`, `A.`, `IV.`) and punctuation removed (hyphens
/// between letters or digits are kept), `&` read as "and", white space collapsed:
/// "## 3. Decision Outcome:" → "decision outcome", "**Rationale & Alternatives**" →
/// "rationale and alternatives", "Goals and Non-Goals" → "goals and non-goals".
///
/// Meant for a heading's plain text ([`heading_plain_text`]) and for the section names of kinds;
/// leading `#` markers, if passed, are dropped as punctuation.
pub fn normalize_heading(text: &str) -> String {
    let trimmed = text.trim().trim_start_matches('#').trim_start();
    let without_numbering = match leading_numbering_end(trimmed) {
        // A heading that is only a number ("1.") keeps it: it is all there is to match on.
        Some(end) if end < trimmed.len() => &trimmed[end..],
        _ => trimmed,
    };
    if without_numbering.is_ascii() {
        normalize_ascii_words(without_numbering.as_bytes())
    } else {
        normalize_words(without_numbering)
    }
}

/// [`normalize_heading`]'s word rules: lower case, `&` as "and", hyphens kept only between
/// letters or digits, `_` `/` and white space separating words, other punctuation dropped.
fn normalize_words(without_numbering: &str) -> String {
    let lower = without_numbering.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut words = String::with_capacity(lower.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            words.push(c);
        } else if c == '&' {
            words.push_str(" and ");
        } else if c == '-' {
            let joins_words = i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            words.push(if joins_words { '-' } else { ' ' });
        } else if c.is_whitespace() || c == '_' || c == '/' {
            // `_` and `/` separate words ("Pros/Cons", "non_goals"); other punctuation
            // ("What's") joins them.
            words.push(' ');
        } else if is_combining_mark(c) {
            words.push(c);
        }
    }
    crate::words::collapse_whitespace(&words)
}

/// [`normalize_words`] for ASCII text, in one pass: every heading of every file
/// indexed goes through here, and nearly all are ASCII.
fn normalize_ascii_words(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    // A separator seen since the last word character: written only before the next one, so
    // that runs collapse and nothing leads or trails.
    let mut pending_space = false;
    let push = |out: &mut String, c: char, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push(' ');
        }
        *pending = false;
        out.push(c);
    };
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            push(
                &mut out,
                char::from(b.to_ascii_lowercase()),
                &mut pending_space,
            );
        } else if b == b'&' {
            pending_space = true;
            for c in "and".chars() {
                push(&mut out, c, &mut pending_space);
            }
            pending_space = true;
        } else if b == b'-' {
            let joins_words = i > 0
                && bytes[i - 1].is_ascii_alphanumeric()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
            if joins_words {
                push(&mut out, '-', &mut pending_space);
            } else {
                pending_space = true;
            }
        } else if b.is_ascii_whitespace() || b == b'\x0b' || b == b'_' || b == b'/' {
            pending_space = true;
        }
    }
    out
}

/// Where [`LEADING_NUMBERING`] ends in `text`, if it matches. The pattern is asked only when the
/// first characters could start a numbering (a digit, `(`, or a letter followed by `.` or `)`,
/// or a run of Roman numeral letters followed by one): most headings start with a word, and the
/// pattern costs more than the look.
fn leading_numbering_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    let closes = |b: Option<&u8>| matches!(b, Some(b'.' | b')'));
    let is_roman = |b: &u8| b"IVXLCivxlc".contains(b);
    let may_match = first.is_ascii_digit()
        || first == b'('
        || (first.is_ascii_alphabetic() && closes(bytes.get(1)))
        || (is_roman(&first) && closes(bytes.iter().find(|b| !is_roman(b))));
    if !may_match {
        return None;
    }
    LEADING_NUMBERING.find(text).map(|m| m.end())
}

/// Combining marks keep decomposed accents ("e\u{301}") attached to their letter.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// A heading's plain text from its raw content: inline markup removed (`**Status**` → `Status`,
/// `` `Foo` `` → `Foo`, `[text](url)` → `text`, `![alt](src)` → `alt`, `<https://x>` → the URL,
/// HTML tags and comments dropped), backslash escapes and common character references resolved,
/// white space collapsed.
///
/// Emphasis follows CommonMark's flanking rules closely enough for headings: a `*`, `_` or `~~`
/// run is removed only when it pairs with another, so `snake_case`, `2 * 3` and a lone `*` stay.
pub fn heading_plain_text(raw_content: &str) -> String {
    // Text with no character inline markup starts with is its own plain text.
    let plain = !raw_content.bytes().any(|b| {
        matches!(
            b,
            b'\\' | b'`' | b'<' | b'&' | b'!' | b'[' | b'*' | b'_' | b'~'
        )
    });
    if plain {
        return crate::words::collapse_whitespace(raw_content);
    }
    let mut out = String::with_capacity(raw_content.len());
    render_inline(raw_content, &mut out, 0);
    crate::words::collapse_whitespace(&out)
}

/// One piece of inline content: literal text, or a run of emphasis delimiters that may pair up.
enum Piece {
    Text(String),
    Delimiters {
        run: String,
        can_open: bool,
        can_close: bool,
        removed: bool,
    },
}

/// How deep links inside link text are rendered as links; deeper, the label's text is kept as
/// written. Headings nest one or two; a hostile one nests thousands, which would otherwise cost a
/// frame of the stack and a pass over the label per level.
const MAX_LINK_NESTING: usize = 16;

fn render_inline(raw: &str, out: &mut String, depth: usize) {
    if depth > MAX_LINK_NESTING {
        out.push_str(raw);
        return;
    }
    // Where each bracket closes, found once: asking at every `[` by scanning ahead took time
    // quadratic in the heading's length on a run of unclosed brackets.
    let brackets = BracketMatches::new(raw);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, pieces: &mut Vec<Piece>| {
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(text)));
        }
    };
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        let c = rest
            .chars()
            .next()
            .expect("i is on a char boundary inside raw");
        match c {
            '\\' => {
                let next = rest[1..].chars().next();
                match next {
                    Some(n) if n.is_ascii_punctuation() => {
                        text.push(n);
                        i += 2;
                    }
                    _ => {
                        text.push('\\');
                        i += 1;
                    }
                }
            }
            '`' => {
                let run = rest.len() - rest.trim_start_matches('`').len();
                match find_code_span_end(&rest[run..], run) {
                    Some(content_len) => {
                        let content = &rest[run..run + content_len];
                        text.push_str(&code_span_text(content));
                        i += run + content_len + run;
                    }
                    None => {
                        text.push_str(&rest[..run]);
                        i += run;
                    }
                }
            }
            '<' => {
                if let Some((len, visible)) = angle_construct(rest) {
                    text.push_str(visible);
                    i += len;
                } else {
                    text.push('<');
                    i += 1;
                }
            }
            '&' => {
                if let Some((len, resolved)) = character_reference(rest) {
                    text.push(resolved);
                    i += len;
                } else {
                    text.push('&');
                    i += 1;
                }
            }
            '!' if rest[1..].starts_with('[') => {
                if let Some((len, label)) = link_like(raw, i + 1, &brackets) {
                    render_inline(label, &mut text, depth + 1);
                    i += 1 + len;
                } else {
                    text.push('!');
                    i += 1;
                }
            }
            '[' => {
                if let Some((len, label)) = link_like(raw, i, &brackets) {
                    render_inline(label, &mut text, depth + 1);
                    i += len;
                } else {
                    text.push('[');
                    i += 1;
                }
            }
            '*' | '_' | '~' => {
                let len = rest.len() - rest.trim_start_matches(c).len();
                let run = &rest[..len];
                if c == '~' && len != 2 {
                    // GitHub strikethrough is `~~`; other tilde runs are text.
                    text.push_str(run);
                    i += len;
                    continue;
                }
                let before = raw[..i].chars().next_back();
                let after = rest[len..].chars().next();
                let (left, right) = flanking(before, after);
                let (can_open, can_close) = if c == '_' {
                    // Intraword underscores (`snake_case`) never delimit.
                    let punct = |x: Option<char>| x.is_some_and(is_punctuation);
                    (
                        left && (!right || punct(before)),
                        right && (!left || punct(after)),
                    )
                } else {
                    (left, right)
                };
                flush(&mut text, &mut pieces);
                pieces.push(Piece::Delimiters {
                    run: run.to_string(),
                    can_open,
                    can_close,
                    removed: false,
                });
                i += len;
            }
            _ => {
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    flush(&mut text, &mut pieces);
    pair_delimiters(&mut pieces);
    for piece in &pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Delimiters { run, removed, .. } => {
                if !removed {
                    out.push_str(run);
                }
            }
        }
    }
}

/// Marks matching opener/closer delimiter runs (same character) as removed.
fn pair_delimiters(pieces: &mut [Piece]) {
    let mut openers: Vec<usize> = Vec::new();
    for i in 0..pieces.len() {
        let Piece::Delimiters {
            run,
            can_open,
            can_close,
            ..
        } = &pieces[i]
        else {
            continue;
        };
        let (ch, can_open, can_close) = (run.chars().next(), *can_open, *can_close);
        let mut matched = false;
        if can_close {
            let found = openers.iter().rposition(|&o| match &pieces[o] {
                Piece::Delimiters { run, .. } => run.chars().next() == ch,
                Piece::Text(_) => false,
            });
            if let Some(position) = found {
                let opener = openers[position];
                openers.truncate(position);
                for index in [opener, i] {
                    if let Piece::Delimiters { removed, .. } = &mut pieces[index] {
                        *removed = true;
                    }
                }
                matched = true;
            }
        }
        if !matched && can_open {
            openers.push(i);
        }
    }
}

/// CommonMark's left- and right-flanking tests for a delimiter run between `before` and `after`.
fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(is_punctuation);
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    (left, right)
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

/// Length of a code span's content when a closing backtick run of exactly `run` follows.
fn find_code_span_end(after_open: &str, run: usize) -> Option<usize> {
    let bytes = after_open.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            if i - start == run {
                return Some(start);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// A code span's text: line breaks as spaces, one surrounding space stripped when both sides
/// have one (CommonMark 6.1).
fn code_span_text(content: &str) -> String {
    let content = content.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let strip = content.len() >= 2
        && content.starts_with(' ')
        && content.ends_with(' ')
        && !content.trim().is_empty();
    if strip {
        content[1..content.len() - 1].to_string()
    } else {
        content
    }
}

static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>",
    )
    .expect("the autolink pattern is valid")
});

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:<[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9\-]*\s*>)"#)
        .expect("the HTML tag pattern is valid")
});

/// `<…>` at the start of `rest`: an autolink (its URL is visible), an HTML tag or comment
/// (dropped). Returns (length, visible text).
fn angle_construct(rest: &str) -> Option<(usize, &str)> {
    if let Some(caps) = AUTOLINK.captures(rest) {
        let url = caps.get(1).expect("group 1 always matches");
        return Some((caps[0].len(), &rest[url.start()..url.end()]));
    }
    if rest.starts_with("<!--") {
        let comment = html_comments(rest, &[]);
        return comment.first().map(|c| (c.end, ""));
    }
    HTML_TAG.find(rest).map(|m| (m.end(), ""))
}

/// `&amp;`, `&#39;`, `&#x1F600;` and the named references headings actually use.
fn character_reference(rest: &str) -> Option<(usize, char)> {
    // A name is at most 32 bytes, so the `;` is looked for no further (a run of `&` without one
    // would otherwise be scanned to its end from each of them).
    let end = rest.as_bytes()[1..]
        .iter()
        .take(33)
        .position(|&b| b == b';')?
        + 1;
    let name = &rest[1..end];
    if name.is_empty() || name.len() > 32 {
        return None;
    }
    let resolved = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}')
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{A0}',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "rarr" => '→',
            "larr" => '←',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "times" => '×',
            "laquo" => '«',
            "raquo" => '»',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            _ => return None,
        }
    };
    Some((end + 1, resolved))
}

/// `[label](dest "title")`, `[label][ref]` or `[label][]` at `raw[start..]`: returns the
/// length of the whole link and its label. A bare `[label]` is left as text: whether it is a
/// link depends on definitions elsewhere, and "[WIP] Design" is a common literal.
fn link_like<'r>(
    raw: &'r str,
    start: usize,
    brackets: &BracketMatches,
) -> Option<(usize, &'r str)> {
    let label_end = brackets.close_of(start)?;
    let label = &raw[start + 1..label_end];
    let after = label_end + 1;
    let close = match raw.as_bytes().get(after) {
        Some(b'(') => brackets.close_of(after)?,
        Some(b'[') => brackets.close_of(after)?,
        _ => return None,
    };
    Some((close + 1 - start, label))
}

/// For every `[` and `(` of a text, the bracket of its kind that closes it, honouring nesting and
/// backslash escapes: each kind is matched on its own, as if scanning ahead from the opening one.
/// Asked only at brackets that are not escaped (render_inline consumes `\[` whole).
struct BracketMatches {
    /// `closes[i]` for the bracket at `i`: the offset of its closing one, or `NONE`.
    closes: Vec<u32>,
}

impl BracketMatches {
    const NONE: u32 = u32::MAX;

    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut closes = Vec::new();
        if !bytes.iter().any(|&b| b == b'[' || b == b'(') {
            return Self { closes };
        }
        closes = vec![Self::NONE; bytes.len()];
        let (mut squares, mut rounds) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'[' => squares.push(i),
                b'(' => rounds.push(i),
                b']' => {
                    if let Some(open) = squares.pop() {
                        closes[open] = i as u32;
                    }
                }
                b')' => {
                    if let Some(open) = rounds.pop() {
                        closes[open] = i as u32;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Self { closes }
    }

    fn close_of(&self, open: usize) -> Option<usize> {
        self.closes
            .get(open)
            .filter(|&&c| c != Self::NONE)
            .map(|&c| c as usize)
    }
}

/// GitHub's anchor slugs, made unique within one document (`a`, `a-1`, `a-2`, …), exactly as
/// github-slugger computes them: lower case; every character that is not a letter, mark, number,
/// connector punctuation (`_`), space or `-` dropped; each space a `-` (runs are not collapsed).
/// A repeated slug gets the next free `-N`, skipping slugs already taken by earlier headings.
#[derive(Default)]
pub struct AnchorSlugger {
    seen: HashMap<String, usize>,
}

static SLUG_DROPPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[^\p{L}\p{M}\p{N}\p{Pc} \-]").expect("the slug pattern is valid")
});

/// The GitHub slug of one heading's plain text, before it is made unique.
pub fn github_slug(plain_text: &str) -> String {
    if plain_text.is_ascii() {
        return ascii_github_slug(plain_text);
    }
    let lower = plain_text.to_lowercase();
    SLUG_DROPPED.replace_all(&lower, "").replace(' ', "-")
}

/// [`github_slug`] of ASCII text, without the pattern: in ASCII the letters, marks, numbers and
/// connector punctuation it keeps are `A-Z`, `a-z`, `0-9` and `_`.
fn ascii_github_slug(plain_text: &str) -> String {
    let mut slug = String::with_capacity(plain_text.len());
    for b in plain_text.bytes() {
        match b {
            b' ' => slug.push('-'),
            b'-' | b'_' => slug.push(char::from(b)),
            b if b.is_ascii_alphanumeric() => slug.push(char::from(b.to_ascii_lowercase())),
            _ => {}
        }
    }
    slug
}

impl AnchorSlugger {
    pub fn slug(&mut self, plain_text: &str) -> String {
        let base = github_slug(plain_text);
        if !self.seen.contains_key(&base) {
            self.seen.insert(base.clone(), 0);
            return base;
        }
        let mut slug = base.clone();
        while self.seen.contains_key(&slug) {
            let n = self
                .seen
                .get_mut(&base)
                .expect("the base slug was seen first");
            *n += 1;
            slug = format!("{base}-{n}");
        }
        self.seen.insert(slug.clone(), 0);
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings and section names of every shape the fast paths must agree on: numbering,
    /// Roman numerals, hyphens at word edges, `&`, `_`, `/`, punctuation, control white space.
    const ASCII_HEADINGS: &[&str] = &[
        "Decision",
        "## 3. Decision Outcome:",
        "Rationale & Alternatives",
        "Goals and Non-Goals",
        "-leading and trailing-",
        "a - b -- c",
        "Pros/Cons of the_options",
        "What's next?",
        "1.",
        "2.3 Design",
        "2024 Roadmap",
        "IV. Results",
        "Ix. Not roman",
        "C) third",
        "Context",
        "(a) first",
        "(12) twelfth",
        "x.y",
        "Mixed\tTabs\x0bvertical\x0cfeed",
        "  &  ",
        "&leading",
        "trailing&",
        "A.B.C",
        "i)",
        "ii) two",
        "vii.seven",
        "",
        "#",
        "### ",
        "Stuff: (a) [b] {c} <d> 'e' \"f\" `g` ~h~ *i* +j+ =k= |l| ^m^ $n$ %o% @p@ #q# !r! ?s? ,t, ;u; .v. \\w\\",
    ];

    #[test]
    fn the_ascii_normalisation_answers_as_the_general_one() {
        for heading in ASCII_HEADINGS {
            assert_eq!(
                normalize_ascii_words(heading.as_bytes()),
                normalize_words(heading),
                "{heading:?}"
            );
            let lower = heading.to_lowercase();
            assert_eq!(
                ascii_github_slug(heading),
                SLUG_DROPPED.replace_all(&lower, "").replace(' ', "-"),
                "{heading:?}"
            );
            let trimmed = heading.trim().trim_start_matches('#').trim_start();
            assert_eq!(
                leading_numbering_end(trimmed),
                LEADING_NUMBERING.find(trimmed).map(|m| m.end()),
                "{heading:?}"
            );
        }
    }

    #[test]
    fn plain_heading_text_is_kept_as_written_with_white_space_collapsed() {
        for heading in ASCII_HEADINGS
            .iter()
            .chain(&["Décision  prise", "a\u{a0}b"])
        {
            let mut rendered = String::new();
            render_inline(heading, &mut rendered, 0);
            assert_eq!(
                heading_plain_text(heading),
                crate::words::collapse_whitespace(&rendered),
                "{heading:?}"
            );
        }
    }

    /// The scan `BracketMatches` replaced: from the opening bracket at `text[0]`, ahead to the
    /// bracket that brings the depth back to zero, skipping what a backslash escapes.
    fn scan_to_matching_bracket(text: &str, open: u8, close: u8) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut depth = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b if b == open => depth += 1,
                b if b == close => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    #[test]
    fn bracket_matches_equal_scanning_ahead_from_each_unescaped_bracket() {
        // Every text up to 7 bytes over the bytes that matter, and longer ones from a fixed
        // pseudo-random sequence.
        let alphabet = b"[]()\\a";
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..7 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, Vec::len))
                .flat_map(|t| {
                    alphabet.iter().map(move |&b| {
                        let mut t = t.clone();
                        t.push(b);
                        t
                    })
                })
                .collect();
            texts.extend(longer);
        }
        let mut seed = 0x2545_f491_u64;
        for _ in 0..2000 {
            let len = 8 + (seed % 40) as usize;
            let text = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            texts.push(text);
        }
        let mut compared = 0;
        for bytes in &texts {
            let text = std::str::from_utf8(bytes).expect("ASCII");
            let matches = BracketMatches::new(text);
            let mut escaped = false;
            for (i, &b) in bytes.iter().enumerate() {
                if !escaped {
                    let pair = match b {
                        b'[' => Some((b'[', b']')),
                        b'(' => Some((b'(', b')')),
                        _ => None,
                    };
                    if let Some((open, close)) = pair {
                        let scanned =
                            scan_to_matching_bracket(&text[i..], open, close).map(|c| c + i);
                        assert_eq!(matches.close_of(i), scanned, "{text:?} at {i}");
                        compared += 1;
                    }
                }
                escaped = !escaped && b == b'\\';
            }
        }
        assert!(compared > 100_000, "{compared}");
    }

    #[test]
    fn a_heading_of_unclosed_brackets_and_deeply_nested_links_is_normalized() {
        // Unclosed openers, as many as a hostile heading holds: each used to scan the rest.
        let unclosed = format!("{}x", "[[&(".repeat(20_000));
        assert_eq!(heading_plain_text(&unclosed), unclosed);
        // Links nested past the depth rendered as links keep the deeper labels as written.
        let depth = 5_000;
        let nested = format!("{}a{}", "[".repeat(depth), "](b)".repeat(depth));
        let kept = depth - MAX_LINK_NESTING - 1;
        assert_eq!(
            heading_plain_text(&nested),
            format!("{}a{}", "[".repeat(kept), "](b)".repeat(kept))
        );
        assert_eq!(heading_plain_text("[[a](b)](c) d"), "a d");
    }
    use crate::outline::content::has_real_content;
    use crate::outline::test_texts::generated_texts;

    #[test]
    fn never_panics_on_odd_input() {
        let mut slugger = AnchorSlugger::default();
        let mut slugs = std::collections::HashSet::new();
        for text in generated_texts() {
            let plain = heading_plain_text(&text);
            assert_eq!(
                plain,
                plain.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            let normalized = normalize_heading(&plain);
            assert_eq!(normalized, normalized.to_lowercase());
            assert!(slugs.insert(slugger.slug(&plain)), "slugs must be unique");
            let _ = has_real_content(&text);
        }
    }

    #[test]
    fn normalize_examples_from_templates() {
        let cases = [
            ("3. Decision Outcome:", "decision outcome"),
            ("## 3. Decision Outcome:", "decision outcome"),
            ("**Rationale & Alternatives**", "rationale and alternatives"),
            ("Goals and Non-Goals", "goals and non-goals"),
            ("1) Context", "context"),
            ("(2) Decision", "decision"),
            ("(b) Options", "options"),
            ("2.3 Detailed design", "detailed design"),
            ("2.3. Detailed design", "detailed design"),
            ("A. Appendix", "appendix"),
            ("IV. Drawbacks", "drawbacks"),
            (
                "Pros and Cons of the Options",
                "pros and cons of the options",
            ),
            (
                "  Context   and\tProblem  Statement ",
                "context and problem statement",
            ),
            ("What's next?", "whats next"),
            ("Pros/Cons", "pros cons"),
            ("Status — Accepted", "status accepted"),
            ("Non- Goals", "non goals"),
            ("Reference-level explanation", "reference-level explanation"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_heading(input), expected, "for {input:?}");
        }
    }

    #[test]
    fn normalize_keeps_numbers_that_are_not_numbering() {
        assert_eq!(normalize_heading("2024 Roadmap"), "2024 roadmap");
        assert_eq!(normalize_heading("Step 1: Migrate"), "step 1 migrate");
        assert_eq!(normalize_heading("Phase 2.0"), "phase 20");
        assert_eq!(normalize_heading("1."), "1");
        assert_eq!(normalize_heading(""), "");
    }

    #[test]
    fn normalize_non_ascii() {
        assert_eq!(normalize_heading("Décision"), "décision");
        assert_eq!(normalize_heading("De\u{301}cision"), "de\u{301}cision");
        assert_eq!(normalize_heading("ÜBERBLICK"), "überblick");
        assert_eq!(normalize_heading("2. 背景と課題"), "背景と課題");
        assert_eq!(normalize_heading("🎉 Launch Plan 🚀"), "launch plan");
    }

    #[test]
    fn plain_text_removes_inline_markup() {
        let cases = [
            ("**Status**", "Status"),
            (
                "*Rationale* and __alternatives__",
                "Rationale and alternatives",
            ),
            ("The `Foo` type", "The Foo type"),
            ("`` a ` b ``", "a ` b"),
            (
                "Use [PostgreSQL](https://postgresql.org \"site\")",
                "Use PostgreSQL",
            ),
            (
                "See [the *spec*][spec] and [this][]",
                "See the spec and this",
            ),
            ("![logo](logo.png) Docwright", "logo Docwright"),
            (
                "Links: <https://example.com/a_b>",
                "Links: https://example.com/a_b",
            ),
            ("Mail <team@example.com>", "Mail team@example.com"),
            (
                "Line<br/>break <span class=\"x\">here</span>",
                "Linebreak here",
            ),
            ("Hidden <!-- note --> text", "Hidden text"),
            (
                "Rationale &amp; Alternatives &#38; &#x26; &copy;",
                "Rationale & Alternatives & & ©",
            ),
            ("\\*not emphasis\\* and \\#1", "*not emphasis* and #1"),
            ("snake_case_name and 2 * 3", "snake_case_name and 2 * 3"),
            ("~~old~~ new", "old new"),
            ("[WIP] Design", "[WIP] Design"),
            ("a  \t b", "a b"),
            ("***both***", "both"),
            ("Unclosed `code and *star", "Unclosed `code and *star"),
        ];
        for (input, expected) in cases {
            assert_eq!(heading_plain_text(input), expected, "for {input:?}");
        }
    }

    #[test]
    fn plain_text_then_normalize() {
        let plain = heading_plain_text("3. **Rationale &amp; Alternatives**:");
        assert_eq!(plain, "3. Rationale & Alternatives:");
        assert_eq!(normalize_heading(&plain), "rationale and alternatives");
    }

    #[test]
    fn github_slugs() {
        // Known slugs from GitHub-rendered READMEs and github-slugger's fixtures.
        let cases = [
            ("Decision Outcome", "decision-outcome"),
            ("Goals and Non-Goals", "goals-and-non-goals"),
            ("Décision", "décision"),
            ("🎉 Party Time", "-party-time"),
            ("What's new?", "whats-new"),
            ("C++ & Rust", "c--rust"),
            ("foo_bar", "foo_bar"),
            (
                "1. Record architecture decisions",
                "1-record-architecture-decisions",
            ),
            ("Привет мир", "привет-мир"),
            ("背景と課題", "背景と課題"),
            ("a  b", "a--b"),
            ("Version 2.0 (draft)", "version-20-draft"),
        ];
        for (input, expected) in cases {
            assert_eq!(github_slug(input), expected, "for {input:?}");
        }
    }

    #[test]
    fn slugs_are_unique_like_github() {
        let mut slugger = AnchorSlugger::default();
        let slugs: Vec<String> = ["Example", "Example", "Example-1", "Example", "example"]
            .iter()
            .map(|h| slugger.slug(h))
            .collect();
        // The third heading's own slug `example-1` is taken, so it becomes `example-1-1`, and
        // the fourth `Example` skips to `example-2`.
        assert_eq!(
            slugs,
            vec![
                "example",
                "example-1",
                "example-1-1",
                "example-2",
                "example-3"
            ]
        );
    }
}
