//! `docwright digest [--since DATE|REF] [--until DATE|REF] [--format markdown|json] [PATH]`: the
//! decisions whose status changed in a window, grouped by log, from the repository's git
//! history.
//!
//! The edge work only: find the workspace and its configuration, read the history
//! ([`crate::host::digest`]), print ([`crate::analysis::digest`]).

use crate::analysis::config::Config;
use crate::analysis::digest::{render_json, render_markdown};
use crate::cli::exit;
use crate::host;
use crate::host::digest::{Bound, GitHistory};
use crate::host::walk::display_path;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct DigestArgs {
    /// The workspace folder whose decision logs to read; links in the digest are relative to
    /// its root (the folder of its `docwright.toml`, else this folder).
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Start of the window: a date (`2026-11-23`, from the start of that UTC day) or a git ref
    /// (changes after that commit). Default: six days before the end, a week in all.
    #[arg(long, value_name = "DATE|REF")]
    pub since: Option<String>,

    /// End of the window: a date (to the end of that UTC day, included) or a git ref. Default:
    /// the current commit (`HEAD`).
    #[arg(long, value_name = "DATE|REF")]
    pub until: Option<String>,

    /// `markdown` for a weekly update or a terminal, `json` for tools.
    #[arg(long, value_enum, default_value_t = DigestFormat::Markdown)]
    pub format: DigestFormat,

    /// Use this `docwright.toml` instead of searching for one upwards from PATH.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    Markdown,
    Json,
}

pub fn run(args: &DigestArgs) -> i32 {
    let mut stderr = anstream::stderr();
    let absolute = std::path::absolute(&args.path).unwrap_or_else(|_| args.path.clone());
    if !absolute.is_dir() {
        let _ = writeln!(stderr, "error: {}: not a folder", display_path(&args.path));
        return exit::USAGE;
    }
    let config_path = args.config.clone().or_else(|| host::find_config(&absolute));
    let (config, root) = match &config_path {
        Some(path) => {
            let (config, error) = host::load_config(path);
            if let Some(error) = error {
                let _ = writeln!(stderr, "{}:{error}", display_path(path));
                return exit::USAGE;
            }
            let root = std::path::absolute(path)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_else(|| absolute.clone());
            (config, root)
        }
        None => (Config::default(), absolute.clone()),
    };
    let history = GitHistory::new(&root, &config);
    let since = args.since.as_deref().map(Bound::parse);
    let until = args.until.as_deref().map(Bound::parse);
    let digest = match history.digest(since.as_ref(), until.as_ref(), &host::today()) {
        Ok(digest) => digest,
        Err(error) => {
            let _ = writeln!(stderr, "error: {}: {error}", display_path(&root));
            return exit::USAGE;
        }
    };
    let output = match args.format {
        DigestFormat::Markdown => render_markdown(&digest, ""),
        DigestFormat::Json => render_json(&digest),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();
    exit::CLEAN
}
