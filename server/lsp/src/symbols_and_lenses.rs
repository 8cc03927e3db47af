//! `workspace/symbol` (+ `workspaceSymbol/resolve`), `textDocument/inlayHint` and
//! `textDocument/codeLens` over the workspace index. The answers come from
//! `docwright_core::navigation`; this module looks up state and converts.

use crate::diagnostics::{current_entry, refresh_open_documents};
use crate::index::locate;
use crate::state::Shared;
use crate::{from_proto, to_proto};
use docwright_core::navigation::code_lens::title_lenses;
use docwright_core::navigation::inlay_hints::{placed, title_hints};
use docwright_core::navigation::workspace_symbols::{
    SymbolTarget, WORKSPACE_SYMBOL_LIMIT, symbol_range, workspace_symbols_of as find_symbols,
};
use docwright_core::position::TextRange;
use docwright_core::workspace_rules::WorkspaceContext;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::*;

/// The command a "cited by" / "superseded by" lens runs, with the arguments of VS Code's
/// `editor.action.showReferences`: `[uri, position, locations]`. A server command
/// (`lsp::commands`), so that it works in any client; the plugins map it to their own references
/// view.
pub const SHOW_REFERENCES_COMMAND: &str = "docwright.showReferences";

/// What `workspaceSymbol/resolve` needs to find a symbol's range again: the document and which
/// symbol of it, not a byte range that an edit may have moved since.
#[derive(Serialize, Deserialize)]
struct SymbolData {
    path: String,
    /// The section's anchor; `None` for the document itself.
    anchor: Option<String>,
}

pub fn workspace_symbols(shared: &Shared, query: &str) -> Option<WorkspaceSymbolResponse> {
    refresh_open_documents(shared);
    let lazy = shared.client_support().workspace_symbol_resolve;
    let found: Vec<_> = {
        let state = shared.index();
        find_symbols(&state.symbol_docs(), query, WORKSPACE_SYMBOL_LIMIT)
            .into_iter()
            .filter_map(|m| Some((state.uri(&m.path)?, m)))
            .collect()
    };
    // A client that resolves locations lazily gets only URIs now; any other needs ranges, which
    // means reading each matched document once.
    let locations: Vec<Option<Location>> = if lazy {
        Vec::new()
    } else {
        let ranges: Vec<(&str, TextRange)> = found
            .iter()
            .map(|(_, m)| (m.path.as_str(), m.range))
            .collect();
        locate(shared, &ranges)
    };
    let symbols = found
        .into_iter()
        .enumerate()
        .filter_map(|(i, (uri, m))| {
            let location = if lazy {
                OneOf::Right(WorkspaceLocation { uri })
            } else {
                OneOf::Left(locations.get(i).cloned().flatten()?)
            };
            let (kind, anchor) = match m.target {
                SymbolTarget::Document => (SymbolKind::FILE, None),
                SymbolTarget::Section { anchor, .. } => (SymbolKind::STRING, Some(anchor)),
            };
            let data = SymbolData {
                path: m.path,
                anchor,
            };
            Some(WorkspaceSymbol {
                name: m.name,
                kind,
                tags: m.superseded.then(|| vec![SymbolTag::DEPRECATED]),
                container_name: m.container,
                location,
                data: lazy.then(|| serde_json::to_value(&data).ok()).flatten(),
            })
        })
        .collect();
    Some(WorkspaceSymbolResponse::Nested(symbols))
}

/// Fills in the range of a symbol answered without one. A symbol whose document or section has
/// gone since comes back unchanged.
pub fn resolve_workspace_symbol(shared: &Shared, mut symbol: WorkspaceSymbol) -> WorkspaceSymbol {
    let Some(data) = symbol
        .data
        .clone()
        .and_then(|d| serde_json::from_value::<SymbolData>(d).ok())
    else {
        return symbol;
    };
    refresh_open_documents(shared);
    let range = {
        let state = shared.index();
        state
            .index
            .get(&data.path)
            .and_then(|doc| symbol_range(doc, data.anchor.as_deref()))
    };
    let Some(range) = range else {
        return symbol;
    };
    if let Some(Some(location)) = locate(shared, &[(data.path.as_str(), range)]).pop() {
        symbol.location = OneOf::Left(location);
    }
    symbol
}

pub fn inlay_hints(shared: &Shared, uri: &Uri, range: Range) -> Option<Vec<InlayHint>> {
    // An open target's title may have just changed.
    refresh_open_documents(shared);
    let entry = current_entry(shared, uri)?;
    let encoding = shared.encoding();
    let requested = {
        let docs = shared.docs();
        let document = docs.get(uri.as_str())?.document()?;
        document
            .mapper()
            .text_range(from_proto::range(range), encoding)
    };
    // The index lock is never held together with the documents' lock.
    let hints = {
        let state = shared.index();
        title_hints(&state.index, &entry, requested)
    };
    let placement = shared.settings().inlay_hints;
    let docs = shared.docs();
    let document = docs.get(uri.as_str())?.document()?;
    let mapper = document.mapper();
    let end = document.text().len();
    let hints = placed(hints, document.text(), placement);
    Some(
        hints
            .into_iter()
            .map(|hint| InlayHint {
                position: to_proto::position(&mapper, hint.offset.min(end), encoding),
                label: InlayHintLabel::String(hint.label),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(hint.tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    )
}

pub fn code_lenses(shared: &Shared, uri: &Uri) -> Option<Vec<CodeLens>> {
    refresh_open_documents(shared);
    let entry = current_entry(shared, uri)?;
    let config = shared.config();
    let lenses = {
        let state = shared.index();
        title_lenses(&WorkspaceContext::new(&state.index, &config), &entry)
    };
    let encoding = shared.encoding();
    let (title_range, title_start) = {
        let docs = shared.docs();
        let document = docs.get(uri.as_str())?.document()?;
        let mapper = document.mapper();
        let end = document.text().len();
        let range = TextRange::new(
            entry.title_range.start.min(end),
            entry.title_range.end.min(end),
        );
        (
            to_proto::range(&mapper, range, encoding),
            to_proto::position(&mapper, range.start, encoding),
        )
    };
    Some(
        lenses
            .into_iter()
            .map(|lens| {
                let command = if lens.targets.is_empty() {
                    // Information only: an empty command id is shown as plain text.
                    Command::new(lens.title, String::new(), None)
                } else {
                    let targets: Vec<(&str, TextRange)> = lens
                        .targets
                        .iter()
                        .map(|(path, range)| (path.as_str(), *range))
                        .collect();
                    let locations: Vec<Location> =
                        locate(shared, &targets).into_iter().flatten().collect();
                    Command::new(
                        lens.title,
                        String::from(SHOW_REFERENCES_COMMAND),
                        Some(vec![
                            serde_json::json!(uri),
                            serde_json::json!(title_start),
                            serde_json::json!(locations),
                        ]),
                    )
                };
                CodeLens {
                    range: title_range,
                    command: Some(command),
                    data: None,
                }
            })
            .collect(),
    )
}
