//! Navigation requests over the workspace index: definition, references, hover on a reference,
//! document links. Each handler finds the requesting document's entry and the cursor's byte
//! offset, asks `analysis::navigation` under the index's read lock, lets go of the lock, and only
//! then reads the documents it must place ranges in (`lsp::index::locate`), which are always
//! documents the index holds: nothing outside the workspace folders is read, nothing is fetched.

use crate::diagnostics::current_entry;
use crate::index::{locate, text_of_indexed};
use crate::state::Shared;
use crate::{from_proto, to_proto};
use docwright_core::index::DocEntry;
use docwright_core::navigation::definition::{self, Destination};
use docwright_core::navigation::{document_links, reference_hover, references};
use docwright_core::position::PositionMapper;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// The requesting document's entry and current text: the open buffer when it is open, else the
/// indexed file. For an open document both belong to one version: an edit arriving in between
/// (the entry is computed first) makes it try again, so offsets never apply to another text.
fn requested_doc(shared: &Shared, uri: &Uri) -> Option<(Arc<DocEntry>, ropey::Rope)> {
    let open_buffer = || {
        shared
            .docs()
            .get(uri.as_str())
            .and_then(|open| open.document().map(|d| (d.version(), d.rope().clone())))
    };
    for _ in 0..3 {
        let Some((version, rope)) = open_buffer() else {
            let entry = current_entry(shared, uri)?;
            let (_, rope) = text_of_indexed(shared, &entry.path)?;
            return Some((entry, rope));
        };
        let entry = current_entry(shared, uri)?;
        if open_buffer().is_some_and(|(now, _)| now == version) {
            return Some((entry, rope));
        }
    }
    tracing::info!("{} keeps changing; no navigation answer", uri.as_str());
    None
}

/// The entry, the text and the byte offset of `position` in it.
fn cursor(
    shared: &Shared,
    uri: &Uri,
    position: Position,
) -> Option<(Arc<DocEntry>, ropey::Rope, usize)> {
    let (entry, rope) = requested_doc(shared, uri)?;
    let offset =
        PositionMapper::new(&rope).offset(from_proto::line_col(position), shared.encoding());
    Some((entry, rope, offset))
}

/// Protocol locations for destinations, in order, leaving out those that cannot be placed.
fn locations(shared: &Shared, destinations: &[Destination]) -> Vec<Location> {
    let ranges: Vec<(&str, docwright_core::position::TextRange)> = destinations
        .iter()
        .map(|d| (d.path.as_str(), d.range))
        .collect();
    locate(shared, &ranges).into_iter().flatten().collect()
}

pub fn goto_definition(
    shared: &Shared,
    uri: &Uri,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    let (entry, _, offset) = cursor(shared, uri, position)?;
    let destinations = {
        let state = shared.index();
        definition::definition(&state.index, &entry, offset)
    };
    let found = locations(shared, &destinations);
    match found.len() {
        0 => None,
        1 => found.into_iter().next().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(found)),
    }
}

pub fn references(
    shared: &Shared,
    uri: &Uri,
    position: Position,
    include_declaration: bool,
) -> Option<Vec<Location>> {
    let (entry, _, offset) = cursor(shared, uri, position)?;
    let destinations = {
        let state = shared.index();
        let subject = references::subject_at(&state.index, &entry, offset)?;
        let declaration = include_declaration
            .then(|| references::declaration(&state.index, &subject))
            .flatten();
        declaration
            .into_iter()
            .chain(references::references(&state.index, &subject))
            .collect::<Vec<_>>()
    };
    Some(locations(shared, &destinations))
}

/// The hover of a reference under the cursor; `None` elsewhere, so the document's own hover
/// (sections, statuses) answers.
pub fn reference_hover(shared: &Shared, uri: &Uri, position: Position) -> Option<Hover> {
    let (entry, rope, offset) = cursor(shared, uri, position)?;
    let config = shared.config();
    let hover = {
        let state = shared.index();
        reference_hover::reference_hover(&state.index, &config, &entry, offset)?
    };
    let excerpt = hover.section.as_ref().and_then(|preview| {
        let (_, target) = text_of_indexed(shared, &preview.path)?;
        reference_hover::section_excerpt(&target.to_string(), preview.body)
    });
    let mapper = PositionMapper::new(&rope);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: hover.markdown_with_excerpt(excerpt.as_deref()),
        }),
        range: Some(to_proto::range(&mapper, hover.range, shared.encoding())),
    })
}

pub fn document_links(shared: &Shared, uri: &Uri) -> Option<Vec<DocumentLink>> {
    let (entry, rope) = requested_doc(shared, uri)?;
    let (links, targets) = {
        let state = shared.index();
        let links = document_links::document_links(&state.index, &entry);
        let targets: Vec<Option<Uri>> = links.iter().map(|l| state.uri(&l.path)).collect();
        (links, targets)
    };
    // A section's line is found in its document's current text; each such document is read once.
    let sections: Vec<(&str, docwright_core::position::TextRange)> = links
        .iter()
        .filter_map(|l| l.section.map(|range| (l.path.as_str(), range)))
        .collect();
    let mut section_lines = locate(shared, &sections).into_iter();
    let encoding = shared.encoding();
    let mapper = PositionMapper::new(&rope);
    let mut out = Vec::with_capacity(links.len());
    for (link, target) in links.iter().zip(targets) {
        // Taken in step with `sections`, whether or not this link gets a target.
        let line = link
            .section
            .and_then(|_| section_lines.next().flatten())
            .map(|location| location.range.start.line);
        let Some(target) = target else {
            continue;
        };
        out.push(DocumentLink {
            range: to_proto::range(&mapper, link.range, encoding),
            target: Some(with_line_fragment(&target, line)),
            tooltip: Some(link.tooltip.clone()),
            data: None,
        });
    }
    Some(out)
}

/// `file:///…/0007-x.md#L12`: the fragment VS Code (and editors following it) opens at a line
/// (1-based). The file alone when there is no line, or when the URI will not take one.
fn with_line_fragment(uri: &Uri, line: Option<u32>) -> Uri {
    let Some(line) = line else {
        return uri.clone();
    };
    format!("{}#L{}", uri.as_str(), line + 1)
        .parse()
        .unwrap_or_else(|_| uri.clone())
}
