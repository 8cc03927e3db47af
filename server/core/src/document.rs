//! An open document: its rope, its syntax trees and its outline, updated edit by edit.
//!
//! This is the editor's model of a file, kept in the core so that it can be tested without any
//! protocol: positions come in as [`LineColRange`]s in the negotiated encoding, are converted with
//! [`PositionMapper`] (clamping what is out of range, as the LSP specification asks), applied to the
//! rope and the text, and handed to tree-sitter as an [`tree_sitter::InputEdit`] so that only what
//! changed is re-parsed.
//!
//! The text is kept twice: as a rope, for position conversions that stay cheap on a large file,
//! and as one `String` behind an `Arc`, because the parsers and the rules want a `&str`, and a
//! snapshot for a background diagnostics run is then a reference count rather than a copy.
//!
//! The tree-sitter block tree is built only when an editor feature that walks it (folding,
//! expanding a selection) first asks for it, and from then on edited in place with every change:
//! nothing on the way from a keystroke to its diagnostics reads it, and it is the largest thing a
//! document would otherwise hold (tree-sitter-md's block grammar keeps every word of a paragraph
//! as a token: about 12 times the text for a Rust RFC, 60 times for plain prose). ADR 23.

use crate::outline::Outline;
use crate::outline::regions::{self, ReadingCache};
use crate::position::{LineColRange, PositionEncoding, PositionMapper, TextRange};
use crate::syntax::SyntaxTree;
use ropey::Rope;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub mod features;
pub mod templates;

/// One change as an editor sends it: a range to replace (or `None` for the whole text) and the
/// new text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub range: Option<LineColRange>,
    pub text: String,
}

/// What one change did, in byte offsets of the text before and after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppliedChange {
    /// The replaced range, in the text before the change (after clamping).
    pub replaced: TextRange,
    /// The inserted text's range, in the text after the change.
    pub inserted: TextRange,
}

pub struct Document {
    rope: Rope,
    /// Always set, except in a [`Document::stand_in`], which makes it from the rope when first
    /// read.
    text: OnceLock<Arc<String>>,
    /// Built on first use ([`Document::syntax`]); once built, kept current edit by edit.
    syntax: OnceLock<SyntaxTree>,
    /// Built on first use after each edit: a burst of keystrokes re-parses on every one but
    /// builds the outline once, when diagnostics or an editor feature ask for it.
    outline: OnceLock<Arc<Outline>>,
    /// What the last outline read from each region of the text: the next outline re-reads only
    /// the regions an edit changed.
    readings: Mutex<ReadingCache>,
    version: i32,
    /// The file name without folders (feeds the document number of the outline).
    file_name: Option<String>,
}

/// A cheap, immutable view of a document at one version, for work done off the editing path.
#[derive(Clone)]
pub struct Snapshot {
    pub text: Arc<String>,
    /// The same text as a rope (cloning a rope shares its nodes), for position conversions.
    pub rope: Rope,
    pub outline: Arc<Outline>,
    pub version: i32,
}

impl Document {
    pub fn new(text: String, version: i32, file_name: Option<String>) -> Document {
        Document {
            rope: Rope::from_str(&text),
            text: OnceLock::from(Arc::new(text)),
            syntax: OnceLock::new(),
            outline: OnceLock::new(),
            readings: Mutex::new(ReadingCache::following_edits()),
            version,
            file_name,
        }
    }

    /// A copy to apply the next edits to while this one stays readable (the server's parse jobs
    /// edit a copy while requests read the published version): the text, rope and syntax tree
    /// are shared until edited (the syntax tree only if one was built); the region readings move
    /// to the copy, whose outline is the next one built.
    pub fn fork(&self) -> Document {
        let readings =
            std::mem::take(&mut *self.readings.lock().unwrap_or_else(PoisonError::into_inner));
        Document {
            rope: self.rope.clone(),
            text: OnceLock::from(Arc::clone(self.text_arc())),
            syntax: self.syntax.clone(),
            outline: OnceLock::new(),
            readings: Mutex::new(readings),
            version: self.version,
            file_name: self.file_name.clone(),
        }
    }

    /// A readable copy of this version that shares no text with it, for the server to publish
    /// while its parse job edits this one in place (so that a keystroke does not copy the whole
    /// text): it shares the rope's nodes, the syntax tree and the outline, and makes its text
    /// from the rope only if something reads it before the edited version replaces it (ADR 25).
    pub fn stand_in(&self) -> Document {
        let outline = OnceLock::new();
        if let Some(built) = self.outline.get() {
            let _ = outline.set(Arc::clone(built));
        }
        Document {
            rope: self.rope.clone(),
            text: OnceLock::new(),
            syntax: self.syntax.clone(),
            outline,
            readings: Mutex::new(ReadingCache::default()),
            version: self.version,
            file_name: self.file_name.clone(),
        }
    }

    pub fn text(&self) -> &str {
        self.text_arc()
    }

    fn text_arc(&self) -> &Arc<String> {
        self.text.get_or_init(|| Arc::new(text_of(&self.rope)))
    }

    /// Whether this document's text shares its memory with `other`'s (for tests and benchmarks).
    pub fn shares_text_with(&self, other: &Document) -> bool {
        std::ptr::eq(self.text().as_ptr(), other.text().as_ptr())
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// The block tree, parsed now if no feature asked for it since the document was opened or
    /// replaced whole; kept and edited incrementally from then on.
    pub fn syntax(&self) -> &SyntaxTree {
        self.syntax.get_or_init(|| SyntaxTree::parse(self.text()))
    }

    /// Whether the block tree is built (for tests and benchmarks).
    pub fn has_syntax(&self) -> bool {
        self.syntax.get().is_some()
    }

    /// The outline of the current text (built now if an edit made the last one stale).
    pub fn outline(&self) -> &Outline {
        self.outline_arc()
    }

    fn outline_arc(&self) -> &Arc<Outline> {
        self.outline.get_or_init(|| {
            let mut readings = self.readings.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::new(regions::outline(
                self.text(),
                &mut readings,
                self.file_name.as_deref(),
            ))
        })
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    pub fn mapper(&self) -> PositionMapper<'_> {
        PositionMapper::new(&self.rope)
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: Arc::clone(self.text_arc()),
            rope: self.rope.clone(),
            outline: Arc::clone(self.outline_arc()),
            version: self.version,
        }
    }

    /// Applies one change; the outline is rebuilt when next asked for. See
    /// [`Document::apply_changes`] for several.
    pub fn apply_change(
        &mut self,
        range: Option<LineColRange>,
        text: &str,
        encoding: PositionEncoding,
    ) -> AppliedChange {
        let applied = self.apply_edit_only(range, text, encoding);
        self.invalidate_outline();
        applied
    }

    /// Applies changes in order (each one's positions refer to the text left by the previous one,
    /// as in `didChange`), re-parsing after each; the outline is rebuilt once, when next asked for.
    pub fn apply_changes(&mut self, changes: &[Change], encoding: PositionEncoding) {
        for change in changes {
            self.apply_edit_only(change.range, &change.text, encoding);
        }
        self.invalidate_outline();
    }

    fn apply_edit_only(
        &mut self,
        range: Option<LineColRange>,
        new_text: &str,
        encoding: PositionEncoding,
    ) -> AppliedChange {
        let Some(range) = range else {
            let old_len = self.text().len();
            self.rope = Rope::from_str(new_text);
            self.text = OnceLock::from(Arc::new(new_text.to_owned()));
            self.syntax = OnceLock::new();
            self.readings_mut().note_replaced();
            return AppliedChange {
                replaced: TextRange::new(0, old_len),
                inserted: TextRange::new(0, new_text.len()),
            };
        };
        let mapper = PositionMapper::new(&self.rope);
        let replaced = mapper.text_range(range, encoding);
        let inserted = TextRange::new(replaced.start, replaced.start + new_text.len());
        // The syntax tree's edit, when there is a tree to edit, and what the edit removes, for
        // its keystroke fast path (a keystroke removes a character or a word, so longer
        // removals are not worth copying).
        let tree_edit = self.syntax.get().is_some().then(|| {
            let start_position = mapper.ts_point(replaced.start);
            let edit = tree_sitter::InputEdit {
                start_byte: replaced.start,
                old_end_byte: replaced.end,
                new_end_byte: inserted.end,
                start_position,
                old_end_position: mapper.ts_point(replaced.end),
                new_end_position: point_after(start_position, new_text),
            };
            let removed = (replaced.len() <= 64)
                .then(|| self.text().get(replaced.start..replaced.end))
                .flatten()
                .map(str::to_string);
            (edit, removed)
        });
        // A stand-in's text is made from the rope before the rope moves on.
        let mut text_arc = self
            .text
            .take()
            .unwrap_or_else(|| Arc::new(text_of(&self.rope)));
        let start_char = self.rope.byte_to_char(replaced.start);
        let end_char = self.rope.byte_to_char(replaced.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        // A copy of the whole text only if another version still shares it (ADR 25).
        let text = Arc::make_mut(&mut text_arc);
        let growth = new_text.len().saturating_sub(replaced.len());
        if growth > text.capacity() - text.len() {
            // A little room, not the doubling `replace_range` would do: an open document would
            // otherwise hold up to twice its text after one keystroke.
            text.reserve_exact(growth + text.len() / 64 + 256);
        }
        text.replace_range(replaced.start..replaced.end, new_text);

        if let (Some((edit, removed)), Some(syntax)) = (tree_edit, self.syntax.get_mut()) {
            syntax.edit_removing(&edit, &text_arc, removed.as_deref());
        }
        self.text = OnceLock::from(text_arc);
        self.readings_mut()
            .note_edit(replaced.start..replaced.end, new_text.len());
        AppliedChange { replaced, inserted }
    }

    fn readings_mut(&mut self) -> &mut ReadingCache {
        self.readings
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn invalidate_outline(&mut self) {
        self.outline = OnceLock::new();
    }
}

/// The rope's text in a `String` of exactly its length (`to_string` grows by doubling).
fn text_of(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    text
}

/// The tree-sitter point reached after writing `inserted` at `start`: rows count `\n` only, as
/// tree-sitter does, and columns count bytes.
fn point_after(start: tree_sitter::Point, inserted: &str) -> tree_sitter::Point {
    match inserted.rfind('\n') {
        None => tree_sitter::Point {
            row: start.row,
            column: start.column + inserted.len(),
        },
        Some(last_newline) => tree_sitter::Point {
            row: start.row + inserted.bytes().filter(|&b| b == b'\n').count(),
            column: inserted.len() - last_newline - 1,
        },
    }
}

#[cfg(test)]
mod tests;
