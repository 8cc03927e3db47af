//! Cross-reference completion (`ADR-`, `[[`, `](`, `](file.md#`, `](#`) at the protocol edge:
//! gathers the cursor's line and the document's current index entry, asks
//! `analysis::navigation::completion`, and converts its byte ranges.

use crate::state::Shared;
use crate::{diagnostics, from_proto, to_proto};
use docwright_core::navigation::completion::{
    CursorLine, RefCompletion, RefItemKind, complete_references,
};
use docwright_core::position::{PositionMapper, TextRange};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionItemTag,
    CompletionList, CompletionResponse, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Position, TextEdit, Uri,
};

/// The reference items at `position`, or `None` when the cursor is not where a reference is
/// being typed (or is in code).
pub fn completion(shared: &Shared, uri: &Uri, position: Position) -> Option<CompletionList> {
    // First, without holding the documents' lock: analysing the current version upserts the
    // doc's entry, so its own anchors and folder are current.
    let current = diagnostics::current_entry(shared, uri)?;
    let encoding = shared.encoding();
    let (rope, offset, line_range) = {
        let docs = shared.docs();
        let document = docs.get(uri.as_str())?.document()?;
        let offset = document
            .mapper()
            .offset(from_proto::line_col(position), encoding);
        if document.outline().in_code(offset) {
            return None;
        }
        let text = document.text();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| offset + i);
        // Ropes share their chunks: the clone is cheap, and lets the lock go.
        (
            document.rope().clone(),
            offset,
            TextRange::new(line_start, line_end),
        )
    };
    let line_text = rope
        .byte_slice(line_range.start..line_range.end)
        .to_string();
    let split = offset - line_range.start;
    let found = {
        let state = shared.index();
        let mut candidates = shared.completion_candidates();
        complete_references(
            &mut candidates,
            &state.index,
            &current,
            &CursorLine {
                before: &line_text[..split],
                after: &line_text[split..],
                offset,
            },
        )
    }?;
    Some(convert(&PositionMapper::new(&rope), found, encoding))
}

fn convert(
    mapper: &PositionMapper,
    found: RefCompletion,
    encoding: docwright_core::position::PositionEncoding,
) -> CompletionList {
    // The items replace the same range (what was typed since the trigger): converted once, not
    // twice per item through the rope.
    let mut converted: Option<(TextRange, tower_lsp_server::ls_types::Range)> = None;
    let mut range = |range: TextRange| match converted {
        Some((from, to)) if from == range => to,
        _ => {
            let to = to_proto::range(mapper, range, encoding);
            converted = Some((range, to));
            to
        }
    };
    let items = found
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, item)| CompletionItem {
            label: item.label,
            kind: Some(match item.kind {
                RefItemKind::Document => CompletionItemKind::REFERENCE,
                RefItemKind::Anchor => CompletionItemKind::MODULE,
            }),
            detail: item.detail,
            // The title in the row itself, not only in the selected row's detail: a superseded
            // id is more than a struck-through number.
            label_details: (item.label_title.is_some() || item.label_status.is_some()).then(|| {
                CompletionItemLabelDetails {
                    detail: item.label_title.map(|title| format!(" {title}")),
                    description: item.label_status,
                }
            }),
            documentation: item.documentation.map(|summary| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: summary,
                })
            }),
            tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
            // The core's order is the ranking; after the section and front matter items, which
            // sort by digits.
            sort_text: Some(format!("ref{rank:04}")),
            filter_text: Some(item.filter_text),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range(item.edit.range),
                item.edit.new_text,
            ))),
            ..CompletionItem::default()
        })
        .collect();
    CompletionList {
        is_incomplete: found.is_incomplete,
        items,
    }
}

/// The document's own completion (sections, front matter) and the reference items, in one
/// answer; incomplete when the reference list was cut.
pub fn merge(
    own: Option<CompletionResponse>,
    references: Option<CompletionList>,
) -> Option<CompletionResponse> {
    let Some(references) = references else {
        return own;
    };
    let (mut items, own_incomplete) = match own {
        Some(CompletionResponse::Array(items)) => (items, false),
        Some(CompletionResponse::List(list)) => (list.items, list.is_incomplete),
        None => (Vec::new(), false),
    };
    items.extend(references.items);
    let is_incomplete = own_incomplete || references.is_incomplete;
    Some(if is_incomplete {
        CompletionResponse::List(CompletionList {
            is_incomplete,
            items,
        })
    } else {
        CompletionResponse::Array(items)
    })
}
