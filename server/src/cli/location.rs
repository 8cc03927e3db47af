//! Byte ranges → the 1-based (line, column) pairs people and SARIF consumers read.
//!
//! Columns count characters (Unicode scalar values), as rustc and ruff print them and as SARIF's
//! default `columnKind` (`unicodeCodePoints`) asks. The conversion itself is
//! `analysis::position::PositionMapper`'s; this only adds the 1 and keeps the rope.

use crate::analysis::position::{PositionEncoding, PositionMapper, TextRange};
use ropey::Rope;
use serde::Serialize;

/// A 1-based line and a 1-based character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A range as two [`Pos`]es; `end` is exclusive (the column of the character after the range).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// One document's text with the rope its positions are computed over.
pub struct SourceMap<'t> {
    text: &'t str,
    rope: Rope,
}

impl<'t> SourceMap<'t> {
    pub fn new(text: &'t str) -> Self {
        SourceMap {
            text,
            rope: Rope::from_str(text),
        }
    }

    fn mapper(&self) -> PositionMapper<'_> {
        PositionMapper::new(&self.rope)
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let lc = self.mapper().line_col(offset, PositionEncoding::Utf32);
        Pos {
            line: lc.line + 1,
            column: lc.col + 1,
        }
    }

    pub fn span(&self, range: TextRange) -> Span {
        Span {
            start: self.pos(range.start),
            end: self.pos(range.end),
        }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &'t str {
        let index = (line as usize).saturating_sub(1);
        let mapper = self.mapper();
        let start = mapper.line_start(index);
        let end = mapper.line_content_end(index).max(start);
        &self.text[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_are_one_based() {
        let text = "# Café\n## Décision ✓\n";
        let map = SourceMap::new(text);
        let check = text.find('✓').unwrap();
        assert_eq!(map.pos(0), Pos { line: 1, column: 1 });
        assert_eq!(
            map.pos(check),
            Pos {
                line: 2,
                column: 13
            }
        );
        assert_eq!(map.line_text(2), "## Décision ✓");
    }

    #[test]
    fn crlf_line_breaks_are_not_part_of_the_line() {
        let map = SourceMap::new("a\r\nbc\r\n");
        assert_eq!(map.line_text(1), "a");
        assert_eq!(map.line_text(2), "bc");
        assert_eq!(map.pos(3), Pos { line: 2, column: 1 });
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let map = SourceMap::new("ab");
        assert_eq!(map.pos(99), Pos { line: 1, column: 3 });
        assert_eq!(map.line_text(7), "");
    }
}
