//! `workspace/symbol`: every document by id and title, and every section, fuzzy-matched against
//! the query (nucleo-matcher, as completion uses) and ranked.
//!
//! Only the index is read: ranges are byte ranges in each document, which the edge converts
//! lazily (the client may resolve the location of the few symbols it shows), so a query never
//! reads files.

use super::char_mask::{haystack_mask, query_mask};
use crate::index::{DocEntry, Index};
use crate::position::TextRange;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// How many symbols one query answers at most: an editor's picker shows a screenful, and the
/// client asks again as the query grows.
pub const WORKSPACE_SYMBOL_LIMIT: usize = 500;

/// What a symbol stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SymbolTarget {
    /// The whole document; its range is the title heading (or the first line).
    Document,
    /// A heading below the title, by its anchor (stable across edits that move it).
    Section { anchor: String, level: u8 },
}

/// One match of a workspace symbol query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbolMatch {
    /// The document's index path.
    pub path: String,
    /// `ADR-0007 Use PostgreSQL` for a document, the heading's text for a section.
    pub name: String,
    /// For a section: the document's name.
    pub container: Option<String>,
    pub target: SymbolTarget,
    /// Where the symbol is, in its document's text as indexed.
    pub range: TextRange,
    /// Whether the document has been superseded: editors strike such symbols through.
    pub superseded: bool,
    /// Higher is better (nucleo's score; 0 for an empty query).
    pub score: u32,
}

/// How people find a document by name: id and title (`ADR-0007 Use PostgreSQL`), the title
/// alone, the id alone, else the path.
pub fn document_name(doc: &DocEntry) -> String {
    let mut name = String::new();
    write_document_name(doc, &mut name);
    name
}

/// [`document_name`] into a reused buffer (cleared first): a query names every document.
fn write_document_name(doc: &DocEntry, out: &mut String) {
    use std::fmt::Write;
    out.clear();
    let id = doc.id.as_ref().filter(|id| id.prefix.is_some());
    let title = doc
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let _ = match (id, title) {
        (Some(id), Some(title)) => write!(out, "{id} {title}"),
        (Some(id), None) => write!(out, "{id}"),
        (None, Some(title)) => write!(out, "{title}"),
        (None, None) => write!(out, "{}", doc.path),
    };
}

/// The current range of a symbol of `doc`: the section with this anchor, else (no anchor) the
/// title. For resolving a symbol's location after the query, when edits may have moved it.
pub fn symbol_range(doc: &DocEntry, anchor: Option<&str>) -> Option<TextRange> {
    match anchor {
        None => Some(doc.title_range),
        Some(anchor) => doc.section(anchor).map(|s| s.range),
    }
}

/// The symbols matching `query`, best first, at most `limit`. An empty query lists documents
/// (live ones first) before sections, in path order.
pub fn workspace_symbols(index: &Index, query: &str, limit: usize) -> Vec<WorkspaceSymbolMatch> {
    // `docs()` iterates in path order: a candidate names its document by position here.
    let docs: Vec<&DocEntry> = index.docs().map(|d| &**d).collect();
    workspace_symbols_of(&docs, query, limit)
}

/// [`workspace_symbols`] over documents given in path order (the entries of a persisted index
/// before they are in an [`Index`]).
pub fn workspace_symbols_of(
    docs: &[&DocEntry],
    query: &str,
    limit: usize,
) -> Vec<WorkspaceSymbolMatch> {
    let query = query.trim();
    let mut candidates = if query.is_empty() {
        every_symbol(docs, limit)
    } else {
        scored_symbols(docs, query)
    };
    // Best score first; then documents before sections, live decisions before superseded ones,
    // then index (path) order.
    let order = |c: &Candidate| {
        (
            std::cmp::Reverse(c.score),
            c.section.is_some(),
            c.superseded,
            c.doc_number,
            c.section,
        )
    };
    if candidates.len() > limit && limit > 0 {
        candidates.select_nth_unstable_by_key(limit - 1, order);
    }
    candidates.truncate(limit);
    candidates.sort_unstable_by_key(order);
    // Names and containers are built only for the winners.
    candidates
        .into_iter()
        .map(|c| {
            let doc = docs[c.doc_number];
            let superseded = c.superseded;
            match c.section {
                None => WorkspaceSymbolMatch {
                    path: doc.path.clone(),
                    name: document_name(doc),
                    container: None,
                    target: SymbolTarget::Document,
                    range: doc.title_range,
                    superseded,
                    score: c.score,
                },
                Some(number) => {
                    let section = &doc.sections[number];
                    WorkspaceSymbolMatch {
                        path: doc.path.clone(),
                        name: section.text.clone(),
                        container: Some(document_name(doc)),
                        target: SymbolTarget::Section {
                            anchor: section.anchor.clone(),
                            level: section.level,
                        },
                        range: section.range,
                        superseded,
                        score: c.score,
                    }
                }
            }
        })
        .collect()
}

/// Every document and every section matching `query`, scored in parallel without allocating.
fn scored_symbols(docs: &[&DocEntry], query: &str) -> Vec<Candidate> {
    use rayon::prelude::*;
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let needed = needed_chars(query);
    docs.par_iter()
        .enumerate()
        .map_init(
            || (Matcher::new(Config::DEFAULT), Vec::new(), String::new()),
            |(matcher, buffer, name), (doc_number, doc)| {
                let mut found = Vec::new();
                // Asked only of documents with a match.
                let mut superseded = None;
                let mut push = |score, section| {
                    let superseded = *superseded.get_or_insert_with(|| doc.is_superseded());
                    found.push(Candidate {
                        score,
                        superseded,
                        doc_number,
                        section,
                    });
                };
                write_document_name(doc, name);
                let name = Utf32Str::new(name, buffer);
                if may_match(needed, name)
                    && let Some(score) = pattern.score(name, matcher)
                {
                    push(score, None);
                }
                for (section_number, section) in doc.sections.iter().enumerate() {
                    if !is_listed_section(doc, section_number) {
                        continue;
                    }
                    let text = Utf32Str::new(&section.text, buffer);
                    if may_match(needed, text)
                        && let Some(score) = pattern.score(text, matcher)
                    {
                        push(score, Some(section_number));
                    }
                }
                found
            },
        )
        .flatten_iter()
        .collect()
}

/// For an empty query: every document, then (only when they are fewer than `limit`) every
/// section, all with the same score, so the ranking's tie-breaks order them.
fn every_symbol(docs: &[&DocEntry], limit: usize) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = docs
        .iter()
        .enumerate()
        .map(|(doc_number, doc)| Candidate {
            score: 0,
            superseded: doc.is_superseded(),
            doc_number,
            section: None,
        })
        .collect();
    if candidates.len() < limit {
        let sections: Vec<Candidate> = candidates
            .iter()
            .flat_map(|c| {
                let doc = docs[c.doc_number];
                (0..doc.sections.len())
                    .filter(|&s| is_listed_section(doc, s))
                    .map(|s| Candidate {
                        section: Some(s),
                        ..*c
                    })
            })
            .collect();
        candidates.extend(sections);
    }
    candidates
}

/// The letters and digits every match of `query` must hold (see [`query_mask`]): each atom of a
/// query matches only a text holding all of its characters. Empty (no narrowing) when the query
/// has a negated atom (`!x`) or an escape.
fn needed_chars(query: &str) -> u64 {
    if query.bytes().any(|b| b == b'!' || b == b'\\') {
        return 0;
    }
    query_mask(query)
}

/// Whether `text` may match a query needing `needed` (see [`needed_chars`]): a cheap test that
/// leaves the fuzzy scoring only the texts holding every needed character (an accented one
/// counting as its plain form too, see [`haystack_mask`]).
fn may_match(needed: u64, text: Utf32Str) -> bool {
    needed == 0 || needed & !haystack_mask(text) == 0
}

#[derive(Clone, Copy)]
struct Candidate {
    score: u32,
    superseded: bool,
    doc_number: usize,
    section: Option<usize>,
}

/// Headings below the title: the title is the document's own symbol, and HTML anchors (level 0)
/// are link targets, not sections.
fn is_listed_section(doc: &DocEntry, section_number: usize) -> bool {
    let section = &doc.sections[section_number];
    section.level > 0 && section.range != doc.title_range && !section.text.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config as DocConfig;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    fn index(docs: &[(&str, &str)]) -> Index {
        Index::build(
            IndexSettings::default(),
            docs.to_vec(),
            &DocConfig::default(),
            &|_| PathHints::default(),
        )
    }

    fn workspace() -> Index {
        index(&[
            (
                "docs/adr/0007-use-postgresql.md",
                "# 7. Use PostgreSQL\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a store.\n\n## Decision\n\nPostgreSQL.\n",
            ),
            (
                "docs/adr/0003-use-mysql.md",
                "# 3. Use MySQL\n\n## Status\n\nSuperseded by ADR-0007\n\n## Context\n\nA store.\n\n## Decision\n\nMySQL.\n",
            ),
        ])
    }

    #[test]
    fn documents_are_named_by_id_and_title() {
        let index = workspace();
        let found = workspace_symbols(&index, "postgres", 10);
        assert_eq!(found[0].name, "ADR-0007 Use PostgreSQL");
        assert_eq!(found[0].target, SymbolTarget::Document);
        assert_eq!(found[0].path, "docs/adr/0007-use-postgresql.md");
        let doc = index.get("docs/adr/0007-use-postgresql.md").unwrap();
        assert_eq!(found[0].range, doc.title_range);
        assert!(!found[0].superseded);
    }

    #[test]
    fn sections_carry_their_document_as_container() {
        let index = workspace();
        let found = workspace_symbols(&index, "decision", 10);
        let names: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|m| (m.name.as_str(), m.container.as_deref()))
            .collect();
        // Equal scores: the live decision before the superseded one.
        assert_eq!(
            names,
            [
                ("Decision", Some("ADR-0007 Use PostgreSQL")),
                ("Decision", Some("ADR-0003 Use MySQL")),
            ]
        );
        assert!(found[1].superseded, "ADR-0003 is superseded");
        assert_eq!(
            found[0].target,
            SymbolTarget::Section {
                anchor: String::from("decision"),
                level: 2
            }
        );
    }

    #[test]
    fn a_fuzzy_query_matches_a_subsequence_and_ranks_the_closer_match_first() {
        let index = workspace();
        let found = workspace_symbols(&index, "adr7", 10);
        assert_eq!(found[0].name, "ADR-0007 Use PostgreSQL");
        let found = workspace_symbols(&index, "usmy", 10);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "ADR-0003 Use MySQL");
        assert!(workspace_symbols(&index, "kubernetes", 10).is_empty());
    }

    #[test]
    fn narrowing_by_characters_leaves_the_answers_as_scoring_every_text_gives() {
        let index = index(&[
            (
                "docs/adr/0001-use-cafe.md",
                "# 1. Use Café\n\n## Status\n\nAccepted\n\n## Décision\n\nCafé.\n",
            ),
            (
                "docs/adr/0002-use-tea.md",
                "# 2. Use Tea\n\n## Status\n\nAccepted\n\n## Decision\n\nTea.\n",
            ),
        ]);
        let docs: Vec<&DocEntry> = index.docs().map(|d| &**d).collect();
        for query in [
            "cafe", "decision", "DECISION", "tea", "adr2", "!tea", "^use", "sta$", "'ea", "zzz",
            "u t", "é",
        ] {
            let narrowed = workspace_symbols(&index, query, 100);
            // Every text scored: what the answer was without the narrowing.
            let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buffer = Vec::new();
            let mut every = 0;
            for doc in &docs {
                let name = document_name(doc);
                every += usize::from(
                    pattern
                        .score(Utf32Str::new(&name, &mut buffer), &mut matcher)
                        .is_some(),
                );
                for (number, section) in doc.sections.iter().enumerate() {
                    every += usize::from(
                        is_listed_section(doc, number)
                            && pattern
                                .score(Utf32Str::new(&section.text, &mut buffer), &mut matcher)
                                .is_some(),
                    );
                }
            }
            assert_eq!(narrowed.len(), every, "query {query:?}");
        }
        // The accented heading is found by its plain spelling.
        let found = workspace_symbols(&index, "decision", 100);
        assert!(found.iter().any(|m| m.name == "Décision"), "{found:?}");
        let mut buffer = Vec::new();
        let adr = Utf32Str::new("ADR-0007 Use PostgreSQL", &mut buffer);
        assert!(may_match(needed_chars("adr7"), adr));
        assert!(!may_match(needed_chars("kubernetes"), adr));
    }

    #[test]
    fn the_title_is_not_also_a_section_and_the_limit_holds() {
        let index = workspace();
        let all = workspace_symbols(&index, "", 100);
        // Two documents, three sections each.
        assert_eq!(all.len(), 8);
        assert!(all[..2].iter().all(|m| m.target == SymbolTarget::Document));
        assert_eq!(workspace_symbols(&index, "", 3).len(), 3);
        assert!(!all.iter().any(|m| m.name == "Use PostgreSQL"));
    }
}
