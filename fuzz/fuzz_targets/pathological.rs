//! Pathological Markdown through everything the server and the command line compute for one
//! document (`docwright::analysis::pathological::analyse_everything`): the first byte says how
//! many times the rest (a unit: an opener, a nesting prefix, a line) is repeated, up to 64 KiB,
//! so that the fuzzer explores runs and nesting rather than random noise. No panic, no stack
//! overflow; time and memory are bounded by libFuzzer's `-timeout` and `-rss_limit_mb` (see
//! `docs/fuzzing.md`).
#![no_main]

use docwright::analysis::pathological::analyse_everything;
use libfuzzer_sys::fuzz_target;

/// The most bytes one case analyses.
const MAX_CASE: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let Some((&count, unit)) = data.split_first() else {
        return;
    };
    let unit = String::from_utf8_lossy(unit);
    if unit.is_empty() {
        return;
    }
    let times = (usize::from(count) * 64 + 1)
        .min(MAX_CASE / unit.len())
        .max(1);
    let text = unit.repeat(times);
    let found = analyse_everything(&text);
    // Nothing is found more often than there are bytes to find it in (four selection chains
    // of at most 64 steps aside).
    assert!(found <= 4 * text.len() + 4 * 64 + 16);
});
