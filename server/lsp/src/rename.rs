//! `textDocument/prepareRename`, `textDocument/rename` and `workspace/willRenameFiles`: the
//! protocol side of `analysis::navigation::rename`.
//!
//! The texts handed to the core are the editor's buffers for open documents and the files on
//! disk for the rest, each read once; every edit is sent against the text it was computed from:
//! with the open document's version, or version `null` for a file that is not open (plain
//! `changes` for a client without `documentChanges`). A document changed after the request is
//! then refused by the client instead of being overwritten.

use crate::state::Shared;
use crate::{from_proto, to_proto};
use docwright_core::navigation::rename::{self, DocEdits, DocText};
use docwright_core::position::{PositionMapper, TextRange};
use std::collections::HashMap;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

/// LSP's `RequestFailed`: the request was valid, but what it asks cannot be done here. Editors
/// show its message.
const REQUEST_FAILED: i64 = -32803;

fn refused(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::ServerError(REQUEST_FAILED),
        message: message.into().into(),
        data: None,
    }
}

/// What the server advertises under `workspace.fileOperations.willRename`: Markdown files, and
/// folders (whose documents move with them).
pub fn will_rename_registration() -> FileOperationRegistrationOptions {
    let pattern = |glob: &str, matches| FileOperationFilter {
        scheme: Some(String::from("file")),
        pattern: FileOperationPattern {
            glob: glob.to_string(),
            matches: Some(matches),
            options: None,
        },
    };
    FileOperationRegistrationOptions {
        filters: vec![
            pattern("**/*.md", FileOperationPatternKind::File),
            pattern("**/*.markdown", FileOperationPatternKind::File),
            pattern("**/*", FileOperationPatternKind::Folder),
        ],
    }
}

/// A document's text as the edits are computed for it.
struct Text {
    uri: Uri,
    text: String,
    /// The open document's version; `None` for a file read from disk.
    version: Option<i32>,
}

/// The open documents by index path. Too large documents are listed with no text: they are
/// neither parsed nor edited.
fn open_texts(shared: &Shared) -> HashMap<String, Option<Text>> {
    // One lock at a time: the documents, then the index.
    let open: Vec<(std::path::PathBuf, Option<Text>)> = shared
        .docs()
        .values()
        .filter_map(|doc| {
            let text = doc.document().map(|document| Text {
                uri: doc.uri.clone(),
                text: document.text().to_string(),
                version: Some(doc.version()),
            });
            Some((doc.path.clone()?, text))
        })
        .collect();
    let state = shared.index();
    open.into_iter()
        .map(|(path, text)| (state.index_path(&path), text))
        .collect()
}

/// The current text of an indexed document: the open buffer, else the file.
fn text_of(
    shared: &Shared,
    open: &HashMap<String, Option<Text>>,
    index_path: &str,
) -> std::result::Result<Text, String> {
    if let Some(open) = open.get(index_path) {
        return match open {
            Some(text) => Ok(Text {
                uri: text.uri.clone(),
                text: text.text.clone(),
                version: text.version,
            }),
            None => Err(format!(
                "{index_path} is too large to be analysed, so its links cannot be updated"
            )),
        };
    }
    let uri = shared
        .index()
        .uri(index_path)
        .ok_or_else(|| format!("{index_path} is not a file of the workspace"))?;
    let path = uri
        .to_file_path()
        .ok_or_else(|| format!("{} is not a file", uri.as_str()))?
        .into_owned();
    let boundary = shared.index().boundary();
    let text = boundary
        .read_text(&path, docwright_host::MAX_TEXT_BYTES)
        .map_err(|err| err.to_string())?;
    Ok(Text {
        uri,
        text,
        version: None,
    })
}

/// The texts read for a rename, as the core takes them.
fn doc_texts(texts: &[(String, Text)]) -> Vec<DocText<'_>> {
    texts
        .iter()
        .map(|(path, text)| DocText {
            path,
            text: &text.text,
        })
        .collect()
}

/// How long a rename waits for the first discovery of the workspace before it gives up.
const INDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Waits (polling: the index's own notification belongs to its listener) until the workspace
/// has been indexed: a rename computed before would miss the links of unindexed documents.
async fn wait_for_index(shared: &Shared) -> Result<()> {
    let deadline = std::time::Instant::now() + INDEX_WAIT;
    loop {
        let ready = {
            let state = shared.index();
            state.ready || state.base.is_none()
        };
        if ready {
            return Ok(());
        }
        if std::time::Instant::now() >= deadline {
            return Err(refused(
                "The workspace is still being indexed; try the rename again in a moment",
            ));
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The open documents' texts once the workspace is indexed and every open document is analysed
/// at its current version: what every rename request starts from.
async fn current_texts(shared: &Shared) -> Result<HashMap<String, Option<Text>>> {
    wait_for_index(shared).await?;
    crate::diagnostics::refresh_open_documents(shared);
    Ok(open_texts(shared))
}

/// The requesting document's text, the offset of `position` in it, and its index entry as of
/// that text.
fn text_at(
    shared: &Shared,
    open: &HashMap<String, Option<Text>>,
    index_path: &str,
    position: Position,
) -> Result<(Text, usize, docwright_core::index::DocEntry)> {
    let text = text_of(shared, open, index_path).map_err(refused)?;
    let rope = ropey::Rope::from_str(&text.text);
    let offset =
        PositionMapper::new(&rope).offset(from_proto::line_col(position), shared.encoding());
    let (entry, _) = rename::fresh_entry(DocText {
        path: index_path,
        text: &text.text,
    });
    Ok((text, offset, entry))
}

/// The heading a rename at `position` changes, with the requesting document's text.
fn target_at(
    shared: &Shared,
    open: &HashMap<String, Option<Text>>,
    uri: &Uri,
    position: Position,
) -> Result<(rename::SectionTarget, Text, String)> {
    let index_path = shared
        .index()
        .index_path_of_uri(uri)
        .ok_or_else(|| refused(rename::NOT_RENAMEABLE))?;
    let (text, offset, entry) = text_at(shared, open, &index_path, position)?;
    let target = {
        let state = shared.index();
        rename::section_at(&state.index, &entry, &text.text, offset).map_err(refused)?
    };
    Ok((target, text, index_path))
}

pub async fn prepare_rename(
    shared: &Arc<Shared>,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let open = current_texts(shared).await?;
    let (target, here, here_path) =
        match target_at(shared, &open, &params.text_document.uri, params.position) {
            Ok(found) => found,
            Err(refusal) => {
                let Some((file, here)) =
                    file_target_at(shared, &open, &params.text_document.uri, params.position)?
                else {
                    return Err(refusal);
                };
                let rope = ropey::Rope::from_str(&here.text);
                return Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                    range: to_proto::range(
                        &PositionMapper::new(&rope),
                        file.range,
                        shared.encoding(),
                    ),
                    placeholder: file.placeholder,
                }));
            }
        };
    let heading_doc = if target.path == here_path {
        None
    } else {
        Some(text_of(shared, &open, &target.path).map_err(refused)?)
    };
    let heading_text = heading_doc.as_ref().unwrap_or(&here);
    let heading = rename::heading_with_anchor(
        DocText {
            path: &target.path,
            text: &heading_text.text,
        },
        &target.anchor,
    )
    .ok_or_else(|| {
        refused(format!(
            "{} has no heading `#{}`",
            target.path, target.anchor
        ))
    })?;
    let rope = ropey::Rope::from_str(&here.text);
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: to_proto::range(&PositionMapper::new(&rope), target.range, shared.encoding()),
        placeholder: heading.content.slice(&heading_text.text).to_string(),
    }))
}

pub async fn rename(shared: &Arc<Shared>, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let open = current_texts(shared).await?;
    let position = params.text_document_position;
    let (target, _, _) = match target_at(
        shared,
        &open,
        &position.text_document.uri,
        position.position,
    ) {
        Ok(found) => found,
        Err(refusal) => {
            let Some((file, _)) = file_target_at(
                shared,
                &open,
                &position.text_document.uri,
                position.position,
            )?
            else {
                return Err(refusal);
            };
            return rename_file(shared, &open, &file, &params.new_name).map(Some);
        }
    };
    let candidates = {
        let state = shared.index();
        rename::heading_rename_candidates(&state.index, &target.path)
    };
    let texts = read_all(shared, &open, &candidates, &target.path)?;
    let doc_texts = doc_texts(&texts);
    let heading_doc = doc_texts
        .iter()
        .copied()
        .find(|d| d.path == target.path)
        .ok_or_else(|| refused(format!("cannot read {}", target.path)))?;
    let edits = {
        let state = shared.index();
        rename::rename_heading(
            &state.index,
            heading_doc,
            &target.anchor,
            &params.new_name,
            &doc_texts,
        )
        .map_err(refused)?
    };
    Ok(Some(workspace_edit(shared, &texts, &edits)))
}

/// The document a reference at `position` names as a whole, for renaming its file: only for a
/// client that can rename files in a `WorkspaceEdit` (and version its edits), so that the links
/// and the file move together or not at all.
fn file_target_at(
    shared: &Shared,
    open: &HashMap<String, Option<Text>>,
    uri: &Uri,
    position: Position,
) -> Result<Option<(rename::FileTarget, Text)>> {
    let support = shared.client_support();
    if !(support.rename_files && support.document_changes) {
        return Ok(None);
    }
    let Some(index_path) = shared.index().index_path_of_uri(uri) else {
        return Ok(None);
    };
    let (text, offset, entry) = text_at(shared, open, &index_path, position)?;
    let target = {
        let state = shared.index();
        rename::file_at(&state.index, &entry, &text.text, offset)
    };
    Ok(target.map(|target| (target, text)))
}

/// Renames the file `target` names to `new_name` (read as [`rename::new_file_path`] says):
/// every link to it and its own relative links updated, then the file renamed, in one
/// `WorkspaceEdit`. Refused, with nothing changed, when the new path leaves the workspace or
/// names a file that exists.
fn rename_file(
    shared: &Shared,
    open: &HashMap<String, Option<Text>>,
    target: &rename::FileTarget,
    new_name: &str,
) -> Result<WorkspaceEdit> {
    let new_path = rename::new_file_path(target, new_name).map_err(refused)?;
    if new_path == target.path {
        return Ok(WorkspaceEdit::default());
    }
    let (old_file, new_file, boundary, taken) = {
        let state = shared.index();
        (
            state.file_path(&target.path),
            state.file_path(&new_path),
            state.boundary(),
            state.index.get(&new_path).is_some(),
        )
    };
    let (Some(old_file), Some(new_file)) = (old_file, new_file) else {
        return Err(refused("The workspace has no folder to rename files in"));
    };
    if let Err(error) = boundary.resolve_inside(&new_file) {
        return Err(refused(format!(
            "{new_path} cannot be written: {}",
            error.reason()
        )));
    }
    if taken || std::fs::symlink_metadata(&new_file).is_ok() {
        return Err(refused(format!(
            "{new_path} already exists; choose another name"
        )));
    }
    let (old_uri, new_uri) = match (
        Uri::from_file_path(&old_file),
        Uri::from_file_path(&new_file),
    ) {
        (Some(old), Some(new)) => (old, new),
        _ => return Err(refused(format!("{new_path} is not a file path"))),
    };
    let moves = vec![(target.path.clone(), new_path)];
    let candidates = {
        let state = shared.index();
        rename::move_candidates(&state.index, &moves)
    };
    let texts = read_all(shared, open, &candidates, &target.path)?;
    let doc_texts = doc_texts(&texts);
    let edits = {
        let state = shared.index();
        rename::rename_files(&state.index, &moves, &doc_texts)
    };
    // The links first (on the old paths, as `willRenameFiles` has them), then the file.
    let mut operations: Vec<DocumentChangeOperation> = document_edits(shared, &texts, &edits)
        .into_iter()
        .map(|(uri, version, edits)| {
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            })
        })
        .collect();
    operations.push(DocumentChangeOperation::Op(ResourceOp::Rename(
        RenameFile {
            old_uri,
            new_uri,
            options: Some(RenameFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(false),
            }),
            annotation_id: None,
        },
    )));
    Ok(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(operations)),
        ..WorkspaceEdit::default()
    })
}

pub async fn will_rename_files(
    shared: &Arc<Shared>,
    params: RenameFilesParams,
) -> Result<Option<WorkspaceEdit>> {
    let open = current_texts(shared).await?;
    let (moves, candidates) = {
        let state = shared.index();
        let announced: Vec<(String, String)> = params
            .files
            .iter()
            .filter_map(|file| {
                let index_path = |uri: &str| {
                    let uri: Uri = uri.parse().ok()?;
                    state.index_path_of_uri(&uri)
                };
                Some((index_path(&file.old_uri)?, index_path(&file.new_uri)?))
            })
            .collect();
        let moves = rename::expand_moves(&state.index, &announced);
        let candidates = rename::move_candidates(&state.index, &moves);
        (moves, candidates)
    };
    if moves.is_empty() {
        return Ok(None);
    }
    // A document that cannot be read is left out: the move goes ahead, its links are not updated.
    let texts: Vec<(String, Text)> = candidates
        .iter()
        .filter_map(|path| match text_of(shared, &open, path) {
            Ok(text) => Some((path.clone(), text)),
            Err(err) => {
                tracing::warn!("willRenameFiles: {err}");
                None
            }
        })
        .collect();
    let doc_texts = doc_texts(&texts);
    let edits = {
        let state = shared.index();
        rename::rename_files(&state.index, &moves, &doc_texts)
    };
    if edits.is_empty() {
        return Ok(None);
    }
    Ok(Some(workspace_edit(shared, &texts, &edits)))
}

/// Reads every candidate; a heading's own document must be readable, the others are skipped
/// (with a log line) when they cannot be.
fn read_all(
    shared: &Shared,
    open: &HashMap<String, Option<Text>>,
    paths: &[String],
    required: &str,
) -> Result<Vec<(String, Text)>> {
    let mut out = Vec::new();
    for path in paths {
        match text_of(shared, open, path) {
            Ok(text) => out.push((path.clone(), text)),
            Err(err) if path == required => return Err(refused(err)),
            Err(err) => tracing::warn!("rename: {err}"),
        }
    }
    Ok(out)
}

/// Each document's edits in protocol form, positions computed from the text the edits were
/// computed from, with the version that text had (`None` for a file read from disk).
fn document_edits(
    shared: &Shared,
    texts: &[(String, Text)],
    edits: &[DocEdits],
) -> Vec<(Uri, Option<i32>, Vec<TextEdit>)> {
    let encoding = shared.encoding();
    let by_path: HashMap<&str, &Text> = texts.iter().map(|(p, t)| (p.as_str(), t)).collect();
    let mut document_edits = Vec::new();
    for file in edits {
        let Some(text) = by_path.get(file.path.as_str()) else {
            continue;
        };
        let rope = ropey::Rope::from_str(&text.text);
        let mapper = PositionMapper::new(&rope);
        let text_edits: Vec<TextEdit> = file
            .edits
            .iter()
            .map(|edit| {
                let range: TextRange = edit.range;
                TextEdit::new(
                    to_proto::range(&mapper, range, encoding),
                    edit.new_text.clone(),
                )
            })
            .collect();
        document_edits.push((text.uri.clone(), text.version, text_edits));
    }
    document_edits
}

/// The edits as one `WorkspaceEdit`, each document's positions computed from the text its edits
/// were computed from.
fn workspace_edit(shared: &Shared, texts: &[(String, Text)], edits: &[DocEdits]) -> WorkspaceEdit {
    let document_edits = document_edits(shared, texts, edits);
    if !shared.client_support().document_changes {
        return WorkspaceEdit::new(
            document_edits
                .into_iter()
                .map(|(uri, _, edits)| (uri, edits))
                .collect(),
        );
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(
            document_edits
                .into_iter()
                .map(|(uri, version, edits)| TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                })
                .collect(),
        )),
        ..WorkspaceEdit::default()
    }
}
