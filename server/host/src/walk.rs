//! Which files `docwright check PATH…` and the language server's index look at.
//!
//! Folders are walked with the `ignore` crate, so `.gitignore`, `.ignore` and hidden folders are
//! handled the way ripgrep handles them, and only `.md`/`.markdown` files are kept. A file named on
//! the command line is always checked, whatever its extension or the ignore rules: naming it is
//! the user's decision.

pub use crate::boundary::io_message;
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
    let walked = walk(paths, skip);
    // Each display path is made once, not at every comparison.
    let mut keyed: Vec<(String, PathBuf)> = walked
        .files
        .into_iter()
        .map(|file| (display_path(&file), file))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    Discovered {
        files: keyed.into_iter().map(|(_, file)| file).collect(),
        errors: walked.errors,
    }
}

/// What [`walk`] found: the files in the order met, and which of them are symbolic links.
struct Walked {
    files: Vec<PathBuf>,
    /// Whether each file of `files` is itself a symbolic link, as its folder entry said.
    links: Vec<bool>,
    errors: Vec<String>,
}

/// The walk behind [`discover`] and [`discover_within`], unsorted: within one root, siblings in
/// file-name order, each folder's files before the next sibling (so a single root comes out in
/// `Path` order).
fn walk(paths: &[PathBuf], skip: &(dyn Fn(&Path) -> bool + Sync)) -> Walked {
    let mut walked = Walked {
        files: Vec::new(),
        links: Vec::new(),
        errors: Vec::new(),
    };
    // Folders left out because of an ignore file the walk must not read, said by `filter_entry`.
    let refused = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    'roots: for root in paths {
        let metadata = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(err) => {
                walked
                    .errors
                    .push(format!("{}: {}", display_path(root), io_message(&err)));
                continue;
            }
        };
        if !metadata.is_dir() {
            let is_link = std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink());
            walked.files.push(clean(root));
            walked.links.push(is_link);
            continue;
        }
        // The walk reads the ignore files of the folder and of those above it: a FIFO there
        // would block it, a link to a device would never end.
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.clone());
        for folder in absolute.ancestors() {
            if let Some(file) = unsafe_ignore_file(folder) {
                walked.errors.push(refused_message(&file, root));
                continue 'roots;
            }
        }
        let refused_below = refused.clone();
        let walker = ignore::WalkBuilder::new(root)
            // Honour `.gitignore` even outside a git checkout (a docs folder copied elsewhere, a
            // test's temporary folder): people expect the file to mean what it says.
            .require_git(false)
            // Siblings share their folder, so their names order them as their paths would;
            // comparing names alone skips the folders' components on every comparison.
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(move |entry| {
                if !entry.file_type().is_some_and(|t| t.is_dir()) {
                    return true;
                }
                match unsafe_ignore_file(entry.path()) {
                    None => true,
                    Some(file) => {
                        if let Ok(mut refused) = refused_below.lock() {
                            refused.push(refused_message(&file, entry.path()));
                        }
                        false
                    }
                }
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_link = entry.path_is_symlink();
                    let is_file = entry.file_type().is_some_and(|t| t.is_file())
                        || (is_link && entry.path().is_file());
                    if is_file && is_markdown(entry.path()) && !skip(entry.path()) {
                        walked.files.push(clean(entry.path()));
                        walked.links.push(is_link);
                    }
                }
                Err(err) => walked.errors.push(err.to_string()),
            }
        }
    }
    if let Ok(mut refused) = refused.lock() {
        walked.errors.append(&mut refused);
    }
    walked
}

/// The ignore files a walk reads in each folder.
const IGNORE_FILES: [&str; 3] = [".gitignore", ".ignore", ".git/info/exclude"];

/// The first ignore file in `folder` that must not be read: one that is not a regular file
/// (symbolic links followed; a FIFO, socket or device) or is larger than the config cap. `stat`
/// only: nothing is opened.
fn unsafe_ignore_file(folder: &Path) -> Option<PathBuf> {
    IGNORE_FILES
        .iter()
        .map(|name| folder.join(name))
        .find(|file| {
            std::fs::metadata(file)
                .is_ok_and(|m| !m.is_file() || m.len() > crate::boundary::CONFIG_MAX_BYTES)
        })
}

fn refused_message(ignore_file: &Path, folder: &Path) -> String {
    format!(
        "{}: not a regular file of at most 1 MB, so {} is not walked",
        display_path(ignore_file),
        display_path(folder)
    )
}

/// The language server's walk of its workspace folders: [`discover`]'s rules (`.gitignore`,
/// hidden folders, Markdown only, `skip` for the config's globs), and nothing outside `roots`.
/// Folder symlinks are never followed (so a `loop -> .` link cannot loop) and a file symlink is
/// kept only when its target lies inside one of the roots: the index must not read what the user
/// did not open as part of the workspace.
pub fn discover_within(roots: &[PathBuf], skip: &(dyn Fn(&Path) -> bool + Sync)) -> Discovered {
    let canonical_roots = canonical_all(roots);
    let mut discovered = Discovered {
        files: Vec::new(),
        errors: Vec::new(),
    };
    for root in roots {
        if !root.is_dir() {
            discovered
                .errors
                .push(format!("{}: not a folder", display_path(root)));
            continue;
        }
        let walked = walk(std::slice::from_ref(root), skip);
        discovered.errors.extend(walked.errors);
        // Only a file that is itself a link needs resolving; the walk said which are.
        discovered.files.extend(
            walked
                .files
                .into_iter()
                .zip(walked.links)
                .filter(|(file, is_link)| !is_link || is_within(file, &canonical_roots))
                .map(|(file, _)| file),
        );
    }
    // Nested roots (a folder and one of its subfolders both open) would list files twice. One
    // root's walk is already in this order, which the sort only confirms.
    discovered.files.sort();
    discovered.files.dedup();
    discovered
}

/// The roots with their symlinks resolved, for [`is_within`].
pub fn canonical_all(roots: &[PathBuf]) -> Vec<PathBuf> {
    roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .collect()
}

/// Whether `path`, symlinks resolved, lies inside one of `canonical_roots`.
pub fn is_within(path: &Path, canonical_roots: &[PathBuf]) -> bool {
    std::fs::canonicalize(path)
        .is_ok_and(|target| canonical_roots.iter().any(|root| target.starts_with(root)))
}

/// Whether a walk of `root` would leave `path` out: a hidden file or folder on the way, or a
/// `.gitignore` / `.ignore` between `root` and the file that matches it. For single files the
/// editor reports (created, changed) without walking the whole root again.
pub fn is_walk_ignored(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return true;
    };
    let hidden = relative.components().any(|c| {
        matches!(c, std::path::Component::Normal(name) if name.to_string_lossy().starts_with('.'))
    });
    if hidden {
        return true;
    }
    // Deeper ignore files override shallower ones, as in git: ask the deepest first.
    let mut folders: Vec<&Path> = path
        .ancestors()
        .skip(1)
        .take_while(|folder| folder.starts_with(root))
        .collect();
    folders.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    for folder in folders {
        for name in [".ignore", ".gitignore"] {
            let file = folder.join(name);
            // A FIFO, a device or a huge file is not read (see `unsafe_ignore_file`).
            let readable = std::fs::metadata(&file)
                .is_ok_and(|m| m.is_file() && m.len() <= crate::boundary::CONFIG_MAX_BYTES);
            if !readable {
                continue;
            }
            let (matcher, _) = ignore::gitignore::Gitignore::new(&file);
            match matcher.matched_path_or_any_parents(path, false) {
                ignore::Match::Ignore(_) => return true,
                ignore::Match::Whitelist(_) => return false,
                ignore::Match::None => {}
            }
        }
    }
    false
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
    fn single_files_are_ignored_as_the_walk_would() {
        let dir = std::env::temp_dir().join(format!("docwright-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("docs/drafts")).unwrap();
        std::fs::create_dir_all(dir.join(".hidden")).unwrap();
        std::fs::write(dir.join(".gitignore"), "drafts/\n").unwrap();
        std::fs::write(dir.join("docs/.gitignore"), "scratch.md\n").unwrap();
        let kept = dir.join("docs/0001-a.md");
        assert!(!is_walk_ignored(&dir, &kept));
        assert!(is_walk_ignored(&dir, &dir.join("docs/drafts/0002-b.md")));
        assert!(is_walk_ignored(&dir, &dir.join("docs/scratch.md")));
        assert!(is_walk_ignored(&dir, &dir.join(".hidden/0003-c.md")));
        assert!(is_walk_ignored(&dir, Path::new("/elsewhere/0004-d.md")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn leading_current_folder_is_dropped() {
        assert_eq!(clean(Path::new("./docs/a.md")), PathBuf::from("docs/a.md"));
        assert_eq!(clean(Path::new(".")), PathBuf::from("."));
        assert_eq!(clean(Path::new("docs/./a.md")), PathBuf::from("docs/a.md"));
    }
}
