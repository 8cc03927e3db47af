; The block nodes of tree-sitter-md's tree that fold in the editor beyond what the outline already
; knows (sections, code blocks, front matter and HTML comments come from the outline): lists.
; Read by `folding_ranges` in server/src/analysis/document/features.rs; compiled against the block
; grammar when first used, so a misspelt node kind fails loudly in the tests.

(list) @fold.list
