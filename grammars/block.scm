; Block constructs the outline reads from tree-sitter-md's block tree: ATX and setext headings
; (their level comes from the marker or underline child), fenced and indented code blocks, HTML
; blocks and link reference definitions. Front matter never reaches this tree: it is excluded from
; the parse (see syntax.rs).
;
; Only single-node patterns, `(kind) @capture`: ts.rs reads this file as a table from node kind to
; capture and walks the block tree itself, skipping the inside of captured nodes and of tables,
; which a query cursor cannot do.

(atx_heading) @heading.atx
(setext_heading) @heading.setext

(fenced_code_block) @code_block
(indented_code_block) @code_block

(html_block) @html_block

(link_reference_definition) @link_definition

; Paragraphs only to catch HTML blocks tree-sitter-md reads as paragraphs (see ts.rs).
(paragraph) @paragraph

; Lines tree-sitter-md could not place, scanned for HTML blocks (see ts.rs).
(ERROR) @error
