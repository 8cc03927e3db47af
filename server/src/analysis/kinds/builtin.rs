//! The built-in kinds.

use crate::analysis::kinds::Kind;

pub fn builtin_kinds() -> Vec<Kind> {
    Vec::new()
}
