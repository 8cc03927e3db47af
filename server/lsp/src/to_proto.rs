//! Core → protocol: byte ranges become (line, column) in the negotiated encoding here and nowhere
//! else.

use docwright_core::diagnostic::{self, Severity};
use docwright_core::document::features::{Fold, FoldKind, OutlineSymbol, SymbolRole};
use docwright_core::position::{PositionEncoding, PositionMapper, TextRange};
use std::collections::HashMap;
use std::str::FromStr;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, DocumentSymbol, FoldingRange,
    FoldingRangeKind, NumberOrString, Position, PositionEncodingKind, Range, SelectionRange,
    SymbolKind, TextEdit, Uri, WorkspaceEdit,
};
use tower_lsp_server::ls_types::{
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
};

pub fn encoding_kind(encoding: PositionEncoding) -> PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn position(mapper: &PositionMapper, offset: usize, encoding: PositionEncoding) -> Position {
    let lc = mapper.line_col(offset, encoding);
    Position::new(lc.line, lc.col)
}

pub fn range(mapper: &PositionMapper, range: TextRange, encoding: PositionEncoding) -> Range {
    Range::new(
        position(mapper, range.start, encoding),
        position(mapper, range.end, encoding),
    )
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The rule's published documentation, when the project has a public address.
pub fn rule_docs_uri(rule: &str) -> Option<Uri> {
    Uri::from_str(&docwright_core::rule_docs::rule_docs_url(rule)?).ok()
}

/// A diagnostic; `data` carries its index in the analysis so a code action can find its fix.
pub fn diagnostic(
    mapper: &PositionMapper,
    encoding: PositionEncoding,
    diagnostic: &diagnostic::Diagnostic,
    index: usize,
) -> Diagnostic {
    Diagnostic {
        range: range(mapper, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.to_string())),
        code_description: rule_docs_uri(diagnostic.rule).map(|href| CodeDescription { href }),
        source: Some(String::from("docwright")),
        message: diagnostic.message.clone(),
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({ "index": index, "hasFix": diagnostic.fix.is_some() })),
    }
}

pub fn text_edits(
    mapper: &PositionMapper,
    encoding: PositionEncoding,
    edits: &[diagnostic::TextEdit],
) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(range(mapper, e.range, encoding), e.new_text.clone()))
        .collect()
}

pub fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit::new(changes)
}

/// Edits to one document computed at `version`: versioned `documentChanges` when the client
/// supports them, so that an edit applied after the document moved on is refused by the client
/// rather than written over the user's newer text; plain `changes` otherwise.
pub fn versioned_workspace_edit(
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
    document_changes: bool,
) -> WorkspaceEdit {
    if !document_changes {
        return workspace_edit(uri, edits);
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(version),
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }])),
        ..WorkspaceEdit::default()
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn document_symbol(
    mapper: &PositionMapper,
    encoding: PositionEncoding,
    symbol: &OutlineSymbol,
) -> DocumentSymbol {
    DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind: match symbol.role {
            SymbolRole::Title => SymbolKind::FILE,
            SymbolRole::Section => SymbolKind::STRING,
            SymbolRole::FrontMatter => SymbolKind::OBJECT,
        },
        tags: None,
        deprecated: None,
        range: range(mapper, symbol.range, encoding),
        selection_range: range(mapper, symbol.selection, encoding),
        children: Some(
            symbol
                .children
                .iter()
                .map(|c| document_symbol(mapper, encoding, c))
                .collect(),
        ),
    }
}

/// Folds become line ranges; those that fit on one line fold nothing and are dropped.
pub fn folding_ranges(mapper: &PositionMapper, folds: &[Fold]) -> Vec<FoldingRange> {
    let mut out: Vec<FoldingRange> = Vec::new();
    for fold in folds {
        let start_line = mapper
            .line_col(fold.range.start, PositionEncoding::Utf8)
            .line;
        let end_line = mapper.line_col(fold.range.end, PositionEncoding::Utf8).line;
        if end_line <= start_line {
            continue;
        }
        if out
            .iter()
            .any(|f| f.start_line == start_line && f.end_line == end_line)
        {
            continue;
        }
        out.push(FoldingRange {
            start_line,
            start_character: None,
            end_line,
            end_character: None,
            kind: match fold.kind {
                FoldKind::Comment => Some(FoldingRangeKind::Comment),
                FoldKind::FrontMatter => Some(FoldingRangeKind::Imports),
                FoldKind::Section | FoldKind::CodeBlock | FoldKind::List => {
                    Some(FoldingRangeKind::Region)
                }
            },
            collapsed_text: None,
        });
    }
    out
}

/// A selection chain (innermost first) as nested `SelectionRange`s.
pub fn selection_range(
    mapper: &PositionMapper,
    encoding: PositionEncoding,
    chain: &[TextRange],
) -> Option<SelectionRange> {
    let mut current: Option<SelectionRange> = None;
    for &r in chain.iter().rev() {
        current = Some(SelectionRange {
            range: range(mapper, r, encoding),
            parent: current.map(Box::new),
        });
    }
    current
}
