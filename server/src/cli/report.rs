//! The result of `docwright check` as the output formats print it: one [`FileResult`] per
//! checked file, and the summary's [`Totals`].

use crate::analysis::diagnostic::{Diagnostic, Severity};

/// One checked file, ready to print.
pub struct FileResult {
    /// As the user named it or as the walk found it: relative to the current folder when under
    /// it, `/` separators.
    pub path: String,
    /// The text the diagnostics refer to (after `--fix`, the fixed text).
    pub text: String,
    pub kind: Option<String>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Titles of the fixes `--fix` applied.
    pub fixed: Vec<String>,
    /// The file starts with a byte-order mark, which `text` leaves out: the outline does not
    /// see a heading behind one, and `--fix` writes it back in front.
    pub byte_order_mark: bool,
}

/// The counts of the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    /// Info and hint diagnostics.
    pub notes: usize,
    pub files: usize,
    pub files_of_no_kind: usize,
}

impl Totals {
    pub fn of(files: &[FileResult]) -> Totals {
        let mut totals = Totals {
            files: files.len(),
            ..Totals::default()
        };
        for file in files {
            if file.kind.is_none() {
                totals.files_of_no_kind += 1;
            }
            for d in &file.diagnostics {
                match d.severity {
                    Severity::Error => totals.errors += 1,
                    Severity::Warning => totals.warnings += 1,
                    Severity::Info | Severity::Hint => totals.notes += 1,
                }
            }
        }
        totals
    }
}
