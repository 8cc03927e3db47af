//! `workspace/executeCommand`: the authoring commands, for editor plugins.
//!
//! Every command takes one JSON object as its only argument. A document may be named by its
//! number (`"3"`, `"ADR-0003"`), its workspace-relative path, or a `file:` URI.
//!
//! | Command | Argument |
//! | --- | --- |
//! | `docwright.new` | `{ "kind": "adr", "title": "Use PostgreSQL", "date"?: "2026-11-23", "supersedes"?: "3" \| ["3", "5"] }` |
//! | `docwright.supersede` | `{ "old": "3", "new": "12" }` |
//! | `docwright.link` | `{ "from": "12", "to": "3", "relation": "amends" \| "relates-to" \| "supersedes" }` |
//! | `docwright.setStatus` | `{ "document": "file:///…/0003-x.md", "status": "accepted" }` (or `accept`, `reject`, `deprecate`) |
//! | `docwright.index` | `{ "folder"?: "doc/adr" }` (default: the decision records' folder) |
//! | `docwright.make` | `{ "document": "file:///…/notes.md", "kind": "rfc" }`: the open document rewritten as that kind |
//! | `docwright.fill` | `{ "document": "file:///…/0005-x.md", "kind"?: "adr" }`: an empty open document filled with the kind's template (default: its detected kind) |
//! | `docwright.digest` | `{ "since"?: "2026-11-23" \| ref, "until"?: "2026-11-29" \| ref }`: answers `{ "markdown": "…", "digest": {…} }` (the `docwright digest` of that window; nothing is edited) |
//! | `docwright.fillDecisions` | `{ "document": "file:///…/updates/2026-W48.md" }`: the weekly update's `Decisions` section filled with the digest of its week (the code action "Fill with this week's decisions") |
//! | `docwright.showReferences` | `[uri, position, locations]` as a code lens names it (or `[uri, position]`: the document's citations) |
//!
//! `docwright.make` and `docwright.fill` are the "Make this a …" and "Fill with the … template"
//! code actions as commands, for a palette; they answer like the others. `docwright.showReferences`
//! is what the title's code lenses run: it answers the locations and, when the client supports
//! `window/showDocument`, shows the first, so that a lens works in any client; the plugins may
//! handle it themselves with their own references view.
//!
//! The server plans the change with `analysis::authoring` over the editor's open texts (the disk
//! for the rest), sends it as one `workspace/applyEdit`, and answers
//! `{ "applied": bool, "edit": WorkspaceEdit | null, "uri"?: "file:///…" }` (`edit` is `null`
//! when there is nothing to change; `uri` is the created file of `docwright.new`, also shown with
//! `window/showDocument` when the client supports it). New files are a `CreateFile` followed by
//! the text, so the editor opens them and undo works; edits of open documents carry the version
//! they were computed for, so a document that changed meanwhile is not overwritten.
//!
//! `supersedes` makes the new document supersede others on creation, as `adr new -s` (and
//! `docwright new -s`) does. In a pyadr log, `docwright.setStatus` with `accept` or `reject` on a
//! proposal does what `pyadr accept`/`reject` do: a `RenameFile` of `XXXX-slug.md` to its
//! numbered name, its new text (number, status, date), and the edits of the documents whose links
//! named the old file; `uri` is then the renamed file. A client that cannot rename files
//! (`workspace.workspaceEdit.resourceOperations` without `rename`) is told so, and nothing is
//! sent.

use crate::state::Shared;
use crate::to_proto;
use docwright_core::authoring::{DocEdits, FileCreation};
use docwright_core::position::{PositionEncoding, PositionMapper, TextRange};
use docwright_host::authoring::{AuthoringWorkspace, IndexPlan};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub const NEW: &str = "docwright.new";
pub const SUPERSEDE: &str = "docwright.supersede";
pub const LINK: &str = "docwright.link";
pub const SET_STATUS: &str = "docwright.setStatus";
pub const INDEX: &str = "docwright.index";
pub const MAKE: &str = "docwright.make";
pub const FILL: &str = "docwright.fill";
pub const DIGEST: &str = "docwright.digest";
pub const FILL_DECISIONS: &str = "docwright.fillDecisions";
pub const SHOW_REFERENCES: &str = crate::symbols_and_lenses::SHOW_REFERENCES_COMMAND;

/// Every command, as advertised in `ServerCapabilities::execute_command_provider`.
pub const COMMANDS: &[&str] = &[
    NEW,
    SUPERSEDE,
    LINK,
    SET_STATUS,
    INDEX,
    MAKE,
    FILL,
    DIGEST,
    FILL_DECISIONS,
    SHOW_REFERENCES,
];

/// The capability to advertise.
pub fn provider() -> ExecuteCommandOptions {
    ExecuteCommandOptions {
        commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
        work_done_progress_options: WorkDoneProgressOptions::default(),
    }
}

/// An open document as the commands see it: its text and version.
pub(crate) struct OpenText {
    uri: Uri,
    text: String,
    version: i32,
}

/// Runs one command: plans it, asks the client to apply it, and answers what was sent.
///
/// Planning reads files (the documents named, markers, templates), so it runs on a blocking
/// thread, never on the task that reads the client's messages; every path it reads lies inside
/// the workspace root (`host::Boundary`), and an argument naming anything outside is refused.
pub async fn execute(
    shared: &Arc<Shared>,
    client: &Client,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    match params.command.as_str() {
        SHOW_REFERENCES => return show_references(shared, client, params).await,
        MAKE | FILL => return rewrite(shared, client, params).await,
        DIGEST => return digest(shared, params).await,
        FILL_DECISIONS => return fill_decisions(shared, client, params).await,
        _ => {}
    }
    let (workspace, open) = authoring_workspace(shared);
    let encoding = shared.encoding();
    let can_rename = shared.client_support().rename_files;
    let command = params.command.clone();
    let planned =
        tokio::task::spawn_blocking(move || plan(&workspace, &open, &params, encoding, can_rename))
            .await
            .map_err(|error| {
                tracing::error!("{command}: planning failed: {error}");
                Error::internal_error()
            })??;
    let Some((edit, created_uri)) = planned else {
        return Ok(Some(json!({ "applied": false, "edit": null })));
    };
    let applied = apply(client, &edit).await;
    let mut answer = json!({ "applied": applied, "edit": edit });
    if let Some(uri) = created_uri {
        answer["uri"] = json!(uri);
        if applied && command == NEW && shared.client_support().show_document {
            let shown = client
                .show_document(ShowDocumentParams {
                    uri,
                    external: None,
                    take_focus: Some(true),
                    selection: None,
                })
                .await;
            if let Err(error) = shown {
                tracing::warn!("window/showDocument failed: {error}");
            }
        }
    }
    Ok(Some(answer))
}

/// `docwright.showReferences`: the locations a lens leads to (given, or the citations of the
/// document), answered, and the first shown when the client can be asked to.
async fn show_references(
    shared: &Arc<Shared>,
    client: &Client,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let mut arguments = params.arguments.into_iter();
    let uri: Option<Uri> = arguments
        .next()
        .and_then(|v| serde_json::from_value(v).ok());
    let position: Option<Position> = arguments
        .next()
        .and_then(|v| serde_json::from_value(v).ok());
    let given: Option<Vec<Location>> = arguments
        .next()
        .and_then(|v| serde_json::from_value(v).ok());
    let locations = match (given, uri, position) {
        (Some(locations), _, _) => locations,
        (None, Some(uri), Some(position)) => {
            let shared = shared.clone();
            tokio::task::spawn_blocking(move || {
                crate::navigation::references(&shared, &uri, position, false)
            })
            .await
            .map_err(|_| Error::internal_error())?
            .unwrap_or_default()
        }
        _ => {
            return Err(Error::invalid_params(format!(
                "{SHOW_REFERENCES}: the arguments are [uri, position, locations?]"
            )));
        }
    };
    if let Some(first) = locations.first()
        && shared.client_support().show_document
    {
        let shown = client
            .show_document(ShowDocumentParams {
                uri: first.uri.clone(),
                external: None,
                take_focus: Some(true),
                selection: Some(first.range),
            })
            .await;
        if let Err(error) = shown {
            tracing::warn!("window/showDocument failed: {error}");
        }
    }
    Ok(Some(json!(locations)))
}

/// Asks the client to apply `edit`: whether it did (a failed request is logged, not raised, so
/// the command still answers with the edit it made).
async fn apply(client: &Client, edit: &WorkspaceEdit) -> bool {
    match client.apply_edit(edit.clone()).await {
        Ok(response) => response.applied,
        Err(error) => {
            tracing::warn!("workspace/applyEdit failed: {error}");
            false
        }
    }
}

/// The workspace root the server reads git history under.
fn workspace_root(shared: &Shared) -> PathBuf {
    shared
        .workspace
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .root
        .clone()
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `docwright.digest`: the decisions that changed in a window, as `docwright digest` prints them
/// (Markdown, links relative to the workspace root) and as data.
async fn digest(shared: &Arc<Shared>, params: ExecuteCommandParams) -> Result<Option<Value>> {
    use docwright_host::digest::{Bound, GitHistory};
    let argument = params.arguments.first().cloned().unwrap_or(Value::Null);
    let bound = |key: &str| argument.get(key).and_then(Value::as_str).map(Bound::parse);
    let (since, until) = (bound("since"), bound("until"));
    let root = workspace_root(shared);
    let config = (*shared.config()).clone();
    let digest = tokio::task::spawn_blocking(move || {
        GitHistory::new(&root, &config).digest(
            since.as_ref(),
            until.as_ref(),
            &docwright_host::today(),
        )
    })
    .await
    .map_err(|_| Error::internal_error())?
    .map_err(|error| Error::invalid_params(format!("{DIGEST}: {error}")))?;
    Ok(Some(json!({
        "markdown": docwright_core::digest::render_markdown(&digest, ""),
        "digest": digest,
    })))
}

/// The open document a document command names in its argument's `document`, or the error that
/// says what `command` needs.
fn open_document_argument(command: &str, argument: &Value) -> Result<Uri> {
    argument
        .get("document")
        .and_then(Value::as_str)
        .and_then(|u| u.parse().ok())
        .ok_or_else(|| {
            Error::invalid_params(format!(
                "{command}: the argument needs `document`, an open document's URI"
            ))
        })
}

/// `docwright.fillDecisions`: a weekly update's `Decisions` section filled with the decisions of
/// its week (the ISO week of its dated file name), links relative to it. Answers like the
/// authoring commands; `edit` is `null` when no decision changed that week.
async fn fill_decisions(
    shared: &Arc<Shared>,
    client: &Client,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    use docwright_core::calendar::week_of_file_name;
    use docwright_core::digest::{DecisionHistory, fill_decisions, render_items};
    use docwright_host::digest::GitHistory;
    let argument = params.arguments.first().cloned().unwrap_or(Value::Null);
    let uri = open_document_argument(FILL_DECISIONS, &argument)?;
    let root = workspace_root(shared);
    let config = shared.config();
    // The analysis first: it takes the documents' lock itself.
    let kind = crate::diagnostics::current_analysis(shared, &uri)
        .and_then(|analysis| analysis.detection.kind.clone());
    let (path, text, version) = {
        let docs = shared.docs();
        let doc = docs
            .get(uri.as_str())
            .ok_or_else(|| Error::invalid_params(format!("{} is not open", uri.as_str())))?;
        let document = doc
            .document()
            .ok_or_else(|| Error::invalid_params(format!("{} is not open", uri.as_str())))?;
        let path = doc.path.clone().ok_or_else(|| {
            Error::invalid_params(format!("{FILL_DECISIONS}: the document has no file path"))
        })?;
        (path, document.text().to_string(), doc.version())
    };
    let relative = docwright_host::workspace_relative(&path, &root);
    let kind = kind
        .and_then(|name| config.kind(&name).cloned())
        .ok_or_else(|| {
            Error::invalid_params(format!("{FILL_DECISIONS}: the document has no kind"))
        })?;
    let week = week_of_file_name(&relative).ok_or_else(|| {
        Error::invalid_params(format!(
            "{FILL_DECISIONS}: `{relative}` is not named by a date or week (`2026-11-27.md`, \
             `2026-W48.md`)"
        ))
    })?;
    let history_config = (*config).clone();
    let history_root = root.clone();
    let logs = tokio::task::spawn_blocking(move || {
        GitHistory::new(&history_root, &history_config).changes_between(&week.start, &week.end)
    })
    .await
    .map_err(|_| Error::internal_error())?
    .ok_or_else(|| {
        Error::invalid_params(format!(
            "{FILL_DECISIONS}: no git history to read under {}",
            root.display()
        ))
    })?;
    let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
    let items = render_items(&logs, folder);
    let outline = docwright_core::outline::parse_outline_fast(
        &text,
        path.file_name().and_then(|n| n.to_str()),
    );
    let Some(edit) = fill_decisions(&text, &outline, &kind, &items) else {
        return Ok(Some(json!({ "applied": false, "edit": null })));
    };
    let rope = ropey::Rope::from_str(&text);
    let mapper = PositionMapper::new(&rope);
    let edit = to_proto::versioned_workspace_edit(
        &uri,
        version,
        to_proto::text_edits(&mapper, shared.encoding(), std::slice::from_ref(&edit)),
        shared.client_support().document_changes,
    );
    Ok(Some(
        json!({ "applied": apply(client, &edit).await, "edit": edit }),
    ))
}

/// The "Fill with this week's decisions" code action, offered in a weekly update's `Decisions`
/// section (a document of a kind with that section and a dated file name): it runs
/// [`FILL_DECISIONS`], which reads the history when chosen, not when offered.
pub fn fill_decisions_action(
    shared: &Shared,
    uri: &Uri,
    document: &docwright_core::document::Document,
    kind: Option<&docwright_core::kinds::Kind>,
    requested: TextRange,
) -> Option<CodeActionOrCommand> {
    let kind = kind?;
    let path = shared.docs().get(uri.as_str())?.path.clone()?;
    let file_name = path.file_name()?.to_str()?;
    docwright_core::calendar::week_of_file_name(file_name)?;
    let body = docwright_core::digest::decisions_body(document.outline(), kind)?;
    let section = document
        .outline()
        .all_sections()
        .find(|s| s.own_body == body)?;
    if !(section.range.start <= requested.start && requested.start <= body.end) {
        return None;
    }
    let title = String::from("Fill with this week's decisions");
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::REFACTOR_REWRITE),
        command: Some(Command {
            title,
            command: FILL_DECISIONS.to_string(),
            arguments: Some(vec![json!({ "document": uri.as_str() })]),
        }),
        ..CodeAction::default()
    }))
}

/// `docwright.make` / `docwright.fill`: the template rewrites of the code actions, as commands.
async fn rewrite(
    shared: &Arc<Shared>,
    client: &Client,
    params: ExecuteCommandParams,
) -> Result<Option<Value>> {
    let argument = params.arguments.first().cloned().unwrap_or(Value::Null);
    let command = params.command.as_str();
    let uri = open_document_argument(command, &argument)?;
    let kind_name = argument
        .get("kind")
        .and_then(Value::as_str)
        .map(str::to_string);
    let analysis = crate::diagnostics::current_analysis(shared, &uri)
        .ok_or_else(|| Error::invalid_params(format!("{} is not open", uri.as_str())))?;
    let config = shared.config();
    let edit = {
        let docs = shared.docs();
        let document = docs
            .get(uri.as_str())
            .and_then(|doc| doc.document())
            .ok_or_else(|| Error::invalid_params(format!("{} is not open", uri.as_str())))?;
        let kind_name = match (command, kind_name) {
            (_, Some(name)) => name,
            (FILL, None) => analysis.detection.kind.clone().ok_or_else(|| {
                Error::invalid_params(format!("{FILL}: the document has no kind; pass `kind`"))
            })?,
            (_, None) => {
                return Err(Error::invalid_params(format!(
                    "{MAKE}: the argument needs `kind`"
                )));
            }
        };
        let kind = config
            .kind(&kind_name)
            .ok_or_else(|| Error::invalid_params(format!("unknown kind {kind_name:?}")))?;
        let action = if command == FILL { "fill" } else { "make" };
        if action == "fill"
            && !document.text().trim().is_empty()
            && !docwright_core::document::templates::is_nearly_empty(
                document.text(),
                document.outline(),
            )
        {
            return Err(Error::invalid_params(format!(
                "{FILL}: the document is not empty; use {MAKE} to keep its text"
            )));
        }
        crate::edits::template_edit(
            document,
            kind,
            action,
            shared.encoding(),
            &uri,
            shared.client_support().document_changes,
        )
    };
    Ok(Some(
        json!({ "applied": apply(client, &edit).await, "edit": edit }),
    ))
}

/// The edit a command makes and the URI of the file it creates, if any; `None` when there is
/// nothing to change.
fn plan(
    workspace: &AuthoringWorkspace,
    open: &HashMap<String, OpenText>,
    params: &ExecuteCommandParams,
    encoding: PositionEncoding,
    can_rename: bool,
) -> Result<Option<(WorkspaceEdit, Option<Uri>)>> {
    let argument = params.arguments.first().cloned().unwrap_or(Value::Null);
    let string = |key: &str| {
        argument
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let required = |key: &str| {
        string(key).ok_or_else(|| {
            Error::invalid_params(format!("{}: the argument needs `{key}`", params.command))
        })
    };
    let doc = |key: &str| required(key).map(|value| document_argument(workspace, &value));
    let mut renames: Vec<(String, FileCreation)> = Vec::new();
    // pyadr's accept and reject rename the proposal.
    let pyadr_rename = if params.command == SET_STATUS {
        let today = docwright_host::today();
        let renamed = workspace
            .plan_pyadr_rename(&doc("document")?, &required("status")?, &today)
            .map_err(Error::invalid_params)?;
        if renamed.is_some() && !can_rename {
            return Err(Error::invalid_params(
                "docwright.setStatus: pyadr renames the proposal it decides, and this editor \
                 cannot rename files; run `docwright set-status` in a terminal",
            ));
        }
        renamed
    } else {
        None
    };
    let planned = match params.command.as_str() {
        NEW => {
            let today = string("date").unwrap_or_else(docwright_host::today);
            let supersedes: Vec<String> = match argument.get("supersedes") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::String(one)) => vec![document_argument(workspace, one)],
                Some(Value::Array(many)) => many
                    .iter()
                    .map(|value| {
                        value
                            .as_str()
                            .map(|one| document_argument(workspace, one))
                            .ok_or_else(|| {
                                Error::invalid_params(
                                    "docwright.new: `supersedes` is a document or a list of them",
                                )
                            })
                    })
                    .collect::<Result<_>>()?,
                Some(_) => {
                    return Err(Error::invalid_params(
                        "docwright.new: `supersedes` is a document or a list of them",
                    ));
                }
            };
            workspace
                .plan_new_superseding(&required("kind")?, &required("title")?, &today, &supersedes)
                .map(|(created, edits)| (vec![created], edits))
        }
        SET_STATUS if pyadr_rename.is_some() => {
            let renamed = pyadr_rename.expect("checked");
            renames.push((renamed.proposal, renamed.created));
            Ok((Vec::new(), renamed.links))
        }
        SUPERSEDE => workspace
            .plan_supersede(&doc("old")?, &doc("new")?)
            .map(|edits| (Vec::new(), edits)),
        LINK => {
            let relation = string("relation").unwrap_or_else(|| String::from("relates-to"));
            workspace
                .plan_link(&doc("from")?, &doc("to")?, &relation)
                .map(|edits| (Vec::new(), edits))
        }
        SET_STATUS => workspace
            .plan_set_status(&doc("document")?, &required("status")?)
            .map(|edits| (Vec::new(), edits)),
        INDEX => {
            let folder = match string("folder") {
                Some(folder) => Some(document_argument(workspace, &folder)),
                None => workspace.default_index_folder(),
            };
            match folder {
                None => Err(String::from("no decision folder found; pass `folder`")),
                Some(folder) => workspace.plan_index(&folder).map(|plan| match plan {
                    IndexPlan::Edit(edit) => (Vec::new(), vec![edit]),
                    IndexPlan::Create(created) => (vec![created], Vec::new()),
                    IndexPlan::Current(_) => (Vec::new(), Vec::new()),
                }),
            }
        }
        other => return Err(Error::invalid_params(format!("unknown command `{other}`"))),
    };
    let (creations, edits) = planned.map_err(Error::invalid_params)?;
    if creations.is_empty() && edits.is_empty() && renames.is_empty() {
        return Ok(None);
    }
    let edit = workspace_edit(workspace, open, &renames, &creations, &edits, encoding)?;
    let created_uri = match creations.first().or(renames.first().map(|(_, c)| c)) {
        Some(created) => Some(file_uri(&workspace.root.join(&created.path))?),
        None => None,
    };
    Ok(Some((edit, created_uri)))
}

/// The workspace the commands plan in, with the open documents' texts over the disk.
pub(crate) fn authoring_workspace(
    shared: &Shared,
) -> (AuthoringWorkspace, HashMap<String, OpenText>) {
    let root = shared
        .workspace
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .root
        .clone()
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let config = (*shared.config()).clone();
    let mut open = HashMap::new();
    for doc in shared.docs().values() {
        let (Some(path), Some(document)) = (&doc.path, doc.document()) else {
            continue;
        };
        let relative = docwright_host::workspace_relative(path, &root);
        open.insert(
            relative,
            OpenText {
                uri: doc.uri.clone(),
                text: document.text().to_string(),
                version: doc.version(),
            },
        );
    }
    let workspace = AuthoringWorkspace {
        root,
        config,
        overlay: open
            .iter()
            .map(|(path, doc)| (path.clone(), doc.text.clone()))
            .collect(),
    };
    (workspace, open)
}

/// A document argument as the workspace understands it: a `file:` URI becomes a
/// workspace-relative path; numbers and paths pass through.
fn document_argument(workspace: &AuthoringWorkspace, value: &str) -> String {
    if value.starts_with("file:")
        && let Ok(uri) = value.parse::<Uri>()
        && let Some(path) = uri.to_file_path()
    {
        return docwright_host::workspace_relative(&path, &workspace.root);
    }
    value.to_string()
}

fn file_uri(path: &Path) -> Result<Uri> {
    Uri::from_file_path(path)
        .ok_or_else(|| Error::invalid_params(format!("{} is not a file path", path.display())))
}

/// One `WorkspaceEdit` with `documentChanges`: each rename as `RenameFile` then the renamed
/// file's new text over its old, each creation as `CreateFile` then its text, each edited
/// document with the version it was read at (`null` for a file not open in the editor).
pub(crate) fn workspace_edit(
    workspace: &AuthoringWorkspace,
    open: &HashMap<String, OpenText>,
    renames: &[(String, FileCreation)],
    creations: &[FileCreation],
    edits: &[DocEdits],
    encoding: PositionEncoding,
) -> Result<WorkspaceEdit> {
    let mut operations: Vec<DocumentChangeOperation> = Vec::new();
    for (old, renamed) in renames {
        let old_uri = match open.get(old) {
            Some(open) => open.uri.clone(),
            None => file_uri(&workspace.root.join(old))?,
        };
        let old_text = workspace.read(old).map_err(Error::invalid_params)?;
        let new_uri = file_uri(&workspace.root.join(&renamed.path))?;
        operations.push(DocumentChangeOperation::Op(ResourceOp::Rename(
            RenameFile {
                old_uri,
                new_uri: new_uri.clone(),
                options: Some(RenameFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            },
        )));
        let rope = ropey::Rope::from_str(&old_text);
        let mapper = PositionMapper::new(&rope);
        let whole = TextRange::new(0, old_text.len());
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: new_uri,
                version: None,
            },
            edits: vec![OneOf::Left(TextEdit::new(
                to_proto::range(&mapper, whole, encoding),
                renamed.text.clone(),
            ))],
        }));
    }
    for created in creations {
        let uri = file_uri(&workspace.root.join(&created.path))?;
        operations.push(DocumentChangeOperation::Op(ResourceOp::Create(
            CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            },
        )));
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(TextEdit::new(
                Range::default(),
                created.text.clone(),
            ))],
        }));
    }
    for doc in edits {
        let (uri, version, text) = match open.get(&doc.path) {
            Some(open) => (open.uri.clone(), Some(open.version), open.text.clone()),
            None => (
                file_uri(&workspace.root.join(&doc.path))?,
                None,
                workspace.read(&doc.path).map_err(Error::invalid_params)?,
            ),
        };
        let rope = ropey::Rope::from_str(&text);
        let mapper = PositionMapper::new(&rope);
        let text_edits = doc
            .edits
            .iter()
            .map(|edit| {
                let range: TextRange = edit.range;
                OneOf::Left(TextEdit::new(
                    to_proto::range(&mapper, range, encoding),
                    edit.new_text.clone(),
                ))
            })
            .collect();
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
            edits: text_edits,
        }));
    }
    Ok(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(operations)),
        ..WorkspaceEdit::default()
    })
}

/// The statuses offered as code actions on a document's status.
const OFFERED_STATUSES: &[(&str, &str)] = &[
    ("accept", "accepted"),
    ("reject", "rejected"),
    ("deprecate", "deprecated"),
];

/// "Set status to accepted" (rejected, deprecated) when the requested range touches the
/// document's status value: the same edit as `docwright.setStatus`, offered in place.
pub fn status_actions(
    shared: &Shared,
    uri: &Uri,
    document: &docwright_core::document::Document,
    requested: TextRange,
    encoding: PositionEncoding,
    document_changes: bool,
) -> Vec<CodeActionOrCommand> {
    let Some(field) = document.outline().meta("status") else {
        return Vec::new();
    };
    let on_status = field.value_range.contains(requested.start)
        || field.value_range.end == requested.start
        || requested.contains(field.value_range.start);
    if !on_status {
        return Vec::new();
    }
    let config = shared.config();
    let path = document.file_name().unwrap_or("document.md");
    let mapper = document.mapper();
    OFFERED_STATUSES
        .iter()
        .filter_map(|(verb, name)| {
            let edits = docwright_core::authoring::relations::set_status(
                docwright_core::authoring::DocText {
                    path,
                    text: document.text(),
                },
                verb,
                &config,
            )
            .ok()
            .filter(|edits| !edits.is_empty())?;
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Set status to {name}"),
                kind: Some(CodeActionKind::REFACTOR_REWRITE),
                edit: Some(to_proto::versioned_workspace_edit(
                    uri,
                    document.version(),
                    to_proto::text_edits(&mapper, encoding, &edits),
                    document_changes,
                )),
                ..CodeAction::default()
            }))
        })
        .collect()
}
