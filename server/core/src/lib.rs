//! The analysis core: documents, outlines, kinds, rules and fixes.
//!
//! Nothing in here knows about LSP, terminals or the file system: it is handed (path, text) and
//! hands back outlines and diagnostics in byte ranges. `crate::cli` and `crate::lsp` translate at
//! the edges (see ARCHITECTURE.md).

pub mod authoring;
pub mod baseline;
pub mod calendar;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod digest;
pub mod doc_id;
pub mod document;
pub mod edit_distance;
pub mod fix;
pub mod history;
pub mod index;
pub mod index_markers;
pub mod kinds;
pub mod links;
pub mod logs;
pub mod navigation;
pub mod outline;
#[doc(hidden)]
pub mod pathological;
pub mod position;
pub mod resolve;
pub mod rule_docs;
pub mod rule_ids;
pub mod rules;
pub mod site;
pub mod status;
pub mod syntax;
pub mod text_search;
pub mod words;
pub mod workspace_rules;
