//! A guard in front of tower-lsp-server's input.
//!
//! tower-lsp-server reads messages through a `FramedRead`, which ends the stream after the first
//! decoding error: one malformed message (bad JSON, a body that is not UTF-8, a broken header)
//! would stop the server from reading anything else while it stays alive, a hang for the editor.
//! This task reads the real input, checks every frame, and forwards only well-formed messages.
//! A malformed one is logged and replaced by a request to [`MALFORMED_METHOD`] with a null id,
//! which the server answers with a JSON-RPC parse error, as the specification asks.
//!
//! It also reports when the input has ended (or `exit` was forwarded), so that `serve` does not
//! wait forever on a handler that awaits an answer the client will never send.

use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method a malformed message is replaced with.
pub const MALFORMED_METHOD: &str = "docwright/malformedMessage";

mod skim;

/// Messages larger than this are read through without being kept, and refused (see
/// [`refusal`]): buffering one would cost the server several times its size (this guard,
/// tower-lsp-server's reader, the decoded JSON and the document's rope each hold it). No editor
/// sends one but for a file it should not have synchronised; documents up to this size are kept in
/// sync (those over `state::MAX_ANALYZED_BYTES` without analysis).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The request a request over [`MAX_MESSAGE_BYTES`] is replaced with (same id); the server
/// answers it with an error.
pub const TOO_LARGE_REQUEST: &str = "docwright/requestTooLarge";

/// The notification a notification over [`MAX_MESSAGE_BYTES`] is replaced with; for a
/// `didOpen` or `didChange` the server forgets the document and tells the user.
pub const TOO_LARGE_NOTIFICATION: &str = "docwright/notificationTooLarge";

/// Copies well-formed frames from `input` to `output` until `input` ends; notifies `ended` then.
pub async fn guard_input<I, O>(mut input: I, mut output: O, ended: Arc<Notify>)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut buffer: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut input_open = true;
    // How far the body being received was already searched for a header (see `next_frame`).
    let mut scanned = 0;
    // After a header without a Content-Length, the body it announced has no known end: it is
    // dropped up to the next header, however the bytes are split across reads. Without this, a
    // body arriving in a read of its own would be taken for the next header, and the valid message
    // after it dropped with it.
    let mut dropping_orphan_body = false;
    loop {
        if dropping_orphan_body {
            if let Some(at) = find_header(&buffer) {
                consume(&mut buffer, at, &mut scanned);
                dropping_orphan_body = false;
            } else {
                // Keep the tail: a header may be arriving split across reads.
                let dropped = buffer.len().saturating_sub(HEADER_PROBE);
                consume(&mut buffer, dropped, &mut scanned);
                if !input_open {
                    break;
                }
                match input.read(&mut chunk).await {
                    Ok(0) | Err(_) => input_open = false,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
                continue;
            }
        }
        match next_frame(&buffer, &mut scanned, MAX_MESSAGE_BYTES) {
            Frame::Complete {
                header_len,
                body_len,
            } => {
                let body = &mut buffer[header_len..header_len + body_len];
                replace_lone_surrogates(body);
                let is_exit = match check_body(body) {
                    Ok(method) => {
                        let is_exit = method.as_deref() == Some("exit");
                        if write_frame(&mut output, body).await.is_err() {
                            break;
                        }
                        is_exit
                    }
                    Err(reason) => {
                        tracing::error!(
                            "malformed message ({reason}); answering with a parse error"
                        );
                        if write_frame(&mut output, &malformed_request(&reason))
                            .await
                            .is_err()
                        {
                            break;
                        }
                        false
                    }
                };
                consume(&mut buffer, header_len + body_len, &mut scanned);
                if is_exit {
                    // Nothing after `exit` is read; `serve` stops waiting shortly.
                    ended.notify_one();
                }
            }
            Frame::Oversized {
                header_len,
                body_len,
            } => {
                // Read the body through, a chunk at a time, keeping nothing of it.
                let mut skim = skim::Skim::new(body_len);
                let available = (buffer.len() - header_len).min(body_len);
                let found = skim.feed(&buffer[header_len..header_len + available]);
                consume(&mut buffer, header_len + available, &mut scanned);
                // A header inside the body: the bytes from it on are the next message.
                let mut resynced = false;
                if let Some(mut rest) = found {
                    rest.extend_from_slice(&buffer);
                    buffer = rest;
                    resynced = true;
                }
                while !resynced && skim.remaining() > 0 && input_open {
                    match input.read(&mut chunk).await {
                        Ok(0) | Err(_) => input_open = false,
                        Ok(n) => {
                            let take = n.min(skim.remaining());
                            if let Some(mut rest) = skim.feed(&chunk[..take]) {
                                rest.extend_from_slice(&chunk[take..n]);
                                buffer = rest;
                                resynced = true;
                            } else {
                                buffer.extend_from_slice(&chunk[take..n]);
                            }
                        }
                    }
                }
                let message = if resynced {
                    tracing::error!(
                        "malformed message (a message shorter than its Content-Length); \
                         skipping to the next message"
                    );
                    Some(malformed_request(
                        "a message shorter than its Content-Length",
                    ))
                } else if skim.remaining() > 0 {
                    // The input ended inside the message.
                    None
                } else {
                    Some(refusal(skim.summary(), body_len))
                };
                if let Some(message) = message
                    && write_frame(&mut output, &message).await.is_err()
                {
                    break;
                }
            }
            Frame::BadHeader {
                skip,
                reason,
                orphan_body_may_follow,
            } => {
                tracing::error!(
                    "malformed message header ({reason}); skipping to the next message"
                );
                dropping_orphan_body = orphan_body_may_follow;
                consume(&mut buffer, skip, &mut scanned);
                if write_frame(&mut output, &malformed_request(&reason))
                    .await
                    .is_err()
                {
                    break;
                }
            }
            Frame::Incomplete => {
                if !input_open {
                    break;
                }
                match input.read(&mut chunk).await {
                    Ok(0) | Err(_) => input_open = false,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
        }
    }
    if !buffer.iter().all(u8::is_ascii_whitespace) {
        tracing::warn!(
            "the input ended inside a message; {} bytes dropped",
            buffer.len()
        );
    }
    let _ = output.shutdown().await;
    ended.notify_one();
}

/// Drops the first `len` bytes of `buffer`, and gives back the memory a large message held.
fn consume(buffer: &mut Vec<u8>, len: usize, scanned: &mut usize) {
    buffer.drain(..len);
    *scanned = 0;
    if buffer.capacity() > 4 * 1024 * 1024 && buffer.len() < buffer.capacity() / 4 {
        buffer.shrink_to(buffer.len().max(64 * 1024));
    }
}

/// Replaces every escaped lone surrogate (`\ud800` not followed by a low surrogate, or a low
/// one alone) with `\ufffd`, in place (both escapes are six bytes). JSON allows such escapes but
/// no Rust string can hold them, so serde refuses the whole message: one stray half of a pair in
/// a document would otherwise drop its `didOpen` and leave the document unknown.
fn replace_lone_surrogates(body: &mut [u8]) {
    fn escape_at(body: &[u8], i: usize) -> Option<u16> {
        let hex = body.get(i..i + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    }
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        match escape_at(body, i) {
            Some(0xD800..=0xDBFF) => {
                if matches!(escape_at(body, i + 6), Some(0xDC00..=0xDFFF)) {
                    i += 12;
                } else {
                    body[i + 2..i + 6].copy_from_slice(b"fffd");
                    i += 6;
                }
            }
            Some(0xDC00..=0xDFFF) => {
                body[i + 2..i + 6].copy_from_slice(b"fffd");
                i += 6;
            }
            Some(_) => i += 6,
            // `\\`, `\"` and the like: skip the escaped character.
            None => i += 2,
        }
    }
}

/// Splits `input` into frames the way [`guard_input`] does and checks each body, without any I/O:
/// the entry point of the `jsonrpc_framing` fuzz target (`fuzz/`). Returns how many frames were
/// well-formed and how many were refused. Panics only if the splitter stops making progress,
/// which would be a hang in the real server, or if the skimmer of oversized messages reads a
/// method other than the decoder's. An input of odd length is split with a message limit of 64
/// bytes, so that the oversized path is fuzzed too.
#[doc(hidden)]
pub fn split_frames_for_fuzzing(input: &[u8]) -> (usize, usize) {
    let limit = if input.len() % 2 == 1 {
        64
    } else {
        MAX_MESSAGE_BYTES
    };
    let mut rest = input.to_vec();
    let (mut good, mut bad) = (0, 0);
    loop {
        let mut scanned = 0;
        let consumed = match next_frame(&rest, &mut scanned, limit) {
            Frame::Complete {
                header_len,
                body_len,
            } => {
                let body = &mut rest[header_len..header_len + body_len];
                replace_lone_surrogates(body);
                let checked = check_body(body);
                // No header inside a complete body (`next_frame` looked), so the skimmer finds
                // none either.
                let skimmed = skim_whole(body, body.len() % 7 + 1).expect("no header inside");
                skim_agrees(&checked, &skimmed);
                match checked {
                    Ok(_) => good += 1,
                    Err(_) => bad += 1,
                }
                header_len + body_len
            }
            Frame::Oversized {
                header_len,
                body_len,
            } => {
                let mut skim = skim::Skim::new(body_len);
                let available = (rest.len() - header_len).min(body_len);
                match skim.feed(&rest[header_len..header_len + available]) {
                    Some(found) => {
                        bad += 1;
                        header_len + available - found.len()
                    }
                    None if skim.remaining() > 0 => return (good, bad),
                    None => {
                        let summary = skim.summary();
                        let body = &mut rest[header_len..header_len + body_len];
                        replace_lone_surrogates(body);
                        skim_agrees(&check_body(body), &summary);
                        let _ = refusal(summary, body_len);
                        bad += 1;
                        header_len + body_len
                    }
                }
            }
            Frame::BadHeader { skip, .. } => {
                bad += 1;
                skip
            }
            Frame::Incomplete => return (good, bad),
        };
        assert!(consumed > 0, "the frame splitter made no progress");
        rest.drain(..consumed);
    }
}

/// `body` skimmed in chunks of `chunk` bytes; `None` if a header was found inside.
fn skim_whole(body: &[u8], chunk: usize) -> Option<skim::Summary> {
    let mut skim = skim::Skim::new(body.len());
    for part in body.chunks(chunk) {
        if skim.feed(part).is_some() {
            return None;
        }
    }
    Some(skim.summary())
}

/// The skimmer that reads through oversized messages must find the decoder's method in every
/// well-formed message it finds a method in.
fn skim_agrees(checked: &Result<Option<String>, String>, skimmed: &skim::Summary) {
    if let (Ok(Some(method)), Some(skimmed)) = (checked, &skimmed.method) {
        assert_eq!(method, skimmed, "the skimmer misread the method");
    }
}

enum Frame {
    Complete {
        header_len: usize,
        body_len: usize,
    },
    /// Over [`MAX_MESSAGE_BYTES`]: read through, not buffered.
    Oversized {
        header_len: usize,
        body_len: usize,
    },
    BadHeader {
        skip: usize,
        reason: String,
        /// The header announced a body of unknown length, which may still be arriving.
        orphan_body_may_follow: bool,
    },
    Incomplete,
}

/// The next frame in `buffer`. `scanned` is how far the body of an incomplete frame was already
/// searched for the next header, so that a large message arriving in many reads is searched once.
fn next_frame(buffer: &[u8], scanned: &mut usize, limit: usize) -> Frame {
    let Some(header_end) = find(buffer, b"\r\n\r\n") else {
        // A header never grows this large: whatever this is, it is not a header.
        if buffer.len() > 8 * 1024 {
            return Frame::BadHeader {
                skip: skip_to_next_header(buffer, 1),
                reason: String::from("no header end in the first 8 KiB"),
                orphan_body_may_follow: false,
            };
        }
        return Frame::Incomplete;
    };
    let header_len = header_end + 4;
    let header = String::from_utf8_lossy(&buffer[..header_end]);
    let mut content_length = None;
    for line in header.split("\r\n") {
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            content_length = value.trim().parse::<usize>().ok();
        }
    }
    match content_length {
        Some(len) if len <= limit => {
            // A header inside the body means the body was shorter than its Content-Length: no
            // JSON text holds `Content-Length: 12` followed by a raw line break (a string may
            // not hold a raw line break, and outside strings the words are not JSON). Resume at
            // that header rather than swallow the next message, or wait for bytes that are not
            // coming while the client waits for an answer.
            let end = buffer.len().min(header_len + len);
            let from = header_len.max(scanned.saturating_sub(HEADER_PROBE));
            if let Some(at) = find_header(&buffer[from..end]) {
                return Frame::BadHeader {
                    skip: from + at,
                    reason: String::from("a message shorter than its Content-Length"),
                    orphan_body_may_follow: false,
                };
            }
            *scanned = end;
            if buffer.len() < header_len + len {
                Frame::Incomplete
            } else {
                Frame::Complete {
                    header_len,
                    body_len: len,
                }
            }
        }
        Some(len) => Frame::Oversized {
            header_len,
            body_len: len,
        },
        None => {
            let reason = format!("no valid Content-Length in header {header:?}");
            // Bytes before a real header (say, the rest of a message already dropped) read as
            // one "header" with it (`{…}Content-Length: 38`): resume at that header, or the valid
            // message after the garbage would be dropped too.
            if let Some(at) = find_header(&buffer[..header_len]).filter(|&at| at > 0) {
                return Frame::BadHeader {
                    skip: at,
                    reason,
                    orphan_body_may_follow: false,
                };
            }
            match find(&buffer[header_len..], b"Content-Length") {
                Some(at) => Frame::BadHeader {
                    skip: header_len + at,
                    reason,
                    orphan_body_may_follow: false,
                },
                // The body has not all arrived, nor the next header: drop only the header here,
                // and the body as it comes (the next header may be arriving split across reads).
                None => Frame::BadHeader {
                    skip: header_len,
                    reason,
                    orphan_body_may_follow: true,
                },
            }
        }
    }
}

/// The offset of the next `Content-Length` at or after `from`, or the end of the buffer.
fn skip_to_next_header(buffer: &[u8], from: usize) -> usize {
    let from = from.min(buffer.len());
    find(&buffer[from..], b"Content-Length").map_or(buffer.len(), |i| from + i)
}

/// How far back a search for a header resumes, so that one split across reads is still found.
const HEADER_PROBE: usize = 64;

/// The offset of the first `Content-Length: <digits>\r\n` in `bytes`.
fn find_header(bytes: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"Content-Length:";
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], NAME) {
        let start = from + at;
        let rest = &bytes[start + NAME.len()..];
        let digits_start = rest.iter().position(|&b| b != b' ').unwrap_or(rest.len());
        let digits = rest[digits_start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 && rest[digits_start + digits..].starts_with(b"\r\n") {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Checks that a body is a message tower-lsp-server can decode; returns its method, if any.
fn check_body(body: &[u8]) -> Result<Option<String>, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
    match serde_json::from_str::<Request>(text) {
        Ok(request) => Ok(Some(request.method().to_string())),
        Err(request_error) => match serde_json::from_str::<Response>(text) {
            Ok(_) => Ok(None),
            Err(_) => Err(format!("not a JSON-RPC message: {request_error}")),
        },
    }
}

/// What stands in for a message over [`MAX_MESSAGE_BYTES`], from what [`skim::Skim`] found in
/// it: a request becomes a [`TOO_LARGE_REQUEST`] with its id (answered with an error), a
/// notification a [`TOO_LARGE_NOTIFICATION`] naming its method and document, a response an error
/// response (so that whatever awaits it is not left waiting). `None` for a response without an id.
fn refusal(summary: skim::Summary, bytes: usize) -> Vec<u8> {
    let skim::Summary { method, id, uri } = summary;
    tracing::error!(
        "a message of {bytes} bytes ({}) is over the {MAX_MESSAGE_BYTES} byte limit; it was read \
         through and refused",
        method.as_deref().unwrap_or("no method found")
    );
    let params = serde_json::json!({ "method": method, "uri": uri, "bytes": bytes });
    let message = match (method, id) {
        (Some(_), Some(id)) => serde_json::json!({
            "jsonrpc": "2.0", "id": id, "method": TOO_LARGE_REQUEST, "params": params,
        }),
        (Some(_), None) => serde_json::json!({
            "jsonrpc": "2.0", "method": TOO_LARGE_NOTIFICATION, "params": params,
        }),
        (None, Some(id)) => serde_json::json!({
            "jsonrpc": "2.0", "id": id,
            "error": { "code": -32600, "message": format!(
                "the client's message of {bytes} bytes is over the server's limit of \
                 {MAX_MESSAGE_BYTES} bytes"
            ) },
        }),
        (None, None) => {
            return malformed_request(&format!(
                "a message of {bytes} bytes, over the {MAX_MESSAGE_BYTES} byte limit"
            ));
        }
    };
    serde_json::to_vec(&message).expect("a JSON value serialises")
}

fn malformed_request(reason: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "method": MALFORMED_METHOD,
        "params": { "reason": reason },
    }))
    .expect("a JSON value serialises")
}

async fn write_frame<O: AsyncWrite + Unpin>(output: &mut O, body: &[u8]) -> std::io::Result<()> {
    output
        .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    output.write_all(body).await?;
    output.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Runs the guard over `input` and returns the bodies it forwards.
    async fn forwarded(input: Vec<u8>) -> Vec<serde_json::Value> {
        forwarded_in_reads(vec![input]).await
    }

    /// An input that hands out one piece per read, as a pipe does when the client writes them apart.
    struct Reads(std::collections::VecDeque<Vec<u8>>);

    impl AsyncRead for Reads {
        fn poll_read(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            if let Some(mut piece) = self.0.pop_front() {
                let n = piece.len().min(buf.remaining());
                buf.put_slice(&piece[..n]);
                if n < piece.len() {
                    self.0.push_front(piece.split_off(n));
                }
            }
            std::task::Poll::Ready(Ok(()))
        }
    }

    /// Runs the guard over `reads`, one read each, and returns the bodies it forwards.
    async fn forwarded_in_reads(reads: Vec<Vec<u8>>) -> Vec<serde_json::Value> {
        let (writer, mut reader) = tokio::io::duplex(1 << 20);
        let ended = Arc::new(Notify::new());
        guard_input(Reads(reads.into()), writer, ended).await;
        let mut out = Vec::new();
        reader.read_to_end(&mut out).await.unwrap();
        let mut bodies = Vec::new();
        let mut rest = out.as_slice();
        while let Frame::Complete {
            header_len,
            body_len,
        } = next_frame(rest, &mut 0, MAX_MESSAGE_BYTES)
        {
            bodies.push(serde_json::from_slice(&rest[header_len..header_len + body_len]).unwrap());
            rest = &rest[header_len + body_len..];
        }
        bodies
    }

    #[tokio::test]
    async fn good_frames_pass_and_bad_ones_become_parse_error_requests() {
        let mut input = frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#);
        input.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"#));
        input.extend(b"Content-Length: nope\r\n\r\ngarbage");
        input.extend(frame("[1,2]"));
        input.extend(b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc");
        input.extend(frame(r#"{"jsonrpc":"2.0","id":3,"result":null}"#));
        input.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let bodies = forwarded(input).await;
        let methods: Vec<&str> = bodies
            .iter()
            .map(|b| b["method"].as_str().unwrap_or("(response)"))
            .collect();
        assert_eq!(
            methods,
            [
                "initialize",
                MALFORMED_METHOD,
                MALFORMED_METHOD,
                MALFORMED_METHOD,
                MALFORMED_METHOD,
                "(response)",
                "exit"
            ]
        );
        assert!(bodies[1]["id"].is_null());
    }

    #[tokio::test]
    async fn a_frame_shorter_than_its_length_ends_at_the_next_header() {
        let mut input = b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",".to_vec();
        input.extend(frame(r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#));
        // Written in a JSON string, a header is text: the message is not cut there.
        input.extend(frame(
            r#"{"jsonrpc":"2.0","id":2,"method":"b","params":"Content-Length: 5\r\n\r\n"}"#,
        ));
        let bodies = forwarded(input).await;
        let methods: Vec<&str> = bodies
            .iter()
            .map(|b| b["method"].as_str().unwrap())
            .collect();
        assert_eq!(methods, [MALFORMED_METHOD, "a", "b"]);
        assert_eq!(bodies[2]["params"], "Content-Length: 5\r\n\r\n");
    }

    #[tokio::test]
    async fn lone_surrogates_become_replacement_characters_and_pairs_stay() {
        let bodies = forwarded(frame(
            r#"{"jsonrpc":"2.0","method":"x","params":["a\ud800b","\udc00","\ud83d\ude00","\\ud800","\ud800\ud800\udc00"]}"#,
        ))
        .await;
        assert_eq!(
            bodies[0]["params"],
            serde_json::json!([
                "a\u{fffd}b",
                "\u{fffd}",
                "😀",
                "\\ud800",
                "\u{fffd}\u{10000}"
            ])
        );
    }

    #[tokio::test]
    async fn a_frame_split_across_reads_is_reassembled() {
        let body = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":"{}"}}"#,
            "é".repeat(50_000)
        );
        let bodies = forwarded(frame(&body)).await;
        assert_eq!(bodies.len(), 1);
        assert_eq!(
            bodies[0]["params"].as_str().unwrap().chars().count(),
            50_000
        );
    }

    #[tokio::test]
    async fn a_header_without_length_drops_its_body_however_the_reads_split() {
        // The header, its orphaned body, then a valid message: one parse error and that message,
        // wherever the reads are cut (a CI run once lost the message when the body came alone).
        let header = b"Content-Type: application/json\r\n\r\n".to_vec();
        let orphan = br#"{"jsonrpc":"2.0","id":900,"method":"shutdown"}"#.to_vec();
        let next = frame(r#"{"jsonrpc":"2.0","id":2,"method":"a"}"#);
        let whole = [header.clone(), orphan.clone(), next.clone()].concat();
        let expected = [MALFORMED_METHOD, "a"];
        let methods = |bodies: Vec<serde_json::Value>| -> Vec<String> {
            bodies
                .iter()
                .map(|b| b["method"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(methods(forwarded(whole.clone()).await), expected);
        assert_eq!(
            methods(forwarded_in_reads(vec![header, orphan, next]).await),
            expected
        );
        for cut in 1..whole.len() {
            let reads = vec![whole[..cut].to_vec(), whole[cut..].to_vec()];
            assert_eq!(
                methods(forwarded_in_reads(reads).await),
                expected,
                "cut at byte {cut}"
            );
        }
    }

    #[tokio::test]
    async fn garbage_before_a_header_is_one_parse_error_and_the_message_is_kept() {
        let mut input = b"some garbage".to_vec();
        input.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"a"}"#));
        let bodies = forwarded(input).await;
        let methods: Vec<&str> = bodies
            .iter()
            .map(|b| b["method"].as_str().unwrap())
            .collect();
        assert_eq!(methods, [MALFORMED_METHOD, "a"]);
    }
}
