use crate::diagnostic::Diagnostic;
use crate::doc_id::DocId;
use crate::index::DocEntry;
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// Two documents claim the same id.
    ///
    /// "See ADR-0007" must mean one decision. When two records are both number 7 — usually two
    /// branches that each took the next free number — every reference to ADR-0007 is a coin
    /// toss, and readers, tools and this checker cannot tell which one was meant. Renumber one
    /// of them (and the references to it) before more documents cite it.
    ///
    /// The id is the document's prefix and number: the prefix written in its file name or front
    /// matter, else its log's or its kind's (`ADR` for both Nygard and MADR records, `RFC` for
    /// RFCs). Templates (`0000-template.md`, the files of a `template/` folder) claim nothing, nor
    /// do files without a single heading (the stub a renamed record leaves behind).
    ///
    /// Ids are unique per decision log, not per repository: a monorepo whose services each keep
    /// their own `docs/adr/` numbered from 0001, or a `docs/decisions/` beside an older
    /// `docs/adr/`, has one ADR-0001 per log, and that is fine. A log is a folder of numbered
    /// records, or a `[[logs]]` folder of `docwright.toml` with its subfolders.
    pub struct DuplicateId {
        id: "duplicate-id",
        severity: Error,
        summary: "Two documents claim the same id",
    }
}

impl WorkspaceRule for DuplicateId {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        let Some(DocId {
            prefix: Some(prefix),
            number,
        }) = &doc.id
        else {
            return;
        };
        // A template claims nothing; nor does a file without a single heading, such as the stub
        // left behind when a record is renamed ("This document was renamed, see …").
        let claims = |d: &DocEntry| !d.is_template && !d.sections.is_empty();
        if !claims(doc) {
            return;
        }
        let others: Vec<&str> = ctx
            .index
            .paths_with_id(prefix, *number)
            .filter(|p| {
                *p != doc.path
                    && ctx
                        .index
                        .get(p)
                        .is_some_and(|d| claims(d) && d.log == doc.log)
            })
            .collect();
        if others.is_empty() {
            return;
        }
        let listed = others
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: doc.title_range,
            message: format!(
                "{} is also claimed by {listed}: references to it are ambiguous",
                doc.id.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
            fix: None,
        });
    }
}
