//! Positions as types.
//!
//! The core stores every range as UTF-8 byte offsets into the document text ([`TextRange`]). Editors
//! speak in (line, column) pairs whose column counts UTF-16 code units, UTF-8 bytes or code points
//! depending on the negotiated `positionEncoding`, and tree-sitter speaks in [`tree_sitter::Point`]s
//! (row counted in `\n`, column in bytes). This module is the only place those meet.
//!
//! Line breaks follow LSP: `\n`, `\r\n` and a lone `\r` end a line; U+2028 and NEL do not (ropey is
//! built with `cr_lines` and without `unicode_lines` for exactly this).

use ropey::Rope;
use serde::Serialize;

/// A half-open range of UTF-8 byte offsets into a document's text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        TextRange { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        TextRange { start: at, end: at }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub const fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub const fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub const fn intersects(&self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Which unit a column counts: the `positionEncoding` negotiated with an editor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum PositionEncoding {
    Utf8,
    /// The LSP default, and what VS Code speaks.
    #[default]
    Utf16,
    Utf32,
}

/// A zero-based line and a column counted in the units of `PositionEncoding`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// A range expressed as two `LineCol`s in one encoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct LineColRange {
    pub start: LineCol,
    pub end: LineCol,
}

/// Converts between byte offsets and (line, column) in any encoding over a rope.
///
/// Every conversion is total: a position past the end of a line clamps to the line's end (before its
/// line break), a line past the end of the document clamps to the end of the document, and a column
/// that falls inside a character (between the two halves of a surrogate pair, or inside a UTF-8
/// sequence) clamps to the start of that character. Editors do send such positions, and the LSP
/// specification asks servers to clamp rather than fail.
pub struct PositionMapper<'r> {
    rope: &'r Rope,
}

impl<'r> PositionMapper<'r> {
    pub fn new(rope: &'r Rope) -> Self {
        PositionMapper { rope }
    }

    /// The byte offset where `line` starts, or the end of the text past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        if line >= self.rope.len_lines() {
            self.rope.len_bytes()
        } else {
            self.rope.line_to_byte(line)
        }
    }

    /// The byte offset where `line`'s content ends, before its line break.
    pub fn line_content_end(&self, line: usize) -> usize {
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let slice = self.rope.line(line);
        let mut end = self.rope.line_to_byte(line) + slice.len_bytes();
        let mut chars = slice.chars_at(slice.len_chars());
        // Strip at most one line break: "\r\n", "\n" or "\r".
        match chars.prev() {
            Some('\n') => {
                end -= 1;
                if chars.prev() == Some('\r') {
                    end -= 1;
                }
            }
            Some('\r') => end -= 1,
            _ => {}
        }
        end
    }

    /// Byte offset → (line, column in `encoding`). Offsets past the end clamp to the end; offsets
    /// inside a character clamp to its start.
    pub fn line_col(&self, offset: usize, encoding: PositionEncoding) -> LineCol {
        let offset = self.clamp_to_char_boundary(offset);
        let line = self.rope.byte_to_line(offset);
        let line_start = self.rope.line_to_byte(line);
        let col = match encoding {
            PositionEncoding::Utf8 => offset - line_start,
            PositionEncoding::Utf16 => {
                let c0 = self.rope.byte_to_char(line_start);
                let c1 = self.rope.byte_to_char(offset);
                self.rope.char_to_utf16_cu(c1) - self.rope.char_to_utf16_cu(c0)
            }
            PositionEncoding::Utf32 => {
                self.rope.byte_to_char(offset) - self.rope.byte_to_char(line_start)
            }
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// (line, column in `encoding`) → byte offset, clamping as described on the type.
    pub fn offset(&self, pos: LineCol, encoding: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let start = self.rope.line_to_byte(line);
        let end = self.line_content_end(line);
        let col = pos.col as usize;
        match encoding {
            PositionEncoding::Utf8 => self.clamp_to_char_boundary((start + col).min(end)),
            PositionEncoding::Utf16 => {
                let c0 = self.rope.byte_to_char(start);
                let u0 = self.rope.char_to_utf16_cu(c0);
                let end_units = self.rope.char_to_utf16_cu(self.rope.byte_to_char(end));
                let target = (u0 + col).min(end_units);
                // utf16_cu_to_char rounds down inside a surrogate pair: the clamp we want.
                self.rope.char_to_byte(self.rope.utf16_cu_to_char(target))
            }
            PositionEncoding::Utf32 => {
                let c0 = self.rope.byte_to_char(start);
                let c_end = self.rope.byte_to_char(end);
                self.rope.char_to_byte((c0 + col).min(c_end))
            }
        }
    }

    pub fn range(&self, range: TextRange, encoding: PositionEncoding) -> LineColRange {
        LineColRange {
            start: self.line_col(range.start, encoding),
            end: self.line_col(range.end, encoding),
        }
    }

    pub fn text_range(&self, range: LineColRange, encoding: PositionEncoding) -> TextRange {
        let start = self.offset(range.start, encoding);
        let end = self.offset(range.end, encoding).max(start);
        TextRange::new(start, end)
    }

    /// The tree-sitter point of a byte offset: rows count `\n` only (a lone `\r` does not start a
    /// row for tree-sitter), columns count bytes.
    pub fn ts_point(&self, offset: usize) -> tree_sitter::Point {
        let offset = self.clamp_to_char_boundary(offset);
        if !self.has_lone_cr() {
            // The common case: rope lines and tree-sitter rows coincide.
            let row = self.rope.byte_to_line(offset);
            return tree_sitter::Point {
                row,
                column: offset - self.rope.line_to_byte(row),
            };
        }
        let mut row = 0;
        let mut row_start = 0;
        for (i, b) in self.rope.byte_slice(..offset).bytes().enumerate() {
            if b == b'\n' {
                row += 1;
                row_start = i + 1;
            }
        }
        tree_sitter::Point {
            row,
            column: offset - row_start,
        }
    }

    /// Whether any `\r` is not followed by `\n`. Almost never true, and cheap to rule out: a text
    /// without any `\r` is answered by one pass of `memchr`-speed scanning.
    fn has_lone_cr(&self) -> bool {
        let mut prev_cr = false;
        for chunk in self.rope.chunks() {
            let bytes = chunk.as_bytes();
            if !prev_cr && !bytes.contains(&b'\r') {
                continue;
            }
            for &b in bytes {
                if prev_cr && b != b'\n' {
                    return true;
                }
                prev_cr = b == b'\r';
            }
        }
        prev_cr
    }

    fn clamp_to_char_boundary(&self, offset: usize) -> usize {
        let offset = offset.min(self.rope.len_bytes());
        // byte_to_char rounds down to the start of the character containing `offset`.
        self.rope.char_to_byte(self.rope.byte_to_char(offset))
    }
}

/// Byte offset → tree-sitter point over a plain string (for code that has no rope, such as the CLI).
pub fn ts_point_in_str(text: &str, offset: usize) -> tree_sitter::Point {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let row_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    tree_sitter::Point {
        row,
        column: before.len() - row_start,
    }
}

#[cfg(test)]
mod tests;
