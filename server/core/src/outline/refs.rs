//! Textual cross-references (`ADR-0007`, `ADR 7`, `RFC 2094`, `RFC #2094`, `KEP-1234`) and HTML
//! comments, found in the text outside code and link syntax.
//!
//! Both run over every document of the bulk path (9 MB for the Rust RFCs), so both are linear:
//! the reference pattern is compiled once, and comments are found with substring search.

use std::sync::LazyLock;

use regex::Regex;

use crate::outline::TextualRef;
use crate::position::TextRange;

/// The prefixes a textual reference may carry, upper case as they are written.
pub const REF_PREFIXES: &[&str] = &["ADR", "RFC", "KEP", "PEP"];

/// `ADR-0007`, `ADR 7`, `ADR0007`, `RFC #2094`, `RFC#2094`, `KEP-1234`, `PEP 8`; the space may
/// be a no-break space, as editors insert to keep the prefix with its number.
///
/// ASCII word boundaries on both sides keep `MADR 2` and `RFC 2094a` out; the prefix is
/// case-sensitive because "adr 7" or "Rfc 12" in prose are rarely references. At most nine digits
/// so the number always fits a `u32`.
static REF_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(ADR|RFC|KEP|PEP)(?:-|-#|#|[ \u{A0}]#?)?([0-9]{1,9})(?-u:\b)")
        .expect("the reference pattern is valid")
});

/// Whether `range` intersects one of `excluded` (sorted, non-overlapping).
pub(crate) fn is_excluded(excluded: &[TextRange], range: TextRange) -> bool {
    let i = excluded.partition_point(|r| r.end <= range.start);
    excluded
        .get(i)
        .is_some_and(|r| r.intersects(range) || (range.is_empty() && r.contains(range.start)))
}

/// Every textual reference in `text` outside the `excluded` ranges (sorted, non-overlapping: code
/// blocks, code spans, link destinations, autolinks, front matter), in document order.
///
/// A reference that merely touches an excluded range (``ADR-7`code` ``) still counts; one that
/// overlaps it does not.
///
/// Matches are found without capture groups (a capturing search per match cost more than finding
/// them all): every prefix is three ASCII letters, and the number is the run of digits that ends
/// the match, since nothing between the prefix and the number is a digit.
pub fn textual_refs(text: &str, excluded: &[TextRange]) -> Vec<TextualRef> {
    REF_PATTERN
        .find_iter(text)
        .filter_map(|whole| {
            let range = TextRange::new(whole.start(), whole.end());
            if is_excluded(excluded, range) {
                return None;
            }
            let matched = whole.as_str();
            let digits =
                matched.len() - matched.bytes().rev().take_while(u8::is_ascii_digit).count();
            Some(TextualRef {
                range,
                prefix: matched.get(..3)?.to_string(),
                number: matched[digits..].parse().ok()?,
            })
        })
        .collect()
}

/// Every `<!-- … -->` comment outside the `excluded` ranges (code), in document order.
///
/// A comment that starts inside an excluded range is skipped (it is code, not a comment), and
/// scanning resumes after that range. An unterminated comment runs to the end of the text, as
/// CommonMark's HTML block does. `<!-->` and `<!--->` are complete (empty) comments, as in
/// CommonMark 0.31.
pub fn html_comments(text: &str, excluded: &[TextRange]) -> Vec<TextRange> {
    use crate::text_search::find_marker;
    let mut comments = Vec::new();
    let mut from = 0;
    while let Some(found) = find_marker(&text[from..], "<!--") {
        let start = from + found;
        let i = excluded.partition_point(|r| r.end <= start);
        if let Some(code) = excluded.get(i).filter(|r| r.contains(start)) {
            from = code.end.max(start + 1);
            continue;
        }
        let after_open = start + "<!--".len();
        let rest = &text[after_open..];
        let end = if rest.starts_with('>') {
            after_open + 1
        } else if rest.starts_with("->") {
            after_open + 2
        } else {
            match find_marker(rest, "-->") {
                Some(close) => after_open + close + "-->".len(),
                None => text.len(),
            }
        };
        comments.push(TextRange::new(start, end));
        from = end;
    }
    comments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::test_texts::generated_texts;

    #[test]
    fn never_panics_and_ranges_are_sound() {
        for text in generated_texts() {
            for r in textual_refs(&text, &[]) {
                assert!(r.range.slice(&text).starts_with(r.prefix.as_str()));
            }
            let comments = html_comments(&text, &[]);
            for pair in comments.windows(2) {
                assert!(pair[0].end <= pair[1].start);
            }
            for c in comments {
                assert!(c.slice(&text).starts_with("<!--"));
            }
        }
    }

    fn refs(text: &str) -> Vec<(String, u32, &str)> {
        textual_refs(text, &[])
            .into_iter()
            .map(|r| (r.prefix, r.number, r.range.slice(text)))
            .collect()
    }

    #[test]
    fn prefix_and_number_equal_the_pattern_groups() {
        // The pattern's own capture groups are the oracle for the prefix and number taken from
        // the match.
        let edge_forms = String::from(
            "ADR-0007 ADR 7 ADR0007 RFC #2094 RFC#2094 RFC-#12 KEP-1234 PEP\u{A0}8 ADR\u{A0}#7 \
             RFC 999999999 RFC 1234567890 MADR 2 ADR-7b",
        );
        for text in generated_texts().chain([edge_forms]) {
            let expected: Vec<(TextRange, String, u32)> = REF_PATTERN
                .captures_iter(&text)
                .filter_map(|caps| {
                    let whole = caps.get(0)?;
                    Some((
                        TextRange::new(whole.start(), whole.end()),
                        caps[1].to_string(),
                        caps[2].parse().ok()?,
                    ))
                })
                .collect();
            let found: Vec<(TextRange, String, u32)> = textual_refs(&text, &[])
                .into_iter()
                .map(|r| (r.range, r.prefix, r.number))
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn finds_every_written_form() {
        let text = "Supersedes ADR-0007 and ADR 7, see ADR0007; RFC 2094, RFC-2094, RFC #2094, \
                    RFC#2094, KEP-1234 and PEP 8.";
        assert_eq!(
            refs(text),
            vec![
                ("ADR".into(), 7, "ADR-0007"),
                ("ADR".into(), 7, "ADR 7"),
                ("ADR".into(), 7, "ADR0007"),
                ("RFC".into(), 2094, "RFC 2094"),
                ("RFC".into(), 2094, "RFC-2094"),
                ("RFC".into(), 2094, "RFC #2094"),
                ("RFC".into(), 2094, "RFC#2094"),
                ("KEP".into(), 1234, "KEP-1234"),
                ("PEP".into(), 8, "PEP 8"),
            ]
        );
    }

    #[test]
    fn no_break_space_between_prefix_and_number() {
        let text = "Per RFC\u{A0}2094 and ADR\u{A0}#7.";
        let found = refs(text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].1, found[1].1), (2094, 7));
        assert_eq!(found[0].2, "RFC\u{A0}2094");
    }

    #[test]
    fn respects_word_boundaries_and_case() {
        // MADR is not ADR, lower case is prose, and a number glued to letters is an identifier.
        let text = "MADR 2 is a format; adr 7 and Rfc 12 are prose; RFC 2094a and ADR-7b are ids; \
                    XRFC 1; RFC 1234567890 is too long; RFCs 1 and 2.";
        assert_eq!(refs(text), vec![]);
    }

    #[test]
    fn reference_at_edges_and_before_punctuation() {
        let text = "ADR-1\n(RFC 2)\n[KEP-3]: ADR 4.";
        let found = refs(text);
        assert_eq!(
            found.iter().map(|r| r.2).collect::<Vec<_>>(),
            vec!["ADR-1", "RFC 2", "KEP-3", "ADR 4"]
        );
    }

    #[test]
    fn skips_excluded_ranges() {
        let text = "See `ADR-0007` and ADR-0008 and [x](ADR-0009.md).";
        let code_start = text.find('`').unwrap();
        let code = TextRange::new(code_start, code_start + "`ADR-0007`".len());
        let dest_start = text.find("ADR-0009").unwrap();
        let dest = TextRange::new(dest_start, dest_start + "ADR-0009.md".len());
        let found = textual_refs(text, &[code, dest]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range.slice(text), "ADR-0008");
    }

    #[test]
    fn ranges_are_bytes_with_multibyte_text_around() {
        let text = "決定 🎉 は ADR-0012 に置き換えられた\r\nRFC 1";
        let found = textual_refs(text, &[]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].range.slice(text), "ADR-0012");
        assert_eq!(found[0].number, 12);
        assert_eq!(found[1].range.slice(text), "RFC 1");
    }

    #[test]
    fn html_comments_in_order_with_unterminated_tail() {
        let text = "a <!-- one --> b\r\n<!--\ntwo\n--> c <!-- three";
        let found: Vec<&str> = html_comments(text, &[])
            .iter()
            .map(|r| r.slice(text))
            .collect();
        assert_eq!(found, vec!["<!-- one -->", "<!--\ntwo\n-->", "<!-- three"]);
    }

    #[test]
    fn html_comment_edge_forms() {
        let text = "<!--> x <!---> y <!-- a -- b --> <!---->";
        let found: Vec<&str> = html_comments(text, &[])
            .iter()
            .map(|r| r.slice(text))
            .collect();
        assert_eq!(found, vec!["<!-->", "<!--->", "<!-- a -- b -->", "<!---->"]);
    }

    #[test]
    fn html_comments_inside_code_are_not_comments() {
        let text = "```\n<!-- in code -->\n```\n<!-- real -->\n`<!--` still code";
        let fence_end = text.find("```\n<!-- real").unwrap() + 3;
        let span_start = text.find("`<!--`").unwrap();
        let excluded = [
            TextRange::new(0, fence_end),
            TextRange::new(span_start, span_start + "`<!--`".len()),
        ];
        let found: Vec<&str> = html_comments(text, &excluded)
            .iter()
            .map(|r| r.slice(text))
            .collect();
        assert_eq!(found, vec!["<!-- real -->"]);
    }

    #[test]
    fn linear_on_a_large_input() {
        // 100 000 references and comments: a quadratic scan would take seconds, this takes
        // milliseconds even in a debug build.
        let text = "See ADR-0001 <!-- c --> and RFC 12.\n".repeat(50_000);
        let started = std::time::Instant::now();
        assert_eq!(textual_refs(&text, &[]).len(), 100_000);
        assert_eq!(html_comments(&text, &[]).len(), 50_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
