//! Cross-reference completion: what to offer where a reference to another doc is being typed.
//!
//! - after an id prefix the index knows (`ADR-`, `ADR `, `RFC `, `KEP-`…): the docs with that
//!   prefix, inserted as the user started it (`ADR-0007`, `RFC 2094`);
//! - after `[[`: the docs by file name, closing the `]]` when it is not there yet;
//! - after `](`: the docs by their path relative to the current doc's folder;
//! - after `](file.md#` or `[[name#`: that doc's anchors; after `](#`: the current doc's own.
//!
//! Pure: it gets the index, the current doc's entry and the cursor's line, and answers with
//! ordered items whose edits are byte ranges of the document. Candidates are matched fuzzily
//! (nucleo) against what was typed since the trigger, then ranked: match score, the current
//! doc's folder first, live decisions before superseded ones, then by id and path.

use super::char_mask::{haystack_mask, query_mask};
use crate::diagnostic::TextEdit;
use crate::index::{DocEntry, Index, RefTarget, SectionEntry};
use crate::position::TextRange;
use crate::resolve::{self, LinkTarget};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use regex::Regex;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

/// The most items one answer carries; past it the answer says it is incomplete, so the editor
/// asks again as the user types more. An editor shows a dozen rows at a time: past a hundred a
/// list is not read but typed into, and each item (with its summary) costs the answer about
/// 0.7 KB to build, serialise and send on every keystroke.
pub const MAX_ITEMS: usize = 100;

/// The most matches one request scores for a non-empty query. Past it the scan stops and the
/// answer says it is incomplete: the first matches, the current doc's folder first, are ranked,
/// and the editor asks again as the user types more (which narrows from what is left, see
/// [`CandidateCache`]). Keeps a keystroke within milliseconds at 50,000 docs, where a word of
/// a title can match most of them.
pub const MAX_SCORED: usize = 1_000;

/// The cursor's line, split at the cursor.
#[derive(Clone, Copy, Debug)]
pub struct CursorLine<'a> {
    /// The line's text before the cursor.
    pub before: &'a str,
    /// The line's text after the cursor (without the line break).
    pub after: &'a str,
    /// The cursor's byte offset in the document.
    pub offset: usize,
}

/// What an item stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefItemKind {
    Document,
    Anchor,
}

/// One candidate, ready for the edge to convert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefCompletionItem {
    /// The id (`ADR-0007`), the file name, the relative path or the anchor.
    pub label: String,
    pub kind: RefItemKind,
    /// A doc's title and status (`Use PostgreSQL · Accepted`), an anchor's heading.
    pub detail: Option<String>,
    /// Shown in the row itself, right after the label: a doc's title, an anchor's heading text.
    pub label_title: Option<String>,
    /// Shown at the row's end: a doc's status, by its name in the kind's vocabulary
    /// (`Superseded`), never the raw status line.
    pub label_status: Option<String>,
    /// A doc's summary (plain Markdown).
    pub documentation: Option<String>,
    /// The doc has been superseded.
    pub deprecated: bool,
    /// What the editor filters on: the text the edit's range holds so far is matched against it.
    pub filter_text: String,
    /// Replaces what was typed since the trigger (and the rest of that token after the cursor).
    pub edit: TextEdit,
}

/// The items, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefCompletion {
    pub items: Vec<RefCompletionItem>,
    /// More candidates matched than [`MAX_ITEMS`]: the editor should ask again as the user types.
    pub is_incomplete: bool,
}

/// Where the cursor is, as far as references go.
#[derive(Debug, PartialEq, Eq)]
enum Trigger<'a> {
    /// `ADR-00|`: `separator` as written (`-`, ` `, `#`, `-#`, ` #`).
    Id {
        prefix: &'a str,
        separator: &'a str,
        query: &'a str,
        replace: TextRange,
    },
    /// `[[0007|`.
    Wiki { query: &'a str, replace: TextRange },
    /// `](../adr/00|`.
    LinkPath { query: &'a str, replace: TextRange },
    /// `[[0007-x#dec|`.
    WikiAnchor {
        name: &'a str,
        query: &'a str,
        replace: TextRange,
    },
    /// `](0007-x.md#dec|`, or `](#dec|` for the current doc (`path` empty).
    LinkAnchor {
        path: &'a str,
        query: &'a str,
        replace: TextRange,
    },
}

// Each pattern ends at the cursor; the query is what was typed since the trigger.
static LINK_ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(\s*<?([^()\s#<>]*)#([^()\s#<>]*)$").expect("valid"));
static WIKI_ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\[([^\[\]|#]*)#([^\[\]|#]*)$").expect("valid"));
static WIKI: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\[([^\[\]|#]*)$").expect("valid"));
static LINK_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(\s*<?([^()\s#<>]*)$").expect("valid"));
/// An upper-case prefix on a word boundary, a separator, then letters or digits typed so far
/// (a number or a word of the title).
static ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^A-Za-z0-9_])([A-Z][A-Z0-9]*)(-#|-| #|#|[ \u{A0}])([A-Za-z0-9]*)$")
        .expect("valid")
});

/// The length of the token that continues after the cursor: what an item replaces too.
fn continuation(after: &str, stops: impl Fn(char) -> bool) -> usize {
    after.find(stops).unwrap_or(after.len())
}

fn trigger<'a>(line: &CursorLine<'a>) -> Option<Trigger<'a>> {
    let before = line.before;
    let line_start = line.offset - before.len();
    let range_from =
        |start: usize, rest: usize| TextRange::new(line_start + start, line.offset + rest);
    if let Some(caps) = LINK_ANCHOR.captures(before) {
        let query = caps.get(2)?;
        let rest = continuation(line.after, |c| {
            c.is_whitespace() || matches!(c, '(' | ')' | '#' | '<' | '>')
        });
        return Some(Trigger::LinkAnchor {
            path: caps.get(1)?.as_str(),
            query: query.as_str(),
            replace: range_from(query.start(), rest),
        });
    }
    let wiki_stops = |c: char| c.is_whitespace() || matches!(c, '[' | ']' | '|' | '#');
    if let Some(caps) = WIKI_ANCHOR.captures(before) {
        let query = caps.get(2)?;
        return Some(Trigger::WikiAnchor {
            name: caps.get(1)?.as_str(),
            query: query.as_str(),
            replace: range_from(query.start(), continuation(line.after, wiki_stops)),
        });
    }
    if let Some(caps) = WIKI.captures(before) {
        let query = caps.get(1)?;
        return Some(Trigger::Wiki {
            query: query.as_str(),
            replace: range_from(query.start(), continuation(line.after, wiki_stops)),
        });
    }
    if let Some(caps) = LINK_PATH.captures(before) {
        let query = caps.get(1)?;
        let rest = continuation(line.after, |c| {
            c.is_whitespace() || matches!(c, '(' | ')' | '#' | '<' | '>')
        });
        return Some(Trigger::LinkPath {
            query: query.as_str(),
            replace: range_from(query.start(), rest),
        });
    }
    if let Some(caps) = ID.captures(before) {
        let prefix = caps.get(1)?;
        let rest = continuation(line.after, |c| !c.is_ascii_alphanumeric());
        return Some(Trigger::Id {
            prefix: prefix.as_str(),
            separator: caps.get(2)?.as_str(),
            query: caps.get(3)?.as_str(),
            replace: range_from(prefix.start(), rest),
        });
    }
    None
}

/// The cross-reference completion at the cursor, or `None` when the cursor is not where a
/// reference is being typed (or an id prefix no doc of the index has).
///
/// `cache` keeps what every request scans, per doc; it is brought up to date with `index` here
/// (see [`CandidateCache`]), so one cache should serve one index across requests.
pub fn complete_references(
    cache: &mut CandidateCache,
    index: &Index,
    current: &DocEntry,
    line: &CursorLine,
) -> Option<RefCompletion> {
    match trigger(line)? {
        Trigger::Id {
            prefix,
            separator,
            query,
            replace,
        } => {
            if !index.has_prefix(prefix) {
                return None;
            }
            cache.refresh(index);
            Some(complete_ids(
                cache, current, prefix, separator, query, replace,
            ))
        }
        Trigger::Wiki { query, replace } => {
            cache.refresh(index);
            let form = WikiForm {
                index,
                current,
                close: !closes_wiki(line.after, replace, line.offset),
            };
            Some(complete_documents(cache, current, query, &form, replace))
        }
        Trigger::LinkPath { query, replace } => {
            cache.refresh(index);
            let form = LinkForm { current };
            Some(complete_documents(cache, current, query, &form, replace))
        }
        Trigger::WikiAnchor {
            name,
            query,
            replace,
        } => {
            let target = RefTarget::Wiki {
                name: name.to_string(),
                anchor: None,
            };
            let doc = resolve::resolve(index, current, &target).doc()?;
            let close = !closes_wiki(line.after, replace, line.offset);
            Some(complete_anchors(doc, query, replace, close))
        }
        Trigger::LinkAnchor {
            path,
            query,
            replace,
        } => {
            let doc = if path.is_empty() {
                current
            } else {
                let target = RefTarget::Link(LinkTarget::parse(path));
                resolve::resolve(index, current, &target).doc()?
            };
            Some(complete_anchors(doc, query, replace, false))
        }
    }
}

/// Whether the text after the replaced token already closes the wiki link (`]]`, or an alias
/// or anchor that comes before it).
fn closes_wiki(after: &str, replace: TextRange, cursor: usize) -> bool {
    let rest = &after[replace.end - cursor..];
    rest.starts_with(']') || rest.starts_with('|') || rest.starts_with('#')
}

// ---- The candidate table --------------------------------------------------------------------

/// What completion scans of each doc, computed once per version of the doc: a request then
/// walks compact rows (numbers, flags, the texts to match, already in the matcher's form)
/// instead of every entry's strings, which keeps a 10,000-doc workspace within a few
/// milliseconds.
///
/// [`CandidateCache::refresh`] compares the cached entries with the index's by pointer (entries
/// are immutable `Arc`s, replaced whole by `Index::update`): only the rows of replaced entries
/// are recomputed, as when the open doc is edited; a doc added or removed rebuilds the table.
///
/// It also remembers the last request's narrowed set: the rows that matched what was typed (and
/// the rows a capped scan did not reach). When the next request types on (same trigger, a query
/// that extends the last one), only those rows are scanned: a fuzzy match of the longer query is
/// a match of the shorter one. Any change to a row's matched texts forgets it.
#[derive(Default)]
pub struct CandidateCache {
    /// In the index's order (by path).
    rows: Vec<Candidate>,
    /// What a scan reads of each row, beside `rows` and in its order: a request walks these
    /// few contiguous bytes per doc instead of a row's scattered strings.
    keys: Vec<Key>,
    /// Rows with an id, by upper-case prefix.
    by_prefix: HashMap<String, Vec<usize>>,
    /// Folder names, interned, so that "same folder" compares numbers.
    folders: HashMap<String, u32>,
    /// The last fuzzy request's narrowed set.
    last: Option<Narrowed>,
    /// The [`Index::revision`] the rows were last brought up to date with.
    revision: Option<u64>,
    /// What an empty query answers, per scope, ready ranked: built on the first such request
    /// and kept until a row's rank (folder, number, supersession, template, id prefix) or the
    /// set of rows changes, so that `ADR-` or `[[` ranks a prefix of a list instead of every
    /// doc.
    ready: HashMap<Option<String>, Ready>,
    /// The last fresh fuzzy scan's order ([`CandidateCache::scan_order`]) and what it was of
    /// (scope, current row and folder): a request that does not type on from the last one
    /// (a new trigger, a deleted character) reads it instead of filtering every row again.
    /// Forgotten with the ready lists, when a row's folder, template or id prefix may have
    /// changed, or the set of rows did.
    order: Option<(Scope, CurrentRow, Vec<usize>)>,
}

/// The current doc's row (never offered) and folder, as [`CandidateCache::current`] finds them.
type CurrentRow = (Option<usize>, Option<u32>);

/// The offered rows of one scope (every row, or the rows of one id prefix) in the order an
/// empty query ranks them, apart from the current doc's folder coming first: not superseded
/// first, then by number, then by path; and the same per folder.
struct Ready {
    order: Vec<usize>,
    by_folder: HashMap<u32, Vec<usize>>,
}

/// Which candidates a fuzzy request scans, and against which of their texts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Scope {
    /// Rows with this id prefix, matched on `id_text`.
    Id(String),
    /// Every row, matched on `name_text`.
    Names,
    /// Every row, matched on `path_text` (as paths).
    Paths,
}

impl Scope {
    /// Which of a row's [`Key::masks`] is of the text this scope matches.
    fn text(&self) -> usize {
        match self {
            Scope::Id(_) => 0,
            Scope::Names => 1,
            Scope::Paths => 2,
        }
    }
}

/// The rows still in the running after a request: what a request that types on scans.
struct Narrowed {
    scope: Scope,
    /// The current doc's row and folder: they decide what is left out and the scan's order.
    current: (Option<usize>, Option<u32>),
    /// The query matched, trimmed.
    query: String,
    /// In scan order: the rows that matched, then the rows a capped scan did not reach.
    rows: Vec<usize>,
}

struct Candidate {
    doc: Arc<DocEntry>,
    folder: u32,
    number: Option<u32>,
    superseded: bool,
    /// Not offered at all: a kind's template, whose number is an example.
    template: bool,
    /// `0007 Use PostgreSQL`: what is matched after `ADR-`.
    id_text: Utf32String,
    /// `0007-use-postgresql Use PostgreSQL`: after `[[`.
    name_text: Utf32String,
    /// `docs/adr/0007-use-postgresql.md Use PostgreSQL`: after `](`.
    path_text: Utf32String,
    /// The [`haystack_mask`] of `id_text`, `name_text` and `path_text`.
    masks: [u64; 3],
}

impl Candidate {
    /// The text a query in `scope` is matched on.
    fn text(&self, scope: &Scope) -> &Utf32String {
        match scope {
            Scope::Id(_) => &self.id_text,
            Scope::Names => &self.name_text,
            Scope::Paths => &self.path_text,
        }
    }
}

/// A row's [`Candidate`] fields a scan reads, copied together.
#[derive(Clone, Copy)]
struct Key {
    /// The [`haystack_mask`] of each matched text, by [`Scope::text`]: a fuzzy query skips,
    /// without scoring it, a row whose text lacks one of the query's letters or digits.
    masks: [u64; 3],
    number: Option<u32>,
    folder: u32,
    superseded: bool,
    template: bool,
}

impl Key {
    fn of(candidate: &Candidate) -> Key {
        Key {
            masks: candidate.masks,
            number: candidate.number,
            folder: candidate.folder,
            superseded: candidate.superseded,
            template: candidate.template,
        }
    }
}

impl CandidateCache {
    /// Brings the table up to date with `index`.
    pub fn refresh(&mut self, index: &Index) {
        if self.revision == Some(index.revision()) {
            return;
        }
        self.revision = Some(index.revision());
        if self.rows.len() == index.len() {
            let mut ids_changed = false;
            let mut same_paths = true;
            for (row, doc) in index.docs().enumerate() {
                let cached = &self.rows[row];
                if Arc::ptr_eq(&cached.doc, doc) {
                    continue;
                }
                if cached.doc.path != doc.path {
                    same_paths = false;
                    break;
                }
                ids_changed |= cached.doc.id != doc.id;
                let candidate = self.candidate(doc);
                let cached = &self.rows[row];
                if candidate.template != cached.template
                    || candidate.id_text != cached.id_text
                    || candidate.name_text != cached.name_text
                    || candidate.path_text != cached.path_text
                {
                    self.last = None;
                }
                if candidate.folder != cached.folder
                    || candidate.number != cached.number
                    || candidate.superseded != cached.superseded
                    || candidate.template != cached.template
                    || candidate.doc.id.as_ref().map(|id| &id.prefix)
                        != cached.doc.id.as_ref().map(|id| &id.prefix)
                {
                    self.ready.clear();
                    self.order = None;
                }
                self.keys[row] = Key::of(&candidate);
                self.rows[row] = candidate;
            }
            if same_paths {
                if ids_changed {
                    self.group_by_prefix();
                    self.order = None;
                }
                return;
            }
        }
        self.last = None;
        self.ready.clear();
        self.order = None;
        self.rows = Vec::with_capacity(index.len());
        self.keys = Vec::with_capacity(index.len());
        for doc in index.docs() {
            let row = self.candidate(doc);
            self.keys.push(Key::of(&row));
            self.rows.push(row);
        }
        self.group_by_prefix();
    }

    fn candidate(&mut self, doc: &Arc<DocEntry>) -> Candidate {
        let next_folder = self.folders.len() as u32;
        let folder = *self
            .folders
            .entry(doc.folder().to_string())
            .or_insert(next_folder);
        let title = doc.title.as_deref().unwrap_or("");
        let file_name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
        let id_text: Utf32String = match &doc.id {
            Some(id) => format!("{:04} {title}", id.number).into(),
            None => Utf32String::default(),
        };
        let name_text: Utf32String =
            format!("{} {title}", strip_markdown_extension(file_name)).into();
        let path_text: Utf32String = format!("{} {title}", doc.path).into();
        Candidate {
            doc: doc.clone(),
            folder,
            number: doc.id.as_ref().map(|id| id.number),
            superseded: doc.is_superseded(),
            template: doc.is_template,
            masks: [
                haystack_mask(id_text.slice(..)),
                haystack_mask(name_text.slice(..)),
                haystack_mask(path_text.slice(..)),
            ],
            id_text,
            name_text,
            path_text,
        }
    }

    fn group_by_prefix(&mut self) {
        self.by_prefix.clear();
        for (row, candidate) in self.rows.iter().enumerate() {
            if let Some(prefix) = candidate.doc.id.as_ref().and_then(|id| id.prefix.as_ref()) {
                self.by_prefix.entry(prefix.clone()).or_default().push(row);
            }
        }
    }

    /// The row of the current doc (never offered), and its folder.
    fn current(&self, current: &DocEntry) -> (Option<usize>, Option<u32>) {
        let row = self
            .rows
            .binary_search_by(|c| c.doc.path.as_str().cmp(&current.path))
            .ok();
        (row, self.folders.get(current.folder()).copied())
    }

    /// The rows of `scope` that match `query`, with their scores, in scan order; and whether
    /// the scan stopped at [`MAX_SCORED`] matches before the end. The current doc and
    /// templates are never offered; the current doc's folder is scanned first.
    fn search(
        &mut self,
        scope: Scope,
        current: &DocEntry,
        query: &str,
    ) -> (Vec<(u32, usize)>, bool) {
        let current = self.current(current);
        let query = query.trim();
        let mut fuzzy = FuzzyQuery::new(query, scope == Scope::Paths);
        let reusable = self.last.take().filter(|last| {
            // `\` escapes a space in nucleo's patterns, and a non-ASCII character changes how
            // an atom is normalised: such a query may not narrow what its extension matches.
            last.scope == scope
                && last.current == current
                && query.is_ascii()
                && query.starts_with(last.query.as_str())
                && !last.query.contains('\\')
        });
        let text = scope.text();
        let narrowed = reusable.map(|last| last.rows);
        if narrowed.is_none()
            && self
                .order
                .as_ref()
                .is_none_or(|(of, at, _)| *of != scope || *at != current)
        {
            let order = self.scan_order(&scope, current);
            self.order = Some((scope.clone(), current, order));
        }
        let candidates: &[usize] = match &narrowed {
            Some(rows) => rows,
            None => self.order.as_ref().map_or(&[], |(_, _, order)| order),
        };
        let mut matched = Vec::new();
        let mut reached = candidates.len();
        for (at, &row) in candidates.iter().enumerate() {
            if fuzzy.pattern.is_some() && matched.len() >= MAX_SCORED {
                reached = at;
                break;
            }
            if self.keys[row].masks[text] & fuzzy.mask != fuzzy.mask {
                continue;
            }
            let candidate = &self.rows[row];
            if let Some(score) = fuzzy.score(candidate.text(&scope).slice(..)) {
                matched.push((score, row));
            }
        }
        let capped = reached < candidates.len();
        // The matched rows (in scan order, all before `reached`), then the rest.
        let mut rows = Vec::with_capacity(matched.len() + candidates.len() - reached);
        rows.extend(matched.iter().map(|&(_, row)| row));
        rows.extend_from_slice(&candidates[reached..]);
        self.last = Some(Narrowed {
            scope,
            current,
            query: query.to_string(),
            rows,
        });
        (matched, capped)
    }

    /// Every offered row of `scope`: the current doc's folder first, then by path.
    fn scan_order(&self, scope: &Scope, current: (Option<usize>, Option<u32>)) -> Vec<usize> {
        let (current_row, current_folder) = current;
        let offered_here = |row: usize, here: bool| {
            let key = &self.keys[row];
            Some(row) != current_row
                && !key.template
                && (Some(key.folder) == current_folder) == here
        };
        let mut order = Vec::new();
        match scope {
            Scope::Id(prefix) => {
                let rows = self.by_prefix.get(prefix).map_or(&[][..], Vec::as_slice);
                order.reserve(rows.len());
                for here in [true, false] {
                    order.extend(rows.iter().copied().filter(|&row| offered_here(row, here)));
                }
            }
            Scope::Names | Scope::Paths => {
                order.reserve(self.rows.len());
                for here in [true, false] {
                    order.extend((0..self.rows.len()).filter(|&row| offered_here(row, here)));
                }
            }
        }
        order
    }

    /// What an empty query in `scope` answers: the best [`MAX_ITEMS`] offered rows ranked as
    /// [`rank_key`] ranks equal scores, and whether more rows were offered. Takes them from the
    /// [`Ready`] list of the scope (built here when missing), so the cost is the answer's size,
    /// not the workspace's.
    fn ready_best(&mut self, scope: &Scope, current: &DocEntry) -> (Vec<usize>, bool) {
        // An empty query narrows nothing: the next request that types on scans the whole scope
        // again, as it would from this request's complete set.
        self.last = None;
        let (current_row, current_folder) = self.current(current);
        let key = match scope {
            Scope::Id(prefix) => Some(prefix.clone()),
            Scope::Names | Scope::Paths => None,
        };
        if !self.ready.contains_key(&key) {
            let ready = self.build_ready(key.as_deref());
            self.ready.insert(key.clone(), ready);
        }
        let ready = &self.ready[&key];
        let current_offered = current_row.is_some_and(|row| {
            let candidate = &self.rows[row];
            !candidate.template
                && match &key {
                    None => true,
                    Some(prefix) => self
                        .by_prefix
                        .get(prefix)
                        .is_some_and(|rows| rows.binary_search(&row).is_ok()),
                }
        });
        let offered = ready.order.len() - usize::from(current_offered);
        let not_current = |row: &&usize| Some(**row) != current_row;
        let here: &[usize] = current_folder
            .and_then(|folder| ready.by_folder.get(&folder))
            .map_or(&[], Vec::as_slice);
        let mut best: Vec<usize> = here
            .iter()
            .filter(not_current)
            .take(MAX_ITEMS)
            .copied()
            .collect();
        if best.len() < MAX_ITEMS {
            let missing = MAX_ITEMS - best.len();
            best.extend(
                ready
                    .order
                    .iter()
                    .filter(|&&row| Some(self.keys[row].folder) != current_folder)
                    .take(missing)
                    .copied(),
            );
        }
        (best, offered > MAX_ITEMS)
    }

    fn build_ready(&self, prefix: Option<&str>) -> Ready {
        let mut order: Vec<usize> = match prefix {
            Some(prefix) => self.by_prefix.get(prefix).cloned().unwrap_or_default(),
            None => (0..self.rows.len()).collect(),
        };
        order.retain(|&row| !self.rows[row].template);
        order.sort_unstable_by_key(|&row| {
            let candidate = &self.rows[row];
            (candidate.superseded, candidate.number, row)
        });
        let mut by_folder: HashMap<u32, Vec<usize>> = HashMap::new();
        for &row in &order {
            by_folder
                .entry(self.rows[row].folder)
                .or_default()
                .push(row);
        }
        Ready { order, by_folder }
    }
}

// ---- Matching and ranking -------------------------------------------------------------------

/// Fuzzy matching of what was typed against each candidate's text.
struct FuzzyQuery {
    matcher: Matcher,
    pattern: Option<Pattern>,
    /// The query's [`query_mask`]: what a haystack's [`haystack_mask`] must hold to match.
    mask: u64,
}

impl FuzzyQuery {
    fn new(query: &str, paths: bool) -> FuzzyQuery {
        let mut config = Config::DEFAULT;
        if paths {
            config.set_match_paths();
        }
        let query = query.trim();
        FuzzyQuery {
            matcher: Matcher::new(config),
            mask: query_mask(query),
            pattern: (!query.is_empty()).then(|| {
                Pattern::new(
                    query,
                    CaseMatching::Ignore,
                    Normalization::Smart,
                    AtomKind::Fuzzy,
                )
            }),
        }
    }

    /// The match score (higher is better), `None` when `haystack` does not match. Everything
    /// matches an empty query, equally.
    fn score(&mut self, haystack: Utf32Str) -> Option<u32> {
        let Some(pattern) = &self.pattern else {
            return Some(0);
        };
        pattern.score(haystack, &mut self.matcher)
    }

    fn score_text(&mut self, haystack: &str) -> Option<u32> {
        let mut buffer = Vec::new();
        self.score(Utf32Str::new(haystack, &mut buffer))
    }
}

/// What ranks a matched row: best score, the current doc's folder, live before superseded, id,
/// then path (the row's order).
type RankKey = (Reverse<u32>, bool, bool, Option<u32>, usize);

fn rank_key(score: u32, row: usize, candidate: &Key, current_folder: Option<u32>) -> RankKey {
    (
        Reverse(score),
        Some(candidate.folder) != current_folder,
        candidate.superseded,
        candidate.number,
        row,
    )
}

/// The best [`MAX_ITEMS`] of the `matched` rows, ranked; and whether the answer is incomplete
/// (some were left out, or the scan was `capped`).
fn rank(
    cache: &CandidateCache,
    matched: Vec<(u32, usize)>,
    capped: bool,
    current_folder: Option<u32>,
) -> (Vec<usize>, bool) {
    let ranked = matched
        .into_iter()
        .map(|(score, row)| {
            let key = rank_key(score, row, &cache.keys[row], current_folder);
            (key, row)
        })
        .collect();
    let (ranked, truncated) = best(ranked);
    (
        ranked.into_iter().map(|(_, row)| row).collect(),
        truncated || capped,
    )
}

/// The best [`MAX_ITEMS`] of `ranked`, sorted; and whether some were left out.
fn best<K: Ord + Copy, T>(mut ranked: Vec<(K, T)>) -> (Vec<(K, T)>, bool) {
    let truncated = ranked.len() > MAX_ITEMS;
    if truncated {
        ranked.select_nth_unstable_by_key(MAX_ITEMS, |r| r.0);
        ranked.truncate(MAX_ITEMS);
    }
    ranked.sort_unstable_by_key(|r| r.0);
    (ranked, truncated)
}

/// `Use PostgreSQL · Accepted`: the status as `analysis::status` shows it, never the raw line.
fn doc_detail(doc: &DocEntry) -> Option<String> {
    let parts: Vec<&str> = [doc.title.as_deref(), doc.shown_status.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// `superseded` → `Superseded`.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn doc_item(
    doc: &DocEntry,
    label: String,
    filter_text: String,
    edit: TextEdit,
) -> RefCompletionItem {
    RefCompletionItem {
        label,
        kind: RefItemKind::Document,
        detail: doc_detail(doc),
        label_title: doc.title.clone(),
        label_status: doc.status_name.as_deref().map(capitalized),
        documentation: doc.summary.clone(),
        deprecated: doc.is_superseded(),
        filter_text,
        edit,
    }
}

// ---- Ids ------------------------------------------------------------------------------------

/// Whether `number`, zero-padded to four digits (`0007`) or not (`7`), starts with the digits
/// `typed`: what [`StartingNumbers`] answers, written out (the reference of its test).
#[cfg(test)]
fn number_starts_with(number: u32, typed: &str) -> bool {
    // u32::MAX has 10 digits, padded to at least 4.
    let mut buffer = [b'0'; 10];
    let mut start = buffer.len();
    let mut rest = number;
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let unpadded = &buffer[start..];
    let padded = &buffer[start.min(buffer.len() - 4)..];
    padded.starts_with(typed.as_bytes()) || unpadded.starts_with(typed.as_bytes())
}

/// The numbers whose written forms, zero-padded to four digits (`0007`) or not (`7`), start with
/// the digits typed: a few ranges, so that a row is tested by comparing its number, not by
/// writing it out (a number typed after `ADR-` tests every doc of the prefix).
struct StartingNumbers {
    ranges: Vec<std::ops::Range<u64>>,
}

impl StartingNumbers {
    /// `typed`: ASCII digits.
    fn new(typed: &str) -> StartingNumbers {
        let mut ranges = Vec::new();
        // More digits than any `u32` has starts no number.
        if let Ok(value) = typed.parse::<u64>() {
            // Unpadded, a number has no leading zero (but 0 itself): `12` starts 12, 120–129,
            // 1200–1299… up to `u32::MAX`.
            if typed == "0" {
                ranges.push(0..1);
            } else if !typed.starts_with('0') {
                let mut scale: u64 = 1;
                while value * scale <= u64::from(u32::MAX) {
                    ranges.push(value * scale..(value + 1) * scale);
                    scale *= 10;
                }
            }
            // Padded, a number below 10,000 is four digits (past it, the unpadded form).
            if let Some(rest) = 4u32.checked_sub(typed.len() as u32) {
                let scale = 10u64.pow(rest);
                ranges.push(value * scale..(value + 1) * scale);
            }
        }
        StartingNumbers { ranges }
    }

    fn contains(&self, number: u32) -> bool {
        let number = u64::from(number);
        self.ranges.iter().any(|range| range.contains(&number))
    }
}

fn complete_ids(
    cache: &mut CandidateCache,
    current: &DocEntry,
    prefix: &str,
    separator: &str,
    query: &str,
    replace: TextRange,
) -> RefCompletion {
    let prefix = prefix.to_uppercase();
    // `ADR-0007` is padded; `RFC 2094`, `ADR 7` are not, unless the user started with a zero.
    let padded = separator.starts_with('-') || query.starts_with('0');
    let digits = !query.is_empty() && query.bytes().all(|b| b.is_ascii_digit());
    let (current_row, current_folder) = cache.current(current);
    let (ranked, is_incomplete) = if query.is_empty() {
        cache.ready_best(&Scope::Id(prefix.clone()), current)
    } else {
        let (matched, capped) = if digits {
            // A number being typed matches the numbers it starts, padded or not: a cheap test,
            // not capped.
            let starting = StartingNumbers::new(query);
            let matched = cache
                .by_prefix
                .get(&prefix)
                .into_iter()
                .flatten()
                .filter(|&&row| {
                    let key = &cache.keys[row];
                    Some(row) != current_row
                        && !key.template
                        && key.number.is_some_and(|number| starting.contains(number))
                })
                .map(|&row| (0, row))
                .collect();
            (matched, false)
        } else {
            cache.search(Scope::Id(prefix.clone()), current, query)
        };
        rank(cache, matched, capped, current_folder)
    };
    let items = ranked
        .into_iter()
        .map(|row| {
            let doc = &cache.rows[row].doc;
            let number = doc.id.as_ref().map_or(0, |id| id.number);
            let number = if padded {
                format!("{number:04}")
            } else {
                number.to_string()
            };
            let new_text = format!("{prefix}{separator}{number}");
            // The edit's range starts at the prefix: the editor filters `ADR-postg` against
            // the id followed by the title.
            let filter_text = with_title(&new_text, doc);
            doc_item(
                doc,
                new_text.clone(),
                filter_text,
                TextEdit {
                    range: replace,
                    new_text,
                },
            )
        })
        .collect();
    RefCompletion {
        items,
        is_incomplete,
    }
}

/// What the editor filters an item by: what it inserts, then the doc's title, so that typing a
/// word of the title finds the doc.
fn with_title(written: &str, doc: &DocEntry) -> String {
    match &doc.title {
        Some(title) => format!("{written} {title}"),
        None => written.to_string(),
    }
}

// ---- Wiki links and link paths --------------------------------------------------------------

/// How a doc is written after the trigger.
trait DocForm {
    /// The text inserted for `doc` (also its label).
    fn written(&self, doc: &DocEntry) -> String;
    /// What follows the inserted text (`]]`).
    fn suffix(&self) -> &str {
        ""
    }
    /// What of the query is matched against the candidate's name (or path, when
    /// [`DocForm::is_path`]); a relative path's leading `../` names no doc.
    fn query<'q>(&self, query: &'q str) -> &'q str {
        query
    }
    fn is_path(&self) -> bool;
}

/// `[[0007-use-postgres]]`: the file name without extension; the workspace path (without
/// extension) when another folder has a file of the same name, so the link is not ambiguous.
struct WikiForm<'i> {
    index: &'i Index,
    current: &'i DocEntry,
    close: bool,
}

impl DocForm for WikiForm<'_> {
    fn written(&self, doc: &DocEntry) -> String {
        let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
        let stem = strip_markdown_extension(name);
        let shared_name = self.index.paths_with_stem(stem).nth(1).is_some();
        if shared_name && doc.folder() != self.current.folder() {
            strip_markdown_extension(&doc.path).to_string()
        } else {
            stem.to_string()
        }
    }

    fn suffix(&self) -> &str {
        if self.close { "]]" } else { "" }
    }

    fn is_path(&self) -> bool {
        false
    }
}

fn strip_markdown_extension(name: &str) -> &str {
    [".markdown", ".md"]
        .into_iter()
        .find(|ext| {
            name.len() >= ext.len()
                && name.is_char_boundary(name.len() - ext.len())
                && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
        })
        .map_or(name, |ext| &name[..name.len() - ext.len()])
}

/// `[text](../adr/0007-use-postgres.md)`: relative to the current doc's folder, spaces escaped.
struct LinkForm<'i> {
    current: &'i DocEntry,
}

impl DocForm for LinkForm<'_> {
    fn written(&self, doc: &DocEntry) -> String {
        resolve::relative_path(self.current.folder(), &doc.path).replace(' ', "%20")
    }

    /// `../adr/00` is matched as `adr/00` against workspace paths, which is what it names.
    fn query<'q>(&self, query: &'q str) -> &'q str {
        let mut query = query;
        while let Some(rest) = query
            .strip_prefix("../")
            .or_else(|| query.strip_prefix("./"))
        {
            query = rest;
        }
        query.trim_start_matches('/')
    }

    fn is_path(&self) -> bool {
        true
    }
}

fn complete_documents(
    cache: &mut CandidateCache,
    current: &DocEntry,
    query: &str,
    form: &dyn DocForm,
    replace: TextRange,
) -> RefCompletion {
    let (_, current_folder) = cache.current(current);
    let scope = if form.is_path() {
        Scope::Paths
    } else {
        Scope::Names
    };
    let query = form.query(query);
    let (ranked, is_incomplete) = if query.trim().is_empty() {
        cache.ready_best(&scope, current)
    } else {
        let (matched, capped) = cache.search(scope, current, query);
        rank(cache, matched, capped, current_folder)
    };
    let items = ranked
        .into_iter()
        .map(|row| {
            let doc = &cache.rows[row].doc;
            let written = form.written(doc);
            let filter_text = with_title(&written, doc);
            let new_text = format!("{written}{}", form.suffix());
            doc_item(
                doc,
                written,
                filter_text,
                TextEdit {
                    range: replace,
                    new_text,
                },
            )
        })
        .collect();
    RefCompletion {
        items,
        is_incomplete,
    }
}

// ---- Anchors --------------------------------------------------------------------------------

fn complete_anchors(doc: &DocEntry, query: &str, replace: TextRange, close: bool) -> RefCompletion {
    let mut fuzzy = FuzzyQuery::new(query, false);
    let mut seen = std::collections::HashSet::new();
    let mut ranked: Vec<((Reverse<u32>, usize), &SectionEntry)> = Vec::new();
    for (order, section) in doc.sections.iter().enumerate() {
        if section.anchor.is_empty() || !seen.insert(section.anchor.as_str()) {
            continue;
        }
        let haystack = format!("{} {}", section.anchor, section.text);
        if let Some(score) = fuzzy.score_text(&haystack) {
            ranked.push(((Reverse(score), order), section));
        }
    }
    let (ranked, is_incomplete) = best(ranked);
    let suffix = if close { "]]" } else { "" };
    let items = ranked
        .into_iter()
        .map(|(_, section)| RefCompletionItem {
            label: section.anchor.clone(),
            kind: RefItemKind::Anchor,
            detail: Some(if section.level == 0 {
                String::from("HTML anchor")
            } else {
                format!(
                    "{} {}",
                    "#".repeat(usize::from(section.level)),
                    section.text
                )
            }),
            label_title: (section.level > 0).then(|| section.text.clone()),
            label_status: None,
            documentation: None,
            deprecated: false,
            filter_text: format!("{} {}", section.anchor, section.text),
            edit: TextEdit {
                range: replace,
                new_text: format!("{}{suffix}", section.anchor),
            },
        })
        .collect();
    RefCompletion {
        items,
        is_incomplete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    fn index(docs: &[(&str, &str)]) -> Index {
        let mut index = Index::new(IndexSettings::default());
        for (path, text) in docs {
            index.update(DocEntry::from_text(
                path,
                text,
                &Config::default(),
                &PathHints::default(),
            ));
        }
        index
    }

    fn workspace() -> Index {
        index(&[
            (
                "docs/adr/0001-record-decisions.md",
                "# 1. Record decisions\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe keep ADRs.\n",
            ),
            (
                "docs/adr/0002-use-mysql.md",
                "# 2. Use MySQL\n\nDate: 2024-01-02\n\n## Status\n\nSuperseded by ADR-0003\n\n## Context\n\nA database.\n",
            ),
            (
                "docs/adr/0003-use-postgresql.md",
                "# 3. Use PostgreSQL\n\nDate: 2024-01-03\n\n## Status\n\nAccepted\n\nSupersedes ADR-0002\n\n## Context\n\nWe need a relational database.\n\n## Decision\n\nPostgreSQL.\n",
            ),
            (
                "notes/meeting.md",
                "# Meeting\n\nSee ADR-0003.\n\n## Decision log\n\nNone.\n",
            ),
        ])
    }

    /// Completes at the `|` of `line`, as if it were the only line of the doc at `path`.
    fn complete(index: &Index, path: &str, line: &str) -> Option<RefCompletion> {
        let cursor = line.find('|').expect("a cursor");
        let text = line.replace('|', "");
        let current = index.get(path).expect("indexed").clone();
        complete_references(
            &mut CandidateCache::default(),
            index,
            &current,
            &CursorLine {
                before: &text[..cursor],
                after: &text[cursor..],
                offset: cursor,
            },
        )
    }

    fn applied(line: &str, item: &RefCompletionItem) -> String {
        let mut text = line.replace('|', "");
        text.replace_range(
            item.edit.range.start..item.edit.range.end,
            &item.edit.new_text,
        );
        text
    }

    fn labels(completion: &RefCompletion) -> Vec<&str> {
        completion.items.iter().map(|i| i.label.as_str()).collect()
    }

    #[test]
    fn the_detail_shows_the_status_normalised_not_as_written() {
        // adr-tools' own wording of a supersession; Neovim shows the detail in the menu row.
        let index = index(&[
            (
                "docs/adr/0001-record-decisions.md",
                "# 1. Record decisions\n\n## Status\n\nAccepted\n",
            ),
            (
                "docs/adr/0002-use-mysql.md",
                "# 2. Use MySQL\n\n## Status\n\nSuperceded by [3. Use PostgreSQL](0003-use-postgresql.md)\n",
            ),
            (
                "docs/adr/0003-use-postgresql.md",
                "# 3. Use PostgreSQL\n\n## Status\n\n{proposed | accepted | rejected}\n",
            ),
        ]);
        let items = complete(&index, "docs/adr/0001-record-decisions.md", "See ADR-|").unwrap();
        let detail = |label: &str| {
            items
                .items
                .iter()
                .find(|i| i.label == label)
                .and_then(|i| i.detail.clone())
        };
        assert_eq!(
            detail("ADR-0002").as_deref(),
            Some("Use MySQL · Superseded by ADR-0003")
        );
        // A template placeholder is no status.
        assert_eq!(detail("ADR-0003").as_deref(), Some("Use PostgreSQL"));
    }

    #[test]
    fn ids_after_a_known_prefix_in_the_form_started() {
        let index = workspace();
        let dashed = complete(&index, "docs/adr/0001-record-decisions.md", "See ADR-|").unwrap();
        // Not the doc itself; same folder, live before superseded.
        assert_eq!(labels(&dashed), vec!["ADR-0003", "ADR-0002"]);
        assert!(dashed.items[1].deprecated);
        assert_eq!(applied("See ADR-|", &dashed.items[0]), "See ADR-0003");
        assert_eq!(
            dashed.items[0].detail.as_deref(),
            Some("Use PostgreSQL · Accepted")
        );
        assert_eq!(
            dashed.items[0].documentation.as_deref(),
            Some("We need a relational database.")
        );
        let spaced = complete(&index, "notes/meeting.md", "As in ADR 2| said").unwrap();
        assert_eq!(labels(&spaced), vec!["ADR 2"]);
        assert_eq!(
            applied("As in ADR 2| said", &spaced.items[0]),
            "As in ADR 2 said"
        );
        assert!(complete(&index, "notes/meeting.md", "See RFC |").is_none());
        assert!(complete(&index, "notes/meeting.md", "MADR-|").is_none());
    }

    #[test]
    fn fuzzy_words_of_the_title_rank_first() {
        let index = workspace();
        let found = complete(&index, "notes/meeting.md", "ADR-postg|").unwrap();
        assert_eq!(labels(&found)[0], "ADR-0003");
        assert_eq!(applied("ADR-postg|", &found.items[0]), "ADR-0003");
        let numbered = complete(&index, "notes/meeting.md", "ADR-00|02 x").unwrap();
        assert_eq!(labels(&numbered), vec!["ADR-0001", "ADR-0003", "ADR-0002"]);
        assert_eq!(applied("ADR-00|02 x", &numbered.items[2]), "ADR-0002 x");
        let exact = complete(&index, "notes/meeting.md", "ADR-3|").unwrap();
        assert_eq!(labels(&exact), vec!["ADR-0003"]);
    }

    #[test]
    fn wiki_names_and_relative_paths() {
        let index = workspace();
        let wiki = complete(&index, "notes/meeting.md", "[[postg|").unwrap();
        assert_eq!(labels(&wiki)[0], "0003-use-postgresql");
        assert_eq!(
            applied("[[postg|", &wiki.items[0]),
            "[[0003-use-postgresql]]"
        );
        let closed = complete(&index, "notes/meeting.md", "[[|]]").unwrap();
        assert_eq!(
            applied("[[|]]", &closed.items[0]),
            "[[0001-record-decisions]]"
        );
        let link = complete(&index, "notes/meeting.md", "[x](|)").unwrap();
        assert_eq!(
            labels(&link),
            vec![
                "../docs/adr/0001-record-decisions.md",
                "../docs/adr/0003-use-postgresql.md",
                "../docs/adr/0002-use-mysql.md"
            ]
        );
        let same_folder = complete(&index, "docs/adr/0001-record-decisions.md", "[x](0|)").unwrap();
        assert_eq!(labels(&same_folder)[0], "0003-use-postgresql.md");
    }

    #[test]
    fn anchors_of_the_linked_doc_and_of_the_current_one() {
        let index = workspace();
        let linked = complete(
            &index,
            "notes/meeting.md",
            "[d](../docs/adr/0003-use-postgresql.md#dec|)",
        )
        .unwrap();
        assert_eq!(labels(&linked), vec!["decision"]);
        let wiki = complete(&index, "notes/meeting.md", "[[0003-use-postgresql#|").unwrap();
        assert!(labels(&wiki).contains(&"context"));
        let context = wiki.items.iter().find(|i| i.label == "context").unwrap();
        assert_eq!(
            applied("[[0003-use-postgresql#|", context),
            "[[0003-use-postgresql#context]]"
        );
        let own = complete(&index, "notes/meeting.md", "[here](#|)").unwrap();
        assert_eq!(labels(&own), vec!["meeting", "decision-log"]);
        assert!(complete(&index, "notes/meeting.md", "[x](nowhere.md#|)").is_none());
    }

    #[test]
    fn the_cache_follows_edits_additions_and_removals() {
        let mut index = workspace();
        let mut cache = CandidateCache::default();
        let current = index.get("notes/meeting.md").unwrap().clone();
        let titles = |index: &Index, cache: &mut CandidateCache| -> Vec<String> {
            let line = "ADR-|";
            complete_references(
                cache,
                index,
                &current,
                &CursorLine {
                    before: &line[..4],
                    after: "",
                    offset: 4,
                },
            )
            .unwrap()
            .items
            .into_iter()
            .map(|i| format!("{} {}", i.label, i.detail.unwrap_or_default()))
            .collect()
        };
        assert_eq!(titles(&index, &mut cache).len(), 3);
        let config = Config::default();
        index.update(DocEntry::from_text(
            "docs/adr/0001-record-decisions.md",
            "# 1. Record every decision\n\n## Status\n\nSuperseded by ADR-0003\n",
            &config,
            &PathHints::default(),
        ));
        assert_eq!(
            titles(&index, &mut cache),
            vec![
                "ADR-0003 Use PostgreSQL · Accepted",
                "ADR-0001 Record every decision · Superseded by ADR-0003",
                "ADR-0002 Use MySQL · Superseded by ADR-0003",
            ]
        );
        index.update(DocEntry::from_text(
            "docs/adr/0009-use-kafka.md",
            "# 9. Use Kafka\n",
            &config,
            &PathHints::default(),
        ));
        index.remove("docs/adr/0003-use-postgresql.md");
        let labels: Vec<String> = titles(&index, &mut cache)
            .into_iter()
            .map(|t| t.split(' ').next().unwrap().to_string())
            .collect();
        assert_eq!(labels, vec!["ADR-0009", "ADR-0001", "ADR-0002"]);
    }

    /// Completes `line` (cursor at its end) in `path` with `cache`.
    fn complete_with(
        cache: &mut CandidateCache,
        index: &Index,
        path: &str,
        line: &str,
    ) -> RefCompletion {
        let current = index.get(path).expect("indexed").clone();
        complete_references(
            cache,
            index,
            &current,
            &CursorLine {
                before: line,
                after: "",
                offset: line.len(),
            },
        )
        .expect("a completion")
    }

    #[test]
    fn typing_on_narrows_to_the_same_answers_as_a_fresh_request() {
        let mut index = workspace();
        let mut cache = CandidateCache::default();
        for typed in [
            "[[",
            "[[u",
            "[[us",
            "[[use",
            "[[use ",
            "[[use p",
            "[[use pq",
            "ADR-",
            "ADR-u",
            "ADR-use",
            "ADR-usem",
            "](",
            "](d",
            "](docs/a",
            "](docs/adr/00",
        ] {
            let narrowed = complete_with(&mut cache, &index, "notes/meeting.md", typed);
            let fresh = complete_with(
                &mut CandidateCache::default(),
                &index,
                "notes/meeting.md",
                typed,
            );
            assert_eq!(narrowed, fresh, "after {typed:?}");
        }
        // A doc edited so that it matches is found by the next keystroke.
        assert!(
            complete_with(&mut cache, &index, "notes/meeting.md", "[[kaf")
                .items
                .is_empty()
        );
        index.update(DocEntry::from_text(
            "docs/adr/0002-use-mysql.md",
            "# 2. Use Kafka\n",
            &Config::default(),
            &PathHints::default(),
        ));
        let found = complete_with(&mut cache, &index, "notes/meeting.md", "[[kafk");
        assert_eq!(labels(&found), vec!["0002-use-mysql"]);
    }

    #[test]
    fn many_matches_are_capped_and_say_the_answer_is_incomplete() {
        let mut docs: Vec<(String, String)> = (1..=MAX_SCORED + 100)
            .map(|n| {
                (
                    format!("area-{}/{n:05}-decision-{n}.md", n % 7),
                    format!("# {n}. Decision {n}\n\n## Status\n\nAccepted\n"),
                )
            })
            .collect();
        docs.push(("notes/meeting.md".into(), "# Meeting\n".into()));
        let docs: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let index = index(&docs);
        let mut cache = CandidateCache::default();
        let current = "area-3/00003-decision-3.md";
        let found = complete_with(&mut cache, &index, current, "[[deci");
        assert!(found.is_incomplete);
        assert_eq!(found.items.len(), MAX_ITEMS);
        // The current doc's folder is scanned, and ranked, first.
        assert!(
            found.items[0].label.ends_with("decision-10"),
            "{:?}",
            found.items[0].label
        );
        assert!(found.items.iter().all(|i| i.label != "00003-decision-3"));
        // Typed on until few match: complete again, and equal to a fresh request.
        let few = complete_with(&mut cache, &index, current, "[[decision-1099");
        assert!(!few.is_incomplete);
        assert!(labels(&few).contains(&"01099-decision-1099"));
        assert_eq!(
            few,
            complete_with(
                &mut CandidateCache::default(),
                &index,
                current,
                "[[decision-1099"
            )
        );
    }

    /// The ready lists answer an empty query as ranking every match would: same rows, same
    /// order, same incompleteness; for every scope, from folders of every size, and after edits
    /// that change a row's rank and edits that do not.
    #[test]
    fn an_empty_query_answers_as_ranking_every_match_would() {
        let config = Config::default();
        let hints = PathHints::default();
        let mut index = Index::new(IndexSettings::default());
        for n in 1..=520usize {
            // A big folder, a small one, a doc without an id; every fifth superseded.
            let folder = if n % 9 == 0 { "small" } else { "docs/adr" };
            let status = if n % 5 == 0 {
                format!("Superseded by ADR-{:04}", n + 1)
            } else {
                String::from("Accepted")
            };
            let text = format!("# {n}. Decision {n}\n\n## Status\n\n{status}\n");
            index.update(DocEntry::from_text(
                &format!("{folder}/{n:04}-decision-{n}.md"),
                &text,
                &config,
                &hints,
            ));
        }
        for (path, text) in [
            (
                "docs/adr/0000-template.md",
                "# NNNN. Title\n\n## Status\n\nProposed\n",
            ),
            ("notes/meeting.md", "# Meeting\n"),
            ("README.md", "# Readme\n"),
        ] {
            index.update(DocEntry::from_text(path, text, &config, &hints));
        }
        let mut cache = CandidateCache::default();
        let compare = |cache: &mut CandidateCache, index: &Index| {
            cache.refresh(index);
            for path in [
                "docs/adr/0007-decision-7.md",
                "small/0018-decision-18.md",
                "notes/meeting.md",
                "README.md",
            ] {
                let current = index.get(path).unwrap().clone();
                let (_, folder) = cache.current(&current);
                for scope in [Scope::Id("ADR".into()), Scope::Names, Scope::Paths] {
                    let (matched, capped) = cache.search(scope.clone(), &current, "");
                    let every = rank(cache, matched, capped, folder);
                    let ready = cache.ready_best(&scope, &current);
                    assert_eq!(ready, every, "{scope:?} from {path}");
                }
            }
        };
        compare(&mut cache, &index);
        let ready_lists = cache.ready.len();
        assert!(ready_lists >= 2);
        // An edit of the text only keeps the ready lists; a supersession rebuilds them.
        index.update(DocEntry::from_text(
            "docs/adr/0011-decision-11.md",
            "# 11. Decision eleven, renamed\n\n## Status\n\nAccepted\n",
            &config,
            &hints,
        ));
        cache.refresh(&index);
        assert_eq!(cache.ready.len(), ready_lists);
        compare(&mut cache, &index);
        index.update(DocEntry::from_text(
            "docs/adr/0012-decision-12.md",
            "# 12. Decision 12\n\n## Status\n\nSuperseded by ADR-0013\n",
            &config,
            &hints,
        ));
        cache.refresh(&index);
        assert!(cache.ready.is_empty());
        compare(&mut cache, &index);
        index.remove("docs/adr/0001-decision-1.md");
        compare(&mut cache, &index);
    }

    /// What scoring every offered row of `scope` with no mask answers: in scan order, stopped
    /// at [`MAX_SCORED`] matches as a request's scan is, then ranked.
    fn scoring_every_row(
        cache: &CandidateCache,
        scope: &Scope,
        current: &DocEntry,
        query: &str,
    ) -> (Vec<usize>, bool) {
        let (current_row, current_folder) = cache.current(current);
        let mut fuzzy = FuzzyQuery::new(query, *scope == Scope::Paths);
        let mut matched = Vec::new();
        let mut capped = false;
        for row in cache.scan_order(scope, (current_row, current_folder)) {
            if matched.len() >= MAX_SCORED {
                capped = true;
                break;
            }
            let candidate = &cache.rows[row];
            if let Some(score) = fuzzy.score(candidate.text(scope).slice(..)) {
                matched.push((score, row));
            }
        }
        rank(cache, matched, capped, current_folder)
    }

    /// The character masks and the narrowing from the last answer only skip rows that cannot
    /// match: on every scope, for queries short and long, matching many (past the cap), one or
    /// none, in other cases and scripts, the answer equals scoring every row; typed on with one
    /// cache and asked afresh.
    #[test]
    fn the_fast_paths_answer_as_scoring_every_row_would() {
        let config = Config::default();
        let hints = PathHints::default();
        let mut index = Index::new(IndexSettings::default());
        let titles = [
            "Use PostgreSQL for orders",
            "Café résumé naïve",
            "Straße und Maß",
            "日本語の決定",
            "The \u{212A}elvin scale",
            "E\u{301}cole and ÉCOLE",
            "Ωmega İstanbul ﬁle",
            "Zebra crossing",
        ];
        for n in 1..=MAX_SCORED + 300 {
            let folder = if n % 7 == 0 { "small" } else { "docs/adr" };
            let title = if n % 97 == 0 {
                titles[(n / 97) % titles.len()].to_string()
            } else {
                format!("Decision {n} {}", titles[n % 3])
            };
            let status = if n % 5 == 0 {
                format!("Superseded by ADR-{:04}", n + 1)
            } else {
                String::from("Accepted")
            };
            index.update(DocEntry::from_text(
                &format!("{folder}/{n:04}-decision-{n}.md"),
                &format!("# {n}. {title}\n\n## Status\n\n{status}\n"),
                &config,
                &hints,
            ));
        }
        index.update(DocEntry::from_text(
            "notes/meeting.md",
            "# Meeting\n",
            &config,
            &hints,
        ));
        // Typed on, one character at a time, then other queries.
        let typed_on: Vec<String> = ["decision 12", "use postgresql for orders", "docs/adr/00"]
            .iter()
            .flat_map(|q| (1..=q.len()).map(move |end| q[..end].to_string()))
            .collect();
        let others = [
            "zzz",
            "qqqq",
            "zebra",
            "ZEBRA",
            "0042",
            "decision 1234 use postgresql for orders and more",
            "ecole",
            "école",
            "cafe",
            "strasse",
            "straße",
            "kelvin",
            "日本",
            "Ωmega",
            "istanbul",
            "file",
            "decision\\ 1",
            "a\u{600}b",
            "e\u{301}",
        ];
        let queries: Vec<&str> = typed_on.iter().map(String::as_str).chain(others).collect();
        let mut found = HashMap::new();
        for path in [
            "docs/adr/0001-decision-1.md",
            "small/0014-decision-14.md",
            "notes/meeting.md",
        ] {
            let current = index.get(path).unwrap().clone();
            for scope in [Scope::Id("ADR".into()), Scope::Names, Scope::Paths] {
                let mut cache = CandidateCache::default();
                cache.refresh(&index);
                let mut fresh_cache = CandidateCache::default();
                fresh_cache.refresh(&index);
                for query in &queries {
                    let (_, folder) = cache.current(&current);
                    let (matched, capped) = cache.search(scope.clone(), &current, query);
                    let fast = rank(&cache, matched, capped, folder);
                    // Afresh: nothing kept of the last query to narrow from.
                    fresh_cache.last = None;
                    let (matched, capped) = fresh_cache.search(scope.clone(), &current, query);
                    let fresh = rank(&fresh_cache, matched, capped, folder);
                    let every = scoring_every_row(&cache, &scope, &current, query);
                    assert_eq!(fast, every, "{query:?} in {scope:?} from {path}");
                    assert_eq!(fresh, every, "{query:?} in {scope:?} from {path}, afresh");
                    *found.entry(*query).or_insert(0) += every.0.len();
                }
            }
        }
        // Not vacuous: the cap is reached, one doc is found, normalised and case-folded forms
        // are found by their ASCII spelling, and some queries find nothing.
        let capped = complete_with(
            &mut CandidateCache::default(),
            &index,
            "notes/meeting.md",
            "[[deci",
        );
        assert!(capped.is_incomplete);
        assert_eq!(
            labels(&complete_with(
                &mut CandidateCache::default(),
                &index,
                "notes/meeting.md",
                "[[zebra",
            )),
            vec!["0679-decision-679"]
        );
        for query in ["ecole", "école", "cafe", "kelvin", "zebra", "0042"] {
            assert!(found[query] > 0, "{query:?} finds nothing");
        }
        for query in ["zzz", "qqqq"] {
            assert_eq!(found[query], 0, "{query:?}");
        }
    }

    /// The scan order kept from the last fresh scan is only read for the scope and current doc
    /// it was built for, and is forgotten when the rows change: one cache asked across scopes,
    /// current docs and edits (a supersession, an id lost and regained, a doc removed and one
    /// added) answers as scoring every row would.
    #[test]
    fn the_kept_scan_order_answers_as_scoring_every_row_would() {
        let config = Config::default();
        let hints = PathHints::default();
        let mut index = Index::new(IndexSettings::default());
        let doc = |path: &str, text: &str| DocEntry::from_text(path, text, &config, &hints);
        for n in 1..=MAX_SCORED + 200 {
            let folder = if n % 6 == 0 { "small" } else { "docs/adr" };
            index.update(doc(
                &format!("{folder}/{n:04}-decision-{n}.md"),
                &format!("# {n}. Decision {n}\n\n## Status\n\nAccepted\n"),
            ));
        }
        index.update(doc("notes/meeting.md", "# Meeting\n"));
        let mut cache = CandidateCache::default();
        let mut asked = 0;
        let mut ask = |cache: &mut CandidateCache, index: &Index| {
            cache.refresh(index);
            for path in ["docs/adr/0001-decision-1.md", "small/0012-decision-12.md"] {
                let Some(current) = index.get(path).cloned() else {
                    continue;
                };
                for scope in [Scope::Id("ADR".into()), Scope::Names, Scope::Paths] {
                    // Not typing on: each query starts a fresh scan.
                    for query in ["12", "deci", "zz", "decision 7", "1", "small"] {
                        let (_, folder) = cache.current(&current);
                        let (matched, capped) = cache.search(scope.clone(), &current, query);
                        let kept = rank(cache, matched, capped, folder);
                        let every = scoring_every_row(cache, &scope, &current, query);
                        assert_eq!(kept, every, "{query:?} in {scope:?} from {path}");
                        asked += 1;
                    }
                }
            }
        };
        ask(&mut cache, &index);
        assert!(cache.order.is_some());
        index.update(doc(
            "docs/adr/0013-decision-13.md",
            "# 13. Decision 13\n\n## Status\n\nSuperseded by ADR-0014\n",
        ));
        ask(&mut cache, &index);
        index.update(doc("docs/adr/0007-decision-7.md", "# Decision seven\n"));
        ask(&mut cache, &index);
        index.update(doc(
            "docs/adr/0007-decision-7.md",
            "# 7. Decision 7\n\n## Status\n\nAccepted\n",
        ));
        ask(&mut cache, &index);
        index.remove("docs/adr/0002-decision-2.md");
        ask(&mut cache, &index);
        index.update(doc(
            "small/0003-decision-3-moved.md",
            "# 3. Decision 3 moved\n\n## Status\n\nAccepted\n",
        ));
        ask(&mut cache, &index);
        assert_eq!(asked, 6 * 2 * 3 * 6);
    }

    #[test]
    fn typed_digits_start_a_number_padded_or_not() {
        // As the written forms compare: `{:04}`, and that without its leading zeros.
        let written = |number: u32, typed: &str| {
            let padded = format!("{number:04}");
            padded.starts_with(typed) || number.to_string().starts_with(typed)
        };
        for number in (0..2_100).chain([9_999, 10_000, 12_345, 99_999, u32::MAX]) {
            for typed in [
                "0",
                "00",
                "000",
                "0000",
                "00000",
                "1",
                "12",
                "01",
                "007",
                "0042",
                "42",
                "2094",
                "12345",
                "4294967295",
            ] {
                assert_eq!(
                    number_starts_with(number, typed),
                    written(number, typed),
                    "{number} {typed}"
                );
            }
        }
    }

    /// The ranges answer as writing each number out does: every typed string of up to three
    /// digits and longer ones, against numbers up to 2,100 and around every power of ten.
    #[test]
    fn starting_numbers_answer_as_writing_the_number_would() {
        let mut typed: Vec<String> = (1..=3)
            .flat_map(|len| {
                (0..10u32.pow(len)).map(move |n| format!("{n:0width$}", width = len as usize))
            })
            .collect();
        typed.extend(
            [
                "0000",
                "00000",
                "0042",
                "2094",
                "9999",
                "10000",
                "12345",
                "429496729",
                "4294967295",
                "4294967296",
                "99999999999",
                "123456789012345678901234",
            ]
            .map(String::from),
        );
        let mut numbers: Vec<u32> = (0..2_100).collect();
        for power in 1..=9u32 {
            let p = 10u32.pow(power);
            numbers.extend([p - 1, p, p + 1, 2 * p - 1, 2 * p]);
        }
        numbers.extend([4_294_967_290, u32::MAX - 1, u32::MAX]);
        let mut matched = 0;
        for typed in &typed {
            let starting = StartingNumbers::new(typed);
            for &number in &numbers {
                let written = number_starts_with(number, typed);
                assert_eq!(starting.contains(number), written, "{number} {typed}");
                matched += usize::from(written);
            }
        }
        assert!(matched > 9_000);
    }

    #[test]
    fn prose_is_not_a_trigger() {
        let index = workspace();
        assert!(complete(&index, "notes/meeting.md", "Some words |").is_none());
        assert!(complete(&index, "notes/meeting.md", "[single|").is_none());
    }
}
