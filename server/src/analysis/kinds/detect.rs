//! Which kind a document is: front matter `kind:`/`type:`, then config globs, then conventional
//! places, then the shape of its headings. First match wins; the reason is kept for
//! `docwright check --explain-kind`.

use crate::analysis::config::Config;
use crate::analysis::outline::Outline;

/// Facts about a document's surroundings that only the edge (CLI, server) can learn from the file
/// system, handed in so that detection stays pure.
#[derive(Clone, Debug, Default)]
pub struct PathHints {
    /// Workspace-relative folder named by an `.adr-dir` file (adr-tools), if any.
    pub adr_dir: Option<String>,
    /// Whether the document's folder holds a `0000-template.md` (the Rust RFC layout).
    pub rfc_template_sibling: bool,
}

pub struct DetectInput<'a> {
    /// Workspace-relative path with `/` separators, when the document has one.
    pub path: Option<&'a str>,
    pub text: &'a str,
    pub outline: &'a Outline,
    pub config: &'a Config,
    pub hints: &'a PathHints,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// Name of the kind (`Config::kind(name)`), or `None` for a document of no kind.
    pub kind: Option<String>,
    /// Why, in one sentence: "front matter says `kind: madr`", "path matches `docs/adr/**`", …
    pub reason: String,
}

pub fn detect_kind(_input: &DetectInput) -> Detection {
    Detection {
        kind: None,
        reason: String::from("kind detection is not built yet"),
    }
}
