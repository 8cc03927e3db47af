//! Reading through a message too large to buffer: what it is, without keeping it.
//!
//! A message over the guard's limit is read in chunks and dropped as it arrives. [`Skim`] looks
//! at the bytes on the way through for the little the server needs to answer it: the top-level
//! `method` and `id`, and `params.textDocument.uri` (the document a `didOpen` or `didChange`
//! names). It is a byte-at-a-time tokenizer that keeps only those short strings (each capped),
//! so its memory does not depend on the message. It does not validate the JSON: the message is
//! refused whatever it holds. It also watches for a header inside the body (a message shorter
//! than its `Content-Length`), as the guard does for buffered messages, so that the next
//! message is not swallowed.

/// The longest `method`, `id` or `uri` kept; a longer one is treated as missing.
const MAX_CAPTURE: usize = 8 * 1024;

/// How many levels of nesting keep their key; deeper ones are only counted.
const TRACKED_LEVELS: usize = 3;

/// What a skimmed message said about itself.
#[derive(Debug, Default, PartialEq)]
pub struct Summary {
    pub method: Option<String>,
    /// A number or a string, as JSON-RPC allows.
    pub id: Option<serde_json::Value>,
    pub uri: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Key {
    Method,
    Id,
    Params,
    TextDocument,
    Uri,
    Other,
}

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Method,
    Id,
    Uri,
}

struct Level {
    object: bool,
    key: Option<Key>,
    want_key: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum StringRole {
    Key,
    Value(Option<Target>),
}

/// The state of a body being read through; feed it with [`Skim::feed`].
pub struct Skim {
    remaining: usize,
    levels: Vec<Level>,
    /// Levels below the tracked ones.
    untracked: usize,
    in_string: bool,
    escaped: bool,
    role: StringRole,
    /// The raw bytes of the string or number being kept (`None`: over [`MAX_CAPTURE`]).
    capture: Option<Vec<u8>>,
    /// A number (or `true`, …) being read, and whether it is the id.
    scalar: Option<bool>,
    method: Option<Vec<u8>>,
    id: Option<(bool, Vec<u8>)>,
    uri: Option<Vec<u8>>,
    /// The end of the previous chunk, so that a header split across chunks is still found.
    tail: Vec<u8>,
}

impl Skim {
    /// A body of `len` bytes.
    pub fn new(len: usize) -> Skim {
        Skim {
            remaining: len,
            levels: Vec::new(),
            untracked: 0,
            in_string: false,
            escaped: false,
            role: StringRole::Value(None),
            capture: None,
            scalar: None,
            method: None,
            id: None,
            uri: None,
            tail: Vec::new(),
        }
    }

    /// How many bytes of the body are still to come.
    pub fn remaining(&self) -> usize {
        self.remaining
    }

    /// Reads the next `chunk` of the body (at most [`Skim::remaining`] bytes). Returns `Some`
    /// when a header starts inside the chunk or just before it (the body was shorter than its
    /// `Content-Length`): the bytes from that header on, which belong to the next message; the
    /// body ends there.
    pub fn feed(&mut self, chunk: &[u8]) -> Option<Vec<u8>> {
        debug_assert!(chunk.len() <= self.remaining);
        let mut window = std::mem::take(&mut self.tail);
        let kept = window.len();
        window.extend_from_slice(chunk);
        if let Some(at) = super::find_header(&window) {
            self.remaining = 0;
            // The bytes before the header are the end of this body.
            if at > kept {
                self.scan(&window[kept..at]);
            }
            return Some(window.split_off(at));
        }
        self.scan(chunk);
        self.remaining -= chunk.len();
        let keep = window.len().min(super::HEADER_PROBE);
        self.tail = window.split_off(window.len() - keep);
        None
    }

    fn scan(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.in_string && !self.escaped && self.capture.is_none() {
                // Inside a string that is not kept (the bulk of a large message): only a quote
                // or a backslash matters.
                match bytes.iter().position(|&b| b == b'"' || b == b'\\') {
                    Some(at) => bytes = &bytes[at..],
                    None => return,
                }
            }
            self.byte(bytes[0]);
            bytes = &bytes[1..];
        }
    }

    fn push(&mut self, b: u8) {
        if let Some(capture) = &mut self.capture {
            if capture.len() < MAX_CAPTURE {
                capture.push(b);
            } else {
                self.capture = None;
            }
        }
    }

    fn byte(&mut self, b: u8) {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
                self.push(b);
            } else if b == b'\\' {
                self.escaped = true;
                self.push(b);
            } else if b == b'"' {
                self.in_string = false;
                self.end_string();
            } else {
                self.push(b);
            }
            return;
        }
        if let Some(is_id) = self.scalar {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-') {
                self.push(b);
                return;
            }
            self.scalar = None;
            if is_id && let Some(raw) = self.capture.take() {
                self.id = Some((false, raw));
            }
            self.capture = None;
        }
        match b {
            b'"' => {
                self.in_string = true;
                self.escaped = false;
                self.role = match self.levels.last() {
                    Some(level) if self.untracked == 0 && level.object && level.want_key => {
                        StringRole::Key
                    }
                    _ => StringRole::Value(self.target()),
                };
                self.capture = match self.role {
                    StringRole::Key | StringRole::Value(Some(_)) => Some(Vec::new()),
                    StringRole::Value(None) => None,
                };
            }
            b'{' | b'[' => {
                if self.levels.len() < TRACKED_LEVELS && self.untracked == 0 {
                    self.levels.push(Level {
                        object: b == b'{',
                        key: None,
                        want_key: b == b'{',
                    });
                } else {
                    self.untracked += 1;
                }
            }
            b'}' | b']' => {
                if self.untracked > 0 {
                    self.untracked -= 1;
                } else {
                    self.levels.pop();
                }
            }
            b':' => {
                if self.untracked == 0
                    && let Some(level) = self.levels.last_mut()
                {
                    level.want_key = false;
                }
            }
            b',' => {
                if self.untracked == 0
                    && let Some(level) = self.levels.last_mut()
                    && level.object
                {
                    level.want_key = true;
                    level.key = None;
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => {
                let is_id = self.target() == Some(Target::Id);
                self.scalar = Some(is_id);
                self.capture = is_id.then(|| vec![b]);
            }
        }
    }

    fn end_string(&mut self) {
        let Some(raw) = self.capture.take() else {
            return;
        };
        match self.role {
            StringRole::Key => {
                let key = match raw.as_slice() {
                    b"method" => Key::Method,
                    b"id" => Key::Id,
                    b"params" => Key::Params,
                    b"textDocument" => Key::TextDocument,
                    b"uri" => Key::Uri,
                    _ => Key::Other,
                };
                if let Some(level) = self.levels.last_mut() {
                    level.key = Some(key);
                }
            }
            StringRole::Value(Some(Target::Method)) => self.method = Some(raw),
            StringRole::Value(Some(Target::Id)) => self.id = Some((true, raw)),
            StringRole::Value(Some(Target::Uri)) => self.uri = Some(raw),
            StringRole::Value(None) => {}
        }
    }

    /// What the value starting now is, if it is one of those kept.
    fn target(&self) -> Option<Target> {
        if self.untracked > 0 {
            return None;
        }
        let object_key = |i: usize| {
            self.levels
                .get(i)
                .filter(|level| level.object && !level.want_key)
                .and_then(|level| level.key)
        };
        match self.levels.len() {
            1 => match object_key(0) {
                Some(Key::Method) => Some(Target::Method),
                Some(Key::Id) => Some(Target::Id),
                _ => None,
            },
            3 if object_key(0) == Some(Key::Params)
                && object_key(1) == Some(Key::TextDocument)
                && object_key(2) == Some(Key::Uri) =>
            {
                Some(Target::Uri)
            }
            _ => None,
        }
    }

    /// What was found, once the body has been read.
    pub fn summary(mut self) -> Summary {
        // A number that ends the body has no byte after it to end it.
        if self.scalar == Some(true)
            && let Some(raw) = self.capture.take()
        {
            self.id = Some((false, raw));
        }
        let string = |raw: Vec<u8>| {
            let mut quoted = Vec::with_capacity(raw.len() + 2);
            quoted.push(b'"');
            quoted.extend_from_slice(&raw);
            quoted.push(b'"');
            serde_json::from_slice::<String>(&quoted).ok()
        };
        let id = self.id.and_then(|(is_string, raw)| {
            if is_string {
                string(raw).map(serde_json::Value::String)
            } else {
                serde_json::from_slice::<serde_json::Number>(&raw)
                    .ok()
                    .map(serde_json::Value::Number)
            }
        });
        Summary {
            method: self.method.and_then(string),
            id,
            uri: self.uri.and_then(string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skim(body: &str, chunk: usize) -> Summary {
        let mut skim = Skim::new(body.len());
        for part in body.as_bytes().chunks(chunk) {
            assert!(skim.feed(part).is_none());
        }
        assert_eq!(skim.remaining(), 0);
        skim.summary()
    }

    #[test]
    fn finds_method_id_and_uri_whatever_the_order_and_chunking() {
        let body = r#"{"params":{"contentChanges":[{"text":"\"method\":\"no\",\"id\":9"}],"textDocument":{"version":2,"uri":"file:///a%20b.md"}},"id" : 17,"jsonrpc":"2.0","method":"textDocument/did\u0043hange"}"#;
        for chunk in [1, 2, 3, 7, 64, body.len()] {
            let summary = skim(body, chunk);
            assert_eq!(
                summary.method.as_deref(),
                Some("textDocument/didChange"),
                "{chunk}"
            );
            assert_eq!(summary.id, Some(serde_json::json!(17)), "{chunk}");
            assert_eq!(summary.uri.as_deref(), Some("file:///a%20b.md"), "{chunk}");
        }
    }

    #[test]
    fn nested_look_alikes_are_not_taken() {
        let body = r#"{"jsonrpc":"2.0","method":"x","params":{"a":{"method":"y","uri":"z"},"uri":"w","list":[{"textDocument":{"uri":"v"}}]}}"#;
        let summary = skim(body, 5);
        assert_eq!(summary.method.as_deref(), Some("x"));
        assert_eq!(summary.id, None);
        assert_eq!(summary.uri, None);
        let string_id = skim(r#"{"id":"abc","method":"m"}"#, 3);
        assert_eq!(string_id.id, Some(serde_json::json!("abc")));
        let number_at_end = skim(r#"{"method":"m","id":42"#, 1);
        assert_eq!(number_at_end.id, Some(serde_json::json!(42)));
    }

    #[test]
    fn a_header_inside_the_body_ends_it_even_across_chunks() {
        let body = b"{\"method\":\"a\",\"params\":\"xxContent-Length: 12\r\n\r\n{\"id\":1}";
        for chunk in [1, 4, 16, body.len()] {
            let mut skim = Skim::new(10_000);
            let mut rest = None;
            let mut read = 0;
            for part in body.chunks(chunk) {
                read += part.len();
                if let Some(found) = skim.feed(part) {
                    rest = Some(found);
                    break;
                }
            }
            // The caller carries whatever followed the chunk.
            let mut rest = rest.expect("the header is found");
            rest.extend_from_slice(&body[read..]);
            assert!(rest.starts_with(b"Content-Length: 12\r\n"), "{chunk}");
            assert!(rest.ends_with(b"{\"id\":1}"), "{chunk}");
            assert_eq!(skim.summary().method.as_deref(), Some("a"));
        }
    }
}
