//! Edits that more than one request builds: a document rewritten as a kind, or filled with a
//! kind's template (the "Make this a …" and "Fill with the … template" code actions, and the
//! `docwright.make`/`docwright.fill` commands).

use crate::{to_proto, workspace};
use docwright_core::diagnostic::TextEdit as CoreEdit;
use docwright_core::document::Document;
use docwright_core::document::templates::{self, TemplateValues};
use docwright_core::kinds::Kind;
use docwright_core::position::{PositionEncoding, TextRange};
use tower_lsp_server::ls_types::{Uri, WorkspaceEdit};

/// `document` rewritten as `kind` (`action` `"make"`) or, for `"fill"`, replaced by the kind's
/// template, as a versioned workspace edit.
pub fn template_edit(
    document: &Document,
    kind: &Kind,
    action: &str,
    encoding: PositionEncoding,
    uri: &Uri,
    document_changes: bool,
) -> WorkspaceEdit {
    let outline = document.outline();
    let today = workspace::today();
    let title = templates::suggested_title(outline, document.file_name());
    let number = outline.number.as_ref().map_or(1, |n| n.number);
    let values = TemplateValues {
        number,
        title: &title,
        today: &today,
    };
    let edits = match action {
        "fill" => vec![CoreEdit {
            range: TextRange::new(0, document.text().len()),
            new_text: templates::full_template(kind, &values),
        }],
        _ => templates::make_kind_edits(document.text(), outline, kind, &values),
    };
    to_proto::versioned_workspace_edit(
        uri,
        document.version(),
        to_proto::text_edits(&document.mapper(), encoding, &edits),
        document_changes,
    )
}
