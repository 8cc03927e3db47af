//! What the workspace symbol, inlay hint and code lens tests share: the fixture workspace (five
//! ADRs, ADR-0003 superseded by ADR-0007), copied to a temporary folder, and a server started on
//! it once its index holds every document.

// Each test file uses a different part of it.
#![allow(dead_code)]

use crate::common::{LspClient, file_uri, rich_capabilities};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const FIXTURE_DOCS: usize = 5;

pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// A fresh copy of `tests/fixtures/symbols_lenses`.
    pub fn new() -> Workspace {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/symbols_lenses");
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&source, dir.path());
        Workspace { dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn uri(&self, relative: &str) -> String {
        file_uri(&self.path(relative))
    }

    pub fn text(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    /// Opens a document of the workspace with its text on disk, and waits for its diagnostics
    /// (so that it has been analysed).
    pub fn open(&self, client: &mut LspClient, relative: &str) -> String {
        let uri = self.uri(relative);
        let text = self.text(relative);
        client.open(&uri, &text);
        client.diagnostics_for(&uri, 1);
        text
    }

    /// Replaces workspace URIs with `file:///ROOT/…` for snapshots.
    pub fn redact(&self, value: &Value) -> Value {
        let root = file_uri(self.dir.path());
        let text = serde_json::to_string(value)
            .unwrap()
            .replace(&root, "file:///ROOT");
        serde_json::from_str(&text).unwrap()
    }

    /// Starts a server on the workspace offering `encodings`, plus `extra` client capabilities
    /// under `workspace`, and waits until the index holds every document.
    pub fn start(&self, encodings: &[&str], workspace_capabilities: Value) -> LspClient {
        let mut capabilities = rich_capabilities(encodings);
        if let (Some(into), Some(extra)) = (
            capabilities["workspace"].as_object_mut(),
            workspace_capabilities.as_object(),
        ) {
            into.extend(extra.clone());
        }
        let (mut client, _) = LspClient::start(
            Some(self.dir.path()),
            capabilities,
            json!({ "diagnosticsDelayMs": 0 }),
        );
        wait_for_index(&mut client);
        client
    }
}

/// Polls `workspace/symbol` until every fixture document is indexed: the index may be built in
/// the background after `initialized`.
fn wait_for_index(client: &mut LspClient) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let symbols = client
            .request("workspace/symbol", json!({ "query": "" }))
            .unwrap();
        let documents = symbols
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["kind"] == json!(1))
            .count();
        if documents >= FIXTURE_DOCS {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the index never held the fixture: {symbols}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
