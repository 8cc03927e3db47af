//! Edit distance, for "did you mean" suggestions: a misspelt status, rule id or config key.

/// The Levenshtein distance between two short strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("acepted", "accepted"), 1);
        assert_eq!(edit_distance("accpeted", "accepted"), 2);
        assert_eq!(edit_distance("rejected", "rejected"), 0);
        assert_eq!(edit_distance("missing-section", "missing-section"), 0);
        assert_eq!(edit_distance("missng-section", "missing-section"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
