//! Link destinations as written in a document, and the path arithmetic that resolving them needs:
//! below the index (which parses the links of every document) and resolution (which follows
//! them). Pure text in, text out.

/// A link destination, split and decoded: `../adr/my%20doc.md?x=1#decision` →
/// (`../adr/my doc.md`, `decision`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LinkTarget {
    /// Percent-decoded, query removed; empty for `#anchor` alone.
    pub path: String,
    /// Percent-decoded; `None` when absent or empty.
    pub anchor: Option<String>,
}

impl LinkTarget {
    pub fn parse(destination: &str) -> LinkTarget {
        let (before_anchor, anchor) = match destination.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (destination, None),
        };
        let path = before_anchor.split('?').next().unwrap_or(before_anchor);
        LinkTarget {
            path: percent_decode(path.trim()),
            anchor: anchor
                .map(|a| percent_decode(a.trim()))
                .filter(|a| !a.is_empty()),
        }
    }
}

/// `%20` → ` `; malformed escapes and invalid UTF-8 are kept as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// `http://`, `https://` or protocol-relative `//`: a URL, not a path in the workspace.
pub fn is_absolute_url(destination: &str) -> bool {
    let lower = destination
        .trim_start()
        .get(..8)
        .unwrap_or(destination)
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || destination.starts_with("//")
}

/// `folder` joined with the relative `path`, `.` and `..` resolved, `/` separators: `None` when
/// it climbs above the workspace root. A leading `/` starts from the root.
///
/// A document outside the workspace root has an absolute path (the edge's choice, as for
/// `docwright check /elsewhere/doc.md`); its links resolve against its absolute folder and stay
/// absolute.
pub fn join_path(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { folder };
    let absolute = start.starts_with('/');
    for part in start.split('/').chain(path.split(['/', '\\'])) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    Some(if absolute {
        format!("/{joined}")
    } else {
        joined
    })
}

/// Whether a path names a Markdown file.
pub fn is_markdown_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// The path from `from_folder` to the workspace-relative `to`: `../adr/0003-x.md`.
pub fn relative_path(from_folder: &str, to: &str) -> String {
    let from: Vec<&str> = from_folder.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let Some(last) = to_parts.len().checked_sub(1) else {
        return String::new();
    };
    let (to_folder, file) = to_parts.split_at(last);
    let common = from
        .iter()
        .zip(to_folder)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend_from_slice(&to_folder[common..]);
    out.extend_from_slice(file);
    out.join("/")
}

/// `ADR-0007` (nothing else around it) → (`ADR`, 7).
pub fn whole_id(text: &str) -> Option<(String, u32)> {
    let found = crate::outline::refs::textual_refs(text, &[]);
    match found.as_slice() {
        [only] if only.range.start == 0 && only.range.end == text.len() => {
            Some((only.prefix.clone(), only.number))
        }
        _ => None,
    }
}

/// A trailing number (`pull/2094`), if the URL path ends in one.
pub fn trailing_number(path: &str) -> Option<u32> {
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    if last.is_empty() || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    last.parse().ok()
}

/// `text/2094-nll.html` → `text/2094-nll.md`.
pub fn markdown_path(path: &str) -> String {
    match path.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None => path.to_string(),
    }
}

/// Whether the text of a code span looks like a path into the repository: a `/`, a file
/// extension (or a trailing `/`), only the characters paths are made of, no URL scheme, not
/// absolute or home-relative, no wildcards or placeholders, and not a Markdown document (links
/// to those are `broken-reference`'s, and a doc named in backticks is usually an example).
pub fn looks_like_repo_path(text: &str) -> bool {
    if !text.contains('/')
        || text.len() > 200
        || text.starts_with(['/', '~', '$', '-'])
        || text.contains("://")
        || text.contains("//")
    {
        return false;
    }
    if !text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '@' | '+'))
    {
        return false;
    }
    let segments: Vec<&str> = text.trim_end_matches('/').split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return false;
    }
    // `example.com/x.js`, `github.com/org/repo`: a host, not a folder.
    let first = segments[0];
    if first.contains('.') && !first.starts_with('.') {
        return false;
    }
    if text.ends_with('/') {
        // `src/`, `target/`: a bare folder name is too often generic to be a claim about this
        // repository; `server/src/` is one.
        return segments.len() >= 2;
    }
    let last = segments[segments.len() - 1];
    let Some((stem, extension)) = last.rsplit_once('.') else {
        return false;
    };
    let lower = extension.to_ascii_lowercase();
    !stem.is_empty()
        && (1..=10).contains(&extension.len())
        && extension.starts_with(|c: char| c.is_ascii_alphabetic())
        && extension.chars().all(|c| c.is_ascii_alphanumeric())
        && lower != "md"
        && lower != "markdown"
}
