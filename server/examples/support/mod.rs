//! What the benchmark examples share: the generated workspaces of ADRs, the two ways of speaking
//! JSON-RPC to the language server (the real binary over stdio, or `docwright::lsp::serve` in
//! process over in-memory pipes), and timing figures. Each example includes it with
//! `#[path = "support/mod.rs"] mod support;` and uses only part of it.

#![allow(dead_code)]

pub mod in_process;
pub mod stats;
pub mod stdio;
pub mod workspace;
