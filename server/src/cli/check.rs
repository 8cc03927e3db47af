//! `docwright check`: find the files, check them in parallel, print the results in path order.
//!
//! Exit codes (see [`crate::cli::exit`]): 0 when nothing or only warnings were found, 1 when any
//! error was, 2 when the command line, the `docwright.toml` or a path was unusable. A broken
//! `docwright.toml` does not stop the check: its error is printed as `path:line:col: message`,
//! every file is checked with the default configuration so the user still sees the results, and
//! the exit code is 2 so that CI notices the configuration is being ignored.

use crate::analysis::baseline::Baseline;
use crate::analysis::check::{CheckResult, retain_unsuppressed, with_workspace_findings};
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::fix::fix_until_stable;
use crate::analysis::index::{DocEntry, Index, IndexSettings};
use crate::analysis::outline::parse_outline_fast;
use crate::cli::report::{FileResult, Totals};
use crate::cli::{CheckArgs, Format, exit, human, json, sarif};
use crate::host;
use crate::host::engine::{self, ConfigFailure, Workspace, lexically_absolute, without_bom};
use crate::host::walk::{self, display_path};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The text on disk of a checked file: its byte-order mark, then `text`.
fn on_disk(byte_order_mark: bool, text: &str) -> String {
    if byte_order_mark {
        format!("\u{feff}{text}")
    } else {
        text.to_string()
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

/// The workspace of the check ([`Workspace::open`]). A `docwright.toml` that cannot be read or
/// parsed is reported as `path:line:col: message` and replaced by the defaults; the returned
/// flag is then set, for the exit code.
fn load_workspace(args: &CheckArgs, stderr: &mut impl Write) -> (Workspace, bool) {
    let cwd = current_dir();
    let explain: Vec<PathBuf> = args.explain_kind.iter().cloned().collect();
    let (workspace, failure) = Workspace::open(
        &args.paths,
        &explain,
        args.config.as_deref(),
        args.strict_history,
        &cwd,
    );
    let failed = failure.is_some();
    if let Some(ConfigFailure { path, error }) = failure {
        let shown = path.strip_prefix(&cwd).unwrap_or(&path);
        let _ = writeln!(stderr, "{}:{error}", display_path(shown));
        let _ = writeln!(
            stderr,
            "note: checking with the default configuration instead"
        );
    }
    (workspace, failed)
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
    let original = workspace.read(path)?;
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
/// The index holds the checked files and the engine's scope ([`Workspace::index_scope`]): the
/// whole workspace, so that checking one file or one folder reports exactly what checking the
/// whole repository (or the language server) reports for those files. Only the checked files
/// are reported on; each gets its final diagnostics from
/// [`with_workspace_findings`], as the server's do.
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
    let already: std::collections::HashSet<&str> =
        checked_relative.iter().map(String::as_str).collect();
    let scope = workspace.index_scope(checked, &already);
    for entry in workspace.index_entries(&scope) {
        index.update(entry);
    }
    let services = workspace.services();
    let mut found = services.findings(&index, &workspace.config);
    if found.is_empty() {
        return;
    }
    for (file, relative) in files.iter_mut().zip(&checked_relative) {
        let Some(mut diagnostics) = found.remove(relative) else {
            continue;
        };
        let path = checked.iter().find(|p| display_path(p) == file.path);
        let file_name = path.and_then(|p| p.file_name()).and_then(|n| n.to_str());
        if fix.applies()
            && let Some(path) = path
        {
            let outline = parse_outline_fast(&file.text, file_name);
            let mut shown = diagnostics.clone();
            retain_unsuppressed(&file.text, &outline, &mut shown);
            if let Some(after) = apply_workspace_fixes(
                workspace,
                path,
                file,
                &fix.filter(shown),
                &mut index,
                &services.disk,
            ) {
                diagnostics = after;
            }
        }
        let outline = parse_outline_fast(&file.text, file_name);
        let document = std::mem::take(&mut file.diagnostics);
        file.diagnostics = with_workspace_findings(&file.text, &outline, document, diagnostics);
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
    let ctx = engine::context(index, &workspace.config, Some(disk), None);
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
    let text = match workspace.read(path) {
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
        // A log the file declares has the template's place in it; a discovered one has none.
        let found = if log.template_range.is_some() {
            "declared in docwright.toml"
        } else {
            "found by its template beside it"
        };
        detection.reason = format!(
            "it is a record of the log `{}/` {found}, whose template `{template}` defines its \
             kind: {sections} sections in the template's order, {optional} of them optional",
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
