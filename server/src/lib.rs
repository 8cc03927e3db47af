//! Docwright: a language server and checker for the documents engineers decide things in.
//!
//! Layers (see ARCHITECTURE.md): `analysis` is the core and knows nothing of protocols or
//! terminals; `cli` and `lsp` are thin translators at the edge.

pub use docwright_core as analysis;
pub use docwright_host as host;
pub use docwright_lsp as lsp;
pub mod cli;

/// The published addresses (see `analysis::rule_docs`), also at the crate root where the tests
/// name them.
pub use crate::analysis::rule_docs::{repository_url, rule_docs_url};
