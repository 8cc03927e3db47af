//! The quick fix on a reference to a document that does not exist: "Create 0007-use-x.md from
//! the log's template". The file and its text are planned as `docwright new` plans them
//! (`host::authoring::AuthoringWorkspace`: the log's layout, its template, today's date, the
//! initial status), at the path the link names, or for a wiki link by title (`[[Some new doc]]`)
//! at the path `new` would choose for that title, so that the link resolves once it exists.
//!
//! Offered only to a client that can create files (`resourceOperations` has `create`), only for
//! a `broken-reference` finding the client sees, never for a path outside the workspace root or
//! one that already exists; the `CreateFile` asks the client not to overwrite either.

use crate::check_results::Analysis;
use crate::state::Shared;
use docwright_core::authoring::DocText;
use docwright_core::authoring::layout::leading_number;
use docwright_core::authoring::new_doc::title_from_file_name;
use docwright_core::document::Document;
use docwright_core::index::RefTarget;
use docwright_core::navigation::rename::fresh_entry;
use docwright_core::position::TextRange;
use docwright_core::resolve::{self, Resolution};
use std::path::Path;
use tower_lsp_server::ls_types::*;

/// What a broken reference names that could be created.
#[derive(Debug, PartialEq, Eq)]
enum Missing {
    /// A file at this workspace-relative path.
    Path(String),
    /// A document by its title (`[[Some new doc]]`): where `new` would put it.
    Titled(String),
}

fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// What `target`, written in the document at `citing` (workspace-relative), names, if it is a
/// document Docwright could create: a relative link to a Markdown file, or a wiki link by file
/// name or by title. Ids, URLs, links from the root and paths above it are not.
fn missing_target(citing: &str, target: &RefTarget) -> Option<Missing> {
    match target {
        RefTarget::Link(link) => {
            if link.path.is_empty() || link.path.starts_with('/') || !is_markdown(&link.path) {
                return None;
            }
            resolve::join_path(folder_of(citing), &link.path).map(Missing::Path)
        }
        RefTarget::Wiki { name, .. } => {
            let name = name.trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return None;
            }
            if is_markdown(name) || leading_number(&format!("{name}.md")).is_some() {
                let file = if is_markdown(name) {
                    name.to_string()
                } else {
                    format!("{name}.md")
                };
                let folder = folder_of(citing);
                Some(Missing::Path(if folder.is_empty() {
                    file
                } else {
                    format!("{folder}/{file}")
                }))
            } else {
                Some(Missing::Titled(name.to_string()))
            }
        }
        RefTarget::Id { .. } | RefTarget::Url(_) => None,
    }
}

/// The "Create … from the log's template" quick fixes for the `broken-reference` findings that
/// touch `requested` (or that the client names, by their `data.index`).
pub fn actions(
    shared: &Shared,
    path: Option<&Path>,
    document: &Document,
    analysis: &Analysis,
    requested: TextRange,
    requested_line: u32,
    named: &[u64],
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if !shared.client_support().create_files {
        return out;
    }
    let Some(path) = path else { return out };
    let candidates: Vec<usize> = analysis
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(index, d)| {
            d.rule == "broken-reference"
                && (d.range.intersects(requested)
                    || d.range.contains(requested.start)
                    || d.range.end == requested.start
                    || requested.contains(d.range.start)
                    || (named.contains(&(*index as u64)) && {
                        let range = analysis.lsp_diagnostics[*index].range;
                        range.start.line <= requested_line && requested_line <= range.end.line
                    }))
        })
        .map(|(index, _)| index)
        .collect();
    if candidates.is_empty() {
        return out;
    }
    let index_path = shared.index().index_path(path);
    let (entry, _) = fresh_entry(DocText {
        path: &index_path,
        text: document.text(),
    });
    // Each finding's reference, if the index still finds no document for it.
    let missing: Vec<(usize, RefTarget)> = {
        let state = shared.index();
        candidates
            .into_iter()
            .filter_map(|index| {
                let range = analysis.diagnostics[index].range;
                let reference = entry.references.iter().find(|r| r.range == range)?;
                match resolve::resolve(&state.index, &entry, &reference.target) {
                    Resolution::MissingDoc => {}
                    _ => return None,
                }
                missing_target(&index_path, &reference.target)?;
                Some((index, reference.target.clone()))
            })
            .collect()
    };
    if missing.is_empty() {
        return out;
    }
    let (workspace, open) = crate::commands::authoring_workspace(shared);
    let citing = workspace.relative(path);
    let citing_kind = analysis.detection.kind.as_deref();
    let today = docwright_host::today();
    let mut offered = std::collections::HashSet::new();
    for (index, target) in missing {
        // Paths are planned from the workspace root, which the index's base may not be.
        let planned = match missing_target(&citing, &target) {
            None => continue,
            Some(Missing::Path(reference_path)) => {
                let file_name = reference_path.rsplit('/').next().unwrap_or(&reference_path);
                let Some(title) = title_from_file_name(file_name) else {
                    continue;
                };
                let same_log = folder_of(&reference_path) == folder_of(&citing);
                let Some(kind) =
                    workspace.log_kind_of(&reference_path, citing_kind.filter(|_| same_log))
                else {
                    continue;
                };
                workspace.plan_new_at(&kind, &reference_path, &title, &today)
            }
            Some(Missing::Titled(title)) => {
                // In the citing document's own log.
                let Some(kind) = workspace.log_kind_of(&citing, citing_kind) else {
                    continue;
                };
                workspace.plan_new_in(&kind, folder_of(&citing), &title, &today)
            }
        };
        let created = match planned {
            Ok(created) => created,
            Err(why) => {
                tracing::info!("no quick fix to create a document: {why}");
                continue;
            }
        };
        if !offered.insert(created.path.clone()) {
            continue;
        }
        let file_name = created
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&created.path)
            .to_string();
        let edit = match crate::commands::workspace_edit(
            &workspace,
            &open,
            &[],
            std::slice::from_ref(&created),
            &[],
            shared.encoding(),
        ) {
            Ok(edit) => edit,
            Err(error) => {
                tracing::info!("no quick fix to create {}: {}", created.path, error.message);
                continue;
            }
        };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Create {file_name} from the log's template"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![analysis.lsp_diagnostics[index].clone()]),
            edit: Some(edit),
            ..CodeAction::default()
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use docwright_core::resolve::LinkTarget;

    #[test]
    fn what_a_broken_reference_could_create() {
        let link = |dest: &str| RefTarget::Link(LinkTarget::parse(dest));
        let wiki = |name: &str| RefTarget::Wiki {
            name: name.to_string(),
            anchor: None,
        };
        assert_eq!(
            missing_target("doc/adr/0001-a.md", &link("0007-use-x.md#decision")),
            Some(Missing::Path("doc/adr/0007-use-x.md".into()))
        );
        assert_eq!(
            missing_target("doc/adr/0001-a.md", &link("../../../etc/x.md")),
            None,
            "above the root"
        );
        assert_eq!(missing_target("a.md", &link("/abs.md")), None);
        assert_eq!(missing_target("a.md", &link("pic.png")), None);
        assert_eq!(
            missing_target("doc/adr/0001-a.md", &wiki("0009-later")),
            Some(Missing::Path("doc/adr/0009-later.md".into()))
        );
        assert_eq!(
            missing_target("doc/adr/0001-a.md", &wiki("Some new doc")),
            Some(Missing::Titled("Some new doc".into()))
        );
        assert_eq!(missing_target("a.md", &wiki("x/y")), None);
        assert_eq!(missing_target("a.md", &wiki("")), None);
    }
}
