//! The one boundary between Docwright and the file system (ADR 0010).
//!
//! A repository is untrusted input: it can carry symbolic links to anywhere, a FIFO or a device
//! where a marker file should be, and configuration naming paths outside it. Every edge that reads
//! or writes a file of a workspace (the command line's `check`, `--fix` and authoring commands, the
//! server's commands and index) goes through a [`Boundary`]:
//!
//! - [`Boundary::resolve_inside`] resolves a path, symbolic links included, and refuses it unless
//!   the result lies inside one of the workspace roots;
//! - [`read_regular`] opens without blocking (`O_NONBLOCK`), checks with `fstat` that it opened a
//!   regular file, and reads at most a size cap: a FIFO, a socket or a device is refused at once,
//!   never read;
//! - [`Boundary::replace_file`] writes atomically to the resolved path, and refuses a file that
//!   changed since it was read, a read-only file (by its mode bits: CI runs as root, where opening
//!   one for writing succeeds) and a file with other hard links (a rename would break them); the
//!   new text keeps the original's byte-order mark and line endings.

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

/// The cap for marker files (`.adr-dir`, `.log4brains.yml`, `.adr`, `adr.config.json`): they name a
/// folder or hold a few settings, so anything larger is not what it claims to be.
pub const MARKER_MAX_BYTES: u64 = 16 * 1024;

/// The cap for `docwright.toml`.
pub const CONFIG_MAX_BYTES: u64 = 1024 * 1024;

/// Why a path was refused, or could not be read or written.
#[derive(Debug)]
pub enum BoundaryError {
    /// The path, symbolic links resolved, lies outside every workspace root.
    Outside {
        path: PathBuf,
        resolved: PathBuf,
    },
    /// Something other than a regular file: a FIFO, a socket, a device, a folder.
    NotRegular {
        path: PathBuf,
        what: &'static str,
    },
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    NotUtf8 {
        path: PathBuf,
        byte_offset: usize,
        line: usize,
    },
    /// The file's mode bits allow no one to write it.
    ReadOnly {
        path: PathBuf,
    },
    /// Replacing the file would break its other hard links.
    HardLinked {
        path: PathBuf,
        links: u64,
    },
    /// The file changed after it was read (another program, the user's editor).
    Changed {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl BoundaryError {
    fn io(path: &Path, error: io::Error) -> BoundaryError {
        BoundaryError::Io {
            path: path.to_path_buf(),
            error,
        }
    }

    /// The message without the path (the caller names the file as the user knows it).
    pub fn reason(&self) -> String {
        match self {
            BoundaryError::Outside { resolved, .. } => format!(
                "leads outside the workspace (to {}); refused",
                resolved.display()
            ),
            BoundaryError::NotRegular { what, .. } => {
                format!("not a regular file ({what}); not read")
            }
            BoundaryError::TooLarge { size, limit, .. } => {
                if *limit >= 1024 * 1024 {
                    format!(
                        "too large to check: {} MB, over the limit of {} MB",
                        size.div_ceil(1024 * 1024),
                        limit / (1024 * 1024)
                    )
                } else {
                    format!("too large: {size} bytes, over the limit of {limit} bytes")
                }
            }
            BoundaryError::NotUtf8 {
                byte_offset, line, ..
            } => format!(
                "not UTF-8 text: invalid byte at offset {byte_offset} (line {line}); \
                 save the file as UTF-8"
            ),
            BoundaryError::ReadOnly { .. } => String::from("read-only; not rewritten"),
            BoundaryError::HardLinked { links, .. } => {
                format!("has {links} hard links, which rewriting would break; not rewritten")
            }
            BoundaryError::Changed { .. } => {
                String::from("changed since it was read; not rewritten (run again)")
            }
            BoundaryError::Io { error, .. } => io_message(error),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            BoundaryError::Outside { path, .. }
            | BoundaryError::NotRegular { path, .. }
            | BoundaryError::TooLarge { path, .. }
            | BoundaryError::NotUtf8 { path, .. }
            | BoundaryError::ReadOnly { path }
            | BoundaryError::HardLinked { path, .. }
            | BoundaryError::Changed { path }
            | BoundaryError::Io { path, .. } => path,
        }
    }

    /// Whether the path was refused for where it leads (rather than for what it holds).
    pub fn is_outside(&self) -> bool {
        matches!(self, BoundaryError::Outside { .. })
    }
}

impl fmt::Display for BoundaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for BoundaryError {}

/// The workspace roots a run may read and write under, symbolic links resolved.
#[derive(Clone, Debug)]
pub struct Boundary {
    roots: Vec<PathBuf>,
}

impl Boundary {
    /// A boundary around `roots` (folders; one that does not exist is left out).
    pub fn new<P: AsRef<Path>>(roots: &[P]) -> Boundary {
        let mut canonical: Vec<PathBuf> = roots
            .iter()
            .filter_map(|root| fs::canonicalize(root.as_ref()).ok())
            .collect();
        canonical.sort();
        canonical.dedup();
        Boundary { roots: canonical }
    }

    /// A boundary around roots whose symbolic links are already resolved.
    pub fn from_canonical(roots: Vec<PathBuf>) -> Boundary {
        Boundary { roots }
    }

    /// The boundary of a command-line run: the workspace root (the folder of `docwright.toml`,
    /// else the current folder), the repository around it (the nearest folder at or above it
    /// that holds `.git`), and each folder the user named (a named file's own folder).
    pub fn for_run(workspace_root: &Path, named: &[PathBuf]) -> Boundary {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let workspace_root = absolute(workspace_root);
        let mut roots = vec![workspace_root.clone()];
        if let Some(repository) = workspace_root
            .ancestors()
            .find(|dir| dir.join(".git").exists())
        {
            roots.push(repository.to_path_buf());
        }
        for path in named {
            let path = absolute(path);
            // `symlink_metadata`: a named link is not a root; its own folder is.
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                roots.push(path);
            } else if let Some(parent) = path.parent() {
                roots.push(parent.to_path_buf());
            }
        }
        Boundary::new(&roots)
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    fn contains(&self, resolved: &Path) -> bool {
        self.roots.iter().any(|root| resolved.starts_with(root))
    }

    /// `path` with every symbolic link resolved, if that lies inside a root. A path that does not
    /// exist yet (a file to create) is resolved through its nearest existing ancestor; the rest
    /// may not climb (`..`).
    pub fn resolve_inside(&self, path: &Path) -> Result<PathBuf, BoundaryError> {
        let absolute = std::path::absolute(path).map_err(|e| BoundaryError::io(path, e))?;
        let resolved = match fs::canonicalize(&absolute) {
            Ok(resolved) => resolved,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                resolve_missing(&absolute).map_err(|e| BoundaryError::io(path, e))?
            }
            Err(error) => return Err(BoundaryError::io(path, error)),
        };
        if self.contains(&resolved) {
            Ok(resolved)
        } else {
            Err(BoundaryError::Outside {
                path: path.to_path_buf(),
                resolved,
            })
        }
    }

    /// The bytes of `path`, if it resolves inside a root and is a regular file of at most `cap`
    /// bytes.
    pub fn read_bytes(&self, path: &Path, cap: u64) -> Result<Vec<u8>, BoundaryError> {
        let resolved = self.resolve_inside(path)?;
        read_regular(&resolved, cap).map_err(|e| e.at(path))
    }

    /// [`Boundary::read_bytes`] as UTF-8 text (a byte-order mark is kept).
    pub fn read_text(&self, path: &Path, cap: u64) -> Result<String, BoundaryError> {
        let bytes = self.read_bytes(path, cap)?;
        text_from_bytes(path, bytes)
    }

    /// A marker file's text (`.adr-dir` and the like): `None` when it is missing, outside the
    /// roots, not a regular file, over [`MARKER_MAX_BYTES`] or not UTF-8.
    pub fn read_marker(&self, path: &Path) -> Option<String> {
        self.read_text(path, MARKER_MAX_BYTES).ok()
    }

    /// Replaces the file at `path` (resolved inside a root) with `new`, atomically: a temporary
    /// file beside the target, flushed, given the target's permissions, then renamed over it.
    /// `original` is the text the change was computed from; a file that no longer holds it is
    /// refused, as are read-only and hard-linked files. The text written keeps the original's
    /// byte-order mark and line endings, and is returned.
    pub fn replace_file(
        &self,
        path: &Path,
        original: &str,
        new: &str,
    ) -> Result<String, BoundaryError> {
        let target = self.resolve_inside(path)?;
        let written = keep_line_endings(original, &keep_bom_first(original, new));
        replace_resolved(&target, original, &written).map_err(|e| e.at(path))?;
        Ok(written)
    }

    /// Creates a new file at `path` (resolved inside a root), creating its folders; never
    /// overwrites (a file that appeared meanwhile is an error).
    pub fn create_file(&self, path: &Path, contents: &str) -> Result<(), BoundaryError> {
        let target = self.resolve_inside(path)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| BoundaryError::io(path, e))?;
            // The folders just created are real folders, but one may have been swapped for a
            // link meanwhile: check again.
            let parent = fs::canonicalize(parent).map_err(|e| BoundaryError::io(path, e))?;
            if !self.contains(&parent) {
                return Err(BoundaryError::Outside {
                    path: path.to_path_buf(),
                    resolved: parent,
                });
            }
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| BoundaryError::io(path, e))?;
        file.write_all(contents.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| BoundaryError::io(path, e))
    }
}

impl BoundaryError {
    /// The same error, naming `path` (as the caller knows it) rather than the resolved path.
    fn at(self, path: &Path) -> BoundaryError {
        let path = path.to_path_buf();
        match self {
            BoundaryError::Outside { resolved, .. } => BoundaryError::Outside { path, resolved },
            BoundaryError::NotRegular { what, .. } => BoundaryError::NotRegular { path, what },
            BoundaryError::TooLarge { size, limit, .. } => {
                BoundaryError::TooLarge { path, size, limit }
            }
            BoundaryError::NotUtf8 {
                byte_offset, line, ..
            } => BoundaryError::NotUtf8 {
                path,
                byte_offset,
                line,
            },
            BoundaryError::ReadOnly { .. } => BoundaryError::ReadOnly { path },
            BoundaryError::HardLinked { links, .. } => BoundaryError::HardLinked { path, links },
            BoundaryError::Changed { .. } => BoundaryError::Changed { path },
            BoundaryError::Io { error, .. } => BoundaryError::Io { path, error },
        }
    }
}

/// A path that does not exist: its nearest existing ancestor resolved, then the rest, which must
/// be plain names.
fn resolve_missing(absolute: &Path) -> io::Result<PathBuf> {
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    let mut existing = absolute;
    loop {
        match fs::symlink_metadata(existing) {
            Ok(_) => break,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(Component::Normal(name))) => {
                rest.push(name);
                existing = parent;
            }
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the path climbs out of a folder that does not exist",
                ));
            }
        }
    }
    // A dangling symbolic link is not followed to wherever it would create a file.
    let mut resolved = fs::canonicalize(existing)?;
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// The kind of a file that is not a regular file, for messages.
fn file_kind(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading without blocking: a FIFO with no writer, or a device, would otherwise
/// hang `open` or `read`.
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of a regular file of at most `cap` bytes. The file is opened non-blocking and checked
/// with `fstat` (on the open file, so it cannot be swapped in between) before anything is read.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, BoundaryError> {
    read_regular_with_metadata(path, cap).map(|(bytes, _)| bytes)
}

/// [`read_regular`], with the file's metadata from that same `fstat`: its size and time describe
/// the bytes read, and no second look at the path is needed.
pub fn read_regular_with_metadata(
    path: &Path,
    cap: u64,
) -> Result<(Vec<u8>, std::fs::Metadata), BoundaryError> {
    let file = open_nonblocking(path).map_err(|e| BoundaryError::io(path, e))?;
    let metadata = file.metadata().map_err(|e| BoundaryError::io(path, e))?;
    if !metadata.is_file() {
        return Err(BoundaryError::NotRegular {
            path: path.to_path_buf(),
            what: file_kind(&metadata.file_type()),
        });
    }
    let size = metadata.len();
    let too_large = |size| BoundaryError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: cap,
    };
    if size > cap {
        return Err(too_large(size));
    }
    // At most one byte past the cap, in case the file grew since `fstat`.
    let mut limited = file.take(cap + 1);
    let bytes = read_sized(&mut limited, size as usize).map_err(|e| BoundaryError::io(path, e))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64));
    }
    Ok((bytes, metadata))
}

/// Everything `reader` holds, where `fstat` said `size` bytes: one read asking for one byte more
/// usually answers, its `size` bytes proving the end (a file that grew gives the extra byte, and
/// is then read to its end), so the common case costs one system call rather than a read and a
/// probe at the end.
fn read_sized(reader: &mut impl Read, size: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; size + 1];
    let read = loop {
        match reader.read(&mut bytes) {
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            other => break other?,
        }
    };
    bytes.truncate(read);
    if read != size {
        reader.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

pub(crate) fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, BoundaryError> {
    String::from_utf8(bytes).map_err(|error| {
        let byte_offset = error.utf8_error().valid_up_to();
        let line = error.as_bytes()[..byte_offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        BoundaryError::NotUtf8 {
            path: path.to_path_buf(),
            byte_offset,
            line,
        }
    })
}

const BOM: char = '\u{feff}';

/// `new` starting with the byte-order mark `original` starts with. A fix that inserts at offset 0
/// lands before the mark; the mark goes back in front.
pub fn keep_bom_first(original: &str, new: &str) -> String {
    if !original.starts_with(BOM) || new.starts_with(BOM) {
        return new.to_string();
    }
    let mut out = String::with_capacity(new.len() + BOM.len_utf8());
    out.push(BOM);
    match new.find(BOM) {
        Some(i) => {
            out.push_str(&new[..i]);
            out.push_str(&new[i + BOM.len_utf8()..]);
        }
        None => out.push_str(new),
    }
    out
}

/// The line ending `text` uses throughout, when it uses one kind only.
fn sole_line_ending(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let (mut crlf, mut cr, mut lf) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                crlf = true;
                i += 1;
            }
            b'\r' => cr = true,
            b'\n' => lf = true,
            _ => {}
        }
        i += 1;
    }
    match (crlf, cr, lf) {
        (true, false, false) => Some("\r\n"),
        (false, true, false) => Some("\r"),
        _ => None,
    }
}

/// `new` with every line ending written as `original` writes all of its own, when that is CRLF or
/// CR alone (fixes insert `\n`). A file with mixed endings or LF is left as the fix made it.
pub fn keep_line_endings(original: &str, new: &str) -> String {
    let Some(ending) = sole_line_ending(original) else {
        return new.to_string();
    };
    if sole_line_ending(new) == Some(ending) {
        return new.to_string();
    }
    let mut out = String::with_capacity(new.len() + new.len() / 16);
    let mut chars = new.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str(ending);
            }
            '\n' => out.push_str(ending),
            c => out.push(c),
        }
    }
    out
}

/// Whether the mode bits let no one write the file.
fn is_read_only(metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o222 == 0
    }
    #[cfg(not(unix))]
    {
        metadata.permissions().readonly()
    }
}

/// Whether this process may write the file itself: the rename would succeed in a writable folder
/// even when the file is not ours to change. Opening for writing, without truncating, changes
/// nothing (the target is known to be a regular file). Root passes every such check, hence
/// [`is_read_only`] besides.
fn writable_by_us(path: &Path) -> bool {
    fs::OpenOptions::new().write(true).open(path).is_ok()
}

fn hard_links(metadata: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        1
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

// A hook for tests: called after the checks and before the new file is renamed over `target`,
// to change the target in that window.
#[cfg(test)]
type Hook = Option<Box<dyn Fn(&Path)>>;

#[cfg(test)]
thread_local! {
    static BEFORE_RENAME: std::cell::RefCell<Hook> =
        const { std::cell::RefCell::new(None) };
}

fn replace_resolved(target: &Path, original: &str, written: &str) -> Result<(), BoundaryError> {
    let metadata = fs::symlink_metadata(target).map_err(|e| BoundaryError::io(target, e))?;
    if !metadata.is_file() {
        return Err(BoundaryError::NotRegular {
            path: target.to_path_buf(),
            what: file_kind(&metadata.file_type()),
        });
    }
    if is_read_only(&metadata) || !writable_by_us(target) {
        return Err(BoundaryError::ReadOnly {
            path: target.to_path_buf(),
        });
    }
    let links = hard_links(&metadata);
    if links > 1 {
        return Err(BoundaryError::HardLinked {
            path: target.to_path_buf(),
            links,
        });
    }
    let cap = (original.len() as u64).saturating_add(1);
    let unchanged = |target: &Path| match read_regular(target, cap) {
        Ok(bytes) => bytes == original.as_bytes(),
        Err(_) => false,
    };
    if !unchanged(target) {
        return Err(BoundaryError::Changed {
            path: target.to_path_buf(),
        });
    }
    let folder = target.parent().ok_or_else(|| {
        BoundaryError::io(
            target,
            io::Error::new(io::ErrorKind::InvalidInput, "not a file path"),
        )
    })?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = folder.join(format!(".{name}.docwright-{}.tmp", std::process::id()));
    let result = (|| -> Result<(), BoundaryError> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| BoundaryError::io(target, e))?;
        file.write_all(written.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| BoundaryError::io(target, e))?;
        drop(file);
        fs::set_permissions(&temp, metadata.permissions())
            .map_err(|e| BoundaryError::io(target, e))?;
        #[cfg(test)]
        BEFORE_RENAME.with(|hook| {
            if let Some(hook) = hook.borrow().as_ref() {
                hook(target);
            }
        });
        // The last look: what the user saved since the first one is not overwritten. (A write in
        // the microseconds between this and the rename cannot be told apart from one just after.)
        let now = fs::symlink_metadata(target).map_err(|e| BoundaryError::io(target, e))?;
        if now.len() != metadata.len()
            || now.modified().ok() != metadata.modified().ok()
            || !unchanged(target)
        {
            return Err(BoundaryError::Changed {
                path: target.to_path_buf(),
            });
        }
        fs::rename(&temp, target).map_err(|e| BoundaryError::io(target, e))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sized_read_gets_every_byte_whatever_the_size_said() {
        let text = b"0123456789".to_vec();
        for said in [0, 3, 9, 10, 11, 40] {
            let mut reader = std::io::Cursor::new(text.clone());
            assert_eq!(
                read_sized(&mut reader, said).unwrap(),
                text,
                "size said {said}"
            );
        }
        // A reader that hands out a few bytes at a time is read to its end too.
        let mut trickle = std::io::Cursor::new(text.clone()).chain(std::io::Cursor::new(b"ab"));
        assert_eq!(read_sized(&mut trickle, 12).unwrap(), b"0123456789ab");
    }

    fn boundary(dir: &Path) -> Boundary {
        Boundary::new(&[dir])
    }

    #[test]
    fn paths_inside_resolve_and_paths_outside_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("docs")).unwrap();
        fs::write(root.path().join("docs/a.md"), "a").unwrap();
        fs::write(outside.path().join("secret.md"), "secret").unwrap();
        let b = boundary(root.path());
        assert!(b.resolve_inside(&root.path().join("docs/a.md")).is_ok());
        assert!(b.resolve_inside(&root.path().join("docs/new/b.md")).is_ok());
        for escape in [
            root.path().join("../x.md"),
            root.path().join("docs/../../x.md"),
            root.path().join("missing/../../x.md"),
            outside.path().join("secret.md"),
            PathBuf::from("/etc/passwd"),
        ] {
            let error = b.resolve_inside(&escape).unwrap_err();
            assert!(error.is_outside() || matches!(error, BoundaryError::Io { .. }));
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                outside.path().join("secret.md"),
                root.path().join("docs/link.md"),
            )
            .unwrap();
            std::os::unix::fs::symlink(outside.path(), root.path().join("docs/folder")).unwrap();
            std::os::unix::fs::symlink(
                outside.path().join("dangling.md"),
                root.path().join("docs/dangling.md"),
            )
            .unwrap();
            for link in [
                "docs/link.md",
                "docs/folder/secret.md",
                "docs/folder/new.md",
            ] {
                let error = b.resolve_inside(&root.path().join(link)).unwrap_err();
                assert!(error.is_outside(), "{link}: {error}");
                assert!(error.to_string().contains("leads outside the workspace"));
            }
            assert!(b.read_text(&root.path().join("docs/link.md"), 100).is_err());
            assert!(
                b.create_file(&root.path().join("docs/folder/new.md"), "x")
                    .is_err()
            );
            assert!(!outside.path().join("new.md").exists());
            // A link to a file inside the root is fine.
            std::os::unix::fs::symlink(
                root.path().join("docs/a.md"),
                root.path().join("docs/inner.md"),
            )
            .unwrap();
            assert_eq!(
                b.read_text(&root.path().join("docs/inner.md"), 100)
                    .unwrap(),
                "a"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let started = std::time::Instant::now();
            let error = read_regular(&fifo, 1024).unwrap_err();
            assert!(matches!(
                error,
                BoundaryError::NotRegular { what: "a FIFO", .. }
            ));
            assert!(error.to_string().contains("not a regular file (a FIFO)"));
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
        }
        let error = read_regular(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(matches!(
            error,
            BoundaryError::NotRegular {
                what: "a device",
                ..
            }
        ));
        // Through a link inside the root, a device is still refused (and outside besides).
        std::os::unix::fs::symlink("/dev/zero", root.path().join(".adr-dir")).unwrap();
        assert_eq!(
            boundary(root.path()).read_marker(&root.path().join(".adr-dir")),
            None
        );
        assert!(read_regular(root.path(), 1024).is_err());
    }

    #[test]
    fn reads_are_capped() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join(".adr-dir");
        fs::write(&path, "x".repeat(MARKER_MAX_BYTES as usize + 1)).unwrap();
        let b = boundary(root.path());
        assert_eq!(b.read_marker(&path), None);
        assert!(matches!(
            b.read_text(&path, MARKER_MAX_BYTES),
            Err(BoundaryError::TooLarge { .. })
        ));
        fs::write(&path, "doc/adr\n").unwrap();
        assert_eq!(b.read_marker(&path).as_deref(), Some("doc/adr\n"));
    }

    #[test]
    fn line_endings_and_byte_order_marks_are_kept() {
        assert_eq!(
            keep_line_endings("a\rb\r", "# T\n\na\rb\r"),
            "# T\r\ra\rb\r"
        );
        assert_eq!(
            keep_line_endings("a\r\nb\r\n", "# T\n\na\r\nb\r\n"),
            "# T\r\n\r\na\r\nb\r\n"
        );
        assert_eq!(keep_line_endings("a\nb\r\n", "x\na\nb\r\n"), "x\na\nb\r\n");
        assert_eq!(keep_line_endings("a\nb\n", "x\na\nb\n"), "x\na\nb\n");
        assert_eq!(keep_line_endings("one line", "x\none line"), "x\none line");
        assert_eq!(
            keep_bom_first("\u{feff}# A\n", "# T\n\n\u{feff}# A\n"),
            "\u{feff}# T\n\n# A\n"
        );
        assert_eq!(
            keep_bom_first("\u{feff}# A\n", "\u{feff}# B\n"),
            "\u{feff}# B\n"
        );
        assert_eq!(keep_bom_first("# A\n", "# B\n"), "# B\n");
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_mode_bom_and_endings_and_refuses_what_it_must_not_touch() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let b = boundary(root.path());
        let path = root.path().join("0001-a.md");

        // Mode, BOM and CR-only endings.
        let original = "\u{feff}Text\r";
        fs::write(&path, original).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let written = b
            .replace_file(&path, original, "# Title\n\n\u{feff}Text\r")
            .unwrap();
        assert_eq!(written, "\u{feff}# Title\r\rText\r");
        assert_eq!(fs::read_to_string(&path).unwrap(), written);
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let names: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");

        // Read-only, by the mode bits (root could open it for writing).
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let error = b.replace_file(&path, "old", "new").unwrap_err();
        assert!(matches!(error, BoundaryError::ReadOnly { .. }), "{error}");
        assert!(error.to_string().contains("read-only; not rewritten"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

        // A hard link is not broken.
        let other = root.path().join("other-name.md");
        fs::hard_link(&path, &other).unwrap();
        let error = b.replace_file(&path, "old", "new").unwrap_err();
        assert!(
            matches!(error, BoundaryError::HardLinked { links: 2, .. }),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&other).unwrap(), "old");
        fs::remove_file(&other).unwrap();

        // Changed since read: refused, the change kept.
        fs::write(&path, "old\nappended by the user\n").unwrap();
        let error = b.replace_file(&path, "old\n", "# T\n\nold\n").unwrap_err();
        assert!(matches!(error, BoundaryError::Changed { .. }), "{error}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "old\nappended by the user\n"
        );
    }

    #[test]
    fn a_change_between_the_checks_and_the_rename_is_not_lost() {
        let root = tempfile::tempdir().unwrap();
        let b = boundary(root.path());
        let path = root.path().join("0001-a.md");
        fs::write(&path, "old\n").unwrap();
        BEFORE_RENAME.with(|hook| {
            *hook.borrow_mut() = Some(Box::new(|target: &Path| {
                let mut file = fs::OpenOptions::new().append(true).open(target).unwrap();
                file.write_all(b"appended\n").unwrap();
            }));
        });
        let result = b.replace_file(&path, "old\n", "# T\n\nold\n");
        BEFORE_RENAME.with(|hook| *hook.borrow_mut() = None);
        let error = result.unwrap_err();
        assert!(matches!(error, BoundaryError::Changed { .. }), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\nappended\n");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    // Ported from the former `cli/atomic.rs`, whose writer this module replaces.
    #[test]
    fn replaces_contents_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("0001-a.md");
        fs::write(&path, "old").unwrap();
        boundary(dir.path())
            .replace_file(&path, "old", "new text\n")
            .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new text\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("0001-a.md")]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_writes_through_symlinks_inside_the_root() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        boundary(dir.path())
            .replace_file(&link, "old", "new")
            .unwrap();
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
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("absent.md");
        assert!(boundary(root.path()).replace_file(&path, "", "x").is_err());
        assert!(!path.exists());
    }
}
