//! `docwright::lsp::serve` in process over in-memory pipes, with real JSON-RPC framing.

use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

pub struct InProcessServer {
    to_server: DuplexStream,
    server: tokio::task::JoinHandle<bool>,
}

impl InProcessServer {
    /// Starts the server on the current tokio runtime; every message it writes is handed to
    /// `route`, in order.
    pub fn start(mut route: impl FnMut(Value) + Send + 'static) -> InProcessServer {
        let (to_server, server_input) = tokio::io::duplex(1 << 20);
        let (server_output, mut from_server) = tokio::io::duplex(1 << 20);
        let server = tokio::spawn(docwright::lsp::serve(server_input, server_output));
        tokio::spawn(async move {
            let mut buffer = Vec::new();
            let mut chunk = vec![0u8; 1 << 16];
            loop {
                while let Some((message, used)) = parse_frame(&buffer) {
                    buffer.drain(..used);
                    route(message);
                }
                match from_server.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
        });
        InProcessServer { to_server, server }
    }

    pub async fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        self.to_server
            .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
            .await
            .unwrap();
        self.to_server.write_all(&body).await.unwrap();
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
            .await;
    }

    /// Waits (5 s at the most) for the server to end, after `exit`.
    pub async fn finish(self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.server).await;
    }
}

/// The first whole frame in `buffer`: its message and the bytes it used.
fn parse_frame(buffer: &[u8]) -> Option<(Value, usize)> {
    let header_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let header = std::str::from_utf8(&buffer[..header_end]).ok()?;
    let length: usize = header
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length:"))?
        .trim()
        .parse()
        .ok()?;
    let start = header_end + 4;
    if buffer.len() < start + length {
        return None;
    }
    Some((
        serde_json::from_slice(&buffer[start..start + length]).ok()?,
        start + length,
    ))
}
