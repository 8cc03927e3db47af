//! Editor navigation over the workspace index: what is under the cursor, where it leads, who
//! points here. Pure: it gets the index and a document's entry, and answers in byte ranges; the
//! LSP layer converts.

mod char_mask;
pub mod code_lens;
pub mod completion;
pub mod inlay_hints;
pub mod rename;
pub mod semantic_tokens;
pub mod workspace_symbols;

pub mod definition;
pub mod document_links;
pub mod reference_hover;
pub mod references;

use crate::index::{DocEntry, Reference, SectionEntry};

/// The reference whose range holds `offset` (its end included, so that a cursor just after
/// `ADR-0007` still finds it).
pub fn reference_at(entry: &DocEntry, offset: usize) -> Option<&Reference> {
    entry
        .references
        .iter()
        .find(|r| r.range.start <= offset && offset <= r.range.end)
}

/// The heading whose line holds `offset`.
pub fn heading_at(entry: &DocEntry, offset: usize) -> Option<&SectionEntry> {
    entry
        .sections
        .iter()
        .filter(|s| s.level > 0)
        .find(|s| s.range.start <= offset && offset <= s.range.end)
}
