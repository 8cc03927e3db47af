//! Docwright: a language server and checker for the documents engineers decide things in.
//!
//! Layers (see ARCHITECTURE.md): `analysis` is the core and knows nothing of protocols or
//! terminals; `cli` and `lsp` are thin translators at the edge.

pub mod analysis;
pub mod cli;
pub mod host;
pub mod lsp;
