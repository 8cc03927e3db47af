//! Arbitrary bytes (read as UTF-8, lossily) through both outline paths: neither may panic, and
//! the region-by-region reading (the editor's) and the whole reading (`docwright check`) must be
//! equal.
//!
//! With `DOCWRIGHT_FUZZ_PANICS_ONLY=1` the outlines are built but not compared: a long run then
//! hunts panics alone (see docs/fuzzing.md).
#![no_main]

use std::sync::OnceLock;

use docwright::analysis::outline::{parse_outline, parse_outline_fast};
use libfuzzer_sys::fuzz_target;

fn panics_only() -> bool {
    static PANICS_ONLY: OnceLock<bool> = OnceLock::new();
    *PANICS_ONLY
        .get_or_init(|| std::env::var_os("DOCWRIGHT_FUZZ_PANICS_ONLY").is_some_and(|v| v == "1"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let regions = parse_outline(&text, Some("0001-fuzz.md"));
    let whole = parse_outline_fast(&text, Some("0001-fuzz.md"));
    if !panics_only() {
        assert_eq!(regions, whole, "the outline paths differ for {text:?}");
    }
});
