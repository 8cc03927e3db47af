//! `docwright site`: the static website of the decision logs, built by the real binary from the
//! shared corpora (MADR's own decisions, the adrs-rs Nygard ADRs, the Rust RFCs) and a fixture
//! monorepo with two logs. Snapshots of the generated HTML; every internal link resolves; nothing
//! is written outside `--out`; a rebuild rewrites only what changed.

use crate::common::cli::{copy_tree, docwright};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const TODAY: &str = "--today=2026-12-01";

fn corpus(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(name);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipped: no corpus at {}", path.display());
        None
    }
}

fn monorepo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/monorepo"),
        dir.path(),
    );
    dir
}

/// Builds the site of `source` into `out`; panics unless it succeeds. Returns standard error.
fn build(source: &Path, out: &Path) -> String {
    let run = docwright(
        source,
        &["site", ".", "--out", out.to_str().unwrap(), TODAY],
    );
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    run.stderr
}

/// Every file of the site, by its path relative to `out`.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, found);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                found.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(out, out, &mut found);
    found
}

fn page(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href` and `src` of every page that is not a URL: (page, target). Each must name a file
/// of the site, and its `#anchor` an `id` of that page.
fn broken_links(out: &Path) -> (usize, Vec<String>) {
    let site = files(out);
    let attribute = regex::Regex::new(r#"\s(?:href|src)="([^"]*)""#).unwrap();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let folder = Path::new(path).parent().unwrap_or(Path::new(""));
        for capture in attribute.captures_iter(&text) {
            let target = unescape(&capture[1]);
            let lower = target.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file.to_string(), Some(percent_decode(anchor))),
                None => (target.clone(), None),
            };
            let resolved = if file.is_empty() {
                path.clone()
            } else {
                let mut parts: Vec<String> = folder
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                for part in percent_decode(&file).split('/') {
                    match part {
                        ".." => {
                            if parts.pop().is_none() {
                                broken.push(format!("{path}: {target} climbs out of the site"));
                            }
                        }
                        "." | "" => {}
                        part => parts.push(part.to_string()),
                    }
                }
                parts.join("/")
            };
            let Some(content) = site.get(&resolved) else {
                broken.push(format!("{path}: {target} (no file {resolved})"));
                continue;
            };
            if let Some(anchor) = anchor {
                let content = String::from_utf8_lossy(content);
                let id = format!(
                    "id=\"{}\"",
                    anchor
                        .replace('&', "&amp;")
                        .replace('"', "&quot;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('\'', "&#39;")
                );
                if !content.contains(&id) {
                    broken.push(format!("{path}: {target} (no {id} in {resolved})"));
                }
            }
        }
    }
    (checked, broken)
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn madr_decisions_site() {
    let Some(source) = corpus("madr") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    build(&source, out.path());
    insta::assert_snapshot!("madr_index", main_of(&page(out.path(), "index.html")));
    insta::assert_snapshot!("madr_graphs", main_of(&page(out.path(), "graphs.html")));
    insta::assert_snapshot!("madr_health", main_of(&page(out.path(), "health.html")));
    insta::assert_snapshot!(
        "madr_record",
        page(out.path(), "doc/decisions/0003-provide-own-madr-tools.html")
    );
    let (checked, broken) = broken_links(out.path());
    assert!(checked > 100, "{checked}");
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn adrs_rs_site() {
    let Some(source) = corpus("adrs-rs") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    build(&source, out.path());
    insta::assert_snapshot!("adrs_rs_index", main_of(&page(out.path(), "index.html")));
    insta::assert_snapshot!("adrs_rs_graphs", main_of(&page(out.path(), "graphs.html")));
    insta::assert_snapshot!("adrs_rs_health", main_of(&page(out.path(), "health.html")));
    insta::assert_snapshot!(
        "adrs_rs_record",
        main_of(&page(out.path(), "doc/adr/0002-rewrite-it-in-rust.html"))
    );
    let (_, broken) = broken_links(out.path());
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn monorepo_site_with_two_logs() {
    let source = monorepo();
    let out = tempfile::tempdir().unwrap();
    build(source.path(), out.path());
    let site = files(out.path());
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let name = format!("monorepo_{}", path.replace(['/', '.'], "_"));
            insta::assert_snapshot!(name, String::from_utf8_lossy(bytes));
        }
    }
    let (checked, broken) = broken_links(out.path());
    assert!(checked > 50, "{checked}");
    assert!(broken.is_empty(), "{broken:#?}");

    // The superseded record's banner names and links its successor.
    let old = page(
        out.path(),
        "doc/services/billing/adr/0001-use-postgresql.html",
    );
    let banner = &old[old.find("class=\"banner\"").expect("a banner")..];
    let banner = &banner[..banner.find("</div>").unwrap()];
    assert!(
        banner.contains("<a href=\"0003-use-cockroachdb.html\">BILL-0003"),
        "{banner}"
    );
    // Relations both ways: the successor says what it supersedes; the cited record who cites it.
    let new = page(
        out.path(),
        "doc/services/billing/adr/0003-use-cockroachdb.html",
    );
    assert!(new.contains("<dt>Supersedes</dt><dd><a href=\"0001-use-postgresql.html\">"));
    assert!(old.contains("<dt>Cited by</dt>"));
    // A link to another log's heading lands on the anchor that heading has on its page.
    let kafka = page(
        out.path(),
        "doc/services/billing/adr/0002-publish-events-to-kafka.html",
    );
    assert!(kafka.contains("href=\"../../../platform/rfcs/0001-event-naming.html#naming-rules\""));
    let rfc = page(out.path(), "doc/platform/rfcs/0001-event-naming.html");
    assert!(rfc.contains("<h3 id=\"naming-rules\">"));
    // A link to a missing file goes to the configured source host, never to a dead page.
    let registry = page(out.path(), "doc/platform/rfcs/0002-schema-registry.html");
    assert!(registry.contains(
        "href=\"https://code.example.com/acme/blob/main/platform/rfcs/0009-never-written.md\""
    ));
    // The health page: both open proposals with their age, the broken reference, the records
    // citing a superseded one.
    let health = page(out.path(), "health.html");
    assert!(health.contains("Open proposals (2)"));
    assert!(health.contains("1279 days old")); // 2023-06-01 → 2026-12-01, BILL-0002
    assert!(health.contains("<h3>Broken references (1)</h3>"));
    assert!(health.contains("<h3>Records citing superseded ones (2)</h3>"));
    // The search index holds every record with the words of its body.
    let index = page(out.path(), "assets/search-index.js");
    assert_eq!(index.matches("\"doc/").count(), 5, "{index}");
    assert!(index.contains(" multi "), "{index}");
}

#[test]
fn the_configured_logs_only_are_published() {
    let source = monorepo();
    let config = source.path().join("docwright.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace(
            "title = \"Acme decisions\"",
            "title = \"Acme\"\nlogs = [\"platform/rfcs\"]",
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(source.path(), out.path());
    let site = files(out.path());
    assert!(site.contains_key("doc/platform/rfcs/0001-event-naming.html"));
    assert!(
        !site.keys().any(|k| k.contains("billing")),
        "{:?}",
        site.keys()
    );
    // Links to records left out are dropped, not left dangling.
    let (_, broken) = broken_links(out.path());
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_rebuild_rewrites_only_what_changed() {
    let source = monorepo();
    let out = tempfile::tempdir().unwrap();
    let first = build(source.path(), out.path());
    assert!(
        first.starts_with("13 files written, 0 unchanged"),
        "{first}"
    );
    let second = build(source.path(), out.path());
    assert!(
        second.starts_with("0 files written, 13 unchanged, 0 removed"),
        "{second}"
    );
    // One record's body changes: its page and the search index only.
    let record = source.path().join("platform/rfcs/0002-schema-registry.md");
    let text = fs::read_to_string(&record).unwrap();
    fs::write(
        &record,
        text.replace("Generated clients.", "Generated clients and docs."),
    )
    .unwrap();
    let run = docwright(
        source.path(),
        &["site", ".", "--out", out.path().to_str().unwrap(), TODAY],
    );
    assert!(
        run.stderr.starts_with("2 files written, 11 unchanged"),
        "{}",
        run.stderr
    );
    // A record removed: its page is removed too.
    fs::remove_file(&record).unwrap();
    let after = build(source.path(), out.path());
    assert!(after.contains(", 1 removed"), "{after}");
    assert!(
        !out.path()
            .join("doc/platform/rfcs/0002-schema-registry.html")
            .exists()
    );
}

#[test]
fn out_may_not_be_the_workspace_nor_hold_it() {
    let source = monorepo();
    for out in [".", "..", "platform/.."] {
        let run = docwright(source.path(), &["site", ".", "--out", out]);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains("is the workspace folder or holds it"),
            "{}",
            run.stderr
        );
    }
    // A folder holding sources (a sub-folder of the workspace with records in it).
    let run = docwright(source.path(), &["site", ".", "--out", "platform"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("holds a source document"),
        "{}",
        run.stderr
    );
    assert!(!source.path().join("platform/index.html").exists());
    // A folder of its own inside the workspace is fine, and is not read back as sources.
    build(source.path(), &source.path().join("site"));
    let again = build(source.path(), &source.path().join("site"));
    assert!(again.starts_with("0 files written"), "{again}");
}

#[cfg(unix)]
#[test]
fn nothing_is_written_outside_out_through_a_symbolic_link() {
    let source = monorepo();
    let out = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim.html");
    fs::write(&victim, "precious").unwrap();
    // A page's path is a link to a file outside: the link is replaced, the file untouched.
    std::os::unix::fs::symlink(&victim, out.path().join("index.html")).unwrap();
    build(source.path(), out.path());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        fs::symlink_metadata(out.path().join("index.html"))
            .unwrap()
            .file_type()
            .is_file()
    );
    // A folder of the site is a link to a folder outside: refused, nothing written there.
    fs::remove_dir_all(out.path().join("doc")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), out.path().join("doc")).unwrap();
    let run = docwright(
        source.path(),
        &["site", ".", "--out", out.path().to_str().unwrap(), TODAY],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("symbolic link is never followed"),
        "{}",
        run.stderr
    );
    let outside: Vec<_> = fs::read_dir(elsewhere.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(outside, vec![std::ffi::OsString::from("victim.html")]);
    // A forged manifest naming a file outside is not obeyed.
    fs::remove_file(out.path().join("doc")).unwrap();
    fs::write(
        out.path().join(".docwright-site"),
        "../victim.html\n/etc/passwd\n",
    )
    .unwrap();
    build(source.path(), out.path());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn rust_rfcs_site_links_resolve() {
    let Some(source) = corpus("rust-rfcs") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    build(&source, out.path());
    let site = files(out.path());
    let pages = site.keys().filter(|k| k.starts_with("doc/")).count();
    assert!(pages > 600, "{pages}");
    let (checked, broken) = broken_links(out.path());
    assert!(checked > 5000, "{checked}");
    assert!(broken.is_empty(), "{:#?}", &broken[..broken.len().min(20)]);
}

/// `GET path` on 127.0.0.1:port: (status line, body).
fn http_get(port: u16, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn serve_previews_on_loopback_and_rebuilds_on_change() {
    use std::io::BufRead;
    let source = monorepo();
    let out = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(crate::common::cli::BIN)
        .args([
            "site",
            ".",
            "--out",
            out.path().to_str().unwrap(),
            "--serve",
            "--port",
            "0",
        ])
        .current_dir(source.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut port = None;
    let mut line = String::new();
    while port.is_none() && stderr.read_line(&mut line).unwrap() > 0 {
        if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
        }
        line.clear();
    }
    // Keep reading standard error so that the server never blocks on it.
    std::thread::spawn(move || for _ in stderr.lines() {});
    let port = port.expect("the server prints its loopback address");
    let result = std::panic::catch_unwind(|| {
        let (status, home) = http_get(port, "/");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(home.contains("Use CockroachDB for invoices"));
        assert!(
            home.contains("/__docwright/version"),
            "the reload script is served"
        );
        assert_eq!(
            http_get(port, "/../../etc/passwd").0,
            "HTTP/1.1 404 Not Found"
        );
        assert_eq!(
            http_get(port, "/.docwright-site").0,
            "HTTP/1.1 404 Not Found"
        );
        let (_, before) = http_get(port, "/__docwright/version");
        // An edit is rebuilt and the version moves within a second or so.
        let record = source
            .path()
            .join("services/billing/adr/0003-use-cockroachdb.md");
        let text = fs::read_to_string(&record).unwrap();
        fs::write(
            &record,
            text.replace("# 3. Use CockroachDB", "# 3. Use Spanner"),
        )
        .unwrap();
        let started = std::time::Instant::now();
        loop {
            let (_, now) = http_get(port, "/__docwright/version");
            if now != before {
                break;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "no rebuild"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        eprintln!("rebuilt and visible after {:?}", started.elapsed());
        let (_, home) = http_get(port, "/index.html");
        assert!(home.contains("Use Spanner for invoices"), "{home}");
        // The file written has no reload script; only what is served does.
        assert!(!page(out.path(), "index.html").contains("__docwright"));
    });
    child.kill().unwrap();
    child.wait().unwrap();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn a_hostile_repository_puts_no_script_or_remote_asset_on_the_site() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("adr")).unwrap();
    fs::write(
        dir.path().join("docwright.toml"),
        "[site]\ntitle = \"<script>alert(1)</script>\"\nsource-link = \"javascript:alert(1)//{path}\"\nbase-path = \"javascript:alert(2)\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("adr/0001-x.md"),
        "# 1. X <script>alert(3)</script>\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\n\
<script>alert(4)</script>\n\n<img src=x onerror=alert(5)>\n\n[a](javascript:alert(6)) [b](JaVaScRiPt:alert(7)) \
[c](data:text/html,x) ![t](https://tracker.example/p.png) [d](../../../etc/passwd) \
<a href=\"javascript:alert(8)\">e</a>\n\n```\"><script>alert(9)</script>\nx\n```\n\n## Decision\n\nD.\n\n## Consequences\n\nC.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(dir.path(), out.path());
    for (path, bytes) in files(out.path()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        if !path.ends_with(".html") {
            continue;
        }
        // The only scripts are the site's own, loaded from its assets.
        let scripts = text.matches("<script").count();
        let own = text.matches("<script src=\"").count();
        assert_eq!(scripts, own, "{path}: {text}");
        assert!(!text.contains("javascript:"), "{path}: {text}");
        assert!(!text.contains("data:text"), "{path}: {text}");
        assert!(!text.contains("<img"), "{path}: {text}");
        assert!(!text.contains("src=\"http"), "{path}: {text}");
        assert!(!text.contains("rel=\"canonical\""), "{path}: {text}");
    }
    let (_, broken) = broken_links(out.path());
    assert!(broken.is_empty(), "{broken:#?}");
}

/// `--serve`'s session: builds into `out`, keeping what it built between builds.
fn session_args(source: &Path, out: &Path) -> docwright::cli::site::SiteArgs {
    docwright::cli::site::SiteArgs {
        path: source.to_path_buf(),
        out: out.to_path_buf(),
        config: None,
        today: Some("2026-12-01".to_string()),
        serve: false,
        port: 8000,
    }
}

/// After each change, the session's incremental rebuild leaves exactly the files a fresh
/// `docwright site` writes, and it re-renders fewer record pages than there are.
#[test]
fn an_incremental_rebuild_equals_a_fresh_build() {
    let source = monorepo();
    let out = tempfile::tempdir().unwrap();
    let mut session = docwright::cli::site::Session::default();
    let args = session_args(source.path(), out.path());
    assert_eq!(session.build(&args), 0);
    assert_eq!(session.rendered(), 5);
    assert_eq!(session.build(&args), 0);
    assert_eq!(session.rendered(), 0, "nothing changed, nothing rendered");
    let billing = source.path().join("services/billing/adr");
    type Change<'a> = (&'a str, Box<dyn Fn() + 'a>, usize);
    let changes: Vec<Change> = vec![
        (
            "an edited title",
            Box::new(|| {
                replace_in(
                    &billing.join("0003-use-cockroachdb.md"),
                    "# 3. Use CockroachDB for invoices",
                    "# 3. Use CockroachDB for all invoices",
                )
            }),
            // Itself and the record it supersedes (its banner names it).
            2,
        ),
        (
            "a new supersession",
            Box::new(|| {
                replace_in(
                    &billing.join("0002-publish-events-to-kafka.md"),
                    "## Status\n\nProposed",
                    "## Status\n\nSuperseded by [3. Use CockroachDB for all invoices](0003-use-cockroachdb.md)",
                )
            }),
            // Itself, its successor and the two records it cites (their "cited by" names it).
            4,
        ),
        (
            "a new record",
            Box::new(|| {
                fs::write(
                    billing.join("0004-archive-invoices.md"),
                    "# 4. Archive invoices\n\nDate: 2024-09-01\n\n## Status\n\nAccepted\n\nSupersedes [3. Use CockroachDB for all invoices](0003-use-cockroachdb.md)\n\n## Context\n\nOld invoices.\n\n## Decision\n\nArchive them.\n\n## Consequences\n\nLess data.\n",
                )
                .unwrap()
            }),
            2,
        ),
        (
            "a deleted record",
            Box::new(|| {
                fs::remove_file(source.path().join("platform/rfcs/0001-event-naming.md")).unwrap()
            }),
            // The records that link to it or that it cited.
            3,
        ),
    ];
    for (what, change, at_most) in changes {
        change();
        assert_eq!(session.build(&args), 0, "{what}");
        assert!(
            session.rendered() <= at_most,
            "{what}: {} pages rendered",
            session.rendered()
        );
        assert_same_as_a_fresh_build(source.path(), out.path(), what);
    }
}

/// Replaces `from`, which must be there, by `to` in `file`.
fn replace_in(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{}: {from}", file.display());
    fs::write(file, text.replace(from, to)).unwrap();
}

/// Edits `file`, rebuilds as `--serve` does when its watcher names the file, and checks that the
/// edit shows and that the output is, file for file, a fresh build's.
fn rebuild_after_edit(
    session: &mut docwright::cli::site::Session,
    args: &docwright::cli::site::SiteArgs,
    what: &str,
    file: &Path,
    from: &str,
    to: &str,
) {
    let before = files(&args.out);
    replace_in(file, from, to);
    assert_eq!(
        session.rebuild(args, std::slice::from_ref(&file.to_path_buf())),
        0,
        "{what}"
    );
    assert_ne!(before, files(&args.out), "{what}: the edit shows");
    assert_same_as_a_fresh_build(&args.path, &args.out, what);
}

/// `out` holds, file for file, what a fresh `docwright site` of `source` writes.
fn assert_same_as_a_fresh_build(source: &Path, out: &Path, what: &str) {
    let fresh = tempfile::tempdir().unwrap();
    build(source, fresh.path());
    let (incremental, fresh) = (files(out), files(fresh.path()));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (path, bytes) in &fresh {
        assert!(
            incremental[path] == *bytes,
            "{what}: {path} differs from a fresh build:\n{}",
            String::from_utf8_lossy(&incremental[path])
        );
    }
}

/// `--serve`'s rebuild when the watcher names the edited files (no walk, no stat of the
/// others): after an edited title, a new supersession, an edited relation, a new date, status,
/// broken link, renamed heading, citation or body, the output folder is file for file what a
/// fresh `docwright site` writes (the record pages, timeline, graphs, health page and search
/// index it keeps per record are those a cold build makes).
#[test]
fn a_rebuild_told_of_the_edited_files_equals_a_fresh_build() {
    let source = monorepo();
    let out = tempfile::tempdir().unwrap();
    let mut session = docwright::cli::site::Session::default();
    let args = session_args(source.path(), out.path());
    assert_eq!(session.build(&args), 0);
    let billing = source.path().join("services/billing/adr");
    let third = billing.join("0003-use-cockroachdb.md");
    let second = billing.join("0002-publish-events-to-kafka.md");
    let first = billing.join("0001-use-postgresql.md");
    let edits: Vec<(&str, PathBuf, &str, &str)> = vec![
        (
            "an edited title",
            third.clone(),
            "# 3. Use CockroachDB for invoices",
            "# 3. Use CockroachDB for all invoices",
        ),
        (
            "a new status (superseded)",
            second.clone(),
            "## Status\n\nProposed",
            "## Status\n\nSuperseded by [3. Use CockroachDB for all invoices](0003-use-cockroachdb.md)",
        ),
        (
            "a relation taken back",
            second.clone(),
            "Superseded by [3. Use CockroachDB for all invoices](0003-use-cockroachdb.md)",
            "Rejected",
        ),
        (
            "a new date (the record moves in the timeline)",
            third.clone(),
            "Date: 2024-01-20",
            "Date: 2022-11-03",
        ),
        (
            "a status edited (accepted to deprecated)",
            third.clone(),
            "## Status\n\nAccepted",
            "## Status\n\nDeprecated",
        ),
        (
            "a broken link (the health page)",
            second.clone(),
            "(0001-use-postgresql.md#decision)",
            "(0001-use-postgresql.md#no-such-heading)",
        ),
        (
            "a link to a missing record",
            third.clone(),
            "[the PostgreSQL decision](0001-use-postgresql.md)",
            "[the PostgreSQL decision](0009-no-such-record.md)",
        ),
        (
            "the link mended",
            second.clone(),
            "(0001-use-postgresql.md#no-such-heading)",
            "(0001-use-postgresql.md#decision)",
        ),
        (
            "a heading another record links to renamed (it breaks there)",
            first.clone(),
            "## Decision",
            "## The decision",
        ),
        (
            "a citation added",
            third.clone(),
            "Multi-region writes;",
            "Multi-region writes (see [the registry](../../../platform/rfcs/0002-schema-registry.md));",
        ),
        (
            "the body alone edited",
            third.clone(),
            "a less familiar database",
            "an unfamiliar database",
        ),
        (
            "the title edited again",
            third.clone(),
            "# 3. Use CockroachDB for all invoices",
            "# 3. CockroachDB for invoices",
        ),
    ];
    for (what, file, from, to) in edits {
        rebuild_after_edit(&mut session, &args, what, &file, from, to);
    }
    // A record added (a new file: a build, which writes only what changed), edited through a
    // rebuild, then removed: its page comes and goes, and so do its relations' mentions.
    let fourth = billing.join("0004-archive-invoices.md");
    fs::write(
        &fourth,
        "# 4. Archive invoices\n\nDate: 2024-09-01\n\n## Status\n\nAccepted\n\nSupersedes [3. CockroachDB for invoices](0003-use-cockroachdb.md)\n\n## Context\n\nOld invoices.\n\n## Decision\n\nArchive them.\n\n## Consequences\n\nLess data.\n",
    )
    .unwrap();
    assert_eq!(session.build(&args), 0);
    assert!(files(out.path()).contains_key("doc/services/billing/adr/0004-archive-invoices.html"));
    assert_same_as_a_fresh_build(source.path(), out.path(), "a record added");
    replace_in(
        &fourth,
        "# 4. Archive invoices",
        "# 4. Archive old invoices",
    );
    assert_eq!(session.rebuild(&args, std::slice::from_ref(&fourth)), 0);
    assert_same_as_a_fresh_build(source.path(), out.path(), "the added record edited");
    fs::remove_file(&fourth).unwrap();
    assert_eq!(session.build(&args), 0);
    assert!(!files(out.path()).contains_key("doc/services/billing/adr/0004-archive-invoices.html"));
    assert_same_as_a_fresh_build(source.path(), out.path(), "the added record removed");
}

/// A log found by the template beside it (no `docwright.toml`): the session keeps what template
/// discovery found while nothing it looked at changed, and an edit to the template (told as an
/// edited file, as the watcher tells it) is seen: the site is then what a fresh build writes.
#[test]
fn a_rebuild_after_a_template_edit_equals_a_fresh_build() {
    let source = tempfile::tempdir().unwrap();
    let adr = source.path().join("docs/adr");
    fs::create_dir_all(&adr).unwrap();
    for (n, what) in [(1, "PostgreSQL"), (2, "Kafka"), (3, "Redis"), (4, "gRPC")] {
        fs::write(
            adr.join(format!("000{n}-use-{}.md", what.to_lowercase())),
            format!(
                "# {n}. Use {what}\n\nDate: 2024-01-0{n}\n\n## Status\n\nAccepted\n\n## Context\n\nWe need {what}.\n\n## Decision\n\nWe use {what}.\n\n## Consequences\n\nIt works.\n"
            ),
        )
        .unwrap();
    }
    let template = adr.join("template.md");
    let fits = "# Title\n\nDate: YYYY-MM-DD\n\n## Status\n\nProposed\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n";
    let does_not_fit = "# Title\n\n## Summary\n\nx\n\n## Goals\n\nx\n\n## Non-goals\n\nx\n\n## Rollout plan\n\nx\n";
    fs::write(&template, fits).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut session = docwright::cli::site::Session::default();
    let args = session_args(source.path(), out.path());
    assert_eq!(session.build(&args), 0);
    assert_same_as_a_fresh_build(source.path(), out.path(), "the first build");
    let record = adr.join("0002-use-kafka.md");
    for (what, text) in [
        ("a template that no longer fits", does_not_fit),
        ("a template that fits again", fits),
    ] {
        let before = files(out.path());
        fs::write(&template, text).unwrap();
        assert_eq!(
            session.rebuild(&args, std::slice::from_ref(&template)),
            0,
            "{what}"
        );
        assert_ne!(before, files(out.path()), "{what}: the edit shows");
        assert_same_as_a_fresh_build(source.path(), out.path(), what);
        // And a record edited afterwards, with what discovery found kept.
        let text = fs::read_to_string(&record).unwrap();
        fs::write(&record, format!("{text}\nMore.\n")).unwrap();
        assert_eq!(
            session.rebuild(&args, std::slice::from_ref(&record)),
            0,
            "{what}"
        );
        assert_same_as_a_fresh_build(source.path(), out.path(), what);
    }
}

/// The timeline kept by month and the graphs page kept by drawing and node (ADR 33): after a
/// title edit, a status that moves a node's colour, a supersession that merges two drawings and
/// its removal that splits them again, and a date that moves a record to another month, each in
/// either of two logs, the output folder is file for file what a fresh `docwright site` writes.
#[test]
fn a_rebuild_after_graph_and_timeline_edits_equals_a_fresh_build() {
    let source = tempfile::tempdir().unwrap();
    let logs = ["docs/adr", "services/search/adr"];
    let mut config = String::new();
    for log in logs {
        config.push_str(&format!("[[logs]]\npath = \"{log}\"\n\n"));
        let folder = source.path().join(log);
        fs::create_dir_all(&folder).unwrap();
        // 1 ← 2 ← 3 a chain of supersession, 5 cites 4, 8 supersedes 7, the others alone;
        // dated over three months.
        for n in 1..=9 {
            let status = match n {
                1 | 2 => format!(
                    "Superseded by [{}. Record {}](000{}-record.md)",
                    n + 1,
                    n + 1,
                    n + 1
                ),
                7 => "Superseded by [8. Record 8](0008-record.md)".to_string(),
                6 => "Proposed".to_string(),
                _ => "Accepted".to_string(),
            };
            let relation = match n {
                2 | 3 | 8 => format!(
                    "\nSupersedes [{}. Record {}](000{}-record.md)\n",
                    n - 1,
                    n - 1,
                    n - 1
                ),
                5 => "\nSee [record 4](0004-record.md).\n".to_string(),
                _ => String::new(),
            };
            fs::write(
                folder.join(format!("000{n}-record.md")),
                format!(
                    "# {n}. Record {n}\n\nDate: 2024-0{}-1{n}\n\n## Status\n\n{status}\n{relation}\n## Context\n\nWhy {n}.\n\n## Decision\n\nWe do {n}.\n\n## Consequences\n\nSo {n}.\n",
                    1 + n % 3
                ),
            )
            .unwrap();
        }
    }
    fs::write(source.path().join("docwright.toml"), config).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut session = docwright::cli::site::Session::default();
    let args = session_args(source.path(), out.path());
    assert_eq!(session.build(&args), 0);
    assert_same_as_a_fresh_build(source.path(), out.path(), "the first build");
    for log in logs {
        let record = |n: u32| source.path().join(log).join(format!("000{n}-record.md"));
        let edits: Vec<(&str, PathBuf, &str, &str)> = vec![
            (
                "a title edit (a drawn node and its edges)",
                record(2),
                "# 2. Record 2",
                "# 2. Record two",
            ),
            (
                "a title edit of a record in no drawing",
                record(9),
                "# 9. Record 9",
                "# 9. Record nine",
            ),
            (
                "a status that moves a node's colour",
                record(5),
                "## Status\n\nAccepted",
                "## Status\n\nProposed",
            ),
            (
                "an open proposal accepted",
                record(6),
                "## Status\n\nProposed",
                "## Status\n\nAccepted",
            ),
            (
                "a supersession that merges two drawings",
                record(4),
                "## Status\n\nAccepted\n",
                "## Status\n\nAccepted\n\nSupersedes [3. Record 3](0003-record.md)\n",
            ),
            (
                "the supersession taken back (the drawings split)",
                record(4),
                "\nSupersedes [3. Record 3](0003-record.md)\n",
                "",
            ),
            (
                "a date that moves a record to another month",
                record(2),
                "Date: 2024-03-12",
                "Date: 2023-11-05",
            ),
            (
                "a date that opens a new month",
                record(9),
                "Date: 2024-01-19",
                "Date: 2025-07-01",
            ),
            (
                "a record's date removed (undated)",
                record(8),
                "Date: 2024-03-18\n",
                "",
            ),
            (
                "the title edited again",
                record(2),
                "# 2. Record two",
                "# 2. Record 2",
            ),
        ];
        for (what, file, from, to) in edits {
            let what = format!("{log}: {what}");
            rebuild_after_edit(&mut session, &args, &what, &file, from, to);
        }
    }
}
