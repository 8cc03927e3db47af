//! Applying fixes to text: used by `docwright check --fix` and to test every fix.

use crate::analysis::diagnostic::TextEdit;

/// Applies non-overlapping edits to `text`. Overlapping edits after the first are skipped, and
/// the number skipped is returned, so that one bad fix never corrupts the document.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> (String, usize) {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut skipped = 0;
    for edit in sorted {
        if edit.range.start < cursor || edit.range.end > text.len() {
            skipped += 1;
            continue;
        }
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.new_text);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    (out, skipped)
}
