//! The persisted workspace index (ADR 0026), end to end over stdio: a restart loads it, the
//! server revalidates it against the disk (changed, added and deleted files), and a corrupt,
//! deleted or symlinked cache file is ignored and rebuilt.

use crate::common;

use common::*;
use serde_json::json;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

fn adr(n: u32, title: &str) -> String {
    format!(
        "# {n}. {title}\n\nDate: 2024-03-0{n}\n\n## Status\n\nAccepted\n\n## Context\n\nWhy {n}.\n\n## Decision\n\nWe do {n}.\n\n## Consequences\n\nIt follows.\n"
    )
}

/// A workspace of three ADRs, written an hour ago (so that their times prove them unchanged),
/// and an empty cache folder.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().canonicalize().unwrap();
    let root = base.join("repo");
    let adrs = root.join("docs/adr");
    std::fs::create_dir_all(&adrs).unwrap();
    for (n, title) in [(1, "Use Postgres"), (2, "Adopt Kafka"), (3, "Retire Cron")] {
        let file = adrs.join(format!(
            "000{n}-{}.md",
            title.to_lowercase().replace(' ', "-")
        ));
        write_old(&file, &adr(n, title));
    }
    let cache = base.join("cache");
    (dir, root, cache)
}

fn write_old(file: &Path, text: &str) {
    std::fs::write(file, text).unwrap();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

fn start(root: &Path, cache: &Path) -> LspClient {
    let mut client = LspClient::spawn_with_env(
        Some(root),
        &[],
        &[("DOCWRIGHT_CACHE_DIR", cache.as_os_str())],
    );
    let mut caps = rich_capabilities(&["utf-8", "utf-16"]);
    caps["window"] = json!({ "workDoneProgress": true });
    client
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "capabilities": caps,
                "initializationOptions": { "diagnosticsDelayMs": 0 },
            }),
        )
        .expect("initialize succeeds");
    client.notify("initialized", json!({}));
    client
}

/// Waits for the indexing progress to end.
fn wait_indexed(client: &mut LspClient) {
    client.wait_notification("$/progress", |p| p["value"]["kind"] == "end");
}

/// The one cache file in `cache`, once written (the server writes it after indexing).
fn wait_cache_file(cache: &Path, not_before: SystemTime) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(cache)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .filter(|p| {
                std::fs::symlink_metadata(p)
                    .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t >= not_before))
            })
            .collect();
        if let [file] = files.as_slice() {
            // Written by a rename: complete once it exists.
            return file.clone();
        }
        assert!(
            Instant::now() < deadline,
            "no cache file written in {}",
            cache.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The names of the documents `workspace/symbol` finds for an empty query (their titles).
fn symbol_names(client: &mut LspClient) -> Vec<String> {
    let result = client
        .request("workspace/symbol", json!({ "query": "" }))
        .expect("workspace/symbol succeeds");
    let mut names: Vec<String> = result
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["kind"] == json!(1))
        .map(|s| s["name"].as_str().unwrap_or("").to_string())
        .collect();
    names.sort();
    names
}

/// How many documents a cache file holds: read back whole (the header's count matching the
/// records, each of which must decode) under the key it was written with.
fn cached_docs(file: &Path) -> usize {
    let key = docwright::host::index_cache::peek_key(file).expect("a cache file");
    let loaded = docwright::host::index_cache::load(file, &key)
        .unwrap()
        .expect("the file");
    loaded.docs.len()
}

fn stop(mut client: LspClient) -> String {
    client.shutdown();
    client.stderr()
}

fn first_run(root: &Path, cache: &Path) -> (PathBuf, Vec<String>) {
    let started = SystemTime::now() - Duration::from_secs(1);
    let mut client = start(root, cache);
    wait_indexed(&mut client);
    let names = symbol_names(&mut client);
    let file = wait_cache_file(cache, started);
    let _ = stop(client);
    (file, names)
}

#[test]
fn a_restart_answers_from_the_cache_and_revalidates_changed_added_and_deleted_files() {
    let (_dir, root, cache) = setup();
    let (file, names) = first_run(&root, &cache);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().any(|n| n.contains("Adopt Kafka")), "{names:?}");
    assert_eq!(
        cached_docs(&file),
        3,
        "one line per document after the header"
    );

    // While the server is off: one file edited, one deleted, one added.
    let adrs = root.join("docs/adr");
    std::fs::write(adrs.join("0002-adopt-kafka.md"), adr(2, "Adopt Pulsar")).unwrap();
    std::fs::remove_file(adrs.join("0003-retire-cron.md")).unwrap();
    std::fs::write(adrs.join("0004-add-tracing.md"), adr(4, "Add Tracing")).unwrap();

    let mut client = start(&root, &cache);
    wait_indexed(&mut client);
    let names = symbol_names(&mut client);
    let stderr = stop(client);
    assert!(
        stderr.contains("Loaded 3 documents from the index cache"),
        "the restart read the cache: {stderr}"
    );
    assert!(
        names.iter().any(|n| n.contains("Use Postgres")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.contains("Adopt Pulsar")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.contains("Add Tracing")), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Kafka") || n.contains("Retire Cron")),
        "nothing stale survives revalidation: {names:?}"
    );
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn a_corrupt_or_deleted_cache_file_is_ignored_and_rebuilt() {
    let (_dir, root, cache) = setup();
    let (file, names) = first_run(&root, &cache);

    for damage in ["corrupt", "truncated", "deleted"] {
        let before = SystemTime::now() - Duration::from_secs(1);
        match damage {
            "corrupt" => std::fs::write(&file, b"\x00\xffnot json at all").unwrap(),
            "truncated" => {
                let bytes = std::fs::read(&file).unwrap();
                std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
            }
            _ => std::fs::remove_file(&file).unwrap(),
        }
        let mut client = start(&root, &cache);
        wait_indexed(&mut client);
        assert_eq!(
            symbol_names(&mut client),
            names,
            "after a {damage} cache file"
        );
        let rewritten = wait_cache_file(&cache, before);
        let stderr = stop(client);
        assert!(
            !stderr.contains("from the index cache"),
            "a {damage} cache file is not loaded: {stderr}"
        );
        assert_eq!(rewritten, file);
        assert_eq!(
            cached_docs(&rewritten),
            3,
            "the rebuilt cache is whole after a {damage} one"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_at_the_cache_file_is_neither_read_nor_written_through() {
    let (dir, root, cache) = setup();
    let (file, names) = first_run(&root, &cache);
    // A valid cache file elsewhere, linked from where the cache file goes.
    let outside = dir.path().join("outside.json");
    std::fs::rename(&file, &outside).unwrap();
    let original = std::fs::read(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, &file).unwrap();

    let before = SystemTime::now() - Duration::from_secs(1);
    let mut client = start(&root, &cache);
    wait_indexed(&mut client);
    assert_eq!(symbol_names(&mut client), names);
    let rewritten = wait_cache_file(&cache, before);
    let stderr = stop(client);
    assert!(
        !stderr.contains("from the index cache"),
        "the link is not followed: {stderr}"
    );
    assert_eq!(rewritten, file);
    assert!(
        !std::fs::symlink_metadata(&file)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced, not written through"
    );
    assert_eq!(
        std::fs::read(&outside).unwrap(),
        original,
        "the link's target is untouched"
    );
}

#[test]
fn an_empty_cache_variable_turns_the_cache_off() {
    let (_dir, root, home) = setup();
    let mut client = LspClient::spawn_with_env(
        Some(&root),
        &[],
        &[
            ("DOCWRIGHT_CACHE_DIR", OsStr::new("")),
            ("HOME", home.as_os_str()),
            ("XDG_CACHE_HOME", home.join("xdg").as_os_str()),
            ("LOCALAPPDATA", home.as_os_str()),
        ],
    );
    client
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(&root),
                "capabilities": { "window": { "workDoneProgress": true } },
            }),
        )
        .unwrap();
    client.notify("initialized", json!({}));
    wait_indexed(&mut client);
    assert_eq!(symbol_names(&mut client).len(), 3);
    let _ = stop(client);
    assert!(!home.exists(), "nothing written in the cache folders");
}

#[test]
fn a_restart_on_an_unchanged_workspace_keeps_the_cache_file_as_it_is() {
    let (_dir, root, cache) = setup();
    let (file, names) = first_run(&root, &cache);
    let before = std::fs::read(&file).unwrap();
    let mut client = start(&root, &cache);
    wait_indexed(&mut client);
    assert_eq!(symbol_names(&mut client), names);
    let stderr = stop(client);
    assert!(
        stderr.contains("Loaded 3 documents from the index cache"),
        "{stderr}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "nothing changed, nothing written"
    );
}
