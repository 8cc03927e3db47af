//! Fixture workspaces for the LSP tests: a folder of `tests/fixtures` copied to a temporary
//! folder, its documents' paths, URIs and text, and a server started on it once its index is
//! built.
//!
//! Two fixtures use it:
//! - `symbols_lenses` (five ADRs, ADR-0003 superseded by ADR-0007), for the workspace symbol,
//!   inlay hint and code lens tests: [`Folder::symbols_lenses`], then [`Folder::start`];
//! - `navigation` (four ADRs, one superseded, one with front matter; an RFC folder; links with
//!   anchors, an emoji line), in which ADR-0003 is rewritten with CRLF line ends, for the
//!   definition, references, hover and document link tests: [`start`], or [`prepare`] then
//!   [`start_in`], giving a [`Workspace`] that owns its server.

use super::{Columns, LspClient, TIMEOUT, file_uri, offset_of, rich_capabilities};
use serde_json::{Value, json};
use std::ops::Deref;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How many documents the `symbols_lenses` fixture holds.
pub const FIXTURE_DOCS: usize = 5;

/// The `navigation` fixture's document that is rewritten with CRLF line ends.
pub const CRLF_DOC: &str = "docs/adr/0003-use-postgresql.md";

/// A copy of a fixture folder; it is deleted on drop.
pub struct Folder {
    pub dir: tempfile::TempDir,
}

impl Folder {
    /// A fresh copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Folder {
        Folder {
            dir: super::cli::fixture_copy(name),
        }
    }

    /// A fresh copy of `tests/fixtures/symbols_lenses`.
    pub fn symbols_lenses() -> Folder {
        Folder::fixture("symbols_lenses")
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

    /// Opens a document of the folder with its text on disk, and waits for its diagnostics (so
    /// that it has been analysed); returns its URI.
    pub fn open_in(&self, client: &mut LspClient, relative: &str) -> String {
        let uri = self.uri(relative);
        client.open(&uri, &self.text(relative));
        client.diagnostics_for(&uri, 1);
        uri
    }

    /// Replaces the folder's URIs with `file:///ROOT/…` for snapshots.
    pub fn redact(&self, value: &Value) -> Value {
        self.replace_root(value, "file:///ROOT")
    }

    /// `value` with the folder's root URI replaced by `with`.
    fn replace_root(&self, value: &Value, with: &str) -> Value {
        let root = file_uri(self.dir.path());
        let text = serde_json::to_string(value).unwrap().replace(&root, with);
        serde_json::from_str(&text).unwrap()
    }

    /// Starts a server on the folder with `capabilities` and no diagnostics delay.
    fn serve(&self, capabilities: Value) -> LspClient {
        self.serve_with(capabilities, json!({ "diagnosticsDelayMs": 0 }))
    }

    fn serve_with(&self, capabilities: Value, initialization_options: Value) -> LspClient {
        let (client, _) =
            LspClient::start(Some(self.dir.path()), capabilities, initialization_options);
        client
    }

    /// [`Folder::start`] with these `initializationOptions` (the settings).
    pub fn start_with_settings(&self, encodings: &[&str], settings: Value) -> LspClient {
        let mut client = self.serve_with(rich_capabilities(encodings), settings);
        wait_for_documents(&mut client, FIXTURE_DOCS);
        client
    }

    /// Starts a server on the `symbols_lenses` folder offering `encodings`, plus
    /// `workspace_capabilities` under `workspace`, and waits until the index holds every
    /// document.
    pub fn start(&self, encodings: &[&str], workspace_capabilities: Value) -> LspClient {
        let mut capabilities = rich_capabilities(encodings);
        if let (Some(into), Some(extra)) = (
            capabilities["workspace"].as_object_mut(),
            workspace_capabilities.as_object(),
        ) {
            into.extend(extra.clone());
        }
        let mut client = self.serve(capabilities);
        wait_for_documents(&mut client, FIXTURE_DOCS);
        client
    }
}

/// Polls `workspace/symbol` until `count` documents are indexed: the index may be built in the
/// background after `initialized`.
pub fn wait_for_documents(client: &mut LspClient, count: usize) {
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
        if documents >= count {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the index never held the fixture: {symbols}"
        );
        std::thread::sleep(Duration::from_millis(20));
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

/// The navigation tests' workspace and the server started on it; it derefs to its [`Folder`].
pub struct Workspace {
    /// Kept for its lifetime: the folder is deleted on drop.
    pub folder: Folder,
    pub client: LspClient,
    pub columns: Columns,
}

/// Copies the `navigation` fixture and starts a server that speaks `encoding` (`"utf-8"` or
/// `"utf-16"`).
pub fn start(encoding: &str) -> Workspace {
    start_in(prepare(), encoding)
}

/// A copy of the `navigation` fixture, for a test to add to before starting the server.
pub fn prepare() -> Folder {
    let folder = Folder::fixture("navigation");
    let crlf = folder.path(CRLF_DOC);
    let text = std::fs::read_to_string(&crlf).unwrap();
    std::fs::write(&crlf, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
    folder
}

/// Starts a server on a prepared folder and waits for its first indexing to finish.
pub fn start_in(folder: Folder, encoding: &str) -> Workspace {
    let mut client = folder.serve(rich_capabilities(&[encoding]));
    wait_indexed(&mut client);
    Workspace {
        folder,
        client,
        columns: if encoding == "utf-8" {
            Columns::Utf8
        } else {
            Columns::Utf16
        },
    }
}

impl Deref for Workspace {
    type Target = Folder;

    fn deref(&self) -> &Folder {
        &self.folder
    }
}

impl Workspace {
    /// Opens a workspace file as it is on disk and waits for its first diagnostics.
    pub fn open(&mut self, relative: &str) {
        self.folder.open_in(&mut self.client, relative);
    }

    /// Opens a workspace file, then replaces `from` with `to` in its buffer (version 2, not saved)
    /// and waits for that version's diagnostics; returns the edited text.
    pub fn open_edited(&mut self, relative: &str, from: &str, to: &str) -> String {
        self.open(relative);
        let uri = self.uri(relative);
        let edited = self.text(relative).replace(from, to);
        self.client.replace_all(&uri, 2, &edited);
        self.client.diagnostics_for(&uri, 2);
        edited
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
        self.replace_root(value, "$ROOT")
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
