//! The file-system edge shared by the CLI and the language server: finding and loading
//! `docwright.toml`, learning the [`PathHints`] that detection needs, workspace-relative paths,
//! today's date, reading a document as text, and whether a path exists ([`DiskFiles`], for the
//! workspace rules).
//!
//! This is the only place outside `cli` and `lsp` that touches the file system; it knows nothing
//! of LSP or terminals. The core (`docwright_core`) gets what this module finds as plain values.

pub mod authoring;
pub mod boundary;
pub mod digest;
pub mod engine;
pub mod git;
pub mod index_cache;
pub mod walk;

pub use boundary::{Boundary, BoundaryError};

use docwright_core::config::{Config, ConfigError};
use docwright_core::kinds::detect::PathHints;
use docwright_core::position::TextRange;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The configuration file's name.
pub const CONFIG_FILE_NAME: &str = "docwright.toml";

/// adr-tools' file naming the decision-record folder, at the workspace root.
pub const ADR_DIR_FILE_NAME: &str = ".adr-dir";

/// The Rust RFC template, whose presence marks an RFC folder.
pub const RFC_TEMPLATE_FILE_NAME: &str = "0000-template.md";

/// Documents larger than this are refused: no design doc is 20 MB, and a file that large is
/// far more likely a generated dump that would only slow the whole check down.
pub const MAX_TEXT_BYTES: u64 = 20 * 1024 * 1024;

/// The nearest `docwright.toml` at `start` or above it. `start` may be a file (the search begins
/// in its folder) or a folder.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    // Absolute first, so that a relative start (`.`, `docs/adr`) still searches above the
    // current folder.
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let first = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    first
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// The bytes of the config file `path`: a regular file of at most
/// [`boundary::CONFIG_MAX_BYTES`], which (symbolic links resolved) lies in its own folder, the
/// workspace root it defines.
pub fn read_config_bytes(path: &Path) -> Result<Vec<u8>, BoundaryError> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let folder = absolute.parent().unwrap_or(Path::new("/"));
    Boundary::new(&[folder]).read_bytes(&absolute, boundary::CONFIG_MAX_BYTES)
}

/// The configuration in `path`. A file that cannot be read or parsed gives the defaults and the
/// error, so that checking goes on while the user is told what is wrong (and where).
pub fn load_config(path: &Path) -> (Config, Option<ConfigError>) {
    let cannot_read = |reason: String| {
        (
            Config::default(),
            Some(ConfigError {
                line: 1,
                column: 1,
                range: TextRange::empty(0),
                message: format!("cannot read {}: {reason}", path.display()),
            }),
        )
    };
    let text = match read_config_bytes(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return cannot_read(String::from("not UTF-8 text")),
        },
        Err(error) => return cannot_read(error.reason()),
    };
    match Config::from_toml(&text) {
        Ok(mut config) => {
            let folder = path.parent().unwrap_or(Path::new("."));
            match apply_logs(&mut config, &text, folder) {
                None => (config, None),
                Some(error) => (Config::default(), Some(error)),
            }
        }
        Err(error) => (Config::default(), Some(error)),
    }
}

/// Gives each `[[logs]]` entry its kind: the kind it names (whose `paths` then take in the log's
/// folder), else the kind its template defines, read here once and added to the config's kinds
/// (see [`docwright_core::logs::kind_from_template`]). A template that cannot be read, or that
/// lies outside the folder of `docwright.toml`, is an error located at its `template = …`.
fn apply_logs(config: &mut Config, config_text: &str, config_folder: &Path) -> Option<ConfigError> {
    // Deepest first: the first kind whose paths match decides, and `proposals/testing/` is
    // its own log inside `proposals/`.
    let mut order: Vec<usize> = (0..config.logs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(config.logs[i].path.len()));
    for index in order {
        let log = config.logs[index].clone();
        let glob = if log.path.is_empty() {
            "**".to_string()
        } else {
            format!("{}/**", log.path)
        };
        if let Some(kind) = &log.kind {
            if let Some(kind) = config.kinds.iter_mut().find(|k| k.name == *kind) {
                kind.paths.push(glob);
            }
            continue;
        }
        let Some(template) = &log.template else {
            continue;
        };
        let range = log.template_range.unwrap_or(TextRange::empty(0));
        let error = |message: String| {
            Some(ConfigError::at(
                config_text,
                range.start..range.end,
                message,
            ))
        };
        let Some(relative) = docwright_core::resolve::join_path("", template)
            .filter(|p| !template.starts_with('/') && !p.is_empty())
        else {
            return error(format!(
                "the template `{template}` must be a file inside the folder of docwright.toml"
            ));
        };
        let text = match read_text(&config_folder.join(&relative)) {
            Ok(text) => text,
            Err(err) => return error(format!("cannot read the template `{template}`: {err}")),
        };
        let records = sample_records(&Boundary::new(&[config_folder]), &{
            let folder = config_folder.join(&log.path);
            std::fs::read_dir(&folder)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| is_record_file(p))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        });
        add_template_kind(config, index, &relative, &text, &records);
    }
    None
}

/// Whether `path` names a numbered record of a log: a Markdown file whose name gives a number,
/// neither a template nor a project file.
fn is_record_file(path: &Path) -> bool {
    use docwright_core::kinds::detect::{is_project_file_name, is_template_file_name};
    use docwright_core::outline::metadata::number_from_file_name;
    walk::is_markdown(path)
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|name| {
                !is_template_file_name(name)
                    && !is_project_file_name(name)
                    && number_from_file_name(name).is_some()
            })
}

/// The paths [`sample_records`] reads.
fn sample_paths(records: &[PathBuf]) -> Vec<PathBuf> {
    let mut records = records.to_vec();
    records.sort();
    let step = records.len().div_ceil(DISCOVERY_SAMPLE).max(1);
    records.into_iter().step_by(step).collect()
}

/// The texts of at most [`DISCOVERY_SAMPLE`] of a log's `records`, spread evenly over them in
/// path order, read through `boundary` (byte-order mark removed).
fn sample_records(boundary: &Boundary, records: &[PathBuf]) -> Vec<(PathBuf, String)> {
    sample_paths(records)
        .into_iter()
        .filter_map(|path| {
            let text = boundary.read_text(&path, MAX_TEXT_BYTES).ok()?;
            let text = text
                .strip_prefix('\u{feff}')
                .map_or(text.clone(), str::to_string);
            Some((path, text))
        })
        .collect()
}

/// Gives `config.logs[index]` the kind its template (`relative` to the workspace root, already
/// read as `text`) defines, added to the config's kinds under a name made from the log's folder.
fn add_template_kind(
    config: &mut Config,
    index: usize,
    relative: &str,
    text: &str,
    records: &[(PathBuf, String)],
) {
    use docwright_core::logs::{TemplateSource, drop_shared_template_lines, kind_from_template};
    let log = config.logs[index].clone();
    let name = template_kind_name(config, &log.path);
    let kind = kind_from_template(
        &TemplateSource {
            name: &name,
            log_path: &log.path,
            template_path: relative,
            text,
            id_prefix: log.id_prefix.as_deref(),
            aliases: &log.aliases,
        },
        config,
    );
    let mut kind = kind;
    let texts: Vec<String> = records.iter().map(|(_, text)| text.clone()).collect();
    drop_shared_template_lines(&mut kind, &texts);
    config.kinds.push(kind);
    config.logs[index].template_kind = Some(name);
}

/// A kind name for the log in `folder`: its path in kebab-case, unused by any other kind.
fn template_kind_name(config: &Config, folder: &str) -> String {
    let mut name: String = folder
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        name = "log".to_string();
    }
    while config.kind(&name).is_some() {
        name.push_str("-log");
    }
    name
}

/// How many of a log's records are read to judge a template's fit: spread evenly over the log,
/// so that a large log costs no more than a small one.
const DISCOVERY_SAMPLE: usize = 40;
/// How far above a log a template is still "beside" it: the log's own folder, its parent (Rust
/// RFCs' `0000-template.md` beside `text/`) and the parent's parent (Swift Evolution's
/// `proposal-templates/` beside `proposals/`, for `proposals/testing/`).
const DISCOVERY_LEVELS: usize = 3;

/// Logs whose template lies in or beside them, found without `docwright.toml` naming it: a
/// folder of at least two numbered records (`files`, the workspace's Markdown files) with a
/// template file (see [`is_template_file_name`]) in it, in the folder above it or the one above
/// that, directly or in a template folder there (`templates/template.md`,
/// `proposal-templates/0000-swift-template.md`), becomes a `[[logs]]` entry with that template,
/// exactly as if the file declared it — but only when the template fits the log's records
/// ([`docwright_core::logs::template_fits`]); the nearest fitting template wins. A log the
/// config already declares, or a folder a configured kind's `paths` cover, is left to the
/// config. Everything is read through the workspace boundary.
///
/// [`is_template_file_name`]: docwright_core::kinds::detect::is_template_file_name
pub fn discover_template_logs(config: &mut Config, root: &Path, files: &[PathBuf]) {
    discover_template_logs_looking(config, root, files, &mut Vec::new());
}

/// [`discover_template_logs`], kept by a long-running caller: discovery runs again only when
/// the configuration before it, the workspace root or the list of files differ from last time,
/// or when a file it read or a folder it listed (sampled records, templates, the folders
/// around each log) has another size or modification time; otherwise `config` becomes what it
/// became last time. Whether it was reused.
pub fn discover_template_logs_kept(
    kept: &mut Option<KeptTemplateLogs>,
    config: &mut Config,
    root: &Path,
    files: &[PathBuf],
) -> bool {
    let before = format!("{config:?}");
    if let Some(k) = kept.as_ref()
        && k.before == before
        && k.root == root
        && k.files == files
        && k.looked_at
            .iter()
            .all(|(path, stamp)| stamp_of(path) == *stamp)
    {
        *config = k.after.clone();
        return true;
    }
    let mut looked_at = Vec::new();
    discover_template_logs_looking(config, root, files, &mut looked_at);
    looked_at.sort();
    looked_at.dedup();
    *kept = Some(KeptTemplateLogs {
        before,
        root: root.to_path_buf(),
        files: files.to_vec(),
        looked_at: looked_at
            .into_iter()
            .map(|path| {
                let stamp = stamp_of(&path);
                (path, stamp)
            })
            .collect(),
        after: config.clone(),
    });
    false
}

/// What [`discover_template_logs_kept`] keeps: what discovery depended on and what it made of
/// the configuration.
pub struct KeptTemplateLogs {
    before: String,
    root: PathBuf,
    files: Vec<PathBuf>,
    looked_at: Vec<(PathBuf, Stamp)>,
    after: Config,
}

/// A file's or folder's size and modification time (`None`: not there).
type Stamp = Option<(u64, Option<std::time::SystemTime>)>;

fn stamp_of(path: &Path) -> Stamp {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()))
}

/// [`discover_template_logs`], adding to `looked_at` every file it read and folder it listed.
fn discover_template_logs_looking(
    config: &mut Config,
    root: &Path,
    files: &[PathBuf],
    looked_at: &mut Vec<PathBuf>,
) {
    use docwright_core::config::LogConfig;
    use docwright_core::logs::{TemplateSource, kind_from_template, template_fits};
    use docwright_core::outline::parse_outline_fast;

    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let boundary = Boundary::new(&[&root]);
    let mut folders: std::collections::BTreeMap<PathBuf, Vec<PathBuf>> = Default::default();
    for file in files {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.clone());
        if !is_record_file(&file) {
            continue;
        }
        if let Some(folder) = file.parent().filter(|f| f.starts_with(&root)) {
            folders.entry(folder.to_path_buf()).or_default().push(file);
        }
    }
    type Found = (
        String,
        String,
        String,
        Vec<(PathBuf, String)>,
        Option<String>,
    );
    let mut found: Vec<Found> = Vec::new();
    for (folder, records) in folders {
        let relative = workspace_relative(&folder, &root);
        if records.len() < docwright_core::logs::DISCOVERY_MIN_RECORDS
            || relative.starts_with("..")
            || relative.starts_with('/')
            || relative.split('/').any(is_template_folder_name)
            || config.logs.iter().any(|log| log.path == relative)
            || config
                .kind_for_path(&format!("{relative}/0001-record.md"))
                .is_some()
        {
            continue;
        }
        let sample = sample_records(&boundary, &records);
        looked_at.extend(sample_paths(&records));
        let outlines: Vec<_> = sample
            .iter()
            .map(|(path, text)| {
                let file_name = path.file_name().and_then(|n| n.to_str());
                parse_outline_fast(text, file_name)
            })
            .collect();
        for level in folder.ancestors().take(DISCOVERY_LEVELS) {
            if !level.starts_with(&root) {
                break;
            }
            let mut fitting: Option<(usize, String, String)> = None;
            let templates = templates_at(level, &folder, looked_at);
            for template in &templates {
                looked_at.push(template.clone());
                let Ok(text) = boundary.read_text(template, MAX_TEXT_BYTES) else {
                    continue;
                };
                let template_path = workspace_relative(template, &root);
                let kind = kind_from_template(
                    &TemplateSource {
                        name: "discovered",
                        log_path: &relative,
                        template_path: &template_path,
                        text: &text,
                        id_prefix: None,
                        aliases: &Default::default(),
                    },
                    config,
                );
                if !template_fits(&kind, &outlines) {
                    continue;
                }
                let score: usize = outlines
                    .iter()
                    .map(|o| docwright_core::logs::record_fit(&kind, o))
                    .sum();
                if fitting.as_ref().is_none_or(|(best, _, _)| score > *best) {
                    fitting = Some((score, template_path, text));
                }
            }
            if let Some((_, template_path, text)) = fitting {
                let prefix = records_id_prefix(&outlines);
                found.push((relative.clone(), template_path, text, sample, prefix));
                break;
            }
            // The folder's own template, followed by too few of its records: not their schema,
            // and no built-in kind's either.
            if level == folder
                && let Some(template) = templates.first()
            {
                config
                    .unfollowed_templates
                    .push(docwright_core::config::UnfollowedTemplate {
                        folder: relative.clone(),
                        template: workspace_relative(template, &root),
                    });
                break;
            }
        }
    }
    // Deepest first, as for declared logs: `proposals/testing/` is its own log inside
    // `proposals/`, and the first kind whose paths match decides.
    found.sort_by_key(|(path, ..)| std::cmp::Reverse(path.len()));
    for (path, template, text, sample, id_prefix) in found {
        config.logs.push(LogConfig {
            path,
            template: Some(template.clone()),
            template_range: None,
            id_prefix,
            kind: None,
            aliases: Default::default(),
            template_kind: None,
        });
        let index = config.logs.len() - 1;
        add_template_kind(config, index, &template, &text, &sample);
    }
}

/// The id prefix a discovered log's records give themselves (`* Proposal: [ST-0001](…)`,
/// `ADR-0001-x.md`), when at least half of them agree on one: their ids are then that prefix's,
/// not those of the built-in kind the template resembles (an `ST` log is no `RFC` log).
fn records_id_prefix(outlines: &[docwright_core::outline::Outline]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for outline in outlines {
        if let Some(prefix) = docwright_core::kinds::detect::own_id_prefix(outline) {
            *counts.entry(prefix).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .filter(|(_, count)| count * 2 >= outlines.len())
        .map(|(prefix, _)| prefix)
}

/// `templates`, `template`, `proposal-templates`, `_templates`: a folder of templates, never a
/// log, and searched for a log's template.
fn is_template_folder_name(name: &str) -> bool {
    name.to_ascii_lowercase()
        .split(['-', '_', '.', ' '])
        .any(|word| word == "template" || word == "templates")
}

/// The template files at `level` (the log's folder or one above it): the Markdown files there
/// whose name says template, and those in its template folders (`templates/`, `template/`,
/// `proposal-templates/`). Sorted, for a stable choice between equals.
fn templates_at(level: &Path, log: &Path, looked_at: &mut Vec<PathBuf>) -> Vec<PathBuf> {
    use docwright_core::kinds::detect::is_template_file_name;
    let mut list = |dir: &Path| -> Vec<PathBuf> {
        looked_at.push(dir.to_path_buf());
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries.filter_map(Result::ok).map(|e| e.path()).collect()
    };
    let is_template_file = |path: &PathBuf| {
        walk::is_markdown(path)
            && path.is_file()
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_template_file_name)
    };
    let mut templates: Vec<PathBuf> = Vec::new();
    for entry in list(level) {
        if is_template_file(&entry) {
            templates.push(entry);
        } else if entry.is_dir()
            && entry != log
            && entry
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_template_folder_name)
        {
            templates.extend(list(&entry).into_iter().filter(is_template_file));
        }
    }
    templates.sort();
    templates
}

/// What detection needs to know about a document's surroundings: the folder an `.adr-dir` at the
/// workspace root names, and whether the document sits beside the Rust RFC template (in the same
/// folder, or in a `text/` folder whose parent holds the template, as in rust-lang/rfcs).
pub fn path_hints(doc_path: &Path, workspace_root: &Path) -> PathHints {
    // A marker is read through the boundary: inside the root, a regular file, a few KB at most
    // (a FIFO or `/dev/zero` planted as `.adr-dir` must neither block nor fill the memory).
    let adr_dir = Boundary::new(&[workspace_root])
        .read_marker(&workspace_root.join(ADR_DIR_FILE_NAME))
        .and_then(|content| {
            let folder = content.lines().next()?.trim().replace('\\', "/");
            let folder = folder.trim_start_matches("./").trim_matches('/');
            (!folder.is_empty()).then(|| folder.to_string())
        });
    let folder = doc_path.parent();
    let beside_template = |dir: &Path| dir.join(RFC_TEMPLATE_FILE_NAME).is_file();
    let rfc_template_sibling = folder.is_some_and(|dir| {
        beside_template(dir)
            || (dir.file_name().is_some_and(|name| name == "text")
                && dir.parent().is_some_and(beside_template))
    });
    PathHints {
        adr_dir,
        rfc_template_sibling,
    }
}

/// `path` relative to `root`, with `/` separators (what config globs and detection match
/// against). A path outside `root` is returned whole, still with `/` separators.
pub fn workspace_relative(path: &Path, root: &Path) -> String {
    match plain_relative(path, root) {
        Some(relative) => relative.to_string(),
        None => components_relative(path, root),
    }
}

/// [`workspace_relative`] component by component: what it means in every case.
fn components_relative(path: &Path, root: &Path) -> String {
    // One relative and one absolute path only compare once both are absolute.
    use std::borrow::Cow;
    let (path, root): (Cow<Path>, Cow<Path>) = if path.is_absolute() == root.is_absolute() {
        (Cow::Borrowed(path), Cow::Borrowed(root))
    } else {
        let absolute =
            |p: &Path| Cow::Owned(std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
        (absolute(path), absolute(root))
    };
    let relative = path.strip_prefix(&root).unwrap_or(&path);
    let mut out = String::new();
    for component in relative.components() {
        let part = match component {
            Component::Prefix(prefix) => prefix.as_os_str().to_string_lossy(),
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::CurDir => continue,
            Component::ParentDir => "..".into(),
            Component::Normal(name) => name.to_string_lossy(),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&part);
    }
    out
}

/// [`workspace_relative`] without taking the paths apart, for the common case (every file a walk
/// finds): `path` is `root`, a `/`, then plain names (no empty or `.` part, which the components
/// would drop). `None` when that is not what they are, or where `/` is not the separator.
fn plain_relative<'p>(path: &'p Path, root: &Path) -> Option<&'p str> {
    if std::path::MAIN_SEPARATOR != '/' {
        return None;
    }
    let root = root
        .to_str()
        .filter(|r| !r.is_empty() && !r.ends_with('/'))?;
    let rest = path.to_str()?.strip_prefix(root)?.strip_prefix('/')?;
    let plain = !rest.is_empty() && rest.split('/').all(|part| !part.is_empty() && part != ".");
    plain.then_some(rest)
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_from_unix_seconds(seconds as i64)
}

/// The UTC calendar date of a Unix timestamp as `YYYY-MM-DD`.
pub fn date_from_unix_seconds(seconds: i64) -> String {
    docwright_core::calendar::format_date(seconds.div_euclid(86_400))
}

/// The file system's answer to "does this path exist?", for `dangling-code-path`: paths are
/// looked up under the workspace root or the repository root (the nearest folder at or above
/// the workspace root that holds `.git`, else the workspace root), never outside them, and each
/// answer is remembered, since many documents name the same files.
pub struct DiskFiles {
    workspace_root: PathBuf,
    repository_root: PathBuf,
    /// (path, whether a folder was asked for) → whether it exists.
    known: std::sync::Mutex<std::collections::HashMap<(PathBuf, bool), bool>>,
}

impl DiskFiles {
    pub fn new(workspace_root: &Path) -> DiskFiles {
        let workspace_root =
            std::path::absolute(workspace_root).unwrap_or_else(|_| workspace_root.to_path_buf());
        let repository_root = workspace_root
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(&workspace_root)
            .to_path_buf();
        DiskFiles {
            workspace_root,
            repository_root,
            known: Default::default(),
        }
    }

    /// Whether `relative` (`/` separators, a trailing `/` for a folder) exists under `root`. It
    /// may climb with `..` (a workspace below the repository root links `../src/x.rs`), but a
    /// path that would leave the repository root is refused: the answer must not depend on what
    /// lies outside the repository.
    fn exists_under(&self, root: &Path, relative: &str) -> bool {
        let wants_folder = relative.ends_with('/');
        let relative = relative.trim_end_matches('/');
        if relative.is_empty() {
            return false;
        }
        let mut path = root.to_path_buf();
        for part in relative.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if path == self.repository_root || !path.pop() {
                        return false;
                    }
                }
                part if Path::new(part).components().count() != 1
                    || Path::new(part).is_absolute()
                    || part.contains(':') =>
                {
                    return false;
                }
                part => path.push(part),
            }
        }
        let key = (path.clone(), wants_folder);
        if let Some(known) = self.known.lock().ok().and_then(|k| k.get(&key).copied()) {
            return known;
        }
        let exists = std::fs::metadata(&path).is_ok_and(|m| !wants_folder || m.is_dir());
        if let Ok(mut known) = self.known.lock() {
            known.insert(key, exists);
        }
        exists
    }
}

impl docwright_core::workspace_rules::FileOracle for DiskFiles {
    fn exists(&self, workspace_relative: &str) -> bool {
        self.exists_under(&self.workspace_root, workspace_relative)
    }

    fn exists_in_repository(&self, repository_relative: &str) -> bool {
        self.exists_under(&self.repository_root, repository_relative)
    }
}

/// Why a document could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// The file is not UTF-8; `line` (1-based) holds the first invalid byte, at `byte_offset`.
    NotUtf8 {
        byte_offset: usize,
        line: usize,
    },
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// A FIFO, a socket, a device or a folder: never read.
    NotRegular {
        what: &'static str,
    },
    /// Refused by the workspace boundary (the reason says why).
    Refused(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(error) => write!(f, "{error}"),
            ReadError::NotUtf8 { byte_offset, line } => write!(
                f,
                "not UTF-8 text: invalid byte at offset {byte_offset} (line {line}); \
                 save the file as UTF-8"
            ),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "too large to check: {} MB, over the limit of {} MB",
                size.div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
            ReadError::NotRegular { what } => write!(f, "not a regular file ({what}); not read"),
            ReadError::Refused(reason) => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(error: io::Error) -> Self {
        ReadError::Io(error)
    }
}

/// The file's contents as text, byte for byte (a byte-order mark is kept, so that a fix written
/// back changes only what it means to). Non-UTF-8 content and files over [`MAX_TEXT_BYTES`] are
/// errors, never a panic.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    read_text_with_limit(path, MAX_TEXT_BYTES)
}

/// [`read_text`] with another size limit. Only a regular file is read, opened without blocking
/// ([`boundary::read_regular`]): a FIFO or a device is refused at once.
pub fn read_text_with_limit(path: &Path, limit: u64) -> Result<String, ReadError> {
    read_text_and_metadata(path, limit).map(|(text, _)| text)
}

/// [`read_text_with_limit`], with the metadata of the file read (see
/// [`boundary::read_regular_with_metadata`]).
pub fn read_text_and_metadata(
    path: &Path,
    limit: u64,
) -> Result<(String, std::fs::Metadata), ReadError> {
    // The reader yields only TooLarge, NotRegular and Io, and the text only NotUtf8: each
    // becomes its `ReadError` through the one conversion below.
    let (bytes, metadata) = boundary::read_regular_with_metadata(path, limit)?;
    let text = boundary::text_from_bytes(path, bytes)?;
    Ok((text, metadata))
}

/// A [`BoundaryError`] as the [`ReadError`] the readers report.
impl From<BoundaryError> for ReadError {
    fn from(error: BoundaryError) -> Self {
        match error {
            BoundaryError::TooLarge { size, limit, .. } => ReadError::TooLarge { size, limit },
            BoundaryError::NotRegular { what, .. } => ReadError::NotRegular { what },
            BoundaryError::NotUtf8 {
                byte_offset, line, ..
            } => ReadError::NotUtf8 { byte_offset, line },
            BoundaryError::Io { error, .. } => ReadError::Io(error),
            other => ReadError::Refused(other.reason()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_unix_seconds_match_the_calendar() {
        assert_eq!(date_from_unix_seconds(0), "1970-01-01");
        assert_eq!(date_from_unix_seconds(86_399), "1970-01-01");
        assert_eq!(date_from_unix_seconds(86_400), "1970-01-02");
        assert_eq!(date_from_unix_seconds(-1), "1969-12-31");
        // Leap days, including the century rules.
        assert_eq!(date_from_unix_seconds(951_782_400), "2000-02-29");
        assert_eq!(date_from_unix_seconds(1_709_164_800), "2024-02-29");
        assert_eq!(date_from_unix_seconds(4_107_542_400), "2100-03-01");
        assert_eq!(date_from_unix_seconds(1_735_689_599), "2024-12-31");
        assert_eq!(date_from_unix_seconds(1_735_689_600), "2025-01-01");
    }

    #[test]
    fn today_is_a_plausible_iso_date() {
        let today = today();
        assert_eq!(today.len(), 10, "{today}");
        assert!(today.as_str() >= "2024-01-01", "{today}");
        assert_eq!(&today[4..5], "-");
        assert_eq!(&today[7..8], "-");
    }

    #[test]
    fn disk_files_answer_under_the_roots_and_refuse_to_climb_out() {
        use docwright_core::workspace_rules::FileOracle;
        let repository = tempfile::tempdir().unwrap();
        std::fs::create_dir(repository.path().join(".git")).unwrap();
        let workspace = repository.path().join("docs");
        std::fs::create_dir_all(workspace.join("adr")).unwrap();
        std::fs::create_dir_all(repository.path().join("src")).unwrap();
        std::fs::write(repository.path().join("src/lib.rs"), "").unwrap();
        std::fs::write(workspace.join("adr/diagram.svg"), "").unwrap();
        let files = DiskFiles::new(&workspace);
        assert!(files.exists("adr/diagram.svg"));
        assert!(files.exists("adr/"));
        assert!(!files.exists("adr/diagram.svg/"), "a file is not a folder");
        assert!(!files.exists("src/lib.rs"), "not under the workspace root");
        assert!(files.exists_in_repository("src/lib.rs"));
        assert!(files.exists_in_repository("docs/adr/diagram.svg"));
        assert!(files.exists("../src/lib.rs"), "up to the repository root");
        assert!(!files.exists("../../src/lib.rs"), "not past it");
        assert!(!files.exists_in_repository("../docs/adr/"));
        assert!(!files.exists_in_repository("/etc/passwd"));
        assert!(!files.exists(""));
        // Answers are remembered: a file created later is still missing for this run.
        std::fs::write(repository.path().join("src/new.rs"), "").unwrap();
        assert!(!files.exists_in_repository("src/gone.rs"));
        std::fs::write(repository.path().join("src/gone.rs"), "").unwrap();
        assert!(!files.exists_in_repository("src/gone.rs"));
        assert!(files.exists_in_repository("src/new.rs"));
    }

    #[test]
    fn the_plain_relative_path_is_the_components_one() {
        let roots = [
            "/work/repo",
            "/work/repo/",
            "/",
            "",
            ".",
            "docs",
            "/work/./repo",
        ];
        let paths = [
            "/work/repo/docs/a.md",
            "/work/repo//docs/a.md",
            "/work/repo/./docs/a.md",
            "/work/repo/docs/../a.md",
            "/work/repo-other/a.md",
            "/work/repo",
            "/work/repo/",
            "/work/./repo/a.md",
            "docs/a.md",
            "./docs/a.md",
            "docs/sub/./a.md",
        ];
        for root in roots {
            for path in paths {
                let (path, root) = (Path::new(path), Path::new(root));
                if let Some(plain) = plain_relative(path, root) {
                    assert_eq!(
                        plain,
                        components_relative(path, root),
                        "{path:?} in {root:?}"
                    );
                }
            }
        }
        let walked = Path::new("/work/repo/docs/adr/0001-x.md");
        assert_eq!(
            plain_relative(walked, Path::new("/work/repo")),
            Some("docs/adr/0001-x.md")
        );
    }

    #[test]
    fn workspace_relative_paths_use_forward_slashes() {
        let root = Path::new("/work/repo");
        let doc = root.join("docs").join("adr").join("0001-x.md");
        assert_eq!(workspace_relative(&doc, root), "docs/adr/0001-x.md");
        assert_eq!(
            workspace_relative(Path::new("/elsewhere/a.md"), root),
            "/elsewhere/a.md"
        );
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            workspace_relative(Path::new("./docs/a.md"), &cwd),
            "docs/a.md"
        );
        assert_eq!(
            workspace_relative(&cwd.join("docs/a.md"), Path::new(".")),
            "docs/a.md"
        );
        assert_eq!(
            workspace_relative(Path::new("docs/a.md"), Path::new("docs")),
            "a.md"
        );
    }
}
