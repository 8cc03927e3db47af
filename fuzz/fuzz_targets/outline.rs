//! Arbitrary bytes (read as UTF-8, lossily) through both outline paths: neither may panic, and
//! the tree-sitter outline and the fast pulldown-cmark outline must be equal.
#![no_main]

use docwright::analysis::outline::{parse_outline, parse_outline_fast};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let tree_sitter = parse_outline(&text, Some("0001-fuzz.md"));
    let fast = parse_outline_fast(&text, Some("0001-fuzz.md"));
    assert_eq!(tree_sitter, fast, "the outline paths differ for {text:?}");
});
