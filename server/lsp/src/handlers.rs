//! Request handlers: each looks the document up, asks the core, and converts the answer. An
//! unknown URI or a document too large to analyse gets an empty answer and a log line.

use crate::diagnostics;
use crate::edits::template_edit;
use crate::state::Shared;
use crate::{from_proto, to_proto, workspace};
use docwright_core::document::Document;
use docwright_core::document::features::{self, CompletionContext};
use docwright_core::document::templates;
use docwright_core::fix;
use docwright_core::kinds::Kind;
use docwright_core::kinds::detect::{DetectInput, detect_kind};
use docwright_core::position::{PositionEncoding, TextRange};
use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

/// The kind of the "fix everything" source action.
pub const FIX_ALL_KIND: &str = "source.fixAll.docwright";

/// What a handler needs of an open document besides its parsed state.
struct OpenView {
    path: Option<std::path::PathBuf>,
    analysis: Option<std::sync::Arc<crate::check_results::Analysis>>,
}

/// Runs `f` on an open, analysed document, or logs why it cannot. The documents' lock is held
/// only to take the parsed state: `f` runs without it, so that edits keep being queued meanwhile.
fn with_document<T>(
    shared: &Shared,
    uri: &Uri,
    f: impl FnOnce(&OpenView, &Document) -> Option<T>,
) -> Option<T> {
    let (view, document) = {
        let docs = shared.docs();
        let Some(open) = docs.get(uri.as_str()) else {
            tracing::warn!("request for {}, which is not open", uri.as_str());
            return None;
        };
        let Some(document) = open.document_arc() else {
            tracing::info!("{} is not analysed (too large); no answer", uri.as_str());
            return None;
        };
        let view = OpenView {
            path: open.path.clone(),
            analysis: open.analysis.clone(),
        };
        (view, document)
    };
    f(&view, &document)
}

/// The document's kind: from the current analysis when there is one, else detected now.
fn kind_of(shared: &Shared, open: &OpenView, document: &Document) -> Option<Kind> {
    let config = shared.config();
    let name = match &open.analysis {
        Some(analysis) if analysis.version == document.version() => analysis.detection.kind.clone(),
        _ => {
            let root = shared
                .workspace
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .root
                .clone();
            let relative = open
                .path
                .as_deref()
                .map(|p| workspace::relative_path(root.as_deref(), p));
            // The hints of the last analysis, which read the disk off the input loop; they
            // depend on the path alone. Only before any analysis are they read here.
            let hints = match &open.analysis {
                Some(analysis) => analysis.hints.clone(),
                None => open
                    .path
                    .as_deref()
                    .map(|p| workspace::path_hints(root.as_deref(), p))
                    .unwrap_or_default(),
            };
            detect_kind(&DetectInput {
                path: relative.as_deref(),
                text: document.text(),
                outline: document.outline(),
                config: &config,
                hints: &hints,
            })
            .kind
        }
    }?;
    config.kind(&name).cloned()
}

fn offset_of(document: &Document, position: Position, encoding: PositionEncoding) -> usize {
    document
        .mapper()
        .offset(from_proto::line_col(position), encoding)
}

pub fn pull_diagnostics(
    shared: &Shared,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let known = shared.docs().contains_key(uri.as_str());
    if !known {
        return Err(Error::invalid_params(format!(
            "{} is not open",
            uri.as_str()
        )));
    }
    let items = diagnostics::current_analysis(shared, &uri)
        .map(|a| (a.version, a.index_generation, a.lsp_diagnostics.clone()));
    let (result_id, items) = match items {
        // The workspace rules' part changes with the index.
        Some((version, index_generation, items)) => (
            format!(
                "v{version}-{}-{index_generation}",
                shared_config_generation(shared)
            ),
            items,
        ),
        None => (String::from("too-large"), Vec::new()),
    };
    let unchanged = params.previous_result_id.as_deref() == Some(result_id.as_str());
    if let Some(doc) = shared.docs().get_mut(uri.as_str()) {
        doc.last_result_id = Some(result_id.clone());
    }
    let report = if unchanged {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items,
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}

fn shared_config_generation(shared: &Shared) -> u64 {
    shared
        .workspace
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .config_generation
}

pub fn document_symbols(shared: &Shared, uri: &Uri) -> Option<DocumentSymbolResponse> {
    let encoding = shared.encoding();
    with_document(shared, uri, |open, document| {
        let kind = kind_of(shared, open, document);
        let outline = document.outline();
        // What the plugins show in the status bar: the status normalised, never the raw line.
        let status = docwright_core::status::stated_status(outline, kind.as_ref())
            .and_then(|m| docwright_core::status::shown_status(m.value, kind.as_ref()));
        let detail = features::title_detail(
            kind.as_ref().map(|k| k.display_name.as_str()),
            status.as_deref(),
        );
        let symbols = features::document_symbols(document.text(), outline, detail);
        let mapper = document.mapper();
        Some(DocumentSymbolResponse::Nested(
            symbols
                .iter()
                .map(|s| to_proto::document_symbol(&mapper, encoding, s))
                .collect(),
        ))
    })
}

pub fn folding_ranges(shared: &Shared, uri: &Uri) -> Option<Vec<FoldingRange>> {
    with_document(shared, uri, |_, document| {
        let folds =
            features::folding_ranges(document.text(), document.syntax(), document.outline());
        Some(to_proto::folding_ranges(&document.mapper(), &folds))
    })
}

pub fn selection_ranges(
    shared: &Shared,
    uri: &Uri,
    positions: &[Position],
) -> Option<Vec<SelectionRange>> {
    let encoding = shared.encoding();
    with_document(shared, uri, |_, document| {
        let mapper = document.mapper();
        positions
            .iter()
            .map(|&position| {
                let offset = offset_of(document, position, encoding);
                let chain = features::selection_chain(
                    document.text(),
                    document.syntax(),
                    document.outline(),
                    offset,
                );
                to_proto::selection_range(&mapper, encoding, &chain)
            })
            .collect()
    })
}

/// On a reference, what it cites (`lsp::navigation`); elsewhere, what the section or status under
/// the cursor means.
pub fn hover(shared: &Shared, uri: &Uri, position: Position) -> Option<Hover> {
    if let Some(hover) = crate::navigation::reference_hover(shared, uri, position) {
        return Some(hover);
    }
    let encoding = shared.encoding();
    with_document(shared, uri, |open, document| {
        let kind = kind_of(shared, open, document)?;
        let offset = offset_of(document, position, encoding);
        let info = features::hover(document.outline(), &kind, &shared.config().history, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: info.markdown,
            }),
            range: Some(to_proto::range(&document.mapper(), info.range, encoding)),
        })
    })
}

pub fn completion(shared: &Shared, uri: &Uri, position: Position) -> Option<CompletionResponse> {
    let encoding = shared.encoding();
    let snippets = shared.client_support().snippets;
    with_document(shared, uri, |open, document| {
        let kind = kind_of(shared, open, document)?;
        let offset = offset_of(document, position, encoding);
        let outline = document.outline();
        let mapper = document.mapper();
        let edit_range = |r: TextRange| to_proto::range(&mapper, r, encoding);
        let items: Vec<CompletionItem> =
            match features::completion_context(document.text(), outline, &kind, offset) {
                CompletionContext::SectionHeading { replace } => {
                    features::missing_sections(outline, &kind)
                        .into_iter()
                        .enumerate()
                        .map(|(order, spec)| {
                            let body = spec.template.trim();
                            let (new_text, format) = if snippets {
                                let text = if body.is_empty() {
                                    format!("{}\n\n$0", features::snippet_escape(&spec.name))
                                } else {
                                    format!(
                                        "{}\n\n${{1:{}}}\n$0",
                                        features::snippet_escape(&spec.name),
                                        features::snippet_escape(body)
                                    )
                                };
                                (text, InsertTextFormat::SNIPPET)
                            } else if body.is_empty() {
                                (format!("{}\n\n", spec.name), InsertTextFormat::PLAIN_TEXT)
                            } else {
                                (
                                    format!("{}\n\n{body}\n", spec.name),
                                    InsertTextFormat::PLAIN_TEXT,
                                )
                            };
                            CompletionItem {
                                label: spec.name.clone(),
                                kind: Some(CompletionItemKind::MODULE),
                                detail: Some(if spec.required {
                                    format!("{} section (required)", kind.display_name)
                                } else {
                                    format!("{} section", kind.display_name)
                                }),
                                documentation: Some(Documentation::MarkupContent(MarkupContent {
                                    kind: MarkupKind::Markdown,
                                    value: spec.purpose.clone(),
                                })),
                                sort_text: Some(format!("{order:04}")),
                                filter_text: Some(spec.name.clone()),
                                insert_text_format: Some(format),
                                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                                    edit_range(replace),
                                    new_text,
                                ))),
                                ..CompletionItem::default()
                            }
                        })
                        .collect()
                }
                CompletionContext::FrontMatterKey { replace } => {
                    features::missing_front_matter_keys(outline, &kind)
                        .into_iter()
                        .enumerate()
                        .map(|(order, key)| CompletionItem {
                            label: key.to_string(),
                            kind: Some(CompletionItemKind::PROPERTY),
                            detail: Some(format!("{} front matter", kind.display_name)),
                            sort_text: Some(format!("{order:04}")),
                            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                                edit_range(replace),
                                format!("{key}: "),
                            ))),
                            ..CompletionItem::default()
                        })
                        .collect()
                }
                CompletionContext::FrontMatterStatus { replace } => kind
                    .statuses
                    .iter()
                    .enumerate()
                    .map(|(order, status)| CompletionItem {
                        label: status.name.clone(),
                        kind: Some(CompletionItemKind::ENUM_MEMBER),
                        detail: Some(format!("{} status", kind.display_name)),
                        documentation: Some(Documentation::String(status.meaning.clone())),
                        sort_text: Some(format!("{order:04}")),
                        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                            edit_range(replace),
                            status.name.clone(),
                        ))),
                        ..CompletionItem::default()
                    })
                    .collect(),
                CompletionContext::None => Vec::new(),
            };
        Some(CompletionResponse::Array(items))
    })
}

/// What a lazily computed code action needs to compute its edit in `codeAction/resolve`.
#[derive(Serialize, Deserialize)]
struct ResolveData {
    uri: String,
    version: i32,
    /// `fill` (the whole template into an empty document) or `make` (the kind's missing parts).
    action: String,
    kind: String,
}

pub fn code_actions(shared: &Shared, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let encoding = shared.encoding();
    let analysis = diagnostics::current_analysis(shared, &uri)?;
    let resolve_lazily = shared.client_support().code_action_resolve;
    let document_changes = shared.client_support().document_changes;
    let wanted = |kind: &CodeActionKind| match &params.context.only {
        None => true,
        Some(only) => only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        }),
    };
    // Rewrites ("Make this a …", "Fill with the … template", "Set status to …") are offered
    // when the user asks for actions (Ctrl+., a refactor menu), never to an editor that asks on
    // its own to decide whether to show a lightbulb: that shows only where a diagnostic is.
    let automatic = params.context.trigger_kind == Some(CodeActionTriggerKind::AUTOMATIC);
    let refactors_asked = params.context.only.as_ref().is_some_and(|only| {
        only.iter()
            .any(|o| o.as_str().starts_with(CodeActionKind::REFACTOR.as_str()))
    });
    let rewrites = !automatic || refactors_asked;
    // The diagnostics the client says the request is about (by their `data.index`).
    let named: Vec<u64> = params
        .context
        .diagnostics
        .iter()
        .filter_map(|d| d.data.as_ref()?.get("index")?.as_u64())
        .collect();
    with_document(shared, &uri, |view, document| {
        if document.version() != analysis.version {
            return None;
        }
        let mapper = document.mapper();
        let requested = from_proto::range(params.range);
        let requested = mapper.text_range(requested, encoding);
        let line_of = |offset: usize| mapper.line_col(offset, encoding).line;
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();

        if wanted(&CodeActionKind::QUICKFIX) {
            for (index, diagnostic) in analysis.diagnostics.iter().enumerate() {
                let Some(fix) = &diagnostic.fix else { continue };
                let named_here = named.contains(&(index as u64))
                    && analysis.lsp_diagnostics[index]
                        .range
                        .start
                        .line
                        .abs_diff(params.range.start.line)
                        <= 1;
                // A diagnostic with an empty range (where a missing section belongs) is on its
                // line as a whole.
                let on_its_line = diagnostic.range.is_empty()
                    && line_of(diagnostic.range.start) == line_of(requested.start);
                let touches = diagnostic.range.intersects(requested)
                    || diagnostic.range.contains(requested.start)
                    || requested.contains(diagnostic.range.start)
                    || diagnostic.range.start == requested.start
                    || diagnostic.range.end == requested.start
                    || on_its_line
                    || named_here;
                if !touches {
                    continue;
                }
                // An unsafe fix (retargeting a citation, moving sections) is offered, but never
                // as the preferred action an editor applies on a keystroke.
                let safe = diagnostic.fix_allowed(false);
                let title = if safe {
                    fix.title.clone()
                } else {
                    format!("{} (unsafe fix)", fix.title)
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![analysis.lsp_diagnostics[index].clone()]),
                    edit: Some(to_proto::versioned_workspace_edit(
                        &uri,
                        document.version(),
                        to_proto::text_edits(&mapper, encoding, &fix.edits),
                        document_changes,
                    )),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
        }

        let fix_all_kind = CodeActionKind::new(FIX_ALL_KIND);
        // Asked for by kind (`source.fixAll`, on save), or beside a quick fix: not on a line with
        // nothing to fix.
        if wanted(&fix_all_kind) && (params.context.only.is_some() || !actions.is_empty()) {
            // The same selection `docwright check --fix` makes in its first round, so the editor and
            // the CLI fix alike: safe fixes only.
            let mut safe = analysis.diagnostics.clone();
            fix::keep_allowed_fixes(&mut safe, false);
            let (edits, _, _) = fix::compatible_fixes(document.text(), &safe);
            if !edits.is_empty() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: String::from("Fix all Docwright problems"),
                    kind: Some(fix_all_kind),
                    edit: Some(to_proto::versioned_workspace_edit(
                        &uri,
                        document.version(),
                        to_proto::text_edits(&mapper, encoding, &edits),
                        document_changes,
                    )),
                    ..CodeAction::default()
                }));
            }
        }

        if wanted(&CodeActionKind::QUICKFIX) {
            actions.extend(crate::create_missing::actions(
                shared,
                view.path.as_deref(),
                document,
                &analysis,
                requested,
                params.range.start.line,
                &named,
            ));
        }

        if rewrites && wanted(&CodeActionKind::REFACTOR_REWRITE) {
            actions.extend(crate::commands::status_actions(
                shared,
                &uri,
                document,
                requested,
                encoding,
                document_changes,
            ));
            let config = shared.config();
            let detected = analysis.detection.kind.as_deref();
            actions.extend(crate::commands::fill_decisions_action(
                shared,
                &uri,
                document,
                detected.and_then(|name| config.kind(name)),
                requested,
            ));
            let lazy = rewrite_offers(&config, detected, document);
            for (title, action, kind) in lazy {
                let data = ResolveData {
                    uri: uri.as_str().to_string(),
                    version: document.version(),
                    action: action.to_string(),
                    kind: kind.name.clone(),
                };
                let edit = if resolve_lazily {
                    None
                } else {
                    Some(template_edit(
                        document,
                        kind,
                        action,
                        encoding,
                        &uri,
                        document_changes,
                    ))
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::REFACTOR_REWRITE),
                    edit,
                    data: if resolve_lazily {
                        serde_json::to_value(&data).ok()
                    } else {
                        None
                    },
                    ..CodeAction::default()
                }));
            }
        }
        Some(actions)
    })
}

/// The template rewrites a document is offered: "Fill with the … template" in an empty document
/// (its kind's, or every kind's when it has none) or a nearly empty one of a kind; "Make this a …"
/// in a document of no kind. A document of a kind with content gets none: its missing sections
/// are diagnostics, each with its quick fix, and `source.fixAll` inserts them all.
pub fn rewrite_offers<'c>(
    config: &'c docwright_core::config::Config,
    detected: Option<&str>,
    document: &Document,
) -> Vec<(String, &'static str, &'c Kind)> {
    let outline = document.outline();
    let detected = detected.and_then(|name| config.kind(name));
    let empty = document.text().trim().is_empty();
    let mut offers = Vec::new();
    match detected {
        Some(kind) if empty || templates::is_nearly_empty(document.text(), outline) => {
            offers.push((
                format!("Fill with the {} template", kind.display_name),
                "fill",
                kind,
            ));
        }
        Some(_) => {}
        None if empty => {
            for kind in &config.kinds {
                offers.push((
                    format!("Fill with the {} template", kind.display_name),
                    "fill",
                    kind,
                ));
            }
        }
        None => {
            for kind in &config.kinds {
                offers.push((
                    format!("Make this {}", with_article(&kind.display_name)),
                    "make",
                    kind,
                ));
            }
        }
    }
    offers
}

fn with_article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'));
    format!("{} {name}", if vowel { "an" } else { "a" })
}

pub fn resolve_code_action(shared: &Shared, mut action: CodeAction) -> Result<CodeAction> {
    if action.edit.is_some() {
        return Ok(action);
    }
    let Some(data) = action.data.clone() else {
        return Ok(action);
    };
    let data: ResolveData = serde_json::from_value(data)
        .map_err(|err| Error::invalid_params(format!("not a Docwright code action: {err}")))?;
    let uri: Uri = data
        .uri
        .parse()
        .map_err(|_| Error::invalid_params(format!("bad URI {:?}", data.uri)))?;
    let encoding = shared.encoding();
    let config = shared.config();
    let kind = config
        .kind(&data.kind)
        .ok_or_else(|| Error::invalid_params(format!("unknown kind {:?}", data.kind)))?;
    let docs = shared.docs();
    let open = docs
        .get(uri.as_str())
        .ok_or_else(|| Error::invalid_params(format!("{} is not open", uri.as_str())))?;
    let document = open.document().ok_or_else(|| {
        Error::invalid_params(format!("{} is too large to analyse", uri.as_str()))
    })?;
    if document.version() != data.version {
        return Err(Error::content_modified());
    }
    let document_changes = shared.client_support().document_changes;
    action.edit = Some(template_edit(
        document,
        kind,
        &data.action,
        encoding,
        &uri,
        document_changes,
    ));
    Ok(action)
}
