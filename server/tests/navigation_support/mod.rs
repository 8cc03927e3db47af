//! The navigation tests' workspace: a copy of `fixtures/navigation` (four ADRs, one superseded,
//! one with front matter; an RFC folder; links with anchors, an emoji line), in which ADR-0003 is
//! rewritten with CRLF line ends, served by a freshly started server that has indexed it.

#![allow(dead_code)] // Each test file uses a different part.

use crate::common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const CRLF_DOC: &str = "docs/adr/0003-use-postgresql.md";

pub struct Workspace {
    /// Kept for its lifetime: the folder is deleted on drop.
    pub dir: tempfile::TempDir,
    pub client: LspClient,
    pub columns: Columns,
}

/// Copies the fixture and starts a server that speaks `encoding` (`"utf-8"` or `"utf-16"`).
pub fn start(encoding: &str) -> Workspace {
    start_in(prepare(), encoding)
}

/// A copy of the fixture, for a test to add to before starting the server.
pub fn prepare() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/navigation");
    crate::common::cli::copy_tree(&fixture, dir.path());
    let crlf = dir.path().join(CRLF_DOC);
    let text = std::fs::read_to_string(&crlf).unwrap();
    std::fs::write(&crlf, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
    dir
}

/// Starts a server on a prepared folder and waits for its first indexing to finish.
pub fn start_in(dir: tempfile::TempDir, encoding: &str) -> Workspace {
    let (mut client, _) = LspClient::start(
        Some(dir.path()),
        rich_capabilities(&[encoding]),
        json!({ "diagnosticsDelayMs": 0 }),
    );
    wait_indexed(&mut client);
    Workspace {
        dir,
        client,
        columns: if encoding == "utf-8" {
            Columns::Utf8
        } else {
            Columns::Utf16
        },
    }
}

/// Waits for the server's "Indexed N documents" log line, answering the server's requests
/// (`workspace/configuration`) meanwhile: indexing starts only once they are answered.
pub fn wait_indexed(client: &mut LspClient) {
    let deadline = Instant::now() + TIMEOUT;
    while !client.stderr().contains("Indexed ") {
        assert!(
            Instant::now() < deadline,
            "the workspace was not indexed within {TIMEOUT:?}; stderr:\n{}",
            client.stderr()
        );
        // Waiting for a message that never comes handles and keeps every other one.
        client.try_wait_notification("$/never", |_| false, Duration::from_millis(20));
    }
}

impl Workspace {
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn uri(&self, relative: &str) -> String {
        file_uri(&self.path(relative))
    }

    pub fn text(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    /// Opens a workspace file as it is on disk and waits for its first diagnostics.
    pub fn open(&mut self, relative: &str) {
        let uri = self.uri(relative);
        let text = self.text(relative);
        self.client.open(&uri, &text);
        self.client.diagnostics_for(&uri, 1);
    }

    /// The position (in this workspace's columns) of the `nth` (0-based) occurrence of `needle` in
    /// a file, moved `into` characters into it.
    pub fn position(&self, relative: &str, needle: &str, nth: usize, into: usize) -> Value {
        let text = self.text(relative);
        let at = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} is not in {relative}"))
            .0;
        let offset = at + needle.chars().take(into).map(char::len_utf8).sum::<usize>();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..offset].matches('\n').count();
        let before = &text[line_start..offset];
        let character: usize = match self.columns {
            Columns::Utf8 => before.len(),
            Columns::Utf16 => before.encode_utf16().count(),
        };
        json!({ "line": line, "character": character })
    }

    /// A request at a position of a file.
    pub fn at(&mut self, method: &str, relative: &str, position: Value, extra: Value) -> Value {
        let mut params =
            json!({ "textDocument": { "uri": self.uri(relative) }, "position": position });
        if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
            params.extend(extra.clone());
        }
        self.client.request(method, params).unwrap()
    }

    /// `value` with every URI of the workspace written `$ROOT/relative`, for snapshots.
    pub fn relative_uris(&self, value: &Value) -> Value {
        let root = file_uri(self.dir.path());
        let text = serde_json::to_string(value)
            .unwrap()
            .replace(&root, "$ROOT");
        serde_json::from_str(&text).unwrap()
    }

    /// The text a location covers in its file on disk.
    pub fn covered_text(&self, location: &Value) -> String {
        let uri = location["uri"].as_str().unwrap();
        let root = file_uri(self.dir.path());
        let relative = uri.strip_prefix(&format!("{root}/")).unwrap();
        let text = self.text(relative);
        let range = &location["range"];
        let offset = |p: &Value| {
            offset_of(
                &text,
                p["line"].as_u64().unwrap(),
                p["character"].as_u64().unwrap(),
                self.columns,
            )
        };
        text[offset(&range["start"])..offset(&range["end"])].to_string()
    }
}
