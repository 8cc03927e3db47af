use super::*;

fn rope(text: &str) -> Rope {
    Rope::from_str(text)
}

fn lc(line: u32, col: u32) -> LineCol {
    LineCol { line, col }
}

#[test]
fn ascii_round_trip_in_every_encoding() {
    let r = rope("# Title\n\n## Status\nAccepted");
    let m = PositionMapper::new(&r);
    for enc in [
        PositionEncoding::Utf8,
        PositionEncoding::Utf16,
        PositionEncoding::Utf32,
    ] {
        for offset in 0..=r.len_bytes() {
            assert_eq!(
                m.offset(m.line_col(offset, enc), enc),
                offset,
                "{enc:?} {offset}"
            );
        }
    }
    assert_eq!(m.line_col(9, PositionEncoding::Utf16), lc(2, 0));
}

#[test]
fn emoji_is_two_utf16_units_four_bytes_one_code_point() {
    // "a😀b": 😀 is U+1F600, a surrogate pair in UTF-16.
    let r = rope("a😀b\n");
    let m = PositionMapper::new(&r);
    let b = 1 + 4; // byte offset of 'b'
    assert_eq!(m.line_col(b, PositionEncoding::Utf8), lc(0, 5));
    assert_eq!(m.line_col(b, PositionEncoding::Utf16), lc(0, 3));
    assert_eq!(m.line_col(b, PositionEncoding::Utf32), lc(0, 2));
    assert_eq!(m.offset(lc(0, 3), PositionEncoding::Utf16), b);
    // A column between the two halves of the surrogate pair clamps to the start of the emoji.
    assert_eq!(m.offset(lc(0, 2), PositionEncoding::Utf16), 1);
    // A UTF-8 column inside the emoji's bytes clamps the same way.
    assert_eq!(m.offset(lc(0, 3), PositionEncoding::Utf8), 1);
}

#[test]
fn cjk_is_one_utf16_unit_three_bytes() {
    let r = rope("## 決定\n本文");
    let m = PositionMapper::new(&r);
    let end_of_heading = "## 決定".len();
    assert_eq!(
        m.line_col(end_of_heading, PositionEncoding::Utf16),
        lc(0, 5)
    );
    assert_eq!(m.line_col(end_of_heading, PositionEncoding::Utf8), lc(0, 9));
    assert_eq!(
        m.offset(lc(1, 1), PositionEncoding::Utf16),
        end_of_heading + 1 + 3
    );
}

#[test]
fn combining_marks_count_as_their_own_code_points() {
    // "é" written as e + U+0301 COMBINING ACUTE ACCENT: two code points, two UTF-16 units.
    let r = rope("e\u{301}x");
    let m = PositionMapper::new(&r);
    assert_eq!(m.line_col(3, PositionEncoding::Utf16), lc(0, 2));
    assert_eq!(m.line_col(3, PositionEncoding::Utf32), lc(0, 2));
    assert_eq!(m.offset(lc(0, 2), PositionEncoding::Utf16), 3);
}

#[test]
fn crlf_is_one_line_break_and_columns_past_the_end_clamp_before_it() {
    let r = rope("# T\r\n\r\nbody\r\n");
    let m = PositionMapper::new(&r);
    assert_eq!(m.line_col(5, PositionEncoding::Utf16), lc(1, 0));
    assert_eq!(m.line_col(7, PositionEncoding::Utf16), lc(2, 0));
    // Column 99 on line 0 clamps to the end of "# T", not into the "\r\n".
    assert_eq!(m.offset(lc(0, 99), PositionEncoding::Utf16), 3);
    assert_eq!(m.line_content_end(2), 11);
    // The line after the final break exists and is empty.
    assert_eq!(m.offset(lc(3, 0), PositionEncoding::Utf16), r.len_bytes());
}

#[test]
fn lone_cr_is_a_line_break_for_lsp_but_not_for_tree_sitter() {
    let r = rope("a\rb\nc");
    let m = PositionMapper::new(&r);
    assert_eq!(m.line_col(2, PositionEncoding::Utf16), lc(1, 0));
    assert_eq!(m.line_col(4, PositionEncoding::Utf16), lc(2, 0));
    assert_eq!(m.ts_point(2), tree_sitter::Point { row: 0, column: 2 });
    assert_eq!(m.ts_point(4), tree_sitter::Point { row: 1, column: 0 });
    assert_eq!(ts_point_in_str("a\rb\nc", 4), m.ts_point(4));
}

#[test]
fn unicode_line_separators_are_not_line_breaks() {
    let r = rope("a\u{2028}b\u{85}c\nd");
    let m = PositionMapper::new(&r);
    assert_eq!(r.len_lines(), 2);
    assert_eq!(
        m.line_col(r.len_bytes() - 1, PositionEncoding::Utf16),
        lc(1, 0)
    );
}

#[test]
fn file_without_final_newline() {
    let r = rope("## Decision\nUse it");
    let m = PositionMapper::new(&r);
    let end = r.len_bytes();
    assert_eq!(m.line_col(end, PositionEncoding::Utf16), lc(1, 6));
    assert_eq!(m.offset(lc(1, 100), PositionEncoding::Utf16), end);
    assert_eq!(m.offset(lc(7, 3), PositionEncoding::Utf16), end);
    assert_eq!(m.line_col(end + 10, PositionEncoding::Utf8), lc(1, 6));
}

#[test]
fn ts_points_match_a_plain_scan_for_mixed_text() {
    let text = "é😀\r\n## 決定\n\nx\u{301}\r\nend";
    let r = rope(text);
    let m = PositionMapper::new(&r);
    for (offset, _) in text.char_indices() {
        assert_eq!(
            m.ts_point(offset),
            ts_point_in_str(text, offset),
            "{offset}"
        );
    }
}
