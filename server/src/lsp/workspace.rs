//! The file system around the open documents: the workspace root, `docwright.toml`, path hints
//! and today's date. The core never reads files; the server reads them here.

use crate::analysis::config::{Config, ConfigError};
use crate::analysis::kinds::detect::PathHints;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE_NAME: &str = "docwright.toml";

/// A path relative to the workspace root with `/` separators, or the file name when the file lies
/// outside the workspace.
pub fn relative_path(root: Option<&Path>, path: &Path) -> String {
    let relative = root.and_then(|r| path.strip_prefix(r).ok()).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// What detection needs to know about a document's folder.
pub fn path_hints(path: &Path) -> PathHints {
    let folder = path.parent();
    PathHints {
        adr_dir: None,
        rfc_template_sibling: folder.is_some_and(|f| f.join("0000-template.md").is_file()),
    }
}

/// The workspace's `docwright.toml`: at the root, or in the nearest folder above it.
pub fn find_config(root: &Path) -> Option<PathBuf> {
    root.ancestors()
        .map(|dir| dir.join(CONFIG_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// A config file that could not be used: why, and where in its text (when it was read).
pub struct ConfigProblem {
    pub error: ConfigError,
    pub text: Option<String>,
}

/// Reads and parses a config file. On any failure the defaults are returned with the problem.
pub fn load_config(path: &Path) -> (Config, Option<ConfigProblem>) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return (Config::default(), Some(problem(None, format!("cannot read {}: {err}", path.display())))),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let mut p = problem(Some(lossy), String::from("docwright.toml is not valid UTF-8"));
            p.error.range = crate::analysis::position::TextRange::empty(valid.min(p.text.as_ref().map_or(0, String::len)));
            return (Config::default(), Some(p));
        }
    };
    match Config::from_toml(&text) {
        Ok(config) => (config, None),
        Err(error) => (Config::default(), Some(ConfigProblem { error, text: Some(text) })),
    }
}

fn problem(text: Option<String>, message: String) -> ConfigProblem {
    ConfigProblem {
        error: ConfigError {
            line: 1,
            column: 1,
            range: crate::analysis::position::TextRange::empty(0),
            message,
        },
        text,
    }
}

/// Today as `YYYY-MM-DD` (UTC), for rules about dates and for templates.
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
