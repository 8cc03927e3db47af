//! The persisted workspace index: the language server's index entries of the files on disk,
//! kept in the platform's cache folder between two runs, so that a restart answers workspace
//! symbols and completion at once and only re-reads what changed (ADR 0026).
//!
//! One file per workspace (its folders' hash names it) under `docwright/index/` in the cache
//! folder: `$DOCWRIGHT_CACHE_DIR` itself when set (empty: no cache at all), else under `$XDG_CACHE_HOME`,
//! `~/.cache` (`~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows). A cache file is only
//! ever a hint: one of another format or binary, of other settings or folders, unreadable,
//! corrupt, too large or behind a symbolic link is ignored (and replaced by the next write), so
//! deleting the folder is always safe. Each file's record carries its size, modification time,
//! content hash and path hints; the server trusts a record only while all of them hold.
//!
//! Writing is atomic (a fresh temporary file beside the target, then a rename, so a reader sees
//! the old file or the new one) and never follows a symbolic link: the temporary file is
//! created exclusively and the rename replaces a link planted at the target rather than writing
//! through it. A file over [`MAX_CACHE_BYTES`] is neither written nor read, and the folder keeps
//! the [`MAX_CACHE_FILES`] most recently written workspaces.

use docwright_core::doc_id::DocId;
use docwright_core::index::{DocEntry, Reference, Relation, SectionEntry};
use docwright_core::kinds::detect::PathHints;
use docwright_core::position::TextRange;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Bumped whenever what a cache file holds changes meaning or encoding (1 was JSON lines).
/// 3 added the symbol section (ADR 0036).
pub const FORMAT_VERSION: u32 = 3;
/// Cache files larger than this are neither written nor read.
pub const MAX_CACHE_BYTES: u64 = 256 << 20;
/// How many workspaces' cache files the folder keeps; the least recently written go first.
pub const MAX_CACHE_FILES: usize = 32;
/// The environment variable that moves the cache folder (empty: no cache).
pub const CACHE_DIR_VAR: &str = "DOCWRIGHT_CACHE_DIR";

/// What the file system said of a file when its entry was built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u64,
    /// [`content_hash`] of the text.
    pub hash: u64,
    /// The path hints its kind was detected with.
    pub adr_dir: Option<String>,
    pub rfc_template_sibling: bool,
}

impl Stamp {
    pub fn hints_equal(&self, hints: &PathHints) -> bool {
        self.adr_dir == hints.adr_dir && self.rfc_template_sibling == hints.rfc_template_sibling
    }
}

/// One file's record: its index path is its entry's `path`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CachedDoc {
    pub stamp: Stamp,
    pub entry: Arc<DocEntry>,
}

/// What a cache file must match to be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheKey {
    pub format: u32,
    /// The binary that wrote it: version, and its executable's size and time, so that a
    /// rebuilt binary whose entries mean something else never reads an old file.
    pub binary: String,
    /// The workspace folders, as given.
    pub roots: Vec<String>,
    /// A fingerprint of every setting the entries depend on (kinds, ignore globs, logs, …).
    pub settings: u64,
}

/// A cache file's content. On disk (ADR 0032): [`MAGIC`], the format version, then
/// length-prefixed records, each with a checksum of its bytes: first the [`Header`] (the key and
/// the count of documents), then one [`SymbolRecord`] a document (ADR 0036), then one
/// [`CachedDoc`] a record, in postcard's compact binary encoding. A reader splits the records by
/// their lengths and decodes them in parallel, without building any intermediate value tree.
#[derive(Debug)]
pub struct CacheFile {
    pub key: CacheKey,
    /// When the files were stamped, in nanoseconds since the Unix epoch: a file modified in the
    /// same instant may have changed after its stamp, and is re-read.
    pub written_ns: u64,
    pub docs: Vec<CachedDoc>,
}

/// The first bytes of every cache file.
pub const MAGIC: &[u8; 16] = b"docwright-index\n";
/// The extension of cache files; files of the older JSON format (`.json`) are removed.
const EXTENSION: &str = "bin";

/// The first record of a cache file.
#[derive(Serialize, Deserialize)]
struct Header {
    key: CacheKey,
    written_ns: u64,
    /// How many documents follow: as many [`SymbolRecord`]s, then as many [`CachedDoc`]
    /// records; fewer is a truncated file.
    count: usize,
}

/// What workspace symbols read of a document (`navigation::workspace_symbols`: the name from
/// the id, title and path, the title's range, every section, and whether it is superseded),
/// written before the full records: a restart decodes these alone, a small part of the file,
/// and answers from them while the rest decodes (ADR 0036). Borrowed when written, owned when
/// read.
#[derive(Serialize, Deserialize)]
struct SymbolRecord<'a> {
    path: Cow<'a, str>,
    id: Option<Cow<'a, DocId>>,
    title: Option<Cow<'a, str>>,
    title_range: TextRange,
    status_name: Option<Cow<'a, str>>,
    /// Only the references saying who supersedes the document: what `is_superseded` reads
    /// besides the status.
    superseded_by: Vec<Cow<'a, Reference>>,
    sections: Cow<'a, [SectionEntry]>,
}

impl<'a> SymbolRecord<'a> {
    fn of(entry: &'a DocEntry) -> SymbolRecord<'a> {
        SymbolRecord {
            path: Cow::Borrowed(&entry.path),
            id: entry.id.as_ref().map(Cow::Borrowed),
            title: entry.title.as_deref().map(Cow::Borrowed),
            title_range: entry.title_range,
            status_name: entry.status_name.as_deref().map(Cow::Borrowed),
            superseded_by: entry
                .related(Relation::SupersededBy)
                .map(Cow::Borrowed)
                .collect(),
            sections: Cow::Borrowed(&entry.sections),
        }
    }

    /// An entry holding what workspace symbols read and nothing else: no kind, log, status
    /// text, summary, citations, code paths or images. Only ever searched for symbols, never
    /// filed into an index.
    fn into_entry(self) -> DocEntry {
        DocEntry {
            path: self.path.into_owned(),
            kind: None,
            is_template: false,
            log: None,
            id: self.id.map(Cow::into_owned),
            title: self.title.map(Cow::into_owned),
            title_range: self.title_range,
            status: None,
            status_name: self.status_name.map(Cow::into_owned),
            shown_status: None,
            status_range: None,
            date: None,
            summary: None,
            sections: self.sections.into_owned(),
            references: self
                .superseded_by
                .into_iter()
                .map(Cow::into_owned)
                .collect(),
            index_block: None,
            code_paths: Vec::new(),
            images: Vec::new(),
        }
    }
}

impl CacheKey {
    pub fn new(roots: &[PathBuf], settings: u64) -> CacheKey {
        CacheKey {
            format: FORMAT_VERSION,
            binary: binary_stamp(),
            roots: roots
                .iter()
                .map(|r| r.to_string_lossy().into_owned())
                .collect(),
            settings,
        }
    }
}

fn binary_stamp() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| format!("{} {}", m.len(), mtime_ns(&m)))
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// A stable 64-bit hash (FNV-1a): the same bytes give the same value in every run and build.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub fn mtime_ns(metadata: &std::fs::Metadata) -> u64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// The folder the cache files go in, or `None` when caching is off or there is no cache folder.
pub fn cache_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = std::env::var_os(CACHE_DIR_VAR) {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let base = if cfg!(windows) {
        var("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Caches"))
    } else {
        var("XDG_CACHE_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
    }?;
    Some(base.join("docwright").join("index"))
}

/// The cache file of a workspace of `roots` in `dir`.
pub fn cache_file(dir: &Path, roots: &[PathBuf]) -> PathBuf {
    let mut joined = Vec::new();
    for root in roots {
        joined.extend_from_slice(root.to_string_lossy().as_bytes());
        joined.push(0);
    }
    dir.join(format!("{:016x}.{EXTENSION}", content_hash(&joined)))
}

/// A cache file read and checked (magic, version, every record's length and checksum, the key,
/// the count), not yet decoded: [`OpenedCache::symbol_entries`] decodes the small symbol
/// section a restart answers workspace symbols from, [`OpenedCache::decode`] the full records.
pub struct OpenedCache {
    bytes: Vec<u8>,
    header: Header,
    /// Where each symbol record lies in `bytes`, then each document record.
    symbol_records: Vec<std::ops::Range<usize>>,
    doc_records: Vec<std::ops::Range<usize>>,
}

/// Reads the cache file at `path` if it is a regular file (not a symbolic link) within the size
/// bound, checks it, and matches `key`. `Err` says why it was not used, for the log; a missing
/// file is `Ok(None)`.
pub fn open(path: &Path, key: &CacheKey) -> Result<Option<OpenedCache>, String> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("cannot read {}: {err}", path.display())),
    };
    if !metadata.file_type().is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    if metadata.len() > MAX_CACHE_BYTES {
        return Err(format!("{} is larger than the cache limit", path.display()));
    }
    let bytes =
        read_no_follow(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let not_cache = |err: &dyn std::fmt::Display| not_a_cache_file(path, err);
    let mut records = split_records(&bytes)
        .map_err(|err| not_cache(&err))?
        .into_iter();
    let header = records.next().ok_or_else(|| not_cache(&"empty"))?;
    let header: Header = postcard::from_bytes(&bytes[header]).map_err(|err| not_cache(&err))?;
    if header.key != *key {
        return Err(format!(
            "{} was written by another binary or for other settings",
            path.display()
        ));
    }
    // One symbol record and one document record per document.
    if records.len() != header.count.saturating_mul(2) {
        return Err(not_cache(&"incomplete"));
    }
    let symbol_records: Vec<_> = records.by_ref().take(header.count).collect();
    let doc_records = records.collect();
    Ok(Some(OpenedCache {
        bytes,
        header,
        symbol_records,
        doc_records,
    }))
}

fn not_a_cache_file(path: &Path, err: &dyn std::fmt::Display) -> String {
    format!("{} is not a cache file: {err}", path.display())
}

impl OpenedCache {
    /// The documents as workspace symbols read them (see [`SymbolRecord`]), in the file's (path)
    /// order: decoded from the symbol section alone, a fraction of the file, so that a restart
    /// answers before the full records are decoded.
    pub fn symbol_entries(&self) -> Result<Vec<DocEntry>, String> {
        self.decode_each(&self.symbol_records, |record: SymbolRecord| {
            record.into_entry()
        })
    }

    /// Every record decoded, straight into the entries.
    pub fn decode(self) -> Result<CacheFile, String> {
        let docs = self.decode_each(&self.doc_records, |doc: CachedDoc| doc)?;
        Ok(CacheFile {
            key: self.header.key,
            written_ns: self.header.written_ns,
            docs,
        })
    }

    /// Decodes `records` on every core, each through `finish`.
    fn decode_each<'a, R: Deserialize<'a>, T: Send>(
        &'a self,
        records: &[std::ops::Range<usize>],
        finish: impl Fn(R) -> T + Sync,
    ) -> Result<Vec<T>, String> {
        use rayon::prelude::*;
        records
            .par_iter()
            .map(|range| postcard::from_bytes::<R>(&self.bytes[range.clone()]).map(&finish))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| format!("a cache record does not decode: {err}"))
    }
}

/// [`open`], then every record decoded.
pub fn load(path: &Path, key: &CacheKey) -> Result<Option<CacheFile>, String> {
    let Some(opened) = open(path, key)? else {
        return Ok(None);
    };
    opened
        .decode()
        .map(Some)
        .map_err(|err| not_a_cache_file(path, &err))
}

/// The key a cache file was written under, if it is one (for tests and diagnosis: a reader
/// that means to use the file calls [`load`] with its own key).
pub fn peek_key(path: &Path) -> Option<CacheKey> {
    let bytes = read_no_follow(path).ok()?;
    let records = split_records(&bytes).ok()?;
    let header: Header = postcard::from_bytes(&bytes[records.first()?.clone()]).ok()?;
    Some(header.key)
}

/// A record's prefix: its length (u32) and the [`record_check`] of its bytes (u64), little-endian.
const RECORD_PREFIX: usize = 12;

/// A fast checksum of a record's bytes (eight at a time), so that a damaged record is refused
/// rather than decoded into a wrong entry. Not cryptographic: the cache is a local hint.
fn record_check(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        hash = (hash ^ word).wrapping_mul(K).rotate_left(29);
    }
    for &byte in chunks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(K).rotate_left(29);
    }
    hash ^ (hash >> 32)
}

/// Where the records of a cache file lie in it, checked: the magic bytes and version first,
/// then every record whole with its checksum, and nothing after the last.
fn split_records(bytes: &[u8]) -> Result<Vec<std::ops::Range<usize>>, String> {
    let rest = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or("no Docwright index header")?;
    let (version, mut rest) = rest.split_at_checked(4).ok_or("no version")?;
    if u32::from_le_bytes(version.try_into().unwrap_or_default()) != FORMAT_VERSION {
        return Err(String::from("another format version"));
    }
    let mut records = Vec::new();
    while !rest.is_empty() {
        let (prefix, after) = rest
            .split_at_checked(RECORD_PREFIX)
            .ok_or("a truncated record")?;
        let length = u32::from_le_bytes(prefix[..4].try_into().unwrap_or_default()) as usize;
        let check = u64::from_le_bytes(prefix[4..].try_into().unwrap_or_default());
        let (record, after) = after.split_at_checked(length).ok_or("a truncated record")?;
        if record_check(record) != check {
            return Err(String::from("a damaged record"));
        }
        let start = bytes.len() - after.len() - length;
        records.push(start..start + length);
        rest = after;
    }
    Ok(records)
}

/// Writes one record: its prefix, then its bytes.
fn write_record(writer: &mut impl Write, record: &[u8]) -> std::io::Result<()> {
    let length = u32::try_from(record.len()).map_err(std::io::Error::other)?;
    writer.write_all(&length.to_le_bytes())?;
    writer.write_all(&record_check(record).to_le_bytes())?;
    writer.write_all(record)
}

fn read_no_follow(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_CACHE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CACHE_BYTES {
        return Err(std::io::Error::other("larger than the cache limit"));
    }
    Ok(bytes)
}

/// A writer that refuses to grow past [`MAX_CACHE_BYTES`].
struct Bounded<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Bounded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len() as u64;
        if self.written > MAX_CACHE_BYTES {
            return Err(std::io::Error::other(
                "the cache would exceed its size limit",
            ));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `file` to `path` atomically (temporary file + rename), streaming, within the size
/// bound; then trims the folder to [`MAX_CACHE_FILES`] files.
pub fn store(path: &Path, file: &CacheFile) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(dir)?;
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return Err(std::io::Error::other("the cache folder is a symbolic link"));
    }
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?
        .to_string_lossy();
    let temp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        now_ns() % 1_000_000_000
    ));
    let result = (|| {
        let handle = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        let mut writer = Bounded {
            inner: std::io::BufWriter::with_capacity(1 << 16, handle),
            written: 0,
        };
        let header = Header {
            key: file.key.clone(),
            written_ns: file.written_ns,
            count: file.docs.len(),
        };
        writer.write_all(MAGIC)?;
        writer.write_all(&FORMAT_VERSION.to_le_bytes())?;
        let mut scratch = Vec::new();
        encode_record(&mut writer, &mut scratch, &header)?;
        // The symbol section first: a restart answers from it before decoding the rest.
        for doc in &file.docs {
            encode_record(&mut writer, &mut scratch, &SymbolRecord::of(&doc.entry))?;
        }
        for doc in &file.docs {
            encode_record(&mut writer, &mut scratch, doc)?;
        }
        writer.flush()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result?;
    trim(dir);
    Ok(())
}

/// Writes `value` as one record, encoded in `scratch` (reused from record to record).
fn encode_record(
    writer: &mut impl Write,
    scratch: &mut Vec<u8>,
    value: &impl Serialize,
) -> std::io::Result<()> {
    let mut buffer = std::mem::take(scratch);
    buffer.clear();
    let buffer = postcard::to_extend(value, buffer).map_err(std::io::Error::other)?;
    write_record(writer, &buffer)?;
    *scratch = buffer;
    Ok(())
}

/// Whether `name` is a cache file's name with this `extension`: 16 hexadecimal digits (see
/// [`cache_file`]). Nothing else in the folder is ever removed.
fn is_cache_name(name: &str, extension: &str) -> bool {
    name.strip_suffix(extension)
        .and_then(|stem| stem.strip_suffix('.'))
        .is_some_and(|stem| stem.len() == 16 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Keeps the [`MAX_CACHE_FILES`] most recently written cache files of `dir`, and removes the
/// files of the older JSON format, which no reader uses any more.
fn trim(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(u64, PathBuf)> = read
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if is_cache_name(&name, "json") {
                let _ = std::fs::remove_file(e.path());
                return false;
            }
            is_cache_name(&name, EXTENSION)
        })
        .filter_map(|e| Some((mtime_ns(&e.metadata().ok()?), e.path())))
        .collect();
    if files.len() <= MAX_CACHE_FILES {
        return;
    }
    files.sort_by_key(|file| std::cmp::Reverse(file.0));
    for (_, old) in &files[MAX_CACHE_FILES..] {
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docwright_core::config::Config;

    fn sample(dir: &Path) -> (PathBuf, CacheFile) {
        let roots = vec![dir.join("repo")];
        let key = CacheKey::new(&roots, 7);
        let entry = DocEntry::from_text(
            "docs/adr/0001-x.md",
            "# 1. Use X\n\n## Status\n\nAccepted\n\nSee ADR-0002 and [y](0002-y.md#decision).\n",
            &Config::default(),
            &PathHints::default(),
        );
        let file = CacheFile {
            key,
            written_ns: 42,
            docs: vec![CachedDoc {
                stamp: Stamp {
                    size: 3,
                    mtime_ns: 4,
                    hash: content_hash(b"abc"),
                    adr_dir: Some(String::from("docs/adr")),
                    rfc_template_sibling: false,
                },
                entry: Arc::new(entry),
            }],
        };
        (cache_file(&dir.join("cache"), &roots), file)
    }

    #[test]
    fn a_stored_file_loads_back_equal_and_only_under_its_own_key() {
        let dir = tempfile::tempdir().unwrap();
        let (path, file) = sample(dir.path());
        store(&path, &file).unwrap();
        let loaded = load(&path, &file.key)
            .unwrap()
            .expect("the file just written");
        assert_eq!(loaded.written_ns, 42);
        assert_eq!(loaded.docs.len(), 1);
        assert_eq!(loaded.docs[0].stamp, file.docs[0].stamp);
        assert_eq!(*loaded.docs[0].entry, *file.docs[0].entry);
        let mut other = file.key.clone();
        other.settings += 1;
        assert!(load(&path, &other).is_err(), "other settings");
        let mut other = file.key.clone();
        other.format += 1;
        assert!(load(&path, &other).is_err(), "another format");
        assert!(
            load(&path.with_extension("other"), &file.key)
                .unwrap()
                .is_none(),
            "no file"
        );
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_damaged_truncated_or_foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (path, file) = sample(dir.path());
        store(&path, &file).unwrap();
        let whole = std::fs::read(&path).unwrap();
        assert!(load(&path, &file.key).unwrap().is_some());
        // One byte changed inside the document's record (its last byte).
        let mut flipped = whole.clone();
        *flipped.last_mut().unwrap() ^= 0x20;
        std::fs::write(&path, &flipped).unwrap();
        let refused = load(&path, &file.key).unwrap_err();
        assert!(refused.contains("damaged"), "{refused}");
        // Cut anywhere: inside the last record, or exactly after the header.
        for cut in [whole.len() - 1, whole.len() / 2, MAGIC.len() + 4] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert!(load(&path, &file.key).is_err(), "cut at {cut}");
        }
        // A record too many, another version, the older JSON lines.
        let mut longer = whole.clone();
        write_record(&mut longer, b"extra").unwrap();
        std::fs::write(&path, &longer).unwrap();
        assert!(load(&path, &file.key).is_err(), "a record too many");
        let mut other_version = whole.clone();
        other_version[MAGIC.len()] ^= 1;
        std::fs::write(&path, &other_version).unwrap();
        assert!(load(&path, &file.key).is_err(), "another version");
        std::fs::write(&path, b"{\"key\":{}}\n{}\n").unwrap();
        assert!(load(&path, &file.key).is_err(), "JSON lines");
    }

    /// Documents with what workspace symbols read in every form: ids and none, titles and
    /// none, sections at every level and an HTML anchor, superseded by status or by a
    /// `Superseded by` line, accented text.
    fn symbol_workspace() -> Vec<(&'static str, &'static str)> {
        vec![
            (
                "docs/adr/0001-use-postgresql.md",
                "# 1. Use PostgreSQL\n\n## Status\n\nAccepted\n\n## Context\n\nA store.\n\n### Café options\n\n<a id=\"pick\"></a>\n\n## Decision\n\nPostgreSQL, see ADR-0002.\n",
            ),
            (
                "docs/adr/0002-use-mysql.md",
                "# 2. Use MySQL\n\n## Status\n\nSuperseded by ADR-0001\n\n## Decision\n\nMySQL.\n",
            ),
            (
                "docs/adr/0003-split-the-store.md",
                "# 3. Split the store\n\n## Status\n\nAccepted\n\nSuperseded by [ADR-0004](0004-merge.md)\n\n## Decision\n\nSplit.\n",
            ),
            (
                "docs/adr/0004-merge.md",
                "# 4. Merge\n\n## Status\n\nProposed\n\nSupersedes ADR-0003\n\n## Consequences\n\nOne store.\n",
            ),
            (
                "notes/untitled.md",
                "Some text without a heading.\n\n## Decision log\n\nNone.\n",
            ),
            (
                "rfcs/0042-ünïcode.md",
                "---\ntitle: Ünïcode names\n---\n\n# Summary\n\nText.\n",
            ),
        ]
    }

    #[test]
    fn workspace_symbols_from_the_symbol_section_equal_those_of_the_full_records_and_a_fresh_index()
    {
        use docwright_core::index::{Index, IndexSettings};
        use docwright_core::navigation::workspace_symbols::{
            workspace_symbols, workspace_symbols_of,
        };
        let dir = tempfile::tempdir().unwrap();
        let fresh = Index::build(
            IndexSettings::default(),
            symbol_workspace(),
            &Config::default(),
            &|_| PathHints::default(),
        );
        let roots = vec![dir.path().join("repo")];
        let key = CacheKey::new(&roots, 1);
        let path = cache_file(&dir.path().join("cache"), &roots);
        let stamp = Stamp {
            size: 0,
            mtime_ns: 0,
            hash: 0,
            adr_dir: None,
            rfc_template_sibling: false,
        };
        let file = CacheFile {
            key: key.clone(),
            written_ns: 1,
            docs: fresh
                .docs()
                .map(|entry| CachedDoc {
                    stamp: stamp.clone(),
                    entry: entry.clone(),
                })
                .collect(),
        };
        store(&path, &file).unwrap();
        let opened = open(&path, &key).unwrap().expect("the file just written");
        let early = opened.symbol_entries().unwrap();
        let full = opened.decode().unwrap();
        let early: Vec<&DocEntry> = early.iter().collect();
        let full: Vec<&DocEntry> = full.docs.iter().map(|d| &*d.entry).collect();
        assert_eq!(early.len(), 6);
        for query in [
            "",
            "use",
            "decision",
            "postgres",
            "ADR-0002",
            "cafe",
            "Ünï",
            "status",
            "store",
            "zzz",
            "!mysql use",
        ] {
            for limit in [1, 3, 500] {
                let fresh = workspace_symbols(&fresh, query, limit);
                assert_eq!(
                    workspace_symbols_of(&early, query, limit),
                    fresh,
                    "{query:?} early"
                );
                assert_eq!(
                    workspace_symbols_of(&full, query, limit),
                    fresh,
                    "{query:?} full"
                );
            }
        }
        // Both ways of being superseded are among the answers compared: by the status's name
        // (0002) and by a reference alone (0003, whose status is Accepted).
        let superseded: Vec<String> = workspace_symbols(&fresh, "", 500)
            .into_iter()
            .filter(|m| m.superseded && m.container.is_none())
            .map(|m| m.path)
            .collect();
        assert_eq!(
            superseded,
            [
                "docs/adr/0002-use-mysql.md",
                "docs/adr/0003-split-the-store.md"
            ]
        );
    }

    #[test]
    fn a_damaged_symbol_section_is_refused_before_anything_is_answered_from_it() {
        let dir = tempfile::tempdir().unwrap();
        let (path, file) = sample(dir.path());
        store(&path, &file).unwrap();
        let whole = std::fs::read(&path).unwrap();
        let records = split_records(&whole).unwrap();
        assert_eq!(
            records.len(),
            3,
            "the header, one symbol record, one document record"
        );
        let symbol_record = records[1].clone();
        let mut flipped = whole.clone();
        flipped[symbol_record.start + symbol_record.len() / 2] ^= 0x20;
        std::fs::write(&path, &flipped).unwrap();
        let refused = open(&path, &file.key).err().expect("refused");
        assert!(refused.contains("damaged"), "{refused}");
        // Cut right after the symbol section: the documents' records are missing.
        std::fs::write(&path, &whole[..symbol_record.end]).unwrap();
        let refused = open(&path, &file.key).err().expect("refused");
        assert!(refused.contains("incomplete"), "{refused}");
        // A file of the previous format (no symbol section) is another version.
        let mut previous = whole.clone();
        previous[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&2u32.to_le_bytes());
        std::fs::write(&path, &previous).unwrap();
        assert!(open(&path, &file.key).is_err(), "format 2");
    }

    #[test]
    fn writing_removes_the_older_json_cache_files_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let (path, file) = sample(dir.path());
        let folder = path.parent().unwrap().to_path_buf();
        std::fs::create_dir_all(&folder).unwrap();
        let old = folder.join("0123456789abcdef.json");
        let foreign = folder.join("settings.json");
        std::fs::write(&old, b"{}").unwrap();
        std::fs::write(&foreign, b"{}").unwrap();
        store(&path, &file).unwrap();
        assert!(!old.exists(), "the older format's file is gone");
        assert!(foreign.exists(), "a file of another name stays");
        assert!(path.exists());
    }

    #[test]
    fn the_hash_is_stable_and_the_file_name_depends_on_the_roots() {
        assert_eq!(content_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(content_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        let dir = Path::new("/c");
        assert_ne!(
            cache_file(dir, &[PathBuf::from("/a")]),
            cache_file(dir, &[PathBuf::from("/b")])
        );
        assert_ne!(
            cache_file(dir, &[PathBuf::from("/a"), PathBuf::from("/b")]),
            cache_file(dir, &[PathBuf::from("/a/b")])
        );
    }

    #[test]
    fn the_folder_keeps_the_most_recent_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let (_, file) = sample(dir.path());
        let folder = dir.path().join("cache");
        for n in 0..MAX_CACHE_FILES + 3 {
            store(
                &cache_file(&folder, &[PathBuf::from(format!("/{n}"))]),
                &file,
            )
            .unwrap();
        }
        let count = std::fs::read_dir(&folder).unwrap().count();
        assert_eq!(count, MAX_CACHE_FILES);
    }
}
