//! The command line: `docwright check`, `rules`, `explain`, `lsp`.
//!
//! A thin edge over the analysis core: it finds files, reads them, hands (path, text) to
//! `crate::analysis`, and turns the byte ranges that come back into what a person or a tool reads
//! (human text, JSON, SARIF). Nothing here decides what is wrong with a document.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

pub mod authoring;
pub mod check;
pub mod digest;
pub mod graph;
mod human;
mod json;
mod location;
pub mod report;
mod rules_cmd;
mod sarif;
pub mod site;

/// Exit codes, the contract with CI scripts.
pub mod exit {
    /// Nothing found, or warnings only.
    pub const CLEAN: i32 = 0;
    /// At least one diagnostic of severity `error`.
    pub const ERRORS: i32 = 1;
    /// Bad usage, a broken `docwright.toml`, or a path that could not be read.
    pub const USAGE: i32 = 2;
}

/// Docwright checks design docs — ADRs, MADR, RFCs, design docs, post-mortems, strategy docs —
/// for what their readers will miss: absent sections, unknown statuses, placeholders left in.
#[derive(Parser, Debug)]
#[command(name = "docwright", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check documents and report problems (exit 0: clean or warnings only, 1: errors, 2: usage,
    /// configuration or unreadable paths).
    Check(CheckArgs),
    /// List every rule with its default severity and summary.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule's id, as `docwright rules` lists it (e.g. `missing-section`).
        rule: String,
    },
    /// Run the language server (LSP over standard input and output).
    Lsp(LspArgs),
    /// Print the decision graph (supersedes, amends, cites) as Graphviz DOT or Mermaid.
    Graph(graph::GraphArgs),
    /// List the decisions whose status changed in a window (a week by default), grouped by log,
    /// from the repository's git history.
    Digest(digest::DigestArgs),
    /// Build a static website of the decision logs: timeline, one page per record, decision
    /// graphs, health and search (`docwright site --out site/`).
    Site(site::SiteArgs),
    /// Create the next document of a kind from its template (`docwright new adr "Use PostgreSQL"`).
    New(authoring::NewArgs),
    /// Mark OLD as superseded by NEW and NEW as superseding OLD, with links both ways.
    Supersede(authoring::SupersedeArgs),
    /// Record that one document amends or relates to another, with the reverse link.
    Link(authoring::LinkArgs),
    /// Change a document's status (`accept`, `reject`, `deprecate`, or any status of its kind).
    SetStatus(authoring::SetStatusArgs),
    /// Write or refresh the table of documents in a folder's README.md or index.md.
    Index(authoring::IndexArgs),
    /// Start a decision log laid out as a tool's own `init` does (adr-tools, madr, log4brains,
    /// pyadr or nygard).
    Init(authoring::InitArgs),
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check. Folders are walked for `.md` and `.markdown` files, honouring
    /// `.gitignore` and the `ignore` globs of `docwright.toml`.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Apply every safe fix and rewrite the files in place, then report what remains. Safe fixes
    /// only add what is missing or correct a slip; they never change what a document cites.
    #[arg(long)]
    pub fix: bool,

    /// Apply the unsafe fixes too (retargeting a citation, moving sections, adding a made-up
    /// status): read the diff before you commit it. Implies `--fix`.
    #[arg(long, conflicts_with = "explain_kind")]
    pub unsafe_fixes: bool,

    /// Print the kind detected for FILE and why, then exit without checking.
    #[arg(long, value_name = "FILE", conflicts_with = "fix")]
    pub explain_kind: Option<PathBuf>,

    /// Never colour the output (colour is only used on a terminal anyway; `NO_COLOR` is honoured).
    #[arg(long)]
    pub no_color: bool,

    /// Use this `docwright.toml` instead of searching for one upwards from the current folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Check decided records (accepted, rejected, superseded, …) like drafts: structural and
    /// quality rules too, not only what misleads a reader today (`--strict-history=false` pauses
    /// them). Overrides `strict-history` in docwright.toml, whose default is `false`.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub strict_history: Option<bool>,

    /// Report only on documents changed since this git ref (added, modified or renamed; also
    /// uncommitted and untracked ones), still resolving references against the whole workspace.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,

    /// Hide the findings recorded in this baseline file (default: `baseline` in docwright.toml).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record every finding of this check in FILE (a baseline), then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "unsafe_fixes"])]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line and a marker.
    Human,
    /// A JSON array with one object per file.
    Json,
    /// SARIF 2.1.0, as GitHub code scanning accepts it.
    Sarif,
}

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Talk over standard input and output (the default and only transport).
    #[arg(long)]
    pub stdio: bool,

    /// Write the server's log to this file instead of standard error.
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
}

/// The binary's entry point: parses `std::env::args_os()` and returns the exit code.
pub fn main() -> i32 {
    run(std::env::args_os())
}

/// Runs the command line on `args` (the program name first) and returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // `--help` and `--version` are not errors: clap reports exit code 0 for them.
            let _ = err.print();
            return if err.use_stderr() {
                exit::USAGE
            } else {
                exit::CLEAN
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules => rules_cmd::list_rules(),
        Command::Explain { rule } => rules_cmd::explain(&rule),
        Command::Lsp(args) => run_lsp(args),
        Command::Graph(args) => graph::run(&args),
        Command::Digest(args) => digest::run(&args),
        Command::Site(args) => site::run(&args),
        Command::New(args) => authoring::run_new(&args),
        Command::Init(args) => authoring::run_init(&args),
        Command::Supersede(args) => authoring::run_supersede(&args),
        Command::Link(args) => authoring::run_link(&args),
        Command::SetStatus(args) => authoring::run_set_status(&args),
        Command::Index(args) => authoring::run_index(&args),
    }
}

fn run_lsp(args: LspArgs) -> i32 {
    // stdio is the only transport; the flag is accepted because editors pass it by convention.
    let _ = args.stdio;
    crate::lsp::run(crate::lsp::LspOptions {
        log_file: args.log_file,
    })
}
