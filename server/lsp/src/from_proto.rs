//! Protocol → core: positions, changes and the negotiated encoding.

use docwright_core::document::Change;
use docwright_core::position::{LineCol, LineColRange, PositionEncoding};
use tower_lsp_server::ls_types::{
    InitializeParams, Position, PositionEncodingKind, Range, TextDocumentContentChangeEvent,
};

pub fn line_col(position: Position) -> LineCol {
    LineCol {
        line: position.line,
        col: position.character,
    }
}

pub fn range(range: Range) -> LineColRange {
    LineColRange {
        start: line_col(range.start),
        end: line_col(range.end),
    }
}

pub fn changes(events: Vec<TextDocumentContentChangeEvent>) -> Vec<Change> {
    events
        .into_iter()
        .map(|event| Change {
            range: event.range.map(range),
            text: event.text,
        })
        .collect()
}

/// UTF-8 when the client offers it (no conversion for anyone), else UTF-16, which every client
/// must support.
pub fn negotiate_encoding(params: &InitializeParams) -> PositionEncoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref())
        .unwrap_or_default();
    if offered.contains(&PositionEncodingKind::UTF8) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}
