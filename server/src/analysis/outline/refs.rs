//! Textual cross-references (`ADR-0007`, `ADR 7`, `RFC 2094`, `RFC #2094`, `KEP-1234`) and HTML
//! comments, found in the text outside code and link syntax.

use crate::analysis::outline::TextualRef;
use crate::analysis::position::TextRange;

/// Every textual reference in `text` outside the `excluded` ranges (sorted, non-overlapping: code
/// blocks, code spans, link destinations, autolinks, front matter).
pub fn textual_refs(_text: &str, _excluded: &[TextRange]) -> Vec<TextualRef> {
    Vec::new()
}

/// Every `<!-- … -->` comment outside the `excluded` ranges (code), in document order.
pub fn html_comments(_text: &str, _excluded: &[TextRange]) -> Vec<TextRange> {
    Vec::new()
}
