//! Searching text for short markers (`[[`, `]]`, `<!--`, `-->`), which every file indexed is
//! scanned for: the first byte is found with the standard library's byte search, and the rest
//! compared in place. For needles this short that beats the general substring search, whose
//! set-up costs more than the scan on a design doc.

/// The byte offset of the first `needle` in `haystack`, as `haystack.find(needle)` answers
/// (`None` for an empty needle).
pub fn find_marker(haystack: &str, needle: &str) -> Option<usize> {
    let first = char::from(*needle.as_bytes().first()?);
    debug_assert!(first.is_ascii(), "markers start with an ASCII character");
    let mut from = 0;
    while let Some(at) = haystack[from..].find(first) {
        let start = from + at;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_where_a_substring_search_finds_them() {
        let texts = [
            "",
            "[",
            "[[",
            "a [b] [[c]] d",
            "<<!-- x --> <!-- y -->",
            "é[[ü]]",
            "---> -- -->",
            "[ [ [[",
        ];
        for text in texts {
            for needle in ["[[", "]]", "<!--", "-->", "-"] {
                assert_eq!(
                    find_marker(text, needle),
                    text.find(needle),
                    "{needle:?} in {text:?}"
                );
            }
        }
        assert_eq!(find_marker("abc", ""), None);
    }
}
