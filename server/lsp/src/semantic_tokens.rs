//! `textDocument/semanticTokens/full`: the spans of `docwright_core::navigation::semantic_tokens`
//! as the protocol's relative, line-split tokens in the negotiated position encoding.
//!
//! The token types are standard ones, so that every theme colours them without configuration:
//! a reference id is a `variable`, the status value an `enumMember` (a word of a fixed
//! vocabulary), a placeholder a `parameter` (a slot the template asks to fill); a reference to
//! a superseded document carries the standard `deprecated` modifier, which VS Code and Neovim
//! show struck through.

use crate::diagnostics::current_entry;
use crate::state::Shared;
use docwright_core::navigation::semantic_tokens::{SpanKind, semantic_spans};
use docwright_core::position::{PositionEncoding, PositionMapper, TextRange};
use tower_lsp_server::ls_types::*;

/// The rule whose findings are coloured as placeholders.
const PLACEHOLDER_RULE: &str = "placeholder-text";

/// The legend announced in `initialize`; a token's type and modifier bits index into it.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::VARIABLE,
            SemanticTokenType::ENUM_MEMBER,
            SemanticTokenType::PARAMETER,
        ],
        token_modifiers: vec![SemanticTokenModifier::DEPRECATED],
    }
}

fn token_type(kind: SpanKind) -> u32 {
    match kind {
        SpanKind::Reference => 0,
        SpanKind::Status => 1,
        SpanKind::Placeholder => 2,
    }
}

const DEPRECATED_BIT: u32 = 1;

pub fn full(shared: &Shared, uri: &Uri) -> Option<SemanticTokensResult> {
    let analysis = crate::diagnostics::current_analysis(shared, uri)?;
    let placeholders: Vec<TextRange> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == PLACEHOLDER_RULE)
        .map(|d| d.range)
        .collect();
    let entry = current_entry(shared, uri)?;
    let spans = {
        let state = shared.index();
        semantic_spans(&state.index, &entry, &placeholders)
    };
    let encoding = shared.encoding();
    let docs = shared.docs();
    let document = docs.get(uri.as_str())?.document()?;
    let mapper = document.mapper();
    let end = document.text().len();
    let mut data = Vec::with_capacity(spans.len());
    let mut previous = (0u32, 0u32);
    for span in spans {
        let range = TextRange::new(span.range.start.min(end), span.range.end.min(end));
        let modifiers = if span.superseded { DEPRECATED_BIT } else { 0 };
        for (line, start, length) in line_pieces(&mapper, range, encoding) {
            let delta_line = line - previous.0;
            let delta_start = if delta_line == 0 {
                start - previous.1
            } else {
                start
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length,
                token_type: token_type(span.kind),
                token_modifiers_bitset: modifiers,
            });
            previous = (line, start);
        }
    }
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    }))
}

/// A range as one `(line, start column, length)` piece per line it covers (a token may not span
/// lines for clients without multiline support), in the encoding's units; empty pieces dropped.
fn line_pieces(
    mapper: &PositionMapper,
    range: TextRange,
    encoding: PositionEncoding,
) -> Vec<(u32, u32, u32)> {
    let start = mapper.line_col(range.start, encoding);
    let end = mapper.line_col(range.end, encoding);
    let mut pieces = Vec::new();
    for line in start.line..=end.line {
        let from = if line == start.line { start.col } else { 0 };
        let to = if line == end.line {
            end.col
        } else {
            let content_end = mapper.line_content_end(line as usize);
            mapper.line_col(content_end, encoding).col
        };
        if to > from {
            pieces.push((line, from, to - from));
        }
    }
    pieces
}
