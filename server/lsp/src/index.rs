//! The workspace index inside the server: which files it covers, how their index paths map to
//! files and URIs, and keeping it current as documents are opened, edited and changed on disk.
//!
//! The index itself (`docwright_core::index`) is pure; this module is its edge.
//!
//! **Index paths.** Every document is filed under its path relative to `base` with `/`
//! separators: the form the core's resolution and rules expect. `base` is the deepest folder
//! that contains every workspace folder (the folder itself with a single root), so that a
//! relative link from one root into another (`../../other-root/docs/0001-x.md`) resolves exactly
//! as it does on disk, and two roots with files of the same name never collide. Kind detection
//! and the config's globs still see the path relative to the document's own workspace folder, as
//! the command line does when run there. Without any folder `base` is `None` and the index holds
//! open documents only, under their path's components.
//!
//! **Discovery** runs in the background at `initialized` (see [`discover_in_background`]):
//! `.gitignore`, hidden folders and the config's `ignore` globs honoured, folder symlinks never
//! followed, file symlinks only into a root, files over [`MAX_INDEXED_BYTES`] or not UTF-8
//! skipped with a log line. It fills the shared index a batch at a time, so requests that arrive
//! meanwhile see what is indexed so far. After that the index changes one document at a time:
//! open documents on each analysis, closed and on-disk files as the editor reports them.

pub(super) mod index_state;

use crate::state::Shared;
use crate::workspace;
use docwright_core::config::Config;
use docwright_core::index::{DocEntry, Index, IndexSettings};
use docwright_core::kinds::detect::Detection;
use docwright_core::outline::Outline;
use docwright_host::index_cache::{self, CacheFile, CacheKey, CachedDoc, Stamp};
use docwright_host::walk;
use index_state::DiscoveryRun;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{MessageType, NumberOrString, Uri};

/// Files larger than this are not indexed: the limit past which the server does not analyse an
/// open document either (a design doc is never that large; a generated dump often is).
pub const MAX_INDEXED_BYTES: u64 = crate::state::MAX_ANALYZED_BYTES as u64;

/// How many files discovery reads and parses between two progress reports (and between two
/// moments where requests can see the partial index). Each batch is a hand-off between the
/// loop, a blocking thread and the parsing pool; at 1,024 a 50,000-file workspace makes 49 of
/// them rather than 196, and filing one batch holds the index for a few milliseconds.
const DISCOVERY_BATCH: usize = 1024;

/// The index entry of a file on disk: parsed with the fast parser, its kind detected with its
/// path relative to its own workspace folder, filed under `index_path`. `Err` is the log line
/// saying why it was skipped.
fn entry_from_disk(
    path: &Path,
    index_path: &str,
    root: &Path,
    config: &Config,
) -> Result<DocEntry, String> {
    let hints = docwright_host::path_hints(path, root);
    let text = docwright_host::read_text_with_limit(path, MAX_INDEXED_BYTES)
        .map_err(|err| format!("not indexing {}: {err}", path.display()))?;
    Ok(parse_entry(path, index_path, root, config, &text, &hints))
}

fn parse_entry(
    path: &Path,
    index_path: &str,
    root: &Path,
    config: &Config,
    text: &str,
    hints: &docwright_core::kinds::detect::PathHints,
) -> DocEntry {
    // As `docwright check` builds it: the engine's entry of a text.
    let relative = docwright_host::workspace_relative(path, root);
    docwright_host::engine::document_entry(index_path, &relative, text, config, hints)
}

/// A discovered file's entry: the persisted one when the file is unchanged, else a new one.
enum DiskEntry {
    /// The cached entry still holds (same size and time, or same content; same path hints).
    Cached(CachedDoc),
    New(Stamp, Box<DocEntry>),
}

/// Margin under which a file's modification time is too close to when it was stamped to prove
/// it unchanged (file systems with coarse times).
const RACY_NS: u64 = 2_000_000_000;

/// The entry of a discovered file, revalidating its persisted record (see
/// [`docwright_host::index_cache`]): the file is stat'ed, and only re-read when its size or time
/// moved (or is too recent to tell); a re-read file whose content hash and hints are unchanged
/// keeps its entry, anything else is parsed again.
fn disk_entry(
    walked: &Walked,
    path: &Path,
    index_path: &str,
    root: &Path,
) -> Result<DiskEntry, String> {
    let hints = walked.hints(path, root);
    let not_indexed =
        |err: &dyn std::fmt::Display| format!("not indexing {}: {err}", path.display());
    let cached = walked.cached.docs.get(index_path);
    if let Some(cached) = cached {
        let metadata = std::fs::metadata(path).map_err(|e| not_indexed(&e))?;
        let mtime_ns = index_cache::mtime_ns(&metadata);
        if cached.stamp.size == metadata.len()
            && cached.stamp.mtime_ns == mtime_ns
            && mtime_ns != 0
            && mtime_ns.saturating_add(RACY_NS) < walked.cached.stamped_ns
            && cached.stamp.hints_equal(&hints)
        {
            return Ok(DiskEntry::Cached(cached.clone()));
        }
    }
    // Size and time from the open file: they describe the text read, with no second look at
    // the path.
    let (text, metadata) = docwright_host::read_text_and_metadata(path, MAX_INDEXED_BYTES)
        .map_err(|e| not_indexed(&e))?;
    let (size, mtime_ns) = (metadata.len(), index_cache::mtime_ns(&metadata));
    let stamp = Stamp {
        size,
        mtime_ns,
        hash: index_cache::content_hash(text.as_bytes()),
        adr_dir: hints.adr_dir.clone(),
        rfc_template_sibling: hints.rfc_template_sibling,
    };
    if let Some(cached) = cached
        && cached.stamp.hash == stamp.hash
        && cached.stamp.hints_equal(&hints)
    {
        return Ok(DiskEntry::Cached(CachedDoc {
            stamp,
            entry: cached.entry.clone(),
        }));
    }
    let entry = parse_entry(path, index_path, root, &walked.config, &text, &hints);
    Ok(DiskEntry::New(stamp, Box::new(entry)))
}

/// Whether the config's `ignore` globs leave `path` (in `root`) out.
fn config_ignores(config: &Config, root: &Path, path: &Path) -> bool {
    !config.ignore.is_empty() && config.is_ignored(&docwright_host::workspace_relative(path, root))
}

/// Files found by a discovery walk, with what indexing them needs.
pub struct Walked {
    run: u64,
    config: Arc<Config>,
    /// (file, its index path, its workspace folder).
    files: Vec<(PathBuf, String, PathBuf)>,
    /// Walk errors, one log line each.
    pub errors: Vec<String>,
    /// The persisted records this run revalidates (empty without a cache).
    cached: Arc<LoadedCache>,
    /// Path hints by folder: every file of a folder has the same.
    hints: std::sync::Mutex<HashMap<PathBuf, docwright_core::kinds::detect::PathHints>>,
}

impl Walked {
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The path hints of `path` in `root`, computed once per folder.
    fn hints(&self, path: &Path, root: &Path) -> docwright_core::kinds::detect::PathHints {
        let Some(folder) = path.parent() else {
            return docwright_host::path_hints(path, root);
        };
        if let Some(hints) = self.hints.lock().ok().and_then(|m| m.get(folder).cloned()) {
            return hints;
        }
        let hints = docwright_host::path_hints(path, root);
        if let Ok(mut memo) = self.hints.lock() {
            memo.insert(folder.to_path_buf(), hints.clone());
        }
        hints
    }
}

/// The persisted index a discovery run started from.
#[derive(Default)]
struct LoadedCache {
    /// By index path.
    docs: HashMap<String, CachedDoc>,
    /// When its files were stamped (see [`CacheFile::written_ns`]).
    stamped_ns: u64,
}

/// Where this workspace's persisted index lives, and what it must match; `None` when caching is
/// off or there is no workspace folder.
fn cache_location(shared: &Shared) -> Option<(PathBuf, CacheKey)> {
    let dir = index_cache::cache_dir()?;
    let roots = shared.index().roots.clone();
    if roots.is_empty() {
        return None;
    }
    let config = shared.config();
    let fingerprint = format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        config.kinds,
        config.ignore,
        config.workspace,
        config.logs,
        config.unfollowed_templates,
        IndexSettings::from_config(&config)
    );
    let key = CacheKey::new(&roots, index_cache::content_hash(fingerprint.as_bytes()));
    Some((index_cache::cache_file(&dir, &roots), key))
}

/// Loads the persisted index into the (still empty) index of discovery `run`, so that requests
/// are answered from it while discovery revalidates. Returns the records and the log line.
/// Runs on a blocking thread.
fn load_cache(shared: &Shared, run: u64, path: &Path, key: &CacheKey) -> (LoadedCache, String) {
    let started = std::time::Instant::now();
    let not_used = |line: String| {
        (
            LoadedCache::default(),
            format!("{line}; rebuilding the index"),
        )
    };
    let opened = match index_cache::open(path, key) {
        Ok(Some(opened)) => opened,
        Ok(None) => return (LoadedCache::default(), String::new()),
        Err(line) => return not_used(line),
    };
    // Workspace symbols are answered at once from the file's symbol section (ADR 0036); the
    // full entries are decoded meanwhile, and the index (its reverse maps) built from them off
    // the lock, then swapped in.
    let preloaded: Arc<Vec<Arc<DocEntry>>> = match opened.symbol_entries() {
        Ok(entries) => Arc::new(entries.into_iter().map(Arc::new).collect()),
        Err(line) => return not_used(format!("{}: {line}", path.display())),
    };
    let settings = {
        let mut state = shared.index_mut();
        if !fresh_for_cache(&state, run) {
            return (LoadedCache::default(), String::new());
        }
        state.preloaded = Some(preloaded.clone());
        state.index.settings().clone()
    };
    // In a pool of their own: a workspace symbols search (on the global pool) meanwhile is not
    // queued behind the decoding's tasks, which that pool's threads would take first.
    let decoded = match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool.install(|| opened.decode()),
        Err(_) => opened.decode(),
    };
    let file = match decoded {
        Ok(file) => file,
        Err(line) => {
            withdraw_preloaded(&mut shared.index_mut(), &preloaded);
            return not_used(format!("{}: {line}", path.display()));
        }
    };
    let mut index = Index::new(settings);
    let mut docs = HashMap::with_capacity(file.docs.len());
    for CachedDoc { stamp, entry } in file.docs {
        let path = entry.path.clone();
        let entry = index.update_shared(entry);
        docs.insert(path, CachedDoc { stamp, entry });
    }
    let mut state = shared.index_mut();
    withdraw_preloaded(&mut state, &preloaded);
    drop(preloaded);
    if !fresh_for_cache(&state, run) || *state.index.settings() != *index.settings() {
        return (LoadedCache::default(), String::new());
    }
    // The open documents keep their own entries (their buffers are newer); their records keep
    // the cached entry, to be revalidated like any other.
    let open: Vec<Arc<DocEntry>> = state
        .open
        .iter()
        .filter_map(|path| state.index.get(path).cloned())
        .collect();
    for entry in open {
        index.update_shared(entry);
    }
    state.index = index;
    state.generation += 1;
    drop(state);
    shared.index_changed.notify_one();
    let line = format!(
        "Loaded {} documents from the index cache in {} ms",
        docs.len(),
        started.elapsed().as_millis()
    );
    (
        LoadedCache {
            docs,
            stamped_ns: file.written_ns,
        },
        line,
    )
}

/// Stops answering workspace symbols from `preloaded`, unless a newer load replaced it.
fn withdraw_preloaded(state: &mut index_state::IndexState, preloaded: &Arc<Vec<Arc<DocEntry>>>) {
    if state
        .preloaded
        .as_ref()
        .is_some_and(|p| Arc::ptr_eq(p, preloaded))
    {
        state.preloaded = None;
    }
}

/// Whether the persisted index may still be filed for discovery `run`: the run is current and
/// the index holds open documents only.
fn fresh_for_cache(state: &index_state::IndexState, run: u64) -> bool {
    let from_disk = state.index.len() > state.open.len();
    !from_disk && state.discovery.as_ref().is_some_and(|d| d.id == run)
}

/// Starts a discovery run, making any older one stop at its next batch; [`discover_in_background`]
/// carries it out. A `rebuild` (the config or the folders changed) also empties the index of
/// what the disk gave it: entries built under the old settings are not kept. The open documents'
/// entries stay (after a change of folders, `set_roots` already forgot them; their next analysis
/// files them again).
pub fn start_discovery(shared: &Shared, rebuild: bool) -> u64 {
    let settings = IndexSettings::from_config(&shared.config());
    let mut state = shared.index_mut();
    state.runs += 1;
    let id = state.runs;
    state.discovery = Some(DiscoveryRun {
        id,
        touched: HashSet::new(),
    });
    // The first run too, when the config sets `url-prefixes`: the initial index has none.
    if rebuild || *state.index.settings() != settings {
        let mut index = Index::new(settings);
        for path in &state.open {
            if let Some(entry) = state.index.get(path) {
                index.update((**entry).clone());
            }
        }
        state.index = index;
        state.generation += 1;
        state.ready = false;
    }
    id
}

fn is_current_run(shared: &Shared, run: u64) -> bool {
    shared
        .index()
        .discovery
        .as_ref()
        .is_some_and(|d| d.id == run)
}

/// Walks every workspace folder. Runs on a blocking thread.
fn walk_roots(shared: &Shared, run: u64, cached: Arc<LoadedCache>) -> Walked {
    let config = shared.config();
    let (roots, state_base) = {
        let state = shared.index();
        (state.roots.clone(), state.base.clone())
    };
    let root_of = |path: &Path| match roots.as_slice() {
        // What the walk of the only folder found lies in it.
        [only] => Some(only.clone()),
        _ => roots
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.components().count())
            .cloned(),
    };
    // Without `ignore` globs there is nothing to ask: every walked file lies in a root.
    let skip = |path: &Path| {
        !config.ignore.is_empty()
            && root_of(path).is_none_or(|root| config_ignores(&config, &root, path))
    };
    let discovered = docwright_host::engine::workspace_files(&roots, &skip);
    let files = discovered
        .files
        .into_iter()
        .filter_map(|file| {
            let root = root_of(&file)?;
            let index_path = workspace::relative_path(state_base.as_deref(), &file);
            Some((file, index_path, root))
        })
        .collect();
    Walked {
        run,
        config,
        files,
        errors: discovered.errors,
        cached,
        hints: std::sync::Mutex::new(HashMap::new()),
    }
}

/// Reads and parses one batch of discovered files (in parallel; unchanged files keep their
/// persisted entry). Touches no shared state, so that it can run while the batch before is
/// filed. Runs on a blocking thread.
fn parse_batch(walked: &Walked, range: std::ops::Range<usize>) -> Vec<Result<DiskEntry, String>> {
    use rayon::prelude::*;
    walked.files[range]
        .par_iter()
        .map(|(file, index_path, root)| disk_entry(walked, file, index_path, root))
        .collect()
}

/// Files one parsed batch in the index, unless the run was superseded. Returns the files'
/// records for the persisted index and the log lines of the files skipped. Runs on a blocking
/// thread.
fn file_batch(
    shared: &Shared,
    walked: &Walked,
    outcomes: Vec<Result<DiskEntry, String>>,
) -> (Vec<CachedDoc>, Vec<String>) {
    let mut skipped = Vec::new();
    let mut records = Vec::with_capacity(outcomes.len());
    let mut state = shared.index_mut();
    let touched = match &state.discovery {
        Some(run) if run.id == walked.run => run.touched.clone(),
        _ => return (records, skipped),
    };
    for outcome in outcomes {
        let record = match outcome {
            Ok(DiskEntry::Cached(record)) => {
                let path = &record.entry.path;
                let newer_elsewhere = state.open.contains(path) || touched.contains(path);
                let in_index = state
                    .index
                    .get(path)
                    .is_some_and(|e| Arc::ptr_eq(e, &record.entry));
                if !newer_elsewhere && !in_index {
                    state.put((*record.entry).clone());
                }
                record
            }
            Ok(DiskEntry::New(stamp, entry)) => {
                let path = entry.path.clone();
                let newer_elsewhere = state.open.contains(&path) || touched.contains(&path);
                let entry = if newer_elsewhere {
                    Arc::new(*entry)
                } else {
                    state.put(*entry);
                    match state.index.get(&path) {
                        Some(entry) => entry.clone(),
                        None => continue,
                    }
                };
                CachedDoc { stamp, entry }
            }
            Err(line) => {
                skipped.push(line);
                continue;
            }
        };
        records.push(record);
    }
    (records, skipped)
}

/// Whether `found` is exactly what the persisted index held (nothing to write back).
fn same_as_cached(walked: &Walked, found: &[CachedDoc]) -> bool {
    let cached = &walked.cached.docs;
    !cached.is_empty()
        && cached.len() == found.len()
        && found.iter().all(|record| {
            cached.get(&record.entry.path).is_some_and(|old| {
                Arc::ptr_eq(&old.entry, &record.entry) && old.stamp == record.stamp
            })
        })
}

/// Removes the entries the persisted index gave that discovery no longer found (files deleted,
/// ignored or grown too large while the server was not running). Runs on a blocking thread.
fn forget_vanished(shared: &Shared, walked: &Walked, found: &[CachedDoc]) {
    if walked.cached.docs.is_empty() {
        return;
    }
    let found: HashSet<&str> = found.iter().map(|r| r.entry.path.as_str()).collect();
    let mut state = shared.index_mut();
    let touched = match &state.discovery {
        Some(run) if run.id == walked.run => run.touched.clone(),
        _ => return,
    };
    for path in walked.cached.docs.keys() {
        if !found.contains(path.as_str()) && !state.open.contains(path) && !touched.contains(path) {
            state.forget(path);
        }
    }
}

/// Marks the run finished, if it is still the current one.
fn finish_discovery(shared: &Shared, run: u64) -> bool {
    let mut state = shared.index_mut();
    if state.discovery.as_ref().is_none_or(|d| d.id != run) {
        return false;
    }
    state.discovery = None;
    state.ready = true;
    // Workspace rules held back while the index was incomplete run now (see
    // `diagnostics::with_workspace_rules`): results computed before are stale.
    state.generation += 1;
    state.external_change = true;
    true
}

/// Logs through `tracing` and, at or above the configured level, to the client's log (as the
/// server's own `log` does).
async fn log(shared: &Shared, client: &Client, level: tracing::Level, message: String) {
    match level {
        tracing::Level::ERROR => tracing::error!("{message}"),
        tracing::Level::WARN => tracing::warn!("{message}"),
        tracing::Level::INFO => tracing::info!("{message}"),
        _ => tracing::debug!("{message}"),
    }
    if level <= shared.settings().log_level {
        let kind = match level {
            tracing::Level::ERROR => MessageType::ERROR,
            tracing::Level::WARN => MessageType::WARNING,
            tracing::Level::INFO => MessageType::INFO,
            _ => MessageType::LOG,
        };
        client.log_message(kind, message).await;
    }
}

/// Discovers and indexes every Markdown file of the workspace folders for the discovery `run`
/// (see [`start_discovery`]), reporting work-done progress when the client supports it. Meant to
/// be spawned: `initialized` does not wait. A newer discovery makes this one stop.
pub async fn discover_in_background(shared: Arc<Shared>, client: Client, run: u64) {
    let started = std::time::Instant::now();
    let progress = if shared.client_support().work_done_progress {
        let token = NumberOrString::String(format!("docwright/index/{run}"));
        match client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                client
                    .progress(token, "Docwright: indexing design docs")
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(err) => {
                tracing::warn!("the client refused a progress token: {err}");
                None
            }
        }
    } else {
        None
    };
    // The persisted index first: requests are answered from it while discovery revalidates.
    let stamped_ns = index_cache::now_ns();
    let location = cache_location(&shared);
    let cached = match location.clone() {
        Some((path, key)) => {
            let loading = {
                let shared = shared.clone();
                tokio::task::spawn_blocking(move || load_cache(&shared, run, &path, &key)).await
            };
            match loading {
                Ok((cached, line)) => {
                    if !line.is_empty() {
                        log(&shared, &client, tracing::Level::INFO, line).await;
                    }
                    cached
                }
                Err(err) => {
                    tracing::error!("loading the index cache failed: {err}");
                    LoadedCache::default()
                }
            }
        }
        None => LoadedCache::default(),
    };
    let cached = Arc::new(cached);
    let walked = {
        let shared = shared.clone();
        match tokio::task::spawn_blocking(move || walk_roots(&shared, run, cached)).await {
            Ok(walked) => walked,
            Err(err) => {
                tracing::error!("walking the workspace failed: {err}");
                if let Some(progress) = progress {
                    progress.finish_with_message("Indexing failed").await;
                }
                return;
            }
        }
    };
    for error in &walked.errors {
        log(&shared, &client, tracing::Level::WARN, error.clone()).await;
    }
    let total = walked.file_count();
    {
        let mut state = shared.index_mut();
        let additional = total.saturating_sub(state.index.len());
        state.index.reserve(additional);
    }
    let walked = Arc::new(walked);
    let mut records: Vec<CachedDoc> = Vec::with_capacity(total);
    // Whether `records` is the whole workspace, to be persisted.
    let mut persist = true;
    // Batches are read and parsed on every core while the batch before is filed under the
    // index lock: filing is serial, and would otherwise leave the other core idle.
    let mut parsed: Option<Vec<Result<DiskEntry, String>>> = None;
    let mut started_up_to = 0;
    let mut done = 0;
    loop {
        let next = (started_up_to < total && is_current_run(&shared, run))
            .then(|| started_up_to..(started_up_to + DISCOVERY_BATCH).min(total));
        if next.is_none() && parsed.is_none() {
            break;
        }
        let filing = parsed.take();
        let filed_count = filing.as_ref().map_or(0, Vec::len);
        let step = {
            let shared = shared.clone();
            let walked = walked.clone();
            let next = next.clone();
            tokio::task::spawn_blocking(move || {
                rayon::join(
                    || filing.map(|outcomes| file_batch(&shared, &walked, outcomes)),
                    || next.map(|range| parse_batch(&walked, range)),
                )
            })
            .await
        };
        match step {
            Ok((filed, newly_parsed)) => {
                if let Some((found, skipped)) = filed {
                    records.extend(found);
                    for line in skipped {
                        log(&shared, &client, tracing::Level::WARN, line).await;
                    }
                }
                parsed = newly_parsed;
            }
            Err(err) => {
                tracing::error!("indexing files failed: {err}");
                persist = false;
                parsed = None;
            }
        }
        if let Some(range) = next {
            started_up_to = range.end;
        }
        done += filed_count;
        if let Some(progress) = &progress
            && filed_count > 0
            && done < total
        {
            progress
                .report_with_message(
                    format!("{done}/{total} documents"),
                    (done * 100 / total.max(1)) as u32,
                )
                .await;
        }
    }
    if done >= total && is_current_run(&shared, run) {
        let shared = shared.clone();
        let walked = walked.clone();
        let taken = std::mem::take(&mut records);
        let forgetting = tokio::task::spawn_blocking(move || {
            forget_vanished(&shared, &walked, &taken);
            let unchanged = same_as_cached(&walked, &taken);
            (taken, unchanged)
        });
        records = match forgetting.await {
            Ok((records, unchanged)) => {
                // An unchanged workspace keeps its cache file as it is.
                persist &= !unchanged;
                records
            }
            Err(err) => {
                tracing::error!("revalidating the index cache failed: {err}");
                persist = false;
                Vec::new()
            }
        };
    }
    let finished = finish_discovery(&shared, run);
    let message = if finished {
        let indexed = shared.index().index.len();
        format!(
            "Indexed {indexed} {} in {} ms",
            if indexed == 1 {
                "document"
            } else {
                "documents"
            },
            started.elapsed().as_millis()
        )
    } else {
        String::from("Indexing restarted")
    };
    if let Some(progress) = progress {
        progress.finish_with_message(message.clone()).await;
    }
    if finished {
        log(&shared, &client, tracing::Level::INFO, message).await;
        shared.index_changed.notify_one();
        if let Some((path, key)) = location.filter(|_| persist) {
            // Off the loop and after the answer: a restart reads it back (ADR 0026).
            records.sort_unstable_by(|a, b| a.entry.path.cmp(&b.entry.path));
            let file = CacheFile {
                key,
                written_ns: stamped_ns,
                docs: records,
            };
            let stored =
                tokio::task::spawn_blocking(move || index_cache::store(&path, &file)).await;
            match stored {
                Ok(Ok(())) => {}
                Ok(Err(err)) => tracing::warn!("cannot write the index cache: {err}"),
                Err(err) => tracing::error!("writing the index cache failed: {err}"),
            }
        }
    }
}

/// Puts an open document's current outline into the index.
pub fn update_open_document(
    shared: &Shared,
    path: &Path,
    text: &str,
    outline: &Outline,
    detection: &Detection,
) {
    let config = shared.config();
    let entry_at = |index_path: &str| {
        docwright_host::engine::entry_of_outline(
            index_path,
            text,
            outline,
            detection.kind.as_deref(),
            &config,
        )
    };
    // The entry is built before the index is locked for writing: over a large document that
    // takes milliseconds, during which the workspace rules of other checks read the index.
    let index_path = shared.index().index_path(path);
    let mut entry = entry_at(&index_path);
    let changed = {
        let mut state = shared.index_mut();
        let now_path = state.index_path(path);
        if now_path != index_path {
            // The workspace folders changed meanwhile: filed under the new base.
            entry = entry_at(&now_path);
        }
        state.open.insert(now_path);
        state.put(entry)
    };
    if changed {
        shared.index_changed.notify_one();
    }
}

/// What a file event did to the index.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FileUpdate {
    pub changed: bool,
    /// Why the file was not indexed, for the log.
    pub skipped: Option<String>,
}

/// Re-reads a file the editor reports created or changed on disk (or closed) and files it, or
/// removes its entry when it is gone or no longer belongs in the index (ignored, moved outside
/// the folders, too large). Open documents are left alone: their buffer is newer. Never reads a
/// file outside the workspace folders. Runs on a blocking thread.
pub fn refresh_from_disk(shared: &Shared, path: &Path) -> FileUpdate {
    let config = shared.config();
    let (index_path, root, canonical_roots) = {
        let state = shared.index();
        let Some(root) = state.root_of(path).map(Path::to_path_buf) else {
            return FileUpdate::default();
        };
        let index_path = state.index_path(path);
        if state.is_open(&index_path) {
            return FileUpdate::default();
        }
        (index_path, root, state.canonical_roots.clone())
    };
    let belongs = path.is_file()
        && walk::is_markdown(path)
        && walk::is_within(path, &canonical_roots)
        && !walk::is_walk_ignored(&root, path)
        && !config_ignores(&config, &root, path);
    let outcome = if belongs {
        Some(entry_from_disk(path, &index_path, &root, &config))
    } else {
        None
    };
    let mut state = shared.index_mut();
    if state.is_open(&index_path) {
        return FileUpdate::default();
    }
    state.note_touched(&index_path);
    state.disk_events += 1;
    let (changed, skipped) = match outcome {
        Some(Ok(entry)) => (state.put(entry), None),
        Some(Err(line)) => (state.forget(&index_path), Some(line)),
        None => (state.forget(&index_path), None),
    };
    if changed {
        state.external_change = true;
    }
    drop(state);
    if changed {
        shared.index_changed.notify_one();
    }
    FileUpdate { changed, skipped }
}

/// Removes a file the editor reports deleted, and every indexed file under it when it was a
/// folder. An open document keeps its entry: its buffer still exists.
pub fn remove_from_disk(shared: &Shared, path: &Path) -> bool {
    let changed = {
        let mut state = shared.index_mut();
        if state.root_of(path).is_none() {
            return false;
        }
        let index_path = state.index_path(path);
        let folder_prefix = format!("{index_path}/");
        let doomed: Vec<String> = state
            .index
            .docs()
            .map(|entry| entry.path.clone())
            .filter(|p| *p == index_path || p.starts_with(&folder_prefix))
            .filter(|p| !state.is_open(p))
            .collect();
        let mut changed = false;
        for path in doomed {
            state.note_touched(&path);
            changed |= state.forget(&path);
        }
        state.note_touched(&index_path);
        if changed {
            state.external_change = true;
        }
        changed
    };
    if changed {
        shared.index_changed.notify_one();
    }
    changed
}

/// A file changed outside the open buffers, as the editor reports it (watched files, file
/// operations).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileEvent {
    /// Created or changed: read it again.
    Written(PathBuf),
    /// Deleted (a file, or a folder and everything in it).
    Deleted(PathBuf),
}

/// Applies file events in order, one document at a time. Returns the log lines of the files that
/// could not be indexed. Runs on a blocking thread.
pub fn apply_file_events(shared: &Shared, events: &[FileEvent]) -> Vec<String> {
    let mut skipped = Vec::new();
    for event in events {
        match event {
            FileEvent::Written(path) => {
                if let Some(line) = refresh_from_disk(shared, path).skipped {
                    skipped.push(line);
                }
            }
            FileEvent::Deleted(path) => {
                remove_from_disk(shared, path);
            }
        }
    }
    skipped
}

/// The `workspace.fileOperations` the server wants to hear of: Markdown files created, renamed
/// or deleted in the editor (folders arrive as watched-file events).
pub fn file_operations() -> tower_lsp_server::ls_types::WorkspaceFileOperationsServerCapabilities {
    use tower_lsp_server::ls_types::{
        FileOperationFilter, FileOperationPattern, FileOperationPatternKind,
        FileOperationRegistrationOptions, WorkspaceFileOperationsServerCapabilities,
    };
    let markdown = || FileOperationRegistrationOptions {
        filters: ["**/*.md", "**/*.markdown"]
            .into_iter()
            .map(|glob| FileOperationFilter {
                scheme: Some(String::from("file")),
                pattern: FileOperationPattern {
                    glob: glob.to_string(),
                    matches: Some(FileOperationPatternKind::File),
                    options: None,
                },
            })
            .collect(),
    };
    WorkspaceFileOperationsServerCapabilities {
        did_create: Some(markdown()),
        did_rename: Some(markdown()),
        did_delete: Some(markdown()),
        ..WorkspaceFileOperationsServerCapabilities::default()
    }
}

/// An open document was closed: its entry goes back to what the disk holds (the buffer may have
/// been discarded unsaved), or away when the file is gone. Runs on a blocking thread.
pub fn document_closed(shared: &Shared, uri: &Uri) -> FileUpdate {
    let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
        return FileUpdate::default();
    };
    {
        let mut state = shared.index_mut();
        let index_path = state.index_path(&path);
        state.open.remove(&index_path);
        if state.root_of(&path).is_none() {
            // Outside every workspace folder it was indexed only while open.
            let changed = state.forget(&index_path);
            drop(state);
            if changed {
                shared.index_changed.notify_one();
            }
            return FileUpdate {
                changed,
                skipped: None,
            };
        }
    }
    if path.exists() {
        refresh_from_disk(shared, &path)
    } else {
        FileUpdate {
            changed: remove_from_disk(shared, &path),
            skipped: None,
        }
    }
}

/// Converts byte ranges in indexed documents to protocol locations, reading each document once:
/// from the open buffer when it is open, else from disk. Only documents the index holds are read,
/// so nothing outside the workspace folders ever is. `None` for a range that cannot be placed.
pub fn locate(
    shared: &Shared,
    ranges: &[(&str, docwright_core::position::TextRange)],
) -> Vec<Option<tower_lsp_server::ls_types::Location>> {
    use docwright_core::position::PositionMapper;
    use std::collections::HashMap;
    let encoding = shared.encoding();
    let mut ropes: HashMap<&str, Option<(Uri, ropey::Rope)>> = HashMap::new();
    ranges
        .iter()
        .map(|(index_path, range)| {
            let slot = ropes
                .entry(index_path)
                .or_insert_with(|| text_of_indexed(shared, index_path));
            let (uri, rope) = slot.as_ref()?;
            let mapper = PositionMapper::new(rope);
            let end = rope.len_bytes();
            let range = docwright_core::position::TextRange::new(
                range.start.min(end),
                range.end.min(end).max(range.start.min(end)),
            );
            Some(tower_lsp_server::ls_types::Location::new(
                uri.clone(),
                crate::to_proto::range(&mapper, range, encoding),
            ))
        })
        .collect()
}

/// An indexed document's URI and current text.
pub fn text_of_indexed(shared: &Shared, index_path: &str) -> Option<(Uri, ropey::Rope)> {
    let uri = {
        let state = shared.index();
        // While the persisted index is filed, the symbols found in its entries are located too.
        if !state.is_known(index_path) {
            return None;
        }
        state.uri(index_path)?
    };
    if let Some(open) = shared.docs().get(uri.as_str()) {
        let rope = match open.document() {
            Some(document) => document.rope().clone(),
            None => return None,
        };
        return Some((uri, rope));
    }
    let path = uri.to_file_path()?.into_owned();
    let boundary = shared.index().boundary();
    match boundary.read_text(&path, MAX_INDEXED_BYTES) {
        Ok(text) => Some((uri, ropey::Rope::from_str(&text))),
        Err(err) => {
            tracing::warn!("cannot read {}: {err}", path.display());
            None
        }
    }
}
