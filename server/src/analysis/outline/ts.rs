//! The outline from tree-sitter-md's trees.

use crate::analysis::outline::Outline;
use crate::analysis::syntax::SyntaxTree;

pub fn outline(_text: &str, _syntax: &SyntaxTree, _file_name: Option<&str>) -> Outline {
    Outline::default()
}
