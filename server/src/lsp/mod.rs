//! The language server: LSP over stdio, translating to and from the analysis core.
