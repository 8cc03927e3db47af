//! `docwright site [PATH] --out DIR`: the decision logs as a static website.
//!
//! The edge work only: find the configuration, read the documents through the boundary, index
//! them, run the workspace rules, hand everything to [`crate::analysis::site::build_site`], and
//! write what comes back under `--out` — only there, never through a symbolic link, only the
//! files whose bytes changed (so a rebuild after one edit rewrites only the pages it affects),
//! and removing the files an earlier build wrote that this one no longer produces.

use crate::analysis::check::retain_unsuppressed;
use crate::analysis::config::Config;
use crate::analysis::index::{Index, IndexSettings};
use crate::analysis::outline::parse_outline_fast;
use crate::analysis::site::{PageCache, SiteChanges, SiteInput, build_site_into};
use crate::analysis::workspace_rules::WorkspaceContext;
use crate::analysis::workspace_rules::kept::KeptFindings;
use crate::cli::exit;
use crate::host;
use crate::host::walk::{self, display_path};
use clap::Args;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The list of files the last build wrote, kept in the output folder.
const MANIFEST: &str = ".docwright-site";

#[derive(Args, Debug)]
pub struct SiteArgs {
    /// The workspace folder whose decision logs are published.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The folder the site is written to (created if missing). It may not be the workspace
    /// folder, nor contain it.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Use this `docwright.toml` instead of searching for one upwards from PATH.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The date the health page counts ages from (`YYYY-MM-DD`; default: today), for
    /// reproducible builds and tests.
    #[arg(long, value_name = "DATE", hide = true)]
    pub today: Option<String>,

    /// After building, serve the site on 127.0.0.1 (only) for a preview, rebuilding when a
    /// document or the configuration changes and reloading the pages open in a browser.
    #[arg(long)]
    pub serve: bool,

    /// The port `--serve` listens on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8000, requires = "serve")]
    pub port: u16,
}

/// What a build wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

pub fn run(args: &SiteArgs) -> i32 {
    if !args.serve {
        return build_once(args);
    }
    // The preview keeps what it built: a rebuild re-reads and re-renders only what changed.
    let mut session = Session::default();
    let code = session.build(args);
    if code != exit::CLEAN {
        return code;
    }
    serve::run(args, session)
}

/// Builds the site once; the exit code.
fn build_once(args: &SiteArgs) -> i32 {
    Session::default().build(args)
}

/// A document as last read: its size and modification time, its index path and text.
struct ReadDocument {
    len: u64,
    modified: Option<std::time::SystemTime>,
    relative: String,
    text: String,
}

/// The time each step of a build took, printed before the summary line when the environment
/// variable `DOCWRIGHT_SITE_TIMINGS` is set (for `scripts/bench-site.sh`).
struct Timings {
    shown: bool,
    last: std::time::Instant,
    steps: Vec<(String, std::time::Duration)>,
}

impl Timings {
    fn new(started: std::time::Instant) -> Timings {
        Timings {
            shown: std::env::var_os("DOCWRIGHT_SITE_TIMINGS").is_some(),
            last: started,
            steps: Vec::new(),
        }
    }

    /// The time since the last step, as `what`.
    fn step(&mut self, what: &str) {
        let now = std::time::Instant::now();
        self.steps.push((what.to_string(), now - self.last));
        self.last = now;
    }

    /// The core's own steps, which took the time since the last step.
    fn steps(&mut self, inner: &[(&'static str, std::time::Duration)]) {
        self.steps.extend(
            inner
                .iter()
                .map(|(what, took)| (format!("  {what}"), *took)),
        );
        self.step("site pages in all");
    }

    fn print(&self, stderr: &mut impl Write) {
        if self.shown {
            for (what, took) in &self.steps {
                let _ = writeln!(stderr, "time: {what}: {:.1} ms", took.as_secs_f64() * 1e3);
            }
        }
    }
}

/// What `--serve` keeps between rebuilds: the documents read (re-read only when their size or
/// modification time changed), the index (updated for the changed documents only), the record
/// pages rendered (re-rendered only where their inputs changed) and the site last written (a
/// file whose bytes are the same is not compared with the disk again). Any change of the
/// configuration, the workspace root or the output folder starts from nothing. A fresh session
/// builds exactly what `docwright site` builds.
#[derive(Default)]
pub struct Session {
    state: Option<State>,
    /// The logs template discovery found, kept while what it looked at is unchanged.
    templates: Option<host::KeptTemplateLogs>,
}

struct State {
    /// The configuration file's path and bytes, the workspace root, the output folder.
    key: (Option<PathBuf>, Option<Vec<u8>>, PathBuf, PathBuf),
    documents: HashMap<PathBuf, ReadDocument>,
    index: Index,
    /// The workspace rules' findings per document (re-run only where an edit reaches).
    findings: KeptFindings,
    pages: PageCache,
    site: BTreeMap<String, Vec<u8>>,
    /// Each document's text, by index path.
    texts: HashMap<String, String>,
    /// The documents of the last build (walked, outside `--out`), for a rebuild the watcher
    /// has told what changed.
    files: Vec<PathBuf>,
}

impl Session {
    /// How many record pages the last build rendered rather than reused.
    pub fn rendered(&self) -> usize {
        self.state.as_ref().map_or(0, |s| s.pages.rendered())
    }

    /// Builds the site of `args`, reusing what the previous build of this session kept; the
    /// exit code.
    pub fn build(&mut self, args: &SiteArgs) -> i32 {
        self.build_knowing(args, None)
    }

    /// [`Session::build`] when the caller watched the files and knows which changed: the same
    /// set of files as the last build, only those in `changed` edited (by the paths the walk
    /// gives). The folder is then not walked again and only `changed` is looked at; anything
    /// else (a file added or removed, the configuration, a template) must go to `build`.
    pub fn rebuild(&mut self, args: &SiteArgs, changed: &[PathBuf]) -> i32 {
        self.build_knowing(args, Some(changed))
    }

    fn build_knowing(&mut self, args: &SiteArgs, hint: Option<&[PathBuf]>) -> i32 {
        let mut stderr = anstream::stderr();
        let started = std::time::Instant::now();
        let mut timings = Timings::new(started);
        let absolute = lexically_absolute(&args.path);
        if !absolute.is_dir() {
            let _ = writeln!(
                stderr,
                "error: {} is not a folder",
                display_path(&args.path)
            );
            return exit::USAGE;
        }
        let config_path = args.config.clone().or_else(|| host::find_config(&absolute));
        let mut failed = false;
        let mut config = match &config_path {
            Some(path) => {
                let (config, error) = host::load_config(path);
                if let Some(error) = error {
                    let _ = writeln!(stderr, "{}:{error}", display_path(path));
                    failed = true;
                }
                config
            }
            None => Config::default(),
        };
        // Paths are relative to the workspace: the configuration's folder, else PATH.
        let root = config_path
            .as_deref()
            .map(lexically_absolute)
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .filter(|r| absolute.starts_with(r))
            .unwrap_or_else(|| absolute.clone());
        let is_ignored = |p: &Path| {
            !config.ignore.is_empty()
                && config.is_ignored(&host::workspace_relative(&lexically_absolute(p), &root))
        };
        // The files of the last build when the watcher says only some of them were edited:
        // not walked again, and already found to lie outside the output folder.
        let known = match (hint, &self.state) {
            (Some(_), Some(state))
                if state.key.2 == root
                    && state.key.0 == config_path
                    && fs::canonicalize(&args.out).is_ok_and(|out| out == state.key.3) =>
            {
                Some((state.files.clone(), state.key.3.clone()))
            }
            _ => None,
        };
        let hinted: Option<HashSet<&PathBuf>> = known
            .as_ref()
            .and(hint)
            .map(|changed| changed.iter().collect());
        let (files, out) = match known {
            Some(known) => known,
            None => {
                let discovered =
                    walk::discover_within(std::slice::from_ref(&absolute), &is_ignored);
                for error in &discovered.errors {
                    let _ = writeln!(stderr, "error: {error}");
                    failed = true;
                }
                let files = discovered.files;
                // The output folder: never the workspace, never one holding it or its sources.
                let out = match prepare_out(&args.out, &root, &files) {
                    Ok(out) => out,
                    Err(message) => {
                        let _ = writeln!(stderr, "error: {message}");
                        return exit::USAGE;
                    }
                };
                let files: Vec<PathBuf> = files
                    .into_par_iter()
                    .filter(|f| {
                        !fs::canonicalize(f)
                            .map(|c| c.starts_with(&out))
                            .unwrap_or(false)
                    })
                    .collect();
                (files, out)
            }
        };
        timings.step("configuration and files");
        host::discover_template_logs_kept(&mut self.templates, &mut config, &root, &files);
        timings.step("template logs");
        let boundary = host::Boundary::for_run(&root, std::slice::from_ref(&absolute));
        // What this build depends on beyond the documents: a change starts from nothing.
        let key = (
            config_path.clone(),
            Some(
                format!(
                    "{config:?}\n{:?}",
                    fs::read(root.join(host::ADR_DIR_FILE_NAME)).ok()
                )
                .into_bytes(),
            ),
            root.clone(),
            out.clone(),
        );
        // A rebuild told of edits only holds while nothing the walk depends on changed.
        if hinted.is_some() && self.state.as_ref().is_none_or(|s| s.key != key) {
            return self.build_knowing(args, None);
        }
        let mut state = match self.state.take() {
            Some(state) if state.key == key => state,
            _ => State {
                key,
                documents: HashMap::new(),
                index: Index::new(IndexSettings::from_config(&config)),
                findings: KeptFindings::default(),
                pages: PageCache::default(),
                site: BTreeMap::new(),
                texts: HashMap::new(),
                files: Vec::new(),
            },
        };
        // Re-read only the files whose size or modification time changed.
        // When the watcher said which files were edited, the others are as last read.
        let stats: Vec<(u64, Option<std::time::SystemTime>)> = files
            .par_iter()
            .map(|path| {
                if let Some(hinted) = &hinted
                    && !hinted.contains(path)
                    && let Some(read) = state.documents.get(path)
                {
                    return (read.len, read.modified);
                }
                let meta = fs::metadata(path).ok();
                let modified = meta.as_ref().and_then(|m| m.modified().ok());
                (meta.map_or(0, |m| m.len()), modified)
            })
            .collect();
        let fresh: Vec<(PathBuf, Option<ReadDocument>)> = files
            .par_iter()
            .zip(stats)
            .filter(|(path, (len, modified))| {
                state
                    .documents
                    .get(*path)
                    .is_none_or(|d| d.len != *len || d.modified != *modified || modified.is_none())
            })
            .map(|(path, (len, modified))| {
                let read = boundary
                    .read_text(path, host::MAX_TEXT_BYTES)
                    .ok()
                    .map(|text| ReadDocument {
                        len,
                        modified,
                        relative: host::workspace_relative(&lexically_absolute(path), &root),
                        text: text.strip_prefix('\u{feff}').unwrap_or(&text).to_string(),
                    });
                (path.clone(), read)
            })
            .collect();
        timings.step("stat and read");
        let listed: std::collections::HashSet<&PathBuf> = files.iter().collect();
        let mut gone: Vec<PathBuf> = state
            .documents
            .keys()
            .filter(|p| !listed.contains(p))
            .cloned()
            .collect();
        gone.extend(
            fresh
                .iter()
                .filter(|(_, read)| read.is_none())
                .map(|(p, _)| p.clone()),
        );
        // An RFC template added or removed changes how its neighbours are detected.
        let template_moved = gone
            .iter()
            .chain(
                fresh
                    .iter()
                    .filter(|(p, _)| !state.documents.contains_key(p))
                    .map(|(p, _)| p),
            )
            .any(|p| {
                p.file_name()
                    .is_some_and(|n| n == host::RFC_TEMPLATE_FILE_NAME)
            });
        if template_moved && !state.documents.is_empty() {
            self.state = None;
            return self.build(args);
        }
        let mut changed: HashSet<String> = HashSet::new();
        for path in gone {
            if let Some(old) = state.documents.remove(&path) {
                state.index.remove(&old.relative);
                state.texts.remove(&old.relative);
                changed.insert(old.relative);
            }
        }
        let entries: Vec<(PathBuf, ReadDocument, crate::analysis::index::DocEntry)> = fresh
            .into_par_iter()
            .filter_map(|(path, read)| {
                let read = read?;
                let entry = crate::analysis::index::DocEntry::from_text(
                    &read.relative,
                    &read.text,
                    &config,
                    &host::path_hints(&root.join(&read.relative), &root),
                );
                Some((path, read, entry))
            })
            .collect();
        for (path, read, entry) in entries {
            state.index.update(entry);
            state.texts.insert(read.relative.clone(), read.text.clone());
            changed.insert(read.relative.clone());
            state.documents.insert(
                path,
                ReadDocument {
                    text: String::new(),
                    ..read
                },
            );
        }
        if state.documents.len() < files.len() {
            let _ = writeln!(
                stderr,
                "warning: some files could not be read and were left out"
            );
        }
        timings.step("index");
        let index = &state.index;
        let texts = &state.texts;
        let disk = host::DiskFiles::new(&root);
        // The workspace rules, re-run only for the documents an edit can have changed; what a
        // document suppresses (`<!-- docwright-disable … -->`) is not published either.
        state.findings.update(
            &WorkspaceContext::new(index, &config).with_files(&disk),
            &changed,
            &|path, mut diagnostics| {
                if !diagnostics.is_empty()
                    && let Some(text) = texts.get(path)
                {
                    let outline = parse_outline_fast(text, path.rsplit('/').next());
                    retain_unsuppressed(text, &outline, &mut diagnostics);
                }
                diagnostics
            },
        );
        timings.step(&format!(
            "workspace rules ({} documents checked)",
            state.findings.checked()
        ));
        let today = args.today.clone().unwrap_or_else(host::today);
        // The site of the last build, brought up to date in place: with a session kept, only
        // the files whose bytes changed are written (the others are as this process left them).
        let kept = !state.pages.is_empty();
        let changes = build_site_into(
            &SiteInput {
                index,
                texts,
                config: &config,
                findings: state.findings.findings(),
                today: &today,
                findings_changed: state.findings.changed(),
            },
            &mut state.pages,
            &changed,
            &mut state.site,
        );
        timings.steps(state.pages.timings());
        let written = if kept {
            write_changes(&out, &state.site, &changes)
        } else {
            write_site(&out, &state.site)
        };
        timings.step("write");
        state.files = files;
        // A write that failed leaves the disk unknown: the next build starts from nothing.
        if written.is_ok() {
            self.state = Some(state);
        }
        match written {
            Ok(written) => {
                timings.print(&mut stderr);
                let _ = writeln!(
                    stderr,
                    "{} files written, {} unchanged, {} removed in {} ({} ms)",
                    written.written.len(),
                    written.unchanged,
                    written.removed.len(),
                    display_path(&args.out),
                    started.elapsed().as_millis()
                );
            }
            Err(message) => {
                let _ = writeln!(stderr, "error: {message}");
                return exit::USAGE;
            }
        }
        if failed { exit::USAGE } else { exit::CLEAN }
    }
}

/// What the preview watches: every document under PATH and the configuration, by modification
/// time and length.
fn fingerprint(args: &SiteArgs) -> Vec<(PathBuf, Option<std::time::SystemTime>, u64)> {
    let absolute = lexically_absolute(&args.path);
    let mut files = walk::discover_within(std::slice::from_ref(&absolute), &|_| false).files;
    files.extend(args.config.clone().or_else(|| host::find_config(&absolute)));
    files
        .into_iter()
        .map(|f| {
            let meta = fs::metadata(&f).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.map_or(0, |m| m.len());
            (f, modified, len)
        })
        .collect()
}

/// `--serve`: a small HTTP/1.1 server on the loopback interface for the built site, with a
/// rebuild on every change and a reload of the open pages (they poll a version number).
mod serve {
    use super::{Session, SiteArgs, fingerprint};
    use std::io::{BufRead, BufReader, Write};
    use std::net::{Ipv4Addr, TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    const VERSION_PATH: &str = "/__docwright/version";

    /// Added to every HTML page served (not to the files written): polls the version and
    /// reloads when a rebuild changed it.
    const RELOAD: &str = "<script>(function(){var v=null;setInterval(function(){fetch('/__docwright/version',{cache:'no-store'}).then(function(r){return r.text();}).then(function(t){if(v===null)v=t;else if(t!==v)location.reload();}).catch(function(){});},400);})();</script>\n";

    pub fn run(args: &SiteArgs, mut session: Session) -> i32 {
        let mut stderr = anstream::stderr();
        let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)) {
            Ok(listener) => listener,
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "error: cannot listen on 127.0.0.1:{}: {e}",
                    args.port
                );
                return crate::cli::exit::USAGE;
            }
        };
        let port = listener.local_addr().map_or(args.port, |a| a.port());
        let Ok(out) = std::fs::canonicalize(&args.out) else {
            return crate::cli::exit::USAGE;
        };
        // What the built site came from, taken before the address is announced: an edit made
        // as soon as the preview answers is then a change, however late the watcher starts.
        let mut last = fingerprint(args);
        let _ = writeln!(
            stderr,
            "serving http://127.0.0.1:{port}/ (rebuilds on change; Ctrl-C to stop)"
        );
        let version = Arc::new(AtomicU64::new(1));
        {
            let version = Arc::clone(&version);
            let args = SiteArgs {
                path: args.path.clone(),
                out: args.out.clone(),
                config: args.config.clone(),
                today: args.today.clone(),
                serve: false,
                port: args.port,
            };
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(200));
                    let now = fingerprint(&args);
                    if now != last {
                        // The same files, some edited: the session looks at those only.
                        let same_files = now.len() == last.len()
                            && now.iter().zip(&last).all(|(a, b)| a.0 == b.0);
                        let edited: Vec<PathBuf> = now
                            .iter()
                            .zip(&last)
                            .filter(|(a, b)| a != b)
                            .map(|(a, _)| a.0.clone())
                            .collect();
                        let plain = edited.iter().all(|p| {
                            p.file_name().is_some_and(|n| {
                                n != crate::host::RFC_TEMPLATE_FILE_NAME
                                    && n != crate::host::ADR_DIR_FILE_NAME
                                    && n != "docwright.toml"
                            })
                        });
                        last = now;
                        if same_files && plain {
                            session.rebuild(&args, &edited);
                        } else {
                            session.build(&args);
                        }
                        version.fetch_add(1, Ordering::SeqCst);
                    }
                }
            });
        }
        for stream in listener.incoming().flatten() {
            let out = out.clone();
            let version = Arc::clone(&version);
            std::thread::spawn(move || {
                let _ = answer(stream, &out, &version);
            });
        }
        crate::cli::exit::CLEAN
    }

    fn answer(stream: TcpStream, out: &Path, version: &AtomicU64) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request = String::new();
        reader.read_line(&mut request)?;
        // The headers are read and ignored.
        let mut line = String::new();
        while reader.read_line(&mut line)? > 2 {
            line.clear();
        }
        let mut parts = request.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let mut stream = stream;
        if method != "GET" && method != "HEAD" {
            return respond(
                &mut stream,
                "405 Method Not Allowed",
                "text/plain",
                b"GET only\n",
                method,
            );
        }
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if path == VERSION_PATH {
            let body = version.load(Ordering::SeqCst).to_string();
            return respond(&mut stream, "200 OK", "text/plain", body.as_bytes(), method);
        }
        match file_for(out, path) {
            Some(file) => {
                let content_type = content_type(&file);
                let mut bytes = std::fs::read(&file)?;
                if content_type.starts_with("text/html")
                    && let Some(at) = bytes.windows(7).rposition(|w| w == b"</body>")
                {
                    bytes.splice(at..at, RELOAD.bytes());
                }
                respond(&mut stream, "200 OK", content_type, &bytes, method)
            }
            None => respond(
                &mut stream,
                "404 Not Found",
                "text/plain",
                b"not found\n",
                method,
            ),
        }
    }

    /// The file of the site a URL path names: percent-decoded, plain names only, every step a
    /// real folder or file under `out` (no symbolic link), `index.html` for a folder.
    fn file_for(out: &Path, path: &str) -> Option<PathBuf> {
        let decoded = crate::analysis::resolve::percent_decode(path);
        let mut file = out.to_path_buf();
        for part in decoded.split('/').filter(|p| !p.is_empty()) {
            if part == "."
                || part == ".."
                || part.contains('\\')
                || part.contains('\0')
                || part.starts_with('.')
            {
                return None;
            }
            file.push(part);
            let meta = std::fs::symlink_metadata(&file).ok()?;
            if meta.file_type().is_symlink() {
                return None;
            }
        }
        if std::fs::symlink_metadata(&file).ok()?.is_dir() {
            file.push("index.html");
        }
        std::fs::symlink_metadata(&file)
            .ok()
            .filter(|m| m.file_type().is_file())
            .map(|_| file)
    }

    fn content_type(file: &Path) -> &'static str {
        match file.extension().and_then(|e| e.to_str()) {
            Some("html") => "text/html; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("js") => "text/javascript; charset=utf-8",
            Some("svg") => "image/svg+xml",
            _ => "application/octet-stream",
        }
    }

    fn respond(
        stream: &mut TcpStream,
        status: &str,
        content_type: &str,
        body: &[u8],
        method: &str,
    ) -> std::io::Result<()> {
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            body.len()
        )?;
        if method != "HEAD" {
            stream.write_all(body)?;
        }
        stream.flush()
    }
}

fn lexically_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Creates `out` if needed and returns it resolved; refuses the workspace root, a folder that
/// holds the workspace root, and a folder that holds any of its sources.
fn prepare_out(out: &Path, root: &Path, sources: &[PathBuf]) -> Result<PathBuf, String> {
    let shown = display_path(out);
    let canonical_root = fs::canonicalize(root).map_err(|e| format!("{}: {e}", root.display()))?;
    // Refuse before creating anything: an existing folder resolved, a new one judged by name.
    let planned = fs::canonicalize(out).unwrap_or_else(|_| lexically_absolute(out));
    if canonical_root.starts_with(&planned) {
        return Err(format!(
            "--out {shown} is the workspace folder or holds it; choose an empty folder such as `site/`"
        ));
    }
    fs::create_dir_all(out).map_err(|e| format!("--out {shown}: {e}"))?;
    let out = fs::canonicalize(out).map_err(|e| format!("--out {shown}: {e}"))?;
    if canonical_root.starts_with(&out) {
        return Err(format!(
            "--out {shown} is the workspace folder or holds it; choose an empty folder such as `site/`"
        ));
    }
    if let Some(source) = sources.iter().find(|s| {
        fs::canonicalize(s)
            .map(|c| c.starts_with(&out))
            .unwrap_or(false)
    }) {
        return Err(format!(
            "--out {shown} holds a source document ({}); choose a folder of its own",
            display_path(source)
        ));
    }
    Ok(out)
}

/// Whether `path` is a site path Docwright may write: relative, `/`-separated plain names.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\0'))
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Makes the folders of `relative` under `out`, refusing any that is a symbolic link or not a
/// folder.
/// `checked` holds the folders already made or found real in this build, each looked at once.
fn make_folders(
    out: &Path,
    relative: &str,
    checked: &mut std::collections::HashSet<PathBuf>,
) -> Result<PathBuf, String> {
    let mut folder = out.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        folder.push(part);
        if checked.contains(&folder) {
            continue;
        }
        checked.insert(folder.clone());
        match fs::symlink_metadata(&folder) {
            Ok(meta) if meta.file_type().is_dir() => {}
            Ok(_) => {
                return Err(format!(
                    "{} is not a folder (a symbolic link is never followed); remove it",
                    folder.display()
                ));
            }
            Err(_) => {
                fs::create_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
            }
        }
    }
    Ok(folder.join(parts[parts.len() - 1]))
}

/// Writes the site under `out` (already resolved): a file only when its bytes changed, each
/// replaced atomically (a symbolic link in its place is replaced, never followed), and the
/// files of the previous build that this one no longer has removed.
pub fn write_site(out: &Path, site: &BTreeMap<String, Vec<u8>>) -> Result<Written, String> {
    write_site_since(out, site, &BTreeMap::new())
}

/// [`write_site`], where `previous` is what this process last wrote there: a file whose bytes
/// are the same as then, and that is still a regular file of that size, is not read back.
pub fn write_site_since(
    out: &Path,
    site: &BTreeMap<String, Vec<u8>>,
    previous: &BTreeMap<String, Vec<u8>>,
) -> Result<Written, String> {
    let mut written = Written::default();
    let mut checked = std::collections::HashSet::new();
    for (relative, bytes) in site {
        if !is_plain_relative(relative) || relative == MANIFEST {
            return Err(format!("refusing to write `{relative}`"));
        }
        let target = make_folders(out, relative, &mut checked)?;
        let unchanged_here = previous.get(relative) == Some(bytes);
        let (same, exists) = match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_file() && meta.len() == bytes.len() as u64 => (
                unchanged_here || fs::read(&target).is_ok_and(|old| old == *bytes),
                true,
            ),
            Ok(_) => (false, true),
            Err(_) => (false, false),
        };
        if same {
            written.unchanged += 1;
            continue;
        }
        if exists {
            replace(&target, bytes)?;
        } else {
            // A new file: created where nothing is (never through a link that appeared since).
            create_new(&target, bytes)?;
        }
        written.written.push(relative.clone());
    }
    // Files an earlier build wrote and this one does not.
    let manifest = out.join(MANIFEST);
    let previous = match fs::symlink_metadata(&manifest) {
        Ok(meta) if meta.file_type().is_file() => fs::read_to_string(&manifest).unwrap_or_default(),
        _ => String::new(),
    };
    let now: BTreeSet<&str> = site.keys().map(String::as_str).collect();
    for old in previous.lines() {
        if now.contains(old) || !is_plain_relative(old) || old == MANIFEST {
            continue;
        }
        if remove_written_file(out, old) {
            written.removed.push(old.to_string());
        }
    }
    let listing: String = site.keys().map(|k| format!("{k}\n")).collect();
    if previous != listing {
        replace(&manifest, listing.as_bytes())?;
    }
    Ok(written)
}

/// Removes the file a former build wrote at `relative` under `out`: only a regular file (or a
/// link) at a path whose folders are real folders under `out`. Whether it was removed.
fn remove_written_file(out: &Path, relative: &str) -> bool {
    let mut folder = out.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    let folders_real = parts[..parts.len() - 1].iter().all(|part| {
        folder.push(part);
        fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_dir())
    });
    let path = out.join(relative);
    folders_real
        && fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_dir())
        && fs::remove_file(&path).is_ok()
}

/// Writes the files of `site` that `changes` names, and removes the ones it says went: for a
/// site whose other files are as this process last wrote them under `out` (a file changed on
/// disk behind its back is put right when its page next changes, or by a fresh build). The same
/// care as [`write_site_since`] per file; the list of files written is updated when a file came
/// or went.
pub fn write_changes(
    out: &Path,
    site: &BTreeMap<String, Vec<u8>>,
    changes: &SiteChanges,
) -> Result<Written, String> {
    let mut written = Written {
        unchanged: site.len() - changes.changed.len(),
        ..Written::default()
    };
    let mut checked = std::collections::HashSet::new();
    let mut listing_changed = !changes.removed.is_empty();
    for relative in &changes.changed {
        let Some(bytes) = site.get(relative) else {
            continue;
        };
        if !is_plain_relative(relative) || relative == MANIFEST {
            return Err(format!("refusing to write `{relative}`"));
        }
        let target = make_folders(out, relative, &mut checked)?;
        if fs::symlink_metadata(&target).is_ok() {
            replace(&target, bytes)?;
        } else {
            listing_changed = true;
            create_new(&target, bytes)?;
        }
        written.written.push(relative.clone());
    }
    for old in &changes.removed {
        if site.contains_key(old) || !is_plain_relative(old) || old == MANIFEST {
            continue;
        }
        if remove_written_file(out, old) {
            written.removed.push(old.clone());
        }
    }
    if listing_changed {
        let listing: String = site.keys().map(|k| format!("{k}\n")).collect();
        replace(&out.join(MANIFEST), listing.as_bytes())?;
    }
    Ok(written)
}

fn create_new(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)?;
        file.write_all(bytes)?;
        file.flush()
    })();
    result.map_err(|e| format!("{}: {e}", target.display()))
}

/// Writes `bytes` to a new temporary file beside `target`, then renames it over `target`.
fn replace(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.docwright-tmp-{}", std::process::id()));
    let _ = fs::remove_file(&temporary);
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.flush()?;
        drop(file);
        fs::rename(&temporary, target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        format!("{}: {e}", target.display())
    })
}
