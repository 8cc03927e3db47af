//! tree-sitter-md parsing: the block tree and the inline trees, kept incrementally.

use crate::analysis::position::TextRange;

/// The block tree and one inline tree per inline node, for one document.
pub struct SyntaxTree {
    pub block: tree_sitter::Tree,
    /// (range of the block `inline` node, its inline tree), in document order.
    pub inlines: Vec<(TextRange, tree_sitter::Tree)>,
}

impl SyntaxTree {
    /// Parses `text` from scratch. Never fails: tree-sitter always returns a tree.
    pub fn parse(_text: &str) -> SyntaxTree {
        unimplemented!("being written")
    }

    /// Applies one edit (already applied to `new_text`) and re-parses incrementally: the block
    /// tree through tree-sitter's incremental parse, and only the inline trees in the changed
    /// ranges.
    pub fn edit(&mut self, _edit: &tree_sitter::InputEdit, _new_text: &str) {
        unimplemented!("being written")
    }
}
