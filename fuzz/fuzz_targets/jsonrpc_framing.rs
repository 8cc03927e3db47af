//! Arbitrary bytes into the language server's input guard (`lsp/framing.rs`): it must split them
//! into frames without panicking or stalling, however broken the headers and bodies are.
#![no_main]

use docwright::lsp::split_frames_for_fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (good, bad) = split_frames_for_fuzzing(data);
    // Every frame consumes at least one byte.
    assert!(good + bad <= data.len());
});
