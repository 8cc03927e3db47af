//! The authoring commands: `new`, `supersede`, `link`, `set-status`, `index`.
//!
//! Argument handling and printing over the authoring workspace ([`crate::host::authoring`]),
//! which finds the workspace, reads the log and plans the files and edits.

use crate::analysis::authoring::DocEdits;
use crate::cli::exit;
pub use crate::host::authoring::{AuthoringWorkspace, IndexPlan};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The kind of document (`adr`, `madr`, `rfc`, … or one from `docwright.toml`).
    pub kind: String,
    /// The title, in words ("Use PostgreSQL"); several words need no quotes.
    #[arg(required = true, num_args = 1..)]
    pub title: Vec<String>,
    /// The date to write instead of today (`YYYY-MM-DD`).
    #[arg(long)]
    pub date: Option<String>,
    /// A document the new one supersedes (number or path), as `adr new -s` does; repeatable.
    #[arg(short = 's', long = "supersedes", value_name = "OLD")]
    pub supersedes: Vec<String>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Whose layout: `adr-tools`, `madr`, `log4brains`, `pyadr` or `nygard` (Docwright's own).
    #[arg(default_value = "nygard")]
    pub tool: String,
    /// The log's folder, instead of the tool's default (`doc/adr`, `docs/decisions`, `docs/adr`).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The date to write instead of today (`YYYY-MM-DD`).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Args, Debug)]
pub struct SupersedeArgs {
    /// The document being replaced: its number (`3`, `ADR-0003`) or path.
    pub old: String,
    /// The document that replaces it: its number or path.
    pub new: String,
}

#[derive(Args, Debug)]
pub struct LinkArgs {
    /// The document that amends or relates to the other: number or path.
    pub from: String,
    /// The other document: number or path.
    pub to: String,
    /// `amends`, `relates-to` or `supersedes`.
    #[arg(long, default_value = "relates-to")]
    pub relation: String,
}

#[derive(Args, Debug)]
pub struct SetStatusArgs {
    /// The document: number or path.
    pub doc: String,
    /// The new status: a status of the document's kind, or `accept`, `reject`, `deprecate`.
    pub status: String,
}

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// The folder whose README.md (or index.md) gets the table; by default the decision
    /// records' folder.
    pub folder: Option<PathBuf>,
}

fn open_here() -> Result<AuthoringWorkspace, i32> {
    AuthoringWorkspace::open(Path::new(".")).map_err(|message| {
        eprintln!("error: {message}");
        exit::USAGE
    })
}

fn report<T>(result: Result<T, String>) -> Result<T, i32> {
    result.map_err(|message| {
        eprintln!("error: {message}");
        exit::USAGE
    })
}

fn print_changed(edits: &[DocEdits]) {
    if edits.is_empty() {
        println!("nothing to change");
    }
    for doc in edits {
        println!("updated {}", doc.path);
    }
}

pub fn run_init(args: &InitArgs) -> i32 {
    use crate::analysis::authoring::init::{InitTool, plan_init};
    let run = || -> Result<(), i32> {
        let workspace = open_here()?;
        let tool = report(InitTool::parse(&args.tool).ok_or_else(|| {
            format!(
                "unknown tool `{}`; use one of {}",
                args.tool,
                InitTool::NAMES.join(", ")
            )
        }))?;
        let today = args.date.clone().unwrap_or_else(crate::host::today);
        let folder = args.dir.as_ref().map(|dir| workspace.relative(dir));
        if folder
            .as_deref()
            .is_some_and(|f| f.starts_with("..") || f.is_empty())
        {
            report(Err::<(), _>(String::from(
                "the log's folder must be inside the workspace",
            )))?;
        }
        let installed = std::fs::read_to_string(ADR_TOOLS_INSTALLED_INIT).ok();
        let files = plan_init(tool, folder.as_deref(), &today, installed.as_deref());
        // Nothing is written when any file is there already: an existing log is left alone.
        if let Some(existing) = files.iter().find(|f| workspace.root.join(&f.path).exists()) {
            report(Err::<(), _>(format!("{} already exists", existing.path)))?;
        }
        for file in &files {
            report(workspace.write_new(file))?;
            println!("created {}", file.path);
        }
        Ok(())
    };
    run().err().unwrap_or(exit::CLEAN)
}

/// adr-tools' own first record, where its Debian package installs it.
const ADR_TOOLS_INSTALLED_INIT: &str = "/usr/share/adr-tools/init.md";

pub fn run_new(args: &NewArgs) -> i32 {
    let run = || -> Result<(), i32> {
        let workspace = open_here()?;
        let today = args.date.clone().unwrap_or_else(crate::host::today);
        let created = report(workspace.plan_new(&args.kind, &args.title.join(" "), &today))?;
        // Every superseded document must exist before anything is written.
        for old in &args.supersedes {
            report(workspace.resolve_doc(old))?;
        }
        report(workspace.write_new(&created))?;
        println!("created {}", created.path);
        for old in &args.supersedes {
            let edits = report(workspace.plan_supersede(old, &created.path))?;
            report(workspace.write_edits(&edits))?;
            print_changed(&edits);
        }
        Ok(())
    };
    run().err().unwrap_or(exit::CLEAN)
}

fn run_edits(plan: impl FnOnce(&AuthoringWorkspace) -> Result<Vec<DocEdits>, String>) -> i32 {
    let run = || -> Result<(), i32> {
        let workspace = open_here()?;
        let edits = report(plan(&workspace))?;
        report(workspace.write_edits(&edits))?;
        print_changed(&edits);
        Ok(())
    };
    run().err().unwrap_or(exit::CLEAN)
}

pub fn run_supersede(args: &SupersedeArgs) -> i32 {
    run_edits(|w| w.plan_supersede(&args.old, &args.new))
}

pub fn run_link(args: &LinkArgs) -> i32 {
    run_edits(|w| w.plan_link(&args.from, &args.to, &args.relation))
}

pub fn run_set_status(args: &SetStatusArgs) -> i32 {
    let run = || -> Result<bool, i32> {
        let workspace = open_here()?;
        let today = crate::host::today();
        let Some(renamed) = report(workspace.plan_pyadr_rename(&args.doc, &args.status, &today))?
        else {
            return Ok(false);
        };
        report(workspace.write_new(&renamed.created))?;
        report(
            std::fs::remove_file(workspace.root.join(&renamed.proposal))
                .map_err(|e| format!("{}: {e}", renamed.proposal)),
        )?;
        println!("renamed {} to {}", renamed.proposal, renamed.created.path);
        // Links to the proposal's old name now name the record.
        for edits in &renamed.links {
            report(workspace.write_edits(std::slice::from_ref(edits)))?;
            println!("updated {}", edits.path);
        }
        Ok(true)
    };
    match run() {
        Ok(true) => exit::CLEAN,
        Ok(false) => run_edits(|w| w.plan_set_status(&args.doc, &args.status)),
        Err(code) => code,
    }
}

pub fn run_index(args: &IndexArgs) -> i32 {
    let run = || -> Result<(), i32> {
        let workspace = open_here()?;
        let folder = match &args.folder {
            Some(folder) => workspace.relative(folder),
            None => report(
                workspace
                    .default_index_folder()
                    .ok_or_else(|| String::from("no decision folder found; name one")),
            )?,
        };
        match report(workspace.plan_index(&folder))? {
            IndexPlan::Edit(edit) => {
                report(workspace.write_edits(std::slice::from_ref(&edit)))?;
                println!("updated {}", edit.path);
            }
            IndexPlan::Create(created) => {
                report(workspace.write_new(&created))?;
                println!("created {}", created.path);
            }
            IndexPlan::Current(path) => println!("{path} is current"),
        }
        Ok(())
    };
    run().err().unwrap_or(exit::CLEAN)
}
