//! The real `docwright` binary spoken to over stdio, as an editor does: Content-Length framing,
//! a thread reading the frames as they come.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub struct StdioServer {
    child: Child,
    stdin: ChildStdin,
    /// Each frame's body, with when it was fully read.
    frames: Receiver<(Vec<u8>, Instant)>,
    next_id: i64,
}

impl StdioServer {
    /// Spawns `command` (its stdin and stdout piped, its stderr dropped).
    pub fn spawn(mut command: Command) -> StdioServer {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", command.get_program().display()));
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, frames) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length:") {
                        length = value.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() || tx.send((body, Instant::now())).is_err()
                {
                    return;
                }
            }
        });
        StdioServer {
            child,
            stdin,
            frames,
            next_id: 1,
        }
    }

    /// The server process's id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Waits for a message `accept`s and when it was read, answering the server's own requests
    /// (progress tokens, registrations, configuration) with `null`.
    pub fn wait(&mut self, accept: impl Fn(&Value) -> bool) -> (Value, Instant) {
        loop {
            let (body, at) = self
                .frames
                .recv_timeout(Duration::from_secs(600))
                .expect("the server answers");
            let message: Value = serde_json::from_slice(&body).unwrap();
            if message.get("method").is_some()
                && let Some(id) = message.get("id")
            {
                let id = id.clone();
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                continue;
            }
            if accept(&message) {
                return (message, at);
            }
        }
    }

    /// Sends a request without waiting; its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Like [`StdioServer::wait`], giving up after `timeout`.
    pub fn wait_for(
        &mut self,
        accept: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Result<(Value, Instant), std::sync::mpsc::RecvTimeoutError> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (body, at) = self.frames.recv_timeout(left)?;
            let message: Value = serde_json::from_slice(&body).unwrap();
            if message.get("method").is_some()
                && let Some(id) = message.get("id")
            {
                let id = id.clone();
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                continue;
            }
            if accept(&message) {
                return Ok((message, at));
            }
        }
    }

    /// Ends the process without the protocol's goodbyes (it stopped answering).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends a request; its response, when it was sent and when the response was read.
    pub fn request(&mut self, method: &str, params: Value) -> (Value, Instant, Instant) {
        let id = self.next_id;
        self.next_id += 1;
        let sent = Instant::now();
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let (response, read) = self.wait(|m| m["id"] == id && m.get("method").is_none());
        (response, sent, read)
    }

    pub fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}
