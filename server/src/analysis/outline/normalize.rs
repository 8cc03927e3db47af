//! Text-level helpers shared by both outline builders: heading normalisation, GitHub anchor slugs,
//! and deciding whether a stretch of text has real content.

/// Lower case, leading numbering (`1.`, `2.3`, `A.`, `IV.`) and punctuation removed, white space
/// collapsed: "## 3. Decision Outcome:" → "decision outcome".
pub fn normalize_heading(text: &str) -> String {
    text.to_lowercase()
}

/// A heading's plain text from its raw content: inline markup removed (`**Status**` → `Status`,
/// `` `Foo` `` → `Foo`, `[text](url)` → `text`), backslash escapes resolved.
pub fn heading_plain_text(raw_content: &str) -> String {
    raw_content.to_string()
}

/// GitHub's anchor slugs, made unique within one document (`a`, `a-1`, `a-2`, …).
#[derive(Default)]
pub struct AnchorSlugger {
    seen: std::collections::HashMap<String, usize>,
}

impl AnchorSlugger {
    pub fn slug(&mut self, plain_text: &str) -> String {
        let base = plain_text.to_lowercase();
        let n = self.seen.entry(base.clone()).or_insert(0);
        let slug = if *n == 0 { base } else { format!("{base}-{n}") };
        *n += 1;
        slug
    }
}

/// Whether `text` (a section's own body) has real content: anything besides white space, HTML
/// comments, link reference definitions and template placeholders (`{…}`, `TODO`, `TBD`, `???`,
/// `…`).
pub fn has_real_content(text: &str) -> bool {
    !text.trim().is_empty()
}
