//! Authoring: the chores of a decision log done the way the repository's tool does them.
//!
//! - [`layout`]: which tool's conventions a folder follows (adr-tools, MADR, log4brains,
//!   dotnet-adr, pyadr, or Docwright's own), where a kind's documents live and how their files
//!   are named.
//! - [`template`]: a kind's template with the variables `number`, `title`, `date`, `status` and
//!   `author` filled in (a repository's own template file, or the kind's built-in one).
//! - [`new_doc`]: the next document of a kind: its path and its text.
//! - [`relations`]: `supersede`, `link` and `set-status` as byte-range edits of both documents.
//! - [`init`]: a new decision log laid out as a tool's `init` lays it out.
//! - [`index_table`]: the table of a folder's documents between `<!-- docwright:index -->` and
//!   `<!-- docwright:index-end -->` in its README.md or index.md.
//!
//! Pure like the rest of the core: the edges (`cli::authoring`, `lsp::commands`) read the files
//! and the facts only the file system knows (`.adr-dir`, `.log4brains.yml`, `adr.config.json`,
//! `.adr`, which folders exist,
//! the folder's file names, `git config user.name`), hand them in as values, and apply what comes
//! back (file creations and [`TextEdit`]s).

use crate::diagnostic::TextEdit;

pub mod index_table;
pub mod init;
pub mod layout;
pub mod new_doc;
pub mod relations;
pub mod template;

/// A document given to an authoring command: its workspace-relative path (`/` separators) and
/// its current text.
#[derive(Clone, Copy, Debug)]
pub struct DocText<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

/// The edits to one existing document, non-overlapping and sorted by offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocEdits {
    pub path: String,
    pub edits: Vec<TextEdit>,
}

impl DocEdits {
    /// The edits of one document from replacements keyed (and so sorted) by their byte range;
    /// `None` when there are none.
    pub fn from_replacements(
        path: &str,
        replacements: std::collections::BTreeMap<(usize, usize), String>,
    ) -> Option<DocEdits> {
        (!replacements.is_empty()).then(|| DocEdits {
            path: path.to_string(),
            edits: replacements
                .into_iter()
                .map(|((start, end), new_text)| TextEdit {
                    range: crate::position::TextRange::new(start, end),
                    new_text,
                })
                .collect(),
        })
    }
}

/// A file to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCreation {
    /// Workspace-relative, `/` separators.
    pub path: String,
    pub text: String,
}

/// Applies non-overlapping edits to `text` (the edges use it to write files, tests to check);
/// an edit overlapping an earlier one is skipped rather than corrupt the text.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    crate::fix::apply_edits(text, edits).0
}
