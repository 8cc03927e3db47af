//! A document's own identifier, below the index (which keys documents by it) and the status
//! (which derives it from a record's number).

/// A document's own identifier: `ADR 7`, `RFC 2094`.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct DocId {
    /// Upper case: the prefix the document writes (`ADR-0007.md`), else its kind's `id_prefix`.
    /// `None` for a numbered doc of a kind without a prefix: it cannot be cited by id.
    pub prefix: Option<String>,
    pub number: u32,
}

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.prefix {
            Some(prefix) => write!(f, "{prefix}-{:04}", self.number),
            None => write!(f, "{:04}", self.number),
        }
    }
}
