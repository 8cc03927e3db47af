//! The one "check a workspace" engine that `docwright check` and the language server both call,
//! so that their findings agree by construction.
//!
//! It owns the steps both edges take: a [`Workspace`] (root, whether the whole root is in scope,
//! configuration, today, the boundary), analysing one text as a path ([`analyse`]: outline,
//! document rules and index entry from one parse; [`document_entry`] for an entry alone), which
//! files form the index of a check ([`Workspace::index_scope`]), the workspace rules' view of the
//! index with the file system and git answering ([`context`], [`Workspace::findings`]), and a
//! document's final diagnostics ([`docwright_core::check::with_workspace_findings`], pure). The
//! CLI drives it once per run; the server keeps its own incremental machinery (open documents,
//! the background index, caches) and routes these shared steps through it.

use crate as host;
use crate::walk::{self, display_path};
use docwright_core::check::{CheckInput, CheckResult, check};
use docwright_core::config::Config;
use docwright_core::diagnostic::Diagnostic;
use docwright_core::digest::DecisionHistory;
use docwright_core::index::{DocEntry, EntryInput, Index};
use docwright_core::kinds::detect::{DetectInput, PathHints, detect_kind};
use docwright_core::outline::{Outline, parse_outline_fast};
use docwright_core::workspace_rules::{WorkspaceContext, check_workspace_in};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// The configuration in force and the folder workspace-relative paths are relative to.
pub struct Workspace {
    /// Absolute: the folder of the `docwright.toml` in force, else the repository's root, else
    /// the current folder (or PATH's folder when PATH is elsewhere).
    pub root: PathBuf,
    /// Whether `root` is a workspace by its own right (it holds `docwright.toml` or `.git`), so
    /// that references resolve against all of it. Otherwise (a folder of loose files, a home
    /// folder) only the checked files and their folders are indexed: walking all of it for
    /// one file would be a surprise.
    pub whole_root: bool,
    pub config: Config,
    pub today: String,
    /// What may be read and written: the workspace root, its repository, the named paths.
    pub boundary: host::Boundary,
}

/// A configuration file that could not be used: where, and why.
pub struct ConfigFailure {
    pub path: PathBuf,
    pub error: docwright_core::config::ConfigError,
}

impl Workspace {
    /// The workspace of a check of `paths` (and of `also_named`, further paths it may read): the
    /// configuration `config` names, else the nearest `docwright.toml` at or above the first
    /// path (so `docwright check ../other-repo` uses that repository's). A file that cannot be
    /// read or parsed is returned with the workspace, which then uses the defaults.
    pub fn open(
        paths: &[PathBuf],
        also_named: &[PathBuf],
        config: Option<&Path>,
        strict_history: Option<bool>,
        cwd: &Path,
    ) -> (Workspace, Option<ConfigFailure>) {
        let start = paths
            .first()
            .map(|p| lexically_absolute(p))
            .unwrap_or_else(|| cwd.to_path_buf());
        let config_path = match config {
            Some(path) => Some(path.to_path_buf()),
            None => host::find_config(&start),
        };
        let mut failure = None;
        let (config, root) = match &config_path {
            Some(path) => {
                let (config, error) = host::load_config(path);
                if let Some(error) = error {
                    failure = Some(ConfigFailure {
                        path: path.clone(),
                        error,
                    });
                }
                let absolute = lexically_absolute(path);
                let root = absolute
                    .parent()
                    .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
                (config, root)
            }
            None => {
                let root = default_root(&start, cwd);
                (Config::default(), root)
            }
        };
        let mut named: Vec<PathBuf> = paths.to_vec();
        named.extend(also_named.iter().cloned());
        let whole_root = config_path.is_some() || root.join(".git").exists();
        let mut config = config;
        if let Some(strict) = strict_history {
            config.history.strict = strict;
        }
        // The logs whose template lies beside them, found in what the check may index: the whole
        // workspace, else the folders named.
        let searched: Vec<PathBuf> = if whole_root {
            vec![root.clone()]
        } else {
            named
                .iter()
                .map(|p| lexically_absolute(p))
                .filter(|p| p.is_dir())
                .collect()
        };
        if !searched.is_empty() {
            let is_ignored = |p: &Path| {
                !config.ignore.is_empty()
                    && config.is_ignored(&host::workspace_relative(&lexically_absolute(p), &root))
            };
            let files = walk::discover(&searched, &is_ignored).files;
            host::discover_template_logs(&mut config, &root, &files);
        }
        let workspace = Workspace {
            boundary: host::Boundary::for_run(&root, &named),
            root,
            whole_root,
            config,
            today: host::today(),
        };
        (workspace, failure)
    }

    /// `path` relative to the workspace root with `/` separators (absolute when outside it).
    pub fn relative(&self, path: &Path) -> String {
        host::workspace_relative(&lexically_absolute(path), &self.root)
    }

    /// Whether the configuration's `ignore` globs leave `path` out.
    pub fn is_ignored(&self, path: &Path) -> bool {
        !self.config.ignore.is_empty() && self.config.is_ignored(&self.relative(path))
    }

    /// Detection and the rules for one text, as `path`.
    pub fn check_text(&self, path: &Path, text: &str) -> CheckResult {
        self.analyse(path, text).0
    }

    /// Detection, the rules, and the document's entry for the workspace index, from one parse.
    pub fn analyse(&self, path: &Path, text: &str) -> (CheckResult, DocEntry) {
        let relative = self.relative(path);
        let file_name = path.file_name().and_then(|n| n.to_str());
        let outline = parse_outline_fast(text, file_name);
        let hints = host::path_hints(path, &self.root);
        analyse(
            &CheckInput {
                path: Some(&relative),
                text,
                outline: &outline,
                config: &self.config,
                hints: &hints,
                today: &self.today,
            },
            &relative,
        )
    }

    /// The text of a file to check, read through the boundary: a symbolic link out of the
    /// workspace, a FIFO or a device is refused with a message, never read.
    pub fn read(&self, path: &Path) -> Result<String, String> {
        self.boundary
            .read_text(path, host::MAX_TEXT_BYTES)
            .map_err(|err| format!("{}: {}", display_path(path), err.reason()))
    }

    /// The files besides the checked ones (`already`: their workspace-relative paths) whose
    /// entries form the index of a check of `checked`: the scope.
    ///
    /// The whole workspace (every Markdown file under its root that a walk of the root finds, as
    /// the language server indexes it), so that checking one file or one folder reports exactly
    /// what checking the whole repository reports for those files: a reference to a document
    /// outside the checked paths resolves. Without a `docwright.toml` or a repository (and for a
    /// checked file outside the root), each checked file brings only its folder's other Markdown
    /// files.
    pub fn index_scope(&self, checked: &[PathBuf], already: &HashSet<&str>) -> Vec<PathBuf> {
        let root = &self.root;
        let under_root = |p: &Path| lexically_absolute(p).starts_with(root);
        let whole_root = self.whole_root && checked.iter().any(|p| under_root(p));
        let in_workspace: Vec<PathBuf> = if whole_root {
            workspace_files(std::slice::from_ref(root), &|p| self.is_ignored(p)).files
        } else {
            Vec::new()
        };
        let mut folders: Vec<&Path> = checked
            .iter()
            .filter(|p| !whole_root || !under_root(p))
            .filter_map(|p| p.parent())
            .collect();
        folders.sort();
        folders.dedup();
        let mut files: Vec<PathBuf> = folders
            .iter()
            .flat_map(|folder| {
                let folder = if folder.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    folder
                };
                std::fs::read_dir(folder)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|entry| entry.path())
            })
            .filter(|p| p.is_file() && walk::is_markdown(p) && !self.is_ignored(p))
            .chain(in_workspace)
            .filter(|p| !already.contains(self.relative(p).as_str()))
            .collect();
        files.sort();
        files.dedup();
        files
    }

    /// The index entries of `files` (in parallel), each read through the boundary, silently: a
    /// file that leads outside is simply not indexed.
    pub fn index_entries(&self, files: &[PathBuf]) -> Vec<DocEntry> {
        files
            .par_iter()
            .filter_map(|p| {
                let text = self.boundary.read_text(p, host::MAX_TEXT_BYTES).ok()?;
                let relative = self.relative(p);
                let hints = host::path_hints(p, &self.root);
                Some(document_entry(
                    &relative,
                    &relative,
                    without_bom(&text).1,
                    &self.config,
                    &hints,
                ))
            })
            .collect()
    }

    /// The file system's answers for the workspace rules (`dangling-code-path`'s "does this path
    /// exist?") and git's (`uncited-decisions`' "which decisions changed that week?", read only
    /// if asked).
    pub fn services(&self) -> Services {
        Services {
            disk: host::DiskFiles::new(&self.root),
            history: host::digest::GitHistory::new(&self.root, &self.config),
        }
    }
}

/// The Markdown files under `roots` that form a workspace's index (both edges' scope when a
/// whole workspace is in it): a walk that follows no symbolic link out of the roots or into a
/// loop, and leaves out what `skip` (the configuration's `ignore` globs) says.
pub fn workspace_files(
    roots: &[PathBuf],
    skip: &(dyn Fn(&Path) -> bool + Sync),
) -> walk::Discovered {
    walk::discover_within(roots, skip)
}

/// What the workspace rules ask the host for, for one check.
pub struct Services {
    pub disk: host::DiskFiles,
    pub history: host::digest::GitHistory,
}

impl Services {
    /// The workspace rules' findings over `index`, by index path (before suppressions).
    pub fn findings(&self, index: &Index, config: &Config) -> BTreeMap<String, Vec<Diagnostic>> {
        check_workspace_in(&context(
            index,
            config,
            Some(&self.disk),
            Some(&self.history),
        ))
    }
}

/// The workspace rules' view of `index`, with the file system answering whether paths exist
/// and git answering which decisions changed, when there is a workspace for them.
pub fn context<'a>(
    index: &'a Index,
    config: &'a Config,
    disk: Option<&'a host::DiskFiles>,
    history: Option<&'a dyn DecisionHistory>,
) -> WorkspaceContext<'a> {
    let ctx = WorkspaceContext::new(index, config);
    let ctx = match disk {
        Some(disk) => ctx.with_files(disk),
        None => ctx,
    };
    match history {
        Some(history) => ctx.with_history(history),
        None => ctx,
    }
}

/// Detection, the rules, and the index entry (filed under `index_path`) of one parsed text.
pub fn analyse(input: &CheckInput, index_path: &str) -> (CheckResult, DocEntry) {
    let result = check(input);
    let entry = entry_of_outline(
        index_path,
        input.text,
        input.outline,
        result.detection.kind.as_deref(),
        input.config,
    );
    (result, entry)
}

/// The index entry of a parsed text whose kind is known.
pub fn entry_of_outline(
    index_path: &str,
    text: &str,
    outline: &Outline,
    kind: Option<&str>,
    config: &Config,
) -> DocEntry {
    DocEntry::build(&EntryInput {
        path: index_path,
        text,
        outline,
        kind: kind.and_then(|k| config.kind(k)),
    })
}

/// The index entry of a text: parsed with the fast parser, its kind detected as `path`
/// (relative to its own workspace folder), filed under `index_path`.
pub fn document_entry(
    index_path: &str,
    path: &str,
    text: &str,
    config: &Config,
    hints: &PathHints,
) -> DocEntry {
    let file_name = path.rsplit('/').next();
    let outline = parse_outline_fast(text, file_name);
    let detection = detect_kind(&DetectInput {
        path: Some(path),
        text,
        outline: &outline,
        config,
        hints,
    });
    entry_of_outline(
        index_path,
        text,
        &outline,
        detection.kind.as_deref(),
        config,
    )
}

/// `text` without its byte-order mark, and whether it had one.
pub fn without_bom(text: &str) -> (bool, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

/// `path` made absolute with `.` and `..` resolved by name (`../corpus/x` from `/work/wt` is
/// `/work/corpus/x`), without following links: so that a PATH given with `..` is still seen
/// to lie under the workspace root.
pub fn lexically_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The workspace without a `docwright.toml`: the repository the first PATH is in (the nearest
/// folder at or above it that holds `.git`), else the current folder when PATH is under it, else
/// PATH's own folder. References resolve against all of it, whatever part is checked.
fn default_root(start: &Path, cwd: &Path) -> PathBuf {
    let folder = if start.is_dir() {
        start
    } else {
        start.parent().unwrap_or(start)
    };
    if let Some(repository) = folder.ancestors().find(|dir| dir.join(".git").exists()) {
        return repository.to_path_buf();
    }
    if folder.starts_with(cwd) {
        cwd.to_path_buf()
    } else {
        folder.to_path_buf()
    }
}
