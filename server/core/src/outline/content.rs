//! Whether a stretch of text has real content, or only white space, comments, link definitions
//! and template placeholders. Shared by both outline builders and the rules; it sits above
//! `placeholder` (which it asks) and beside `normalize` (which it does not need).

use std::sync::LazyLock;

use regex::Regex;

use crate::outline::placeholder::find_placeholders;
use crate::outline::refs::html_comments;
use crate::position::TextRange;

/// A link reference definition on one line: `[label]: destination "optional title"`.
static LINK_DEFINITION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:[ \t]*\S+(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\r?$"#)
        .expect("the link definition pattern is valid")
});

/// Whether `text` (a section's own body) has real content: anything besides white space, HTML
/// comments, link reference definitions (the RFC template's `[summary]: #summary`) and template
/// placeholders (`{…}`, `TODO`, `TBD`, `???`, a lone `…` bullet, template sentences). What is
/// left once those are removed must hold a letter or digit: list markers and quote marks alone
/// are not content.
///
/// Code is content, however it looks: a fenced code block makes a body real even when all it
/// holds is `TODO`. When the caller knows where code is (indented blocks, code spans too), it
/// should use [`has_real_content_in`].
pub fn has_real_content(text: &str) -> bool {
    has_real_content_in(text, TextRange::new(0, text.len()), &[])
}

/// Whether a line of `body` opens a fenced code block (up to three spaces, then ```` ``` ```` or
/// `~~~`): the text-only path's stand-in for knowing where code is. Searching for the fence
/// first keeps this fast; most sections have none.
fn has_code_fence(body: &str) -> bool {
    ["```", "~~~"].iter().any(|fence| {
        body.match_indices(fence).any(|(at, _)| {
            let line_start = body[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let indent = &body[line_start..at];
            indent.len() <= 3 && indent.bytes().all(|b| b == b' ')
        })
    })
}

/// [`has_real_content`] for `range` of `text`, where `code` (sorted, non-overlapping ranges of
/// the whole `text`: code blocks and code spans) counts as content whatever it holds.
pub fn has_real_content_in(text: &str, range: TextRange, code: &[TextRange]) -> bool {
    let first = code.partition_point(|r| r.end <= range.start);
    if code.get(first).is_some_and(|r| r.intersects(range)) {
        return true;
    }
    let body = range.slice(text);
    if !body.chars().any(char::is_alphanumeric) {
        return false;
    }
    if has_code_fence(body) {
        return true;
    }
    let mut hidden: Vec<TextRange> = html_comments(body, &[]);
    hidden.extend(
        LINK_DEFINITION_LINE
            .find_iter(body)
            .map(|m| TextRange::new(m.start(), m.end())),
    );
    hidden.extend(find_placeholders(body, &[]).into_iter().map(|p| p.range));
    hidden.sort();
    let mut visible_from = 0;
    for cut in &hidden {
        if cut.start > visible_from
            && body[visible_from..cut.start]
                .chars()
                .any(char::is_alphanumeric)
        {
            return true;
        }
        visible_from = visible_from.max(cut.end);
    }
    body[visible_from..].chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_content() {
        assert!(!has_real_content(""));
        assert!(!has_real_content("\n  \r\n\t\n"));
        assert!(!has_real_content(
            "\n<!-- This is an optional element. Feel free to remove. -->\n"
        ));
        assert!(!has_real_content(
            "\n[summary]: #summary\n\nOne paragraph explanation of the feature.\n"
        ));
        assert!(!has_real_content(
            "\r\n* {title of option 1}\r\n* {title of option 2}\r\n* … <!-- numbers of options can vary -->\r\n"
        ));
        assert!(!has_real_content("TODO\n\nTBD"));
        assert!(!has_real_content("<!-- unterminated comment with words"));
        assert!(has_real_content("Accepted\n"));
        assert!(has_real_content(
            "[summary]: #summary\n\nMake fields private by default.\n"
        ));
        assert!(has_real_content(
            "* {title of option 1}\n* Use PostgreSQL\n"
        ));
        assert!(has_real_content(
            "TODO: measure the latency of the new cache"
        ));
        assert!(has_real_content("決定しました 🎉"));
        assert!(has_real_content("![diagram](arch.png)"));
    }

    #[test]
    fn code_is_real_content_even_when_it_looks_like_a_placeholder() {
        let text = "## Example\n\n```\nTODO\n```\n";
        let body = TextRange::new(text.find("\n\n").unwrap(), text.len());
        let fence = TextRange::new(text.find("```").unwrap(), text.len() - 1);
        assert!(has_real_content(body.slice(text)));
        assert!(has_real_content_in(text, body, &[fence]));
        assert!(has_real_content("\r\n   ~~~\r\nTBD\r\n~~~\r\n"));
        // Indented too far to be a fence, and backticks inside a line, are not code blocks.
        assert!(!has_real_content("    ```\n    TODO\n"));
        assert!(!has_real_content("TODO ```"));
        // Code outside the range does not count.
        assert!(!has_real_content_in(text, TextRange::new(0, 3), &[fence]));
        // An indented code block or a code span is only known to the caller.
        let span = "`TBD`";
        assert!(!has_real_content(span));
        let whole = TextRange::new(0, span.len());
        assert!(has_real_content_in(span, whole, &[whole]));
    }
}
