//! `docwright graph [PATH] [--format dot|mermaid]`: the decision graph — which documents
//! supersede, amend and cite which — for Graphviz or for a Mermaid block in Markdown.
//!
//! The edge work only: find and read the files, build the index, print. What the graph is comes
//! from [`crate::analysis::resolve::decision_graph`].

use crate::analysis::config::Config;
use crate::analysis::index::{DocEntry, Index, IndexSettings};
use crate::analysis::resolve::{DecisionGraph, EdgeKind, decision_graph};
use crate::cli::exit;
use crate::host;
use crate::host::walk::{self, display_path};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// The workspace folder (or a document in it) to graph.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// `dot` for Graphviz (`docwright graph | dot -Tsvg`), `mermaid` for a ```` ```mermaid ````
    /// block.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,

    /// Use this `docwright.toml` instead of searching for one upwards from PATH.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

pub fn run(args: &GraphArgs) -> i32 {
    let mut stderr = anstream::stderr();
    let mut failed = false;
    let absolute = std::path::absolute(&args.path).unwrap_or_else(|_| args.path.clone());
    let config_path = args.config.clone().or_else(|| host::find_config(&absolute));
    let config = match &config_path {
        Some(path) => {
            let (config, error) = host::load_config(path);
            if let Some(error) = error {
                let _ = writeln!(stderr, "{}:{error}", display_path(path));
                failed = true;
            }
            config
        }
        None => Config::default(),
    };
    // Node names are relative to the folder graphed, so the output does not depend on where
    // the command runs.
    let root = if absolute.is_dir() {
        absolute.clone()
    } else {
        absolute
            .parent()
            .map_or_else(|| absolute.clone(), Path::to_path_buf)
    };
    let discovered = walk::discover(std::slice::from_ref(&args.path), &|p| {
        !config.ignore.is_empty()
            && config.is_ignored(&host::workspace_relative(
                &std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
                &root,
            ))
    });
    for error in &discovered.errors {
        let _ = writeln!(stderr, "error: {error}");
        failed = true;
    }
    // Through the boundary: a symbolic link out of the graphed folder (or its workspace and
    // repository) is left out, as is a FIFO or a device.
    let workspace_root = config_path
        .as_deref()
        .and_then(Path::parent)
        .map_or_else(|| root.clone(), Path::to_path_buf);
    let boundary = host::Boundary::for_run(&workspace_root, std::slice::from_ref(&args.path));
    let documents: Vec<(String, String)> = discovered
        .files
        .par_iter()
        .filter_map(|path| {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            match boundary.read_text(path, host::MAX_TEXT_BYTES) {
                Ok(text) => Some((host::workspace_relative(&absolute, &root), text)),
                Err(_) => None,
            }
        })
        .collect();
    if documents.len() < discovered.files.len() {
        let _ = writeln!(
            stderr,
            "warning: some files could not be read and were left out"
        );
    }
    let index = Index::build(
        IndexSettings::from_config(&config),
        documents
            .par_iter()
            .map(|(path, text)| (path.as_str(), text.as_str())),
        &config,
        &|relative| host::path_hints(&root.join(relative), &root),
    );
    let graph = decision_graph(&index);
    let output = match args.format {
        GraphFormat::Dot => render_dot(&graph),
        GraphFormat::Mermaid => render_mermaid(&graph),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();
    if failed { exit::USAGE } else { exit::CLEAN }
}

/// `ADR-0007: Use PostgreSQL`, else the title, else the path.
fn label(doc: &DocEntry) -> String {
    let name = match &doc.id {
        Some(id) if id.prefix.is_some() => Some(id.to_string()),
        _ => None,
    };
    match (name, &doc.title) {
        (Some(name), Some(title)) => format!("{name}: {title}"),
        (Some(name), None) => name,
        (None, Some(title)) => title.clone(),
        (None, None) => doc.path.clone(),
    }
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Graphviz: one node per document (superseded ones greyed), `supersedes` bold, `amends` and
/// relations named in a team's own words (adr-tools' `Clarifies`) plain, `cites` dashed.
pub fn render_dot(graph: &DecisionGraph) -> String {
    let mut out = String::from(
        "digraph decisions {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n",
    );
    for doc in &graph.nodes {
        let mut lines = vec![dot_escape(&label(doc))];
        if let Some(status) = &doc.shown_status {
            lines.push(format!("({})", dot_escape(status)));
        }
        let style = if doc.is_superseded() {
            ", style=\"rounded,dashed\", fontcolor=gray40, color=gray40"
        } else {
            ""
        };
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\"{style}];\n",
            dot_escape(&doc.path),
            lines.join("\\n")
        ));
    }
    for (from, to, kind) in &graph.edges {
        let style = match kind {
            EdgeKind::Supersedes => "style=bold",
            EdgeKind::Amends | EdgeKind::Named(_) => "style=solid",
            EdgeKind::Cites => "style=dashed, color=gray50",
        };
        out.push_str(&format!(
            "  \"{}\" -> \"{}\" [label=\"{}\", {style}];\n",
            dot_escape(&from.path),
            dot_escape(&to.path),
            dot_escape(kind.as_str())
        ));
    }
    out.push_str("}\n");
    out
}

fn mermaid_escape(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// Mermaid flowchart: nodes `d0`, `d1`, … in path order, `==>` supersedes, `-->` amends and
/// named relations, `-.->` cites; superseded documents in the `superseded` class.
pub fn render_mermaid(graph: &DecisionGraph) -> String {
    let mut out = String::from("flowchart LR\n");
    let ids: std::collections::HashMap<&str, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.path.as_str(), i))
        .collect();
    let id_of = |doc: &DocEntry| ids.get(doc.path.as_str()).map(|i| format!("d{i}"));
    for (i, doc) in graph.nodes.iter().enumerate() {
        let mut label = mermaid_escape(&label(doc));
        if let Some(status) = &doc.shown_status {
            label.push_str(&format!("<br/>({})", mermaid_escape(status)));
        }
        out.push_str(&format!("  d{i}[\"{label}\"]\n"));
    }
    for (from, to, kind) in &graph.edges {
        let (Some(from), Some(to)) = (id_of(from), id_of(to)) else {
            continue;
        };
        let arrow = match kind {
            EdgeKind::Supersedes => "==>",
            EdgeKind::Amends | EdgeKind::Named(_) => "-->",
            EdgeKind::Cites => "-.->",
        };
        out.push_str(&format!(
            "  {from} {arrow}|{}| {to}\n",
            mermaid_escape(kind.as_str())
        ));
    }
    let superseded: Vec<String> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_superseded())
        .map(|(i, _)| format!("d{i}"))
        .collect();
    if !superseded.is_empty() {
        out.push_str("  classDef superseded stroke-dasharray: 5 5, color:#666\n");
        out.push_str(&format!("  class {} superseded\n", superseded.join(",")));
    }
    out
}
