//! The outline of a whole document in one reading: the bulk path of `docwright check`.
//!
//! The Markdown after the front matter is read at once by [`read::read`], the reading the editor
//! also uses region by region ([`super::regions`]); the facts then go through the shared
//! [`build`] step.

use crate::outline::{Facts, Outline, build, read};

/// The raw facts of one document, read whole.
pub fn facts(text: &str) -> Facts {
    let front_matter = build::detect_front_matter(text);
    let base = build::markdown_start(text);
    // Every label a whole document uses but does not define is undefined.
    let reading = read::read(&text[base..], false, &|_| false);
    Facts {
        front_matter,
        ..reading.facts.shifted(base)
    }
}

pub fn outline(text: &str, file_name: Option<&str>) -> Outline {
    build::outline_from_facts(text, facts(text), file_name)
}
