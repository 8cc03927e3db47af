; Inline constructs the outline reads from each tree-sitter-md inline tree: code spans, inline
; links, the three reference link forms (kept only when their label matches a definition, which
; the shared build step decides), autolinks and images (inline or reference, told apart by their
; children).

(code_span) @code_span

(inline_link) @link.inline

(full_reference_link) @link.reference
(collapsed_reference_link) @link.reference
(shortcut_link) @link.reference

(uri_autolink) @autolink
(email_autolink) @autolink

(image) @image
