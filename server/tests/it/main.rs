//! The integration tests, as one binary: one link of the library for all of them, which keeps the
//! suite's build small and fast on two cores. Each module is one area; `cargo test --test it <module>`
//! runs one.

mod common;

mod adoption;
mod authoring_cli;
mod cli;
mod commonmark_conformance;
mod config_and_kinds;
mod corpus_rfcs;
mod logs;
mod lsp_bad_input;
mod lsp_code_action_offers;
mod lsp_code_actions;
mod lsp_code_lens;
mod lsp_commands;
mod lsp_completion;
mod lsp_config;
mod lsp_definition;
mod lsp_diagnostics;
mod lsp_document_link;
mod lsp_first_open;
mod lsp_hover;
mod lsp_inlay_hints;
mod lsp_missing_section_place;
mod lsp_outline;
mod lsp_ref_completion;
mod lsp_reference_hover;
mod lsp_references;
mod lsp_rename;
mod lsp_show_references;
mod lsp_status;
mod lsp_sync;
mod lsp_template_section;
mod lsp_workspace;
mod lsp_workspace_symbol;
mod outline_differential;
mod real_repos;
mod real_tools_adr_tools;
mod real_tools_init;
mod real_tools_log4brains;
mod real_tools_madr;
mod real_tools_pyadr;
mod reliability_boundaries;
mod reliability_edit_safety;
mod reliability_edits;
mod reliability_fs_boundary;
mod reliability_hostile;
mod reliability_pathological;
mod reliability_protocol;
mod reliability_server_load;
mod rule_docs;
mod workspace_index;
mod workspace_rules_cli;
