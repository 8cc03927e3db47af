//! The file system around the open documents, through `docwright_host` (shared with the CLI): the
//! workspace's `docwright.toml`, path hints, workspace-relative paths and today's date.

use docwright_core::config::{Config, ConfigError};
use docwright_core::kinds::detect::PathHints;
use docwright_host as host;
use std::path::{Path, PathBuf};

pub use docwright_host::CONFIG_FILE_NAME;

/// The path rules and detection see: relative to the workspace root with `/` separators. Without
/// a root (a client that opened a single file), the path's own components, so that conventional
/// folders such as `docs/adr` are still recognised.
pub fn relative_path(root: Option<&Path>, path: &Path) -> String {
    match root {
        Some(root) => host::workspace_relative(path, root),
        None => path
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// What detection needs to know about a document's surroundings.
pub fn path_hints(root: Option<&Path>, path: &Path) -> PathHints {
    let root = root.or_else(|| path.parent()).unwrap_or(Path::new("."));
    host::path_hints(path, root)
}

/// The workspace's `docwright.toml`: at the root, or in the nearest folder above it.
pub fn find_config(root: &Path) -> Option<PathBuf> {
    host::find_config(root)
}

/// A config file that could not be used: why, and its text (read leniently) to place the error.
pub struct ConfigProblem {
    pub error: ConfigError,
    pub text: String,
}

/// Reads and parses a config file; on any failure, the defaults and the problem.
pub fn load_config(path: &Path) -> (Config, Option<ConfigProblem>) {
    let (config, error) = host::load_config(path);
    let problem = error.map(|error| {
        let bytes = host::read_config_bytes(path).unwrap_or_default();
        ConfigProblem {
            error,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    });
    (config, problem)
}

/// The workspace's config file and what it holds, found and read on a blocking thread: file reads
/// never run on the task that reads the client's messages.
pub async fn find_and_load_config(
    root: Option<PathBuf>,
) -> (Option<PathBuf>, Config, Option<ConfigProblem>) {
    let found = tokio::task::spawn_blocking(move || {
        let path = root.as_deref().and_then(find_config);
        let (mut config, problem) = match &path {
            Some(path) => load_config(path),
            None => (Config::default(), None),
        };
        // The logs whose template lies beside them, found as `docwright check` finds them: in
        // the workspace the config belongs to (else the folder the client opened).
        let workspace = path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| root.clone());
        if let Some(workspace) = workspace {
            discover_template_logs(&mut config, &workspace);
        }
        (path, config, problem)
    })
    .await;
    found.unwrap_or_else(|error| {
        tracing::error!("reading docwright.toml failed: {error}");
        (None, Config::default(), None)
    })
}

/// Adds the logs whose template lies beside them (see [`host::discover_template_logs`]), from a
/// walk of `workspace` with the config's `ignore` globs.
pub fn discover_template_logs(config: &mut Config, workspace: &Path) {
    let root = workspace.to_path_buf();
    let files = {
        let config = &*config;
        let is_ignored = |p: &Path| {
            !config.ignore.is_empty() && config.is_ignored(&host::workspace_relative(p, &root))
        };
        host::walk::discover_within(std::slice::from_ref(&root), &is_ignored).files
    };
    host::discover_template_logs(config, &root, &files);
}

/// [`load_config`] on a blocking thread.
pub async fn load_config_off_loop(path: PathBuf) -> (Config, Option<ConfigProblem>) {
    tokio::task::spawn_blocking(move || load_config(&path))
        .await
        .unwrap_or_else(|error| {
            tracing::error!("reading docwright.toml failed: {error}");
            (Config::default(), None)
        })
}

/// Today as `YYYY-MM-DD` (UTC), for rules about dates and for templates.
pub fn today() -> String {
    host::today()
}
