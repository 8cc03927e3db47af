//! A small LSP client for end-to-end tests: it spawns the real `docwright lsp --stdio` binary and
//! speaks JSON-RPC with Content-Length framing, as an editor does.
//!
//! Requests wait for their response by id with a timeout; notifications and server-to-client
//! requests that arrive meanwhile are kept for `wait_notification`. Server requests the client
//! must answer (`workspace/configuration`, `client/registerCapability`) are answered at once.

// Each test file uses a different part of the client.
#![allow(dead_code)]

pub mod cli;
pub mod workspace;

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages from the server not yet claimed by a test.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// What `workspace/configuration` answers with (the `docwright` section).
    pub settings: Value,
    /// Everything the server wrote to stderr.
    pub stderr: Arc<Mutex<String>>,
    /// Server-to-client requests seen (method, params), in order.
    pub server_requests: Vec<(String, Value)>,
}

impl LspClient {
    /// Spawns `docwright lsp --stdio` in `dir` (or the current folder), without the persisted
    /// index (each test starts cold; `lsp_index_cache` turns it on).
    pub fn spawn(dir: Option<&Path>, extra_args: &[&str]) -> LspClient {
        LspClient::spawn_with_env(dir, extra_args, &[])
    }

    /// [`LspClient::spawn`] with these environment variables set (after the defaults).
    pub fn spawn_with_env(
        dir: Option<&Path>,
        extra_args: &[&str],
        envs: &[(&str, &std::ffi::OsStr)],
    ) -> LspClient {
        let mut command = Command::new(env!("CARGO_BIN_EXE_docwright"));
        command
            .args(["lsp", "--stdio"])
            .args(extra_args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("DOCWRIGHT_LOG", "info")
            .env("DOCWRIGHT_CACHE_DIR", "");
        for (name, value) in envs {
            command.env(name, value);
        }
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        let mut child = command.spawn().expect("the docwright binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr_text = Arc::new(Mutex::new(String::new()));
        let sink = stderr_text.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        LspClient {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            backlog: VecDeque::new(),
            next_id: 1,
            settings: Value::Null,
            stderr: stderr_text,
            server_requests: Vec::new(),
        }
    }

    /// Spawns the server and runs `initialize`/`initialized` with these client capabilities.
    pub fn start(
        dir: Option<&Path>,
        capabilities: Value,
        initialization_options: Value,
    ) -> (LspClient, Value) {
        let mut client = LspClient::spawn(dir, &[]);
        let root = dir.map(|d| format!("file://{}", d.display()));
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root,
                    "capabilities": capabilities,
                    "initializationOptions": initialization_options,
                }),
            )
            .expect("initialize succeeds");
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// A client that offers UTF-8 positions, snippets and lazy code action edits, with diagnostics
    /// pushed without delay so tests need not wait out a debounce.
    pub fn start_default(dir: Option<&Path>) -> (LspClient, Value) {
        LspClient::start(
            dir,
            rich_capabilities(&["utf-8", "utf-16"]),
            json!({ "diagnosticsDelayMs": 0 }),
        )
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        self.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        self.send_raw(&body);
    }

    /// The server's process id (to read its memory high-water mark in `/proc`).
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("the server reads its input");
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error object)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Waits for the response to request `id`.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let message = self
            .wait_for(
                |m| m.get("id") == Some(&json!(id)) && m.get("method").is_none(),
                TIMEOUT,
            )
            .unwrap_or_else(|| {
                panic!(
                    "no response to request {id} within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr()
                )
            });
        match message.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(message.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Waits for a notification with this method whose params satisfy `accept`.
    pub fn wait_notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_notification(method, accept, TIMEOUT)
            .unwrap_or_else(|| {
                panic!(
                    "no {method} notification within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr()
                )
            })
    }

    pub fn try_wait_notification(
        &mut self,
        method: &str,
        accept: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        self.wait_for(
            |m| {
                m.get("method").and_then(Value::as_str) == Some(method)
                    && m.get("id").is_none()
                    && accept(&m["params"])
            },
            timeout,
        )
        .map(|m| m["params"].clone())
    }

    /// The `publishDiagnostics` for `uri` at `version`.
    pub fn diagnostics_for(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == json!(uri) && p["version"] == json!(version)
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for any message from the server that satisfies `accept`.
    pub fn wait_message(&mut self, accept: impl Fn(&Value) -> bool) -> Option<Value> {
        self.wait_for(accept, TIMEOUT)
    }

    /// Whether a message `accept`s arrived before the last one waited for (the messages still in
    /// transit are not looked at): the order in which the server sent them.
    pub fn has_received(&self, accept: impl Fn(&Value) -> bool) -> bool {
        self.backlog.iter().any(accept)
    }

    /// Forgets the messages that arrived before the last one waited for; those still in transit
    /// are kept.
    pub fn clear_backlog(&mut self) {
        self.backlog.clear();
    }

    /// Drops every message received so far.
    pub fn drain(&mut self) {
        while let Ok(message) = self.incoming.try_recv() {
            self.handle_server_request(&message);
        }
        self.backlog.clear();
    }

    fn wait_for(&mut self, accept: impl Fn(&Value) -> bool, timeout: Duration) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&accept) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) => {
                    self.handle_server_request(&message);
                    if accept(&message) {
                        return Some(message);
                    }
                    self.backlog.push_back(message);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None;
                }
            }
        }
    }

    /// Answers the requests a server may send to its client.
    fn handle_server_request(&mut self, message: &Value) {
        let (Some(id), Some(method)) = (
            message.get("id"),
            message.get("method").and_then(Value::as_str),
        ) else {
            return;
        };
        self.server_requests
            .push((method.to_string(), message["params"].clone()));
        let result = match method {
            "workspace/configuration" => {
                let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                Value::Array(vec![self.settings.clone(); items])
            }
            // The authoring commands' edits: accepted (tests apply the edit they are answered).
            "workspace/applyEdit" => json!({ "applied": true }),
            _ => Value::Null,
        };
        let id = id.clone();
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.open_versioned(uri, text, 1);
    }

    pub fn open_versioned(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": version, "text": text } }),
        );
    }

    /// One incremental change: replace `range` ((line, col), (line, col)) with `text`.
    pub fn change(&mut self, uri: &str, version: i64, range: ((u32, u32), (u32, u32)), text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": lsp_range(range), "text": text }],
            }),
        );
    }

    pub fn replace_all(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `shutdown` then `exit`; returns the process's exit code.
    pub fn shutdown(&mut self) -> Option<i32> {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Ok(Value::Null), "shutdown answers null");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end (closing its input first), killing it after the timeout.
    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit within {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn lsp_range(((l0, c0), (l1, c1)): ((u32, u32), (u32, u32))) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

/// Client capabilities of a modern editor, offering these position encodings. Diagnostics are
/// pushed: a client that declares `textDocument.diagnostic` (pull) gets no pushes for open
/// documents (see `lsp_workspace.rs` for that mode); pull requests are answered either way.
pub fn rich_capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": { "positionEncodings": encodings },
        "textDocument": {
            "completion": { "completionItem": { "snippetSupport": true } },
            "codeAction": {
                "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["quickfix", "refactor", "source"] } },
                "resolveSupport": { "properties": ["edit"] },
                "dataSupport": true
            },
            "publishDiagnostics": { "versionSupport": true }
        },
        "workspace": {
            "configuration": true,
            "didChangeWatchedFiles": { "dynamicRegistration": true }
        }
    })
}

/// Which unit a column counts, for applying edits in tests independently of the server's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Columns {
    Utf8,
    Utf16,
}

/// The byte offset of an LSP position in `text` (lines end at `\n`).
pub fn offset_of(text: &str, line: u64, character: u64, columns: Columns) -> usize {
    let mut line_start = 0;
    for _ in 0..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line_text = &text[line_start..line_end];
    let mut units = 0u64;
    for (i, c) in line_text.char_indices() {
        if units >= character {
            return line_start + i;
        }
        units += match columns {
            Columns::Utf8 => c.len_utf8() as u64,
            Columns::Utf16 => c.len_utf16() as u64,
        };
    }
    line_end
}

/// Applies LSP `TextEdit`s (all relative to the original text) to `text`.
pub fn apply_text_edits(text: &str, edits: &[Value], columns: Columns) -> String {
    let mut resolved: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let start = offset_of(
                text,
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                columns,
            );
            let end = offset_of(
                text,
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
                columns,
            );
            (start, end, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    // Stable: edits inserted at the same offset keep their order.
    resolved.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = String::new();
    let mut cursor = 0;
    for (start, end, new_text) in resolved {
        assert!(start >= cursor, "overlapping edits");
        out.push_str(&text[cursor..start]);
        out.push_str(&new_text);
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// The edits of a `WorkspaceEdit` for one document (`changes` or `documentChanges`).
pub fn workspace_edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(edits) = edit["changes"][uri].as_array() {
        return edits.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["textDocument"]["uri"] == json!(uri))
        .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// A `file://` URI for a path.
pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The shared corpus beside the repository.
pub fn corpus(relative: &str) -> std::path::PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus")).join(relative)
}

/// A server on `root` for a client that pulls diagnostics (with refresh support), reports
/// progress and asks for no delay, started and waited for until its first indexing ends.
pub fn start_pulling_client(root: &Path) -> LspClient {
    let mut caps = rich_capabilities(&["utf-16"]);
    caps["window"] = json!({ "workDoneProgress": true });
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    let mut client = LspClient::spawn(Some(root), &[]);
    client
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "workspaceFolders": [{ "uri": file_uri(root), "name": "workspace" }],
                "capabilities": caps,
                "initializationOptions": { "diagnosticsDelayMs": 0 },
            }),
        )
        .expect("initialize succeeds");
    client.notify("initialized", json!({}));
    client.wait_notification("$/progress", |p| p["value"]["kind"] == "end");
    client
}

/// An LSP severity number as `docwright check --format json` names it.
pub fn lsp_severity(code: &Value) -> String {
    match code.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        Some(4) => "hint",
        _ => "?",
    }
    .to_string()
}
