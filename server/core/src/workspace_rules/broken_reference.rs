use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::index::{DocEntry, RefForm, RefTarget, Reference};
use crate::position::TextRange;
use crate::resolve::Resolution;
use crate::workspace_rules::dangling_code_path::{
    exists_under, is_hosting_route, is_placeholder_path,
};
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule, doc_name, nearest_anchor};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A reference points at a document, or a section, that is not there.
    ///
    /// A reader who follows "see the Decision of ADR-0007" and finds nothing, or lands at the
    /// top of a document whose `#decision` heading was renamed, loses the thread of the argument
    /// and has to go looking, or gives up and guesses. Broken references also hide which
    /// decisions still depend on which.
    ///
    /// Checked: relative links to Markdown files (`[x](0007-use-postgres.md#decision)`), links
    /// to a heading of the same document (`[x](#decision)`), wiki links (`[[0007-use-postgres]]`,
    /// `[[0007-use-postgres#Decision outcome]]` by heading text, `[[#Context]]` in the same
    /// document, `[[Use PostgreSQL]]` by title), images (`![flow](diagrams/flow.png)`: the file
    /// must exist, from the document's folder; a path from the root, `/…`, is left alone, since a
    /// site generator such as log4brains serves it from a static folder of its own),
    /// links under the workspace's own `url-prefixes` (wiki links only in a workspace where some
    /// wiki link resolves: elsewhere `[[x]]` is just brackets), and textual ids (`ADR-0007`,
    /// `RFC 2094`). A textual id is only checked when the workspace has documents with that
    /// prefix at all, so "RFC 1234" in an ADR repository (a reference to the outside world) is
    /// left alone, and only when their numbers follow one another (as a log numbers its records):
    /// Rust RFCs take the number of their pull request, so "RFC 2260" with no such file may be a
    /// proposal that was never merged. Other URLs are never fetched. When a missing anchor is close to an existing
    /// one, the message names it and the fix points the link there; the fix is unsafe (the
    /// nearest heading may not be what was meant), so only `--unsafe-fixes` applies it. Templates (`0000-template.md`), whose references are examples,
    /// are not checked.
    ///
    /// References that are meant to point outside (or nowhere yet) go in the ignore list:
    ///
    /// ```toml
    /// [workspace]
    /// ignore-references = ["RFC 0000", "../legacy/**"]
    /// ```
    pub struct BrokenReference {
        id: "broken-reference",
        severity: Warning,
        summary: "A reference points at a document or section that does not exist",
        fix: Unsafe,
    }
}

impl WorkspaceRule for BrokenReference {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        if doc.is_template {
            return;
        }
        for reference in &doc.references {
            if ctx.is_ignored(reference) {
                continue;
            }
            let (message, fix) = match ctx.resolve(doc, reference) {
                // A textual id missing from a sparse numbering (Rust RFCs take the number of
                // their pull request) may well be a proposal that was never merged: say nothing.
                Resolution::MissingDoc
                    if matches!(&reference.target, RefTarget::Id { prefix, .. }
                        if !ctx.index.numbering_is_dense(prefix)) =>
                {
                    continue;
                }
                // `[[x]]` in a workspace that never links by wiki links is not a link.
                Resolution::MissingDoc | Resolution::MissingAnchor { .. }
                    if matches!(reference.target, RefTarget::Wiki { .. })
                        && !ctx.links_by_wiki() =>
                {
                    continue;
                }
                // A link into a folder of which the workspace holds nothing (a repository
                // checked out in part, a site's `/visions/…`): whether it is broken cannot be told.
                Resolution::MissingDoc
                    if matches!(&reference.target, RefTarget::Link(link)
                        if !folder_is_known(ctx, doc, &link.path)) =>
                {
                    continue;
                }
                // `[the RFC](LINK_TO_THIS_RFC)`, `[SE-NNNN](NNNN-name.md)`: a template's
                // placeholder for a link still to come, not a document that went missing.
                Resolution::MissingDoc
                    if matches!(&reference.target, RefTarget::Link(link)
                        if is_placeholder_path(&link.path)) =>
                {
                    continue;
                }
                Resolution::MissingDoc => (missing_doc_message(reference), None),
                Resolution::MissingAnchor {
                    doc: target,
                    anchor,
                } => {
                    let in_itself = target.path == doc.path;
                    let whose = if in_itself {
                        "this document".to_string()
                    } else {
                        format!("`{}`", doc_name(target))
                    };
                    let nearest = nearest_anchor(target, &anchor);
                    let mut message = format!("{whose} has no section `#{anchor}`");
                    if let Some(nearest) = nearest {
                        message.push_str(&format!(" (did you mean `#{nearest}`?)"));
                    }
                    let fix = nearest.and_then(|n| anchor_fix(reference, &anchor, n));
                    (message, fix)
                }
                _ => continue,
            };
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: reference.range,
                message,
                fix,
            });
        }
        self.check_images(ctx, doc, out);
    }
}

impl BrokenReference {
    /// Images whose file is not there, asked of the file system through the context (silent
    /// without it, and for a document outside the workspace root).
    fn check_images(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        let Some(files) = ctx.files else { return };
        if doc.path.starts_with('/') {
            return;
        }
        for image in &doc.images {
            if ctx.ignored_references.is_match(&image.written) {
                continue;
            }
            // Above the workspace root: nothing this check may look at, so nothing to say.
            if crate::resolve::join_path(doc.folder(), &image.path).is_none() {
                continue;
            }
            // `/l4b-static/flow.png`: the root of the published site, whose static files need
            // not be in the repository at that path. Unsure, so nothing to say.
            if image.path.starts_with('/') || is_hosting_route(&image.path) {
                continue;
            }
            if exists_under(files, doc.folder(), &image.path, false) == Some(false) {
                out.push(Diagnostic {
                    rule: Self::ID,
                    severity: self.default_severity(),
                    range: image.range,
                    message: format!("the image `{}` does not exist", image.path),
                    fix: None,
                });
            }
        }
    }
}

/// Whether the folder a link's `path` lands in is one the workspace knows: the workspace root,
/// a folder holding an indexed document (at any depth), or one that exists on disk.
fn folder_is_known(ctx: &WorkspaceContext, doc: &DocEntry, path: &str) -> bool {
    let Some(target) = crate::resolve::join_path(doc.folder(), path) else {
        return true;
    };
    let Some((folder, _)) = target.rsplit_once('/') else {
        return true;
    };
    if folder.is_empty() || folder.starts_with("..") {
        return true;
    }
    let prefix = format!("{folder}/");
    ctx.index.docs().any(|d| d.path.starts_with(&prefix))
        || ctx.files.is_some_and(|files| files.exists(&prefix))
}

fn missing_doc_message(reference: &Reference) -> String {
    match &reference.target {
        RefTarget::Id { prefix, number } => format!(
            "no document is {prefix} {number}: the workspace has {prefix} documents, but none \
             with that number"
        ),
        RefTarget::Link(link) => format!("`{}` does not exist", link.path),
        RefTarget::Wiki { name, .. } => format!("no document is named `{name}`"),
        RefTarget::Url(url) => format!("`{url}` names no document of this workspace"),
    }
}

/// Replaces the anchor of an inline link or wiki link, where it is written verbatim.
fn anchor_fix(reference: &Reference, anchor: &str, nearest: &str) -> Option<Fix> {
    if !matches!(reference.form, RefForm::InlineLink | RefForm::Wiki) || !reference.verbatim {
        return None;
    }
    // The wiki alias (`[[x#a|shown]]`) follows the anchor.
    let written = reference.written.split('|').next().unwrap_or("");
    let hash = written.rfind('#')?;
    if &written[hash + 1..] != anchor {
        // Percent-encoded or otherwise written differently: no safe edit.
        return None;
    }
    let start = reference.target_range.start + hash + 1;
    Some(Fix {
        title: format!("Point the link at `#{nearest}`"),
        edits: vec![TextEdit {
            range: TextRange::new(start, start + anchor.len()),
            new_text: nearest.to_string(),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::{Index, IndexSettings};
    use crate::kinds::detect::PathHints;

    /// The messages of this rule for `text`, the only document of its workspace.
    fn messages_of_the_only_document(path: &str, text: &str) -> Vec<String> {
        let config = Config::default();
        let mut index = Index::new(IndexSettings::from_config(&config));
        let entry = DocEntry::from_text(path, text, &config, &PathHints::default());
        index.update(entry.clone());
        let ctx = WorkspaceContext::new(&index, &config);
        let mut out = Vec::new();
        BrokenReference.check(&ctx, &entry, &mut out);
        out.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn a_placeholder_for_a_link_still_to_come_is_no_missing_document() {
        let text = "# Cache\n\nSee [the draft](NNNN-draft.md), \
                    [the other](xxxx-other.md) and [the old one](0002-gone.md).\n";
        assert_eq!(
            messages_of_the_only_document("docs/0001-cache.md", text),
            ["`0002-gone.md` does not exist"]
        );
    }

    #[test]
    fn a_heading_slug_with_the_space_before_its_html_is_that_heading() {
        let text = "# Guide\n\n- [Le contexte](#le-contexte-)\n- [Tests](#tests-)\n\n\
                    ## Le contexte <a name=\"ctx\"></a>\n\nC.\n";
        assert_eq!(
            messages_of_the_only_document("docs/guide.md", text),
            ["this document has no section `#tests-`"]
        );
    }
}
