//! The set of document paths a reverse map of the index files under one key (an id, a stem, a
//! citation), kept small: most keys name one or two documents, so a sorted vector of shared
//! paths, with a B-tree only past a few dozen. Each path is one `Arc<str>` shared by every set
//! the document is in, rather than a string per set.

use std::collections::BTreeSet;
use std::sync::Arc;

/// Past this many paths a set becomes a B-tree, so that inserting and removing stay
/// logarithmic however many documents cite one key.
const SMALL: usize = 32;

/// Document paths, in increasing order, without duplicates.
#[derive(Clone, Debug)]
pub(crate) enum PathSet {
    Small(Vec<Arc<str>>),
    Large(BTreeSet<Arc<str>>),
}

impl Default for PathSet {
    fn default() -> PathSet {
        PathSet::Small(Vec::new())
    }
}

impl PathSet {
    pub(crate) fn insert(&mut self, path: &Arc<str>) {
        match self {
            PathSet::Small(paths) => {
                if let Err(at) = paths.binary_search(path) {
                    if paths.len() < SMALL {
                        paths.insert(at, path.clone());
                    } else {
                        let mut large: BTreeSet<Arc<str>> = paths.drain(..).collect();
                        large.insert(path.clone());
                        *self = PathSet::Large(large);
                    }
                }
            }
            PathSet::Large(paths) => {
                paths.insert(path.clone());
            }
        }
    }

    pub(crate) fn remove(&mut self, path: &str) {
        match self {
            PathSet::Small(paths) => {
                if let Ok(at) = paths.binary_search_by(|p| (**p).cmp(path)) {
                    paths.remove(at);
                }
            }
            PathSet::Large(paths) => {
                paths.remove(path);
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        match self {
            PathSet::Small(paths) => paths.is_empty(),
            PathSet::Large(paths) => paths.is_empty(),
        }
    }

    /// The paths in increasing order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        let (small, large) = match self {
            PathSet::Small(paths) => (Some(paths.iter()), None),
            PathSet::Large(paths) => (None, Some(paths.iter())),
        };
        small
            .into_iter()
            .flatten()
            .chain(large.into_iter().flatten())
            .map(|p| &**p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_sorted_and_unique_small_and_large() {
        let mut set = PathSet::default();
        let mut expected = std::collections::BTreeSet::new();
        // Inserted out of order, twice each, past the small size, then half removed.
        for n in (0..3 * SMALL).rev().chain(0..3 * SMALL) {
            let path: Arc<str> = Arc::from(format!("docs/{:03}.md", (n * 7) % (3 * SMALL)));
            set.insert(&path);
            expected.insert(path.to_string());
            assert!(set.iter().map(String::from).eq(expected.iter().cloned()));
        }
        assert!(matches!(set, PathSet::Large(_)));
        for n in (0..3 * SMALL).step_by(2) {
            let path = format!("docs/{n:03}.md");
            set.remove(&path);
            expected.remove(&path);
        }
        assert!(set.iter().map(String::from).eq(expected.iter().cloned()));
        for path in expected.clone() {
            set.remove(&path);
        }
        assert!(set.is_empty());
        let mut small = PathSet::default();
        small.insert(&Arc::from("b"));
        small.insert(&Arc::from("a"));
        small.remove("b");
        small.remove("missing");
        assert_eq!(small.iter().collect::<Vec<_>>(), ["a"]);
    }
}
