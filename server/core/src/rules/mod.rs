//! The rules: one file each, each with an id, a default severity, and a doc comment that says why
//! the rule matters to the readers of the document. That doc comment is what `docwright explain`
//! prints and what the editor links to, so it is written for the doc's authors, not for us.
//!
//! A rule sees one document at a time through [`RuleContext`] and pushes [`Diagnostic`]s, each
//! with a fix where one exists. Rules never touch the file system or any protocol type.

use crate::config::Config;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::kinds::Kind;
use crate::outline::Outline;

pub mod ask_not_first;
pub mod decision_not_among_options;
pub mod duplicate_section;
pub mod empty_section;
pub mod invalid_date;
pub mod invalid_status;
pub mod missing_section;
pub mod missing_status;
pub mod missing_title;
pub mod one_pager_too_long;
pub mod one_sided_consequences;
pub mod placeholder_text;
pub mod review_overdue;
pub mod section_order;
pub mod support;
pub mod too_few_alternatives;

#[cfg(test)]
mod fixture_tests;

/// Everything a rule may look at for one document.
pub struct RuleContext<'a> {
    /// Workspace-relative path with `/` separators, when the document has one (a new title is
    /// derived from its file name).
    pub path: Option<&'a str>,
    pub text: &'a str,
    pub outline: &'a Outline,
    /// `None` for a Markdown file of no kind (a README): structural rules then report nothing.
    pub kind: Option<&'a Kind>,
    pub config: &'a Config,
    /// Whether the document is its kind's template (`0000-template.md`, `adr-template.md`), where
    /// placeholders are the point.
    pub is_template: bool,
    /// Today's date as `YYYY-MM-DD`, passed in so that rules stay deterministic under test.
    pub today: &'a str,
}

impl RuleContext<'_> {
    /// The document's file name without folders: `0007-use-postgres.md`.
    pub fn file_name(&self) -> Option<&str> {
        self.path.map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p))
    }
}

pub trait Rule: Sync {
    fn id(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// One line, for `docwright rules`.
    fn summary(&self) -> &'static str;
    /// The rule's documentation (its doc comment), for `docwright explain`.
    fn docs(&self) -> &'static str;
    /// Whether the rule's fixes are safe or unsafe; `None` for a rule that offers none.
    fn fix_applicability(&self) -> Option<Applicability>;
    /// Whether the rule still runs on a decided record (see `analysis::history`): only rules
    /// that catch what misleads a reader today do; structural and quality rules pause.
    fn checks_decided_records(&self) -> bool {
        false
    }
    /// Push a diagnostic for every problem found. The severity written into each diagnostic is
    /// the default; the engine applies the configured severity afterwards.
    fn check(&self, ctx: &RuleContext, out: &mut Vec<Diagnostic>);
}

/// Declares a rule struct whose doc comment becomes its `docs()`. A rule that offers fixes says
/// whether they are `Safe` or `Unsafe` (see [`Applicability`]).
///
/// ```ignore
/// declare_rule! {
///     /// Why this matters to the doc's readers…
///     pub struct MissingSection {
///         id: "missing-section",
///         severity: Warning,
///         summary: "A section the document's kind requires is absent",
///         fix: Safe,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            severity: $severity:ident,
            summary: $summary:literal
            $(, fix: $fix:ident)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const ID: &'static str = $id;
            const DOCS: &'static str = concat!($($doc, "\n"),*);
        }

        impl $name {
            fn meta_id(&self) -> &'static str { Self::ID }
            fn meta_severity(&self) -> $crate::diagnostic::Severity {
                $crate::diagnostic::Severity::$severity
            }
            fn meta_summary(&self) -> &'static str { $summary }
            fn meta_docs(&self) -> &'static str { Self::DOCS }
            fn meta_fix(&self) -> Option<$crate::diagnostic::Applicability> {
                None $(.or(Some($crate::diagnostic::Applicability::$fix)))?
            }

        }
    };
}

/// Implements the metadata half of `Rule` for a type declared with `declare_rule!`; the rule file
/// then writes only `fn check`.
#[macro_export]
macro_rules! rule_metadata {
    () => {
        fn id(&self) -> &'static str {
            self.meta_id()
        }
        fn default_severity(&self) -> $crate::diagnostic::Severity {
            self.meta_severity()
        }
        fn summary(&self) -> &'static str {
            self.meta_summary()
        }
        fn docs(&self) -> &'static str {
            self.meta_docs()
        }
        fn fix_applicability(&self) -> Option<$crate::diagnostic::Applicability> {
            self.meta_fix()
        }
    };
}

/// Every rule, in the order `docwright rules` lists them.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    &[
        &missing_title::MissingTitle,
        &missing_section::MissingSection,
        &empty_section::EmptySection,
        &duplicate_section::DuplicateSection,
        &section_order::SectionOrder,
        &missing_status::MissingStatus,
        &invalid_status::InvalidStatus,
        &invalid_date::InvalidDate,
        &placeholder_text::PlaceholderText,
        &too_few_alternatives::TooFewAlternatives,
        &decision_not_among_options::DecisionNotAmongOptions,
        &one_sided_consequences::OneSidedConsequences,
        &review_overdue::ReviewOverdue,
        &ask_not_first::AskNotFirst,
        &one_pager_too_long::OnePagerTooLong,
    ]
}

pub fn rule_by_id(id: &str) -> Option<&'static dyn Rule> {
    all_rules().iter().copied().find(|r| r.id() == id)
}
