//! Which files `docwright check PATH…` and the language server's index look at.
//!
//! Folders are walked with the `ignore` crate, so `.gitignore`, `.ignore` and hidden folders are
//! handled the way ripgrep handles them, and only `.md`/`.markdown` files are kept. A file named on
//! the command line is always checked, whatever its extension or the ignore rules: naming it is
//! the user's decision.

use std::path::{Path, PathBuf};

pub struct Discovered {
    /// Sorted by their display path, without duplicates.
    pub files: Vec<PathBuf>,
    /// One message per path that could not be read (missing, unreadable folder entry).
    pub errors: Vec<String>,
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Walks `paths`. `skip` is asked about every file found inside a folder (for the config's
/// `ignore` globs); files named directly are never skipped.
pub fn discover(paths: &[PathBuf], skip: &(dyn Fn(&Path) -> bool + Sync)) -> Discovered {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let metadata = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(err) => {
                errors.push(format!("{}: {}", display_path(root), io_message(&err)));
                continue;
            }
        };
        if !metadata.is_dir() {
            files.push(clean(root));
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            // Honour `.gitignore` even outside a git checkout (a docs folder copied elsewhere, a
            // test's temporary folder): people expect the file to mean what it says.
            .require_git(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file())
                        || (entry.path_is_symlink() && entry.path().is_file());
                    if is_file && is_markdown(entry.path()) && !skip(entry.path()) {
                        files.push(clean(entry.path()));
                    }
                }
                Err(err) => errors.push(err.to_string()),
            }
        }
    }
    files.sort_by_key(|p| display_path(p));
    files.dedup_by(|a, b| display_path(a) == display_path(b));
    Discovered { files, errors }
}

/// `./docs/a.md` → `docs/a.md`: the leading `.` a walk of `.` adds says nothing to the reader.
fn clean(path: &Path) -> PathBuf {
    let mut components = path.components().peekable();
    while components.peek() == Some(&std::path::Component::CurDir) {
        components.next();
    }
    let cleaned: PathBuf = components.collect();
    if cleaned.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        cleaned
    }
}

/// A path as printed: `/` separators on every platform, so that output and snapshots agree.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// An I/O error without Rust's "(os error 2)" suffix.
pub fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let message = err.to_string();
            match message.find(" (os error") {
                Some(i) => message[..i].to_string(),
                None => message,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_extensions_are_recognised_in_any_case() {
        assert!(is_markdown(Path::new("a/b.md")));
        assert!(is_markdown(Path::new("README.MD")));
        assert!(is_markdown(Path::new("x.markdown")));
        assert!(!is_markdown(Path::new("x.txt")));
        assert!(!is_markdown(Path::new("md")));
    }

    #[test]
    fn leading_current_folder_is_dropped() {
        assert_eq!(clean(Path::new("./docs/a.md")), PathBuf::from("docs/a.md"));
        assert_eq!(clean(Path::new(".")), PathBuf::from("."));
        assert_eq!(clean(Path::new("docs/./a.md")), PathBuf::from("docs/a.md"));
    }
}
