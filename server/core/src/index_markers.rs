//! The markers around a generated index table, and the files that hold one: read by the index
//! (which files a document's index block is in) and written by authoring (`index_table`).

use crate::position::TextRange;

pub const START_MARKER: &str = "<!-- docwright:index -->";
pub const END_MARKER: &str = "<!-- docwright:index-end -->";

/// The file names that hold a folder's index, in order of preference.
pub const INDEX_FILE_NAMES: &[&str] = &["README.md", "index.md"];

/// Where the markers are: the range from the start marker to the end of the end marker's line.
pub fn marked_range(text: &str) -> Option<TextRange> {
    let start = text.find(START_MARKER)?;
    let end_marker = start + text[start..].find(END_MARKER)?;
    let mut end = end_marker + END_MARKER.len();
    if text[end..].starts_with("\r\n") {
        end += 2;
    } else if text[end..].starts_with('\n') {
        end += 1;
    }
    Some(TextRange::new(start, end))
}
