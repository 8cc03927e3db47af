use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::index::{DocEntry, RefForm, RefTarget, Reference, Relation};
use crate::position::TextRange;
use crate::resolve::{Resolution, relative_path};
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule, doc_name};
use crate::{declare_rule, rule_metadata};
use std::collections::HashSet;

declare_rule! {
    /// This document cites a decision that has since been superseded.
    ///
    /// Citing ADR-0003 after ADR-0012 replaced it is not wrong in itself — history is worth
    /// citing — but a reader following the reference lands on a decision that no longer holds
    /// and may take it for current policy. Check that the old decision is what you mean; if the
    /// current one is, the fix points the reference at the latest successor (following the chain
    /// of "superseded by" to a document that is not itself superseded).
    ///
    /// The fix is unsafe: a decision record is history, and what it cited when it was decided
    /// must stay, so `docwright check --fix` never applies it; `--unsafe-fixes` does, and the
    /// editor offers it without making it the preferred action. A link to a section is only
    /// retargeted when the successor has a section of the same name, and a link to a section that
    /// does not exist is never retargeted (`broken-reference` reports it).
    ///
    /// References that state the supersession ("Supersedes ADR-0003") or another relation in the
    /// team's own words (adr-tools' `adr link`: "Clarifies [2. Use MySQL](0002-use-mysql.md)" in
    /// the status) are not reported — they record how the two decisions relate — nor are
    /// references from the successors themselves, which naturally discuss what they replace, nor
    /// the entries of a decision folder's own index (its README.md or index.md, as `docwright
    /// index`, `adr generate toc` or `pyadr toc` write it), which lists every record, superseded
    /// or not.
    pub struct CitesSuperseded {
        id: "cites-superseded",
        severity: Info,
        summary: "A reference points at a superseded decision",
        fix: Unsafe,
    }
}

/// A folder's index: a README.md or index.md that is not itself a document of a kind.
fn is_folder_index(doc: &DocEntry) -> bool {
    use crate::authoring::index_table::INDEX_FILE_NAMES;
    let file_name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    doc.kind.is_none()
        && INDEX_FILE_NAMES
            .iter()
            .any(|name| name.eq_ignore_ascii_case(file_name))
}

impl WorkspaceRule for CitesSuperseded {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        if doc.is_template {
            return;
        }
        for reference in doc.related(Relation::Cites) {
            let resolution = ctx.resolve(doc, reference);
            let Some(target) = resolution.doc() else {
                continue;
            };
            let anchor_is_broken = matches!(resolution, Resolution::MissingAnchor { .. });
            if target.path == doc.path || !target.is_superseded() || reference.label.is_some() {
                continue;
            }
            if is_folder_index(doc) && target.folder() == doc.folder() {
                continue;
            }
            let chain = successor_chain(ctx, target);
            if chain.iter().any(|d| d.path == doc.path) {
                continue;
            }
            let latest = chain.last().copied();
            let message = match (chain.first(), latest) {
                (Some(first), Some(latest)) if first.path != latest.path => format!(
                    "cites {}, which is superseded by {} (now {})",
                    doc_name(target),
                    doc_name(first),
                    doc_name(latest)
                ),
                (_, Some(latest)) => format!(
                    "cites {}, which is superseded by {}",
                    doc_name(target),
                    doc_name(latest)
                ),
                _ => format!("cites {}, which is superseded", doc_name(target)),
            };
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: reference.range,
                message,
                fix: latest
                    .filter(|_| !anchor_is_broken)
                    .and_then(|latest| repoint(doc, reference, latest)),
            });
        }
    }
}

/// The successors of `doc`, one after the other, to the first that is not superseded (or
/// where the chain forks or loops): the first successor by path at each step.
fn successor_chain<'a>(ctx: &WorkspaceContext<'a>, doc: &DocEntry) -> Vec<&'a DocEntry> {
    let mut chain: Vec<&'a DocEntry> = Vec::new();
    let mut seen: HashSet<String> = HashSet::from([doc.path.clone()]);
    let mut current_successors = ctx.successors(doc);
    while let Some(next) = current_successors.first().copied() {
        if !seen.insert(next.path.clone()) {
            break;
        }
        chain.push(next);
        if !next.is_superseded() {
            break;
        }
        current_successors = ctx.successors(next);
    }
    chain
}

/// The edit that makes `reference` point at `successor`, written the way the reference is.
fn repoint(doc: &DocEntry, reference: &Reference, successor: &DocEntry) -> Option<Fix> {
    if !reference.verbatim {
        return None;
    }
    let (range, new_text) = match (&reference.target, reference.form) {
        (RefTarget::Id { prefix, .. }, RefForm::Textual | RefForm::FrontMatter) => {
            let id = successor.id.as_ref()?;
            let successor_prefix = id.prefix.as_deref()?;
            let written = &reference.written;
            let digits_at = written.find(|c: char| c.is_ascii_digit())?;
            let digits = &written[digits_at..];
            let new_text = if successor_prefix.eq_ignore_ascii_case(prefix) {
                // Keep the separator and zero padding as written: `ADR-0003` → `ADR-0012`.
                let width = if digits.starts_with('0') {
                    digits.len()
                } else {
                    0
                };
                format!("{}{:0width$}", &written[..digits_at], id.number)
            } else {
                id.to_string()
            };
            (reference.target_range, new_text)
        }
        (RefTarget::Link(link), RefForm::InlineLink) => {
            let path = relative_path(doc.folder(), &successor.path).replace(' ', "%20");
            let new_text = match &link.anchor {
                None => path,
                // The same section in the successor, or no fix: never a guess.
                Some(anchor) => {
                    successor.section(anchor)?;
                    let written_anchor = reference.written.rsplit_once('#')?.1;
                    format!("{path}#{written_anchor}")
                }
            };
            (reference.target_range, new_text)
        }
        (RefTarget::Wiki { name, anchor }, RefForm::Wiki) => {
            if let Some(anchor) = anchor {
                successor.section(anchor)?;
            }
            let start = reference.target_range.start;
            let written_name = reference.written.split(['|', '#']).next().unwrap_or("");
            let new_name = if name.contains('/') {
                successor.path.trim_end_matches(".md").to_string()
            } else {
                successor
                    .path
                    .rsplit('/')
                    .next()?
                    .trim_end_matches(".md")
                    .to_string()
            };
            (TextRange::new(start, start + written_name.len()), new_name)
        }
        _ => return None,
    };
    Some(Fix {
        title: format!("Cite {} instead", doc_name(successor)),
        edits: vec![TextEdit { range, new_text }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::{Index, IndexSettings};
    use crate::kinds::detect::PathHints;

    /// The rule's findings in `path`, in a log where ADR 1 is superseded by ADR 2.
    fn findings(path: &str, text: &str) -> Vec<Diagnostic> {
        let config = Config::default();
        let mut index = Index::new(IndexSettings::from_config(&config));
        let docs = [
            (
                "doc/adr/0001-a.md",
                "# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by [2. B](0002-b.md)\n",
            ),
            (
                "doc/adr/0002-b.md",
                "# 2. B\n\nDate: 2024-02-01\n\n## Status\n\nAccepted\n\nSupersedes [1. A](0001-a.md)\n",
            ),
        ];
        for (path, text) in docs {
            index.update(DocEntry::from_text(
                path,
                text,
                &config,
                &PathHints::default(),
            ));
        }
        let entry = DocEntry::from_text(path, text, &config, &PathHints::default());
        index.update(entry.clone());
        let ctx = WorkspaceContext::new(&index, &config);
        let mut out = Vec::new();
        CitesSuperseded.check(&ctx, &entry, &mut out);
        out
    }

    #[test]
    fn a_folders_index_lists_superseded_records_without_a_finding() {
        let toc = "# Architecture Decision Records\n\n* [1. A](0001-a.md)\n* [2. B](0002-b.md)\n";
        assert!(findings("doc/adr/README.md", toc).is_empty());
        assert!(findings("doc/adr/index.md", toc).is_empty());
        // Elsewhere, the same link is a citation of a superseded decision.
        let elsewhere = "# Notes\n\nSee [1. A](adr/0001-a.md).\n";
        assert_eq!(findings("doc/README.md", elsewhere).len(), 1);
        assert_eq!(findings("doc/adr/notes.md", toc).len(), 1);
    }
}
