//! Writing a fixed document back without ever leaving it half-written.
//!
//! The new text goes to a temporary file in the same folder (so the rename cannot cross file
//! systems), is flushed to disk, takes the original's permissions, and is renamed over the
//! original. An interrupted `--fix` leaves either the old file or the new one, never a mix.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    // Through a symbolic link, rewrite the file it points to rather than replacing the link.
    let target = fs::canonicalize(path)?;
    let folder = target
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let temp = temp_path(folder, &target);
    let result = write_then_rename(&temp, &target, contents);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn temp_path(folder: &Path, target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder.join(format!(".{name}.docwright-{}.tmp", std::process::id()))
}

fn write_then_rename(temp: &Path, target: &Path, contents: &str) -> io::Result<()> {
    let permissions = fs::metadata(target)?.permissions();
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    drop(file);
    fs::set_permissions(temp, permissions)?;
    fs::rename(temp, target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("0001-a.md");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, "new text\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("0001-a.md")]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_writes_through_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, "new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn a_missing_file_is_an_error_not_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent.md");
        assert!(write_atomically(&path, "x").is_err());
        assert!(!path.exists());
    }
}
