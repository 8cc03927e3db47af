//! Small conversions of words shared by templates, authoring edits and rules: an upper-case first
//! letter, a lower-case one, and the words a file name spells.

/// `word` with its first letter upper case: `accepted` → `Accepted`.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `word` with its first letter lower case: `Supersedes` → `supersedes`.
pub fn lowercase_first(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The words of a file name, without its extension, its leading number and separators:
/// `0007-use-postgres.md` → `use postgres`, `2094-nll.md` → `nll`. Empty when nothing is left.
pub fn file_name_words(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    stem.trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['-', '_', ' '])
        .replace(['-', '_'], " ")
        .trim()
        .to_string()
}

/// `text`'s words joined by single spaces, without leading or trailing white space (what
/// `split_whitespace` then `join(" ")` gives, in one pass and one allocation).
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_letters_change_case_and_file_names_give_words() {
        assert_eq!(capitalised("élan vital"), "Élan vital");
        assert_eq!(capitalised(""), "");
        assert_eq!(lowercase_first("Supersedes"), "supersedes");
        assert_eq!(file_name_words("0007-use-postgres.md"), "use postgres");
        assert_eq!(file_name_words("2094-nll.md"), "nll");
        assert_eq!(
            file_name_words("20240102_adopt_kafka.markdown"),
            "adopt kafka"
        );
        assert_eq!(file_name_words("0001.md"), "");
    }
}
