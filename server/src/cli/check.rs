//! `docwright check`: find the files, check them in parallel, print the results in path order.
//!
//! Exit codes (see [`crate::cli::exit`]): 0 when nothing or only warnings were found, 1 when any
//! error was, 2 when the command line, the `docwright.toml` or a path was unusable. A broken
//! `docwright.toml` does not stop the check: its error is printed as `path:line:col: message`,
//! every file is checked with the default configuration so the user still sees the results, and
//! the exit code is 2 so that CI notices the configuration is being ignored.

use crate::analysis::baseline::Baseline;
use crate::analysis::check::{CheckInput, CheckResult, check, retain_unsuppressed};
use crate::analysis::config::Config;
use crate::analysis::diagnostic::{Diagnostic, Severity};
use crate::analysis::fix::fix_until_stable;
use crate::analysis::index::{DocEntry, EntryInput, Index, IndexSettings};
use crate::analysis::outline::parse_outline_fast;
use crate::analysis::workspace_rules::{WorkspaceContext, check_workspace_in};
use crate::cli::{CheckArgs, Format, exit, human, json, sarif};
use crate::host;
use crate::host::walk::{self, display_path};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One checked file, ready to print.
pub struct FileResult {
    /// As the user named it or as the walk found it: relative to the current folder when under
    /// it, `/` separators.
    pub path: String,
    /// The text the diagnostics refer to (after `--fix`, the fixed text).
    pub text: String,
    pub kind: Option<String>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Titles of the fixes `--fix` applied.
    pub fixed: Vec<String>,
    /// The file starts with a byte-order mark, which `text` leaves out: the outline does not
    /// see a heading behind one, and `--fix` writes it back in front.
    pub byte_order_mark: bool,
}

/// `text` without its byte-order mark, and whether it had one.
fn without_bom(text: &str) -> (bool, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

/// The text on disk of a checked file: its byte-order mark, then `text`.
fn on_disk(byte_order_mark: bool, text: &str) -> String {
    if byte_order_mark {
        format!("\u{feff}{text}")
    } else {
        text.to_string()
    }
}

/// The counts of the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    /// Info and hint diagnostics.
    pub notes: usize,
    pub files: usize,
    pub files_of_no_kind: usize,
}

impl Totals {
    pub fn of(files: &[FileResult]) -> Totals {
        let mut totals = Totals {
            files: files.len(),
            ..Totals::default()
        };
        for file in files {
            if file.kind.is_none() {
                totals.files_of_no_kind += 1;
            }
            for d in &file.diagnostics {
                match d.severity {
                    Severity::Error => totals.errors += 1,
                    Severity::Warning => totals.warnings += 1,
                    Severity::Info | Severity::Hint => totals.notes += 1,
                }
            }
        }
        totals
    }
}

/// The configuration in force and the folder workspace-relative paths are relative to.
struct Workspace {
    /// Absolute: the folder of the `docwright.toml` in force, else the repository's root, else
    /// the current folder (or PATH's folder when PATH is elsewhere).
    root: PathBuf,
    /// Whether `root` is a workspace by its own right (it holds `docwright.toml` or `.git`), so
    /// that references resolve against all of it. Otherwise (a folder of loose files, a home
    /// folder) only the checked files and their folders are indexed: walking all of it for
    /// one file would be a surprise.
    whole_root: bool,
    config: Config,
    today: String,
    /// What may be read and written: the workspace root, its repository, the named paths.
    boundary: host::Boundary,
}

impl Workspace {
    /// `path` relative to the workspace root with `/` separators (absolute when outside it).
    fn relative(&self, path: &Path) -> String {
        host::workspace_relative(&lexically_absolute(path), &self.root)
    }

    fn is_ignored(&self, path: &Path) -> bool {
        !self.config.ignore.is_empty() && self.config.is_ignored(&self.relative(path))
    }

    /// Detection and the rules for one text, as `path`.
    fn check_text(&self, path: &Path, text: &str) -> CheckResult {
        self.analyse(path, text).0
    }

    /// Detection, the rules, and the document's entry for the workspace index, from one parse.
    fn analyse(&self, path: &Path, text: &str) -> (CheckResult, DocEntry) {
        let relative = self.relative(path);
        let file_name = path.file_name().and_then(|n| n.to_str());
        let outline = parse_outline_fast(text, file_name);
        let hints = host::path_hints(path, &self.root);
        let result = check(&CheckInput {
            path: Some(&relative),
            text,
            outline: &outline,
            config: &self.config,
            hints: &hints,
            today: &self.today,
        });
        let entry = DocEntry::build(&EntryInput {
            path: &relative,
            text,
            outline: &outline,
            kind: result
                .detection
                .kind
                .as_deref()
                .and_then(|k| self.config.kind(k)),
        });
        (result, entry)
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let mut stderr = anstream::stderr();
    let (workspace, mut failed) = load_workspace(args, &mut stderr);

    if let Some(file) = &args.explain_kind {
        return explain_kind(&workspace, file).max(if failed { exit::USAGE } else { exit::CLEAN });
    }

    let mut discovered = walk::discover(&args.paths, &|p| workspace.is_ignored(p));
    for error in &discovered.errors {
        let _ = writeln!(stderr, "error: {error}");
        failed = true;
    }
    if let Some(reference) = &args.changed_since {
        match host::git::changed_since(&workspace.root, reference) {
            Ok(changed) => {
                let changed: std::collections::HashSet<PathBuf> = changed.into_iter().collect();
                discovered
                    .files
                    .retain(|path| changed.contains(&lexically_absolute(path)));
            }
            Err(message) => {
                let _ = writeln!(stderr, "error: --changed-since: {message}");
                return exit::USAGE;
            }
        }
    }

    let outcomes: Vec<Result<Checked, String>> = discovered
        .files
        .par_iter()
        .map(|path| check_file(&workspace, path, fix_mode(args)))
        .collect();
    let mut files = Vec::with_capacity(outcomes.len());
    let mut entries = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Ok(checked) => {
                if let Some(message) = checked.not_written {
                    let _ = writeln!(stderr, "error: {message}");
                    failed = true;
                }
                files.push(checked.file);
                entries.push(checked.entry);
            }
            Err(message) => {
                let _ = writeln!(stderr, "error: {message}");
                failed = true;
            }
        }
    }
    add_workspace_diagnostics(
        &workspace,
        &discovered.files,
        &mut files,
        entries,
        fix_mode(args),
    );

    if let Some(path) = &args.write_baseline {
        let documents: Vec<(String, &FileResult)> = files
            .iter()
            .map(|file| (workspace.relative(Path::new(&file.path)), file))
            .collect();
        let baseline = Baseline::of(documents.iter().map(|(relative, file)| {
            (relative.as_str(), file.text.as_str(), &file.diagnostics[..])
        }));
        return match std::fs::write(path, baseline.to_json()) {
            Ok(()) => {
                let _ = writeln!(
                    stderr,
                    "Wrote {} findings to the baseline {}",
                    baseline.findings.len(),
                    path.display()
                );
                if failed { exit::USAGE } else { exit::CLEAN }
            }
            Err(error) => {
                let _ = writeln!(stderr, "error: {}: {error}", path.display());
                exit::USAGE
            }
        };
    }
    let baseline_path = args.baseline.clone().or_else(|| {
        workspace
            .config
            .baseline
            .as_ref()
            .map(|relative| workspace.root.join(relative))
    });
    if let Some(path) = baseline_path {
        // Through the boundary: `baseline = "…"` comes from the repository's own config.
        let read = workspace
            .boundary
            .read_text(&path, host::MAX_TEXT_BYTES)
            .map_err(|error| error.reason())
            .and_then(|text| Baseline::parse(&text));
        match read {
            Ok(baseline) => {
                let mut filter = baseline.filter();
                for file in &mut files {
                    let relative = workspace.relative(Path::new(&file.path));
                    filter.hide_known(&relative, &file.text, &mut file.diagnostics);
                }
            }
            Err(message) => {
                let _ = writeln!(stderr, "error: baseline {}: {message}", path.display());
                return exit::USAGE;
            }
        }
    }

    let totals = Totals::of(&files);
    match args.format {
        Format::Human => {
            let color = if args.no_color {
                anstream::ColorChoice::Never
            } else {
                anstream::ColorChoice::Auto
            };
            // anstream drops the styles unless stdout is a terminal (or CLICOLOR_FORCE says so).
            let mut stdout = anstream::AutoStream::new(std::io::stdout().lock(), color);
            let mut text = human::render_diagnostics(&files);
            text.push_str(&human::render_summary(&files, &totals));
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
        Format::Json | Format::Sarif => {
            // Keep stdout parseable: what --fix did goes to stderr.
            for file in files.iter().filter(|f| !f.fixed.is_empty()) {
                let count = file.fixed.len();
                let noun = if count == 1 { "problem" } else { "problems" };
                let _ = writeln!(stderr, "Fixed {count} {noun} in {}", file.path);
            }
            let text = if args.format == Format::Json {
                json::render(&files)
            } else {
                sarif::render(&files, &current_dir())
            };
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
    }

    if failed {
        exit::USAGE
    } else if totals.errors > 0 {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}

/// What `--fix` and `--unsafe-fixes` ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FixMode {
    /// Report only.
    None,
    /// Apply the safe fixes.
    Safe,
    /// Apply every fix.
    All,
}

impl FixMode {
    fn applies(self) -> bool {
        self != FixMode::None
    }

    /// `diagnostics` with only the fixes this mode may apply.
    fn filter(self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        crate::analysis::fix::keep_allowed_fixes(&mut diagnostics, self == FixMode::All);
        diagnostics
    }
}

fn fix_mode(args: &CheckArgs) -> FixMode {
    if args.unsafe_fixes {
        FixMode::All
    } else if args.fix {
        FixMode::Safe
    } else {
        FixMode::None
    }
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// Finds and reads the configuration: `--config FILE`, else the nearest `docwright.toml` at or
/// above the first PATH (so `docwright check ../other-repo` uses that repository's). A file that
/// cannot be read or parsed is reported as `path:line:col: message` and replaced by the defaults;
/// the returned flag is then set, for the exit code.
fn load_workspace(args: &CheckArgs, stderr: &mut impl Write) -> (Workspace, bool) {
    let cwd = current_dir();
    let start = args
        .paths
        .first()
        .map(|p| lexically_absolute(p))
        .unwrap_or_else(|| cwd.clone());
    let config_path = match &args.config {
        Some(path) => Some(path.clone()),
        None => host::find_config(&start),
    };
    let mut failed = false;
    let (config, root) = match &config_path {
        Some(path) => {
            let (config, error) = host::load_config(path);
            if let Some(error) = error {
                let shown = path.strip_prefix(&cwd).unwrap_or(path);
                let _ = writeln!(stderr, "{}:{error}", display_path(shown));
                let _ = writeln!(
                    stderr,
                    "note: checking with the default configuration instead"
                );
                failed = true;
            }
            let absolute = lexically_absolute(path);
            let root = absolute
                .parent()
                .map_or_else(|| cwd.clone(), Path::to_path_buf);
            (config, root)
        }
        None => {
            let root = default_root(&start, &cwd);
            (Config::default(), root)
        }
    };
    let mut named = args.paths.clone();
    named.extend(args.explain_kind.iter().cloned());
    let whole_root = config_path.is_some() || root.join(".git").exists();
    let mut config = config;
    if let Some(strict) = args.strict_history {
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
    (workspace, failed)
}

/// `path` made absolute with `.` and `..` resolved by name (`../corpus/x` from `/work/wt` is
/// `/work/corpus/x`), without following links: so that a PATH given with `..` is still seen
/// to lie under the workspace root.
fn lexically_absolute(path: &Path) -> PathBuf {
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

/// The text of a file to check, read through the boundary: a symbolic link out of the workspace,
/// a FIFO or a device is refused with a message, never read.
fn read(workspace: &Workspace, path: &Path) -> Result<String, String> {
    workspace
        .boundary
        .read_text(path, host::MAX_TEXT_BYTES)
        .map_err(|err| format!("{}: {}", display_path(path), err.reason()))
}

/// Writes a fixed text over `original` through the boundary: the text written (with the file's
/// byte-order mark and line endings), or the message saying why the file was left as it was.
fn write_fixed(
    workspace: &Workspace,
    path: &Path,
    original: &str,
    fixed: &str,
) -> Result<String, String> {
    workspace
        .boundary
        .replace_file(path, original, fixed)
        .map_err(|err| {
            format!(
                "{}: cannot write the fixed file: {}",
                display_path(path),
                err.reason()
            )
        })
}

/// One checked file: its result and index entry, and the message of a fix that could not be
/// written (the file is then reported as it is on disk).
struct Checked {
    file: FileResult,
    entry: DocEntry,
    not_written: Option<String>,
}

fn check_file(workspace: &Workspace, path: &Path, fix: FixMode) -> Result<Checked, String> {
    let original = read(workspace, path)?;
    let (byte_order_mark, text) = without_bom(&original);
    let text = text.to_string();
    let (result, entry) = workspace.analyse(path, &text);
    let unchanged = |result: CheckResult, text: String, entry: DocEntry, not_written| Checked {
        file: FileResult {
            path: display_path(path),
            kind: result.detection.kind,
            diagnostics: result.diagnostics,
            text,
            fixed: Vec::new(),
            byte_order_mark,
        },
        entry,
        not_written,
    };
    if !fix.applies()
        || fix
            .filter(result.diagnostics.clone())
            .iter()
            .all(|d| d.fix.is_none())
    {
        return Ok(unchanged(result, text, entry, None));
    }
    let outcome = fix_until_stable(&text, |current| {
        fix.filter(workspace.check_text(path, current).diagnostics)
    });
    if outcome.text == text {
        return Ok(unchanged(result, text, entry, None));
    }
    let written = match write_fixed(workspace, path, &original, &outcome.text) {
        Ok(written) => written,
        Err(message) => return Ok(unchanged(result, text, entry, Some(message))),
    };
    let written = without_bom(&written).1.to_string();
    let (after, entry) = workspace.analyse(path, &written);
    let file = FileResult {
        path: display_path(path),
        fixed: resolved_fix_titles(&result.diagnostics, &after.diagnostics),
        kind: after.detection.kind,
        diagnostics: after.diagnostics,
        text: written,
        byte_order_mark,
    };
    Ok(Checked {
        file,
        entry,
        not_written: None,
    })
}

/// Runs the workspace rules (references between documents) and adds what they find to `files`.
///
/// The index holds the whole workspace (every Markdown file under its root that a walk of the
/// root finds, as the language server indexes it), so that checking one file or one folder
/// reports exactly what checking the whole repository reports for those files: a reference to a
/// document outside PATH resolves. Only the checked files are reported on. Ids are unique per
/// decision log, so the repository's other collections (examples, test fixtures) do not collide
/// with the checked ones. Without a `docwright.toml` or a repository (and for a checked file
/// outside the root), each checked file brings only its folder's other Markdown files.
///
/// With `fix`, the workspace rules' fixes (a refreshed index table, a corrected anchor) are
/// applied too, after the document rules' own, and the file is checked again.
fn add_workspace_diagnostics(
    workspace: &Workspace,
    checked: &[PathBuf],
    files: &mut [FileResult],
    entries: Vec<DocEntry>,
    fix: FixMode,
) {
    let mut index = Index::new(IndexSettings::from_config(&workspace.config));
    let checked_relative: Vec<String> = entries.iter().map(|e| e.path.clone()).collect();
    for entry in entries {
        index.update(entry);
    }
    let root = &workspace.root;
    let under_root = |p: &Path| lexically_absolute(p).starts_with(root);
    let whole_root = workspace.whole_root && checked.iter().any(|p| under_root(p));
    let in_workspace: Vec<PathBuf> = if whole_root {
        // No symbolic link out of the root or into a loop: the server's walk.
        walk::discover_within(std::slice::from_ref(root), &|p| workspace.is_ignored(p)).files
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
    let already: std::collections::HashSet<&str> =
        checked_relative.iter().map(String::as_str).collect();
    let siblings: Vec<PathBuf> = folders
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
        .filter(|p| p.is_file() && walk::is_markdown(p) && !workspace.is_ignored(p))
        .chain(in_workspace)
        .filter(|p| !already.contains(workspace.relative(p).as_str()))
        .collect();
    let mut siblings = siblings;
    siblings.sort();
    siblings.dedup();
    let extra: Vec<DocEntry> = siblings
        .par_iter()
        .filter_map(|p| {
            // Through the boundary, silently: a sibling that leads outside is simply not indexed.
            let text = workspace.boundary.read_text(p, host::MAX_TEXT_BYTES).ok()?;
            let relative = workspace.relative(p);
            let hints = host::path_hints(p, &workspace.root);
            Some(DocEntry::from_text(
                &relative,
                without_bom(&text).1,
                &workspace.config,
                &hints,
            ))
        })
        .collect();
    for entry in extra {
        index.update(entry);
    }
    // The file system answers `dangling-code-path`'s "does this path exist?".
    let disk = host::DiskFiles::new(&workspace.root);
    // Git answers `uncited-decisions`' "which decisions changed that week?", read only if asked.
    let history = host::digest::GitHistory::new(&workspace.root, &workspace.config);
    let mut found = check_workspace_in(
        &WorkspaceContext::new(&index, &workspace.config)
            .with_files(&disk)
            .with_history(&history),
    );
    if found.is_empty() {
        return;
    }
    for (file, relative) in files.iter_mut().zip(&checked_relative) {
        let Some(mut diagnostics) = found.remove(relative) else {
            continue;
        };
        let path = checked.iter().find(|p| display_path(p) == file.path);
        let file_name = path.and_then(|p| p.file_name()).and_then(|n| n.to_str());
        let outline = parse_outline_fast(&file.text, file_name);
        retain_unsuppressed(&file.text, &outline, &mut diagnostics);
        if fix.applies()
            && let Some(path) = path
            && let Some(after) = apply_workspace_fixes(
                workspace,
                path,
                file,
                &fix.filter(diagnostics.clone()),
                &mut index,
                &disk,
            )
        {
            diagnostics = after;
        }
        file.diagnostics.extend(diagnostics);
        file.diagnostics.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
    }
}

/// Applies the compatible fixes among a file's workspace diagnostics, writes the file, and checks
/// it again (its own rules into `file`, its entry into `index`): the workspace diagnostics that
/// remain, or `None` when nothing was fixed (or the file could not be written, which is said on
/// stderr and leaves the file as it was).
fn apply_workspace_fixes(
    workspace: &Workspace,
    path: &Path,
    file: &mut FileResult,
    diagnostics: &[Diagnostic],
    index: &mut Index,
    disk: &host::DiskFiles,
) -> Option<Vec<Diagnostic>> {
    if diagnostics.iter().all(|d| d.fix.is_none()) {
        return None;
    }
    let (fixed, applied, _) = crate::analysis::fix::fix_all(&file.text, diagnostics);
    if applied == 0 || fixed == file.text {
        return None;
    }
    let original = on_disk(file.byte_order_mark, &file.text);
    let fixed = match write_fixed(workspace, path, &original, &fixed) {
        Ok(written) => without_bom(&written).1.to_string(),
        Err(message) => {
            eprintln!("error: {message}");
            return None;
        }
    };
    let (result, entry) = workspace.analyse(path, &fixed);
    let entry = index.update(entry);
    let ctx = WorkspaceContext::new(index, &workspace.config).with_files(disk);
    let mut after = crate::analysis::workspace_rules::check_doc(&ctx, &entry);
    let outline = parse_outline_fast(&fixed, path.file_name().and_then(|n| n.to_str()));
    retain_unsuppressed(&fixed, &outline, &mut after);
    file.fixed.extend(resolved_fix_titles(diagnostics, &after));
    file.kind = result.detection.kind;
    file.diagnostics = result.diagnostics;
    file.text = fixed;
    Some(after)
}

/// The titles of the fixes whose problems are gone: diagnostics that had a fix before, matched by
/// rule and message against what remains after.
fn resolved_fix_titles(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<String> {
    let mut remaining: Vec<(&str, &str)> =
        after.iter().map(|d| (d.rule, d.message.as_str())).collect();
    let mut titles = Vec::new();
    for diagnostic in before {
        let key = (diagnostic.rule, diagnostic.message.as_str());
        if let Some(i) = remaining.iter().position(|k| *k == key) {
            remaining.swap_remove(i);
        } else if let Some(fix) = &diagnostic.fix {
            titles.push(fix.title.clone());
        }
    }
    titles
}

/// `--explain-kind FILE`: the detected kind and the reason, one line.
fn explain_kind(workspace: &Workspace, path: &Path) -> i32 {
    let text = match read(workspace, path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::USAGE;
        }
    };
    let mut detection = workspace.check_text(path, without_bom(&text).1).detection;
    let kind = detection.kind.as_deref().unwrap_or("no kind");
    // A log's template kind: say which template, and which log, rather than the glob.
    let relative = workspace.relative(path);
    if let Some(log) = workspace.config.log_for_path(&relative)
        && log.template_kind.as_deref() == Some(kind)
        && detection.via == crate::analysis::kinds::detect::DetectedBy::ConfigPath
    {
        let template = log.template.as_deref().unwrap_or_default();
        let (sections, optional) = workspace.config.kind(kind).map_or((0, 0), |k| {
            (
                k.sections.len(),
                k.sections.iter().filter(|s| !s.required).count(),
            )
        });
        detection.reason = format!(
            "it is a record of the log `{}/` declared in docwright.toml, whose template \
             `{template}` defines its kind: {sections} sections in the template's order, \
             {optional} of them optional",
            log.path
        );
    }
    let kind = detection.kind.as_deref().unwrap_or("no kind");
    // Not `println!`: a closed pipe (`| head`) must not turn into a panic.
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}: {kind} ({})",
        display_path(path),
        detection.reason
    );
    exit::CLEAN
}
