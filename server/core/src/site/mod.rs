//! `docwright site`: the decision logs as a static website, built from what the index already
//! knows. Pure: the index, the documents' texts, the configuration, the workspace rules'
//! findings and today's date in; a map of site path → bytes out. The edge (`cli/site.rs`) reads
//! the workspace and writes the files.
//!
//! The site: `index.html` (every published log's records as a timeline by month, with filters),
//! `doc/<path>.html` per record (its Markdown, metadata, relations both ways, a banner on a
//! superseded or deprecated record), `graphs.html` (each log's decision graph as SVG),
//! `health.html` (open proposals and their age, the workspace rules' findings), `search.html`
//! with `assets/search-index.js`, and `assets/`. Every link is relative.

pub mod graph;
pub mod html;
pub mod markdown;

use crate::calendar::{MONTH_NAMES, days_from_civil};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::doc_id::DocId;
use crate::index::{DocEntry, Index};
use crate::resolve::{
    DecisionGraph, EdgeKind, GraphEdges, LinkTarget, decision_graph_from, graph_edges_of,
    is_absolute_url, join_path,
};
use crate::status::shown_status;
use crate::workspace_rules::WorkspaceContext;
use html::{Frame, esc, href, page};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;
use std::time::{Duration, Instant};

/// Everything the site is built from.
pub struct SiteInput<'a> {
    pub index: &'a Index,
    /// Each document's text, by its index path.
    pub texts: &'a HashMap<String, String>,
    pub config: &'a Config,
    /// The workspace rules' findings, by document path.
    pub findings: &'a BTreeMap<String, Vec<Diagnostic>>,
    /// `YYYY-MM-DD`.
    pub today: &'a str,
    /// Whether `findings` may differ from those of the last build with the same [`PageCache`]
    /// (`true` when unknown); `false` lets that build keep its health page.
    pub findings_changed: bool,
}

/// What an earlier build rendered, kept by a long-running caller (`--serve`) so that a rebuild
/// re-renders only the record pages whose inputs changed. Pure data: the caller says which
/// documents changed (edited, added or removed, by index path); a page is reused only when its
/// record did not change, its relations and successors are the same documents as before and none
/// of them changed, and no document its links resolve to (or fail to) changed. A change of the
/// configuration or of anything else must be met with a fresh cache.
#[derive(Default)]
pub struct PageCache {
    pages: HashMap<String, CachedPage>,
    /// How many record pages the last build rendered (the others were reused).
    rendered: usize,
    /// Every indexed document's edges of the decision graph (its references resolved), and
    /// what decides where references resolve: while no changed document's identity changed,
    /// only the changed documents' references are resolved again.
    edges: HashMap<String, GraphEdges>,
    identities: HashMap<String, Identity>,
    /// The graphs page in parts (its drawings and where each record is drawn).
    graphs: GraphsPage,
    /// The timeline in parts: each month's block.
    timeline: Timeline,
    /// The last build's decision graph by path (nodes, edges), taken again while no edited
    /// document's edges or identity changed.
    graph: Option<GraphPaths>,
    /// How long each step of the last build took.
    timings: Vec<(&'static str, Duration)>,
    /// The date the last build's health page counted ages from.
    today: String,
}

/// A decision graph by document path.
type GraphPaths = (Vec<String>, Vec<(String, String, EdgeKind)>);

/// The graphs page as kept: while the decision graph and the published records are those of
/// the last build (so every drawing has the same shape and label), a rebuild draws again only
/// the nodes that changed, and joins the kept parts.
#[derive(Default)]
struct GraphsPage {
    /// Each drawing, by its anchor: its shape and layout, and the nodes (in drawing order) and
    /// label it was drawn with and the SVG in parts.
    layouts: HashMap<String, Drawing>,
    /// Each log's section in page order: its heading and the anchors of its drawings.
    sections: Vec<(String, Vec<String>)>,
    /// Where each drawn record is: its drawing's anchor and its position in drawing order.
    drawn_at: HashMap<String, (String, usize)>,
}

/// The month a record is listed under on the timeline; `None`: undated.
type Month = Option<(i32, u32)>;

/// The timeline as kept: each month's block of records, so that a rebuild of the same records
/// lists again only the months a changed item left or joined.
#[derive(Default)]
struct Timeline {
    months: BTreeMap<(i32, u32), String>,
    undated: String,
}

/// A drawing of the graphs page as kept: laid out again only when its shape changed, drawn
/// again whole only when the label changed too; otherwise only the nodes whose text changed
/// are drawn again, with their edges.
struct Drawing {
    shape: graph::Shape,
    placed: graph::Placed,
    nodes: Vec<graph::Node>,
    label: String,
    drawn: graph::Drawn,
}

impl Drawing {
    /// Draws again the nodes at `changed` (positions in drawing order, `nodes` holding their
    /// new text) and their edges.
    fn redraw(&mut self, key: &str, changed: &[usize]) {
        if !changed.is_empty() {
            self.drawn
                .redraw(&self.nodes, &self.shape, &self.placed, key, changed);
        }
    }
}

/// The kept drawings with the nodes of the `redrawn` records (of the same graph as last time)
/// drawn again from their pages' nodes.
fn redraw_nodes(pages: &HashMap<String, CachedPage>, kept: &mut GraphsPage, redrawn: &[String]) {
    let mut changed: HashMap<&str, Vec<usize>> = HashMap::new();
    for path in redrawn {
        if let Some((key, i)) = kept.drawn_at.get(path)
            && let Some(drawing) = kept.layouts.get_mut(key)
        {
            drawing.nodes[*i] = pages[path].node.clone();
            changed.entry(key).or_default().push(*i);
        }
    }
    for (key, at) in changed {
        if let Some(drawing) = kept.layouts.get_mut(key) {
            drawing.redraw(key, &at);
        }
    }
}

/// What decides where a reference resolves to a document: its id, kind, log, whether it is a
/// template, and its title when some wiki link may name it by title.
type Identity = (
    Option<DocId>,
    Option<String>,
    Option<String>,
    bool,
    Option<String>,
);

fn identity(doc: &DocEntry, wiki: bool) -> Identity {
    (
        doc.id.clone(),
        doc.kind.clone(),
        doc.log.clone(),
        doc.is_template,
        if wiki { doc.title.clone() } else { None },
    )
}

/// How a record's page came about in a build, and what of it changed from the last one.
enum Fresh {
    /// Reused: nothing it shows changed.
    Kept,
    /// Rendered again: whether its page, search line, timeline item or summary, graph node
    /// differ from last time; the month it was listed under; whether the health page shows
    /// what changed (the record is or was an open proposal, or has findings).
    Rendered {
        page: bool,
        search: bool,
        item: bool,
        node: bool,
        month_before: Month,
        health: bool,
    },
    /// A record the last build did not publish.
    New,
}

struct CachedPage {
    page: String,
    /// The record's line of the search index.
    search: String,
    /// The record's item of the timeline.
    item: String,
    /// The record's node in its log's decision graph.
    node: graph::Node,
    /// The record's relations (kind, other document, outgoing) and successors, as paths.
    shape: Vec<(String, String, bool)>,
    /// Every workspace path the record's links were resolved against.
    links: Vec<String>,
    /// What the timeline and the health page show of the record beside its item: its date,
    /// id, kind, log, status and name.
    summary: String,
    /// The month the timeline lists it under.
    month: Month,
    /// Whether it is an open proposal (listed on the health page).
    open: bool,
}

impl PageCache {
    /// How many pages it holds.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// How many record pages the last build rendered rather than reused.
    pub fn rendered(&self) -> usize {
        self.rendered
    }

    /// How long each step of the last build took.
    pub fn timings(&self) -> &[(&'static str, Duration)] {
        &self.timings
    }
}

/// The site path of a document's page: `doc/docs/adr/0001-x.html`.
pub fn page_path(doc_path: &str) -> String {
    let stem = doc_path
        .strip_suffix(".md")
        .or_else(|| doc_path.strip_suffix(".markdown"))
        .unwrap_or(doc_path);
    format!("doc/{stem}.html")
}

/// How a status is coloured and filtered: `ok` (decided and in force), `open` (not decided
/// yet), `no` (rejected, withdrawn), `old` (superseded, deprecated) or `other` (no status).
pub fn status_class(doc: &DocEntry, config: &Config) -> &'static str {
    if doc.is_superseded() {
        return "old";
    }
    let Some(name) = status_key(doc, config) else {
        return "other";
    };
    match name.as_str() {
        "superseded" | "deprecated" | "obsolete" | "retired" | "replaced" => "old",
        "rejected" | "declined" | "withdrawn" | "abandoned" => "no",
        _ if config
            .history
            .decided_statuses
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&name)) =>
        {
            "ok"
        }
        _ => "open",
    }
}

/// The status's name, lower case: the kind's name for it, else the first word written, else
/// the kind's default for a numbered record (a merged RFC is accepted).
fn status_key(doc: &DocEntry, config: &Config) -> Option<String> {
    if let Some(name) = &doc.status_name {
        return Some(name.to_lowercase());
    }
    if let Some(status) = &doc.status {
        let word: String = status
            .trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-')
            .collect();
        if !word.is_empty() {
            return Some(word.to_lowercase());
        }
    }
    let numbered = doc.id.as_ref().is_some_and(|id| id.number > 0);
    let kind = doc.kind.as_deref()?;
    numbered
        .then(|| config.history.default_status.get(kind).cloned())
        .flatten()
}

/// The status as people are shown it (see [`shown_status`]); the kind's default for a numbered
/// record that writes none.
fn shown(doc: &DocEntry, config: &Config) -> String {
    let kind = doc.kind.as_deref().and_then(|k| config.kind(k));
    match &doc.status {
        Some(status) => shown_status(status, kind).unwrap_or_default(),
        None => status_key(doc, config)
            .map(|s| capitalise(&s))
            .unwrap_or_default(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `ADR-0007`, or empty for a record without a citable id.
fn id_of(doc: &DocEntry) -> String {
    match &doc.id {
        Some(id) if id.prefix.is_some() => id.to_string(),
        Some(id) => format!("{:04}", id.number),
        None => String::new(),
    }
}

fn title_of(doc: &DocEntry) -> String {
    doc.title.clone().unwrap_or_else(|| doc.stem())
}

/// `ADR-0007: Use PostgreSQL`.
fn name_of(doc: &DocEntry) -> String {
    let id = id_of(doc);
    if id.is_empty() {
        title_of(doc)
    } else {
        format!("{id}: {}", title_of(doc))
    }
}

fn log_name(log: &str) -> String {
    if log.is_empty() {
        "(root)".to_string()
    } else {
        log.to_string()
    }
}

fn log_anchor(log: &str) -> String {
    let slug: String = log
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("log-{}", slug.trim_matches('-'))
}

/// `(year, month, day)`.
type Date = (i32, u32, u32);

/// `(year, month, day)` from a date written `2024-05-17` (or `2024-05`, or `2024/05/17`) at the
/// start of the value.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        (part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let year = digits(0..4)?;
    if !matches!(bytes.get(4), Some(b'-' | b'/')) {
        return None;
    }
    let month = digits(5..7)?;
    if !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
        return None;
    }
    let day = if matches!(bytes.get(7), Some(b'-' | b'/')) {
        digits(8..10).filter(|d| (1..=31).contains(d)).unwrap_or(1)
    } else {
        1
    };
    Some((year as i32, month, day))
}

/// The month the timeline lists a record under.
fn month_of(doc: &DocEntry) -> Month {
    doc.date
        .as_deref()
        .and_then(parse_date)
        .map(|(year, month, _)| (year, month))
}

/// The site being built: what every page needs to know about the others.
struct Site<'a> {
    input: &'a SiteInput<'a>,
    title: String,
    /// The published records, by path.
    published: HashSet<&'a str>,
    /// The published records in path order.
    docs: Vec<&'a DocEntry>,
    graph: DecisionGraph<'a>,
    /// Per document path, (edge kind, other document, whether this one is `from`).
    relations: HashMap<&'a str, Vec<(EdgeKind, &'a DocEntry, bool)>>,
    ctx: WorkspaceContext<'a>,
    /// Whether every document's edges are known to be those of the last build.
    edges_same: bool,
}

impl<'a> Site<'a> {
    /// The site of `input`, its decision graph from `cache`'s edges brought up to date (see
    /// [`PageCache`]); the documents whose page may have changed, when that is known without
    /// looking at every record (`None`: look at every one).
    fn new(
        input: &'a SiteInput<'a>,
        cache: &mut PageCache,
        changed: &HashSet<String>,
    ) -> (Site<'a>, Option<HashSet<String>>) {
        let started = Instant::now();
        let site = &input.config.site;
        let docs: Vec<&DocEntry> = input
            .index
            .docs()
            .map(|d| &**d)
            .filter(|d| !d.is_template && input.texts.contains_key(&d.path))
            // A record: it has a kind or a number (not a log's README or index page).
            .filter(|d| d.kind.is_some() || d.id.is_some())
            .filter(|d| match (&d.log, &site.logs) {
                (Some(log), Some(logs)) => logs.iter().any(|l| l == log),
                (Some(_), None) => true,
                (None, _) => false,
            })
            .collect();
        let published: HashSet<&str> = docs.iter().map(|d| d.path.as_str()).collect();
        let index = input.index;
        let wiki = crate::workspace_rules::kept::has_wiki_links(index);
        // Only edits, none of which changed where references resolve: every other document's
        // references resolve as before.
        let edits_only = !cache.edges.is_empty()
            && changed.iter().all(|path| {
                index.get(path).is_some_and(|doc| {
                    cache.edges.contains_key(path)
                        && cache.identities.get(path) == Some(&identity(doc, wiki))
                })
            });
        let mut edges_same = edits_only;
        let candidates = if edits_only {
            // A page changes only when its record, its relations or successors (the ends of
            // the changed documents' edges, before and after), or what its links resolve to
            // changed.
            let mut candidates: HashSet<String> = changed.clone();
            for (path, doc) in changed.iter().filter_map(|p| Some((p, index.get(p)?))) {
                let new = graph_edges_of(index, doc);
                for (from, to, _) in new
                    .iter()
                    .chain(cache.edges.get(path).into_iter().flatten())
                {
                    candidates.insert(from.clone());
                    candidates.insert(to.clone());
                }
                edges_same &= cache.edges.get(path) == Some(&new);
                cache.edges.insert(path.clone(), new);
            }
            for (path, page) in &cache.pages {
                if page
                    .shape
                    .iter()
                    .any(|(_, other, _)| changed.contains(other))
                    || page.links.iter().any(|l| changed.contains(l))
                {
                    candidates.insert(path.clone());
                }
            }
            Some(candidates)
        } else {
            use rayon::prelude::*;
            let all: Vec<&DocEntry> = index.docs().map(|d| &**d).collect();
            cache.edges = all
                .par_iter()
                .map(|d| (d.path.clone(), graph_edges_of(index, d)))
                .collect();
            cache.identities = all
                .iter()
                .map(|d| (d.path.clone(), identity(d, wiki)))
                .collect();
            None
        };
        cache.timings.push((
            "setup so far, records, edges and candidates",
            started.elapsed(),
        ));
        // The same edges and identities as last time: the same graph, of the current entries.
        let kept = match (&cache.graph, edges_same) {
            (Some((nodes, edges)), true) => (|| {
                Some(DecisionGraph {
                    nodes: nodes
                        .iter()
                        .map(|p| index.get(p).map(|d| &**d))
                        .collect::<Option<_>>()?,
                    edges: edges
                        .iter()
                        .map(|(from, to, kind)| {
                            Some((&**index.get(from)?, &**index.get(to)?, kind.clone()))
                        })
                        .collect::<Option<_>>()?,
                })
            })(),
            _ => None,
        };
        let graph = match kept {
            Some(graph) => graph,
            None => {
                let graph = decision_graph_from(index, cache.edges.values());
                cache.graph = Some((
                    graph.nodes.iter().map(|d| d.path.clone()).collect(),
                    graph
                        .edges
                        .iter()
                        .map(|(from, to, kind)| (from.path.clone(), to.path.clone(), kind.clone()))
                        .collect(),
                ));
                graph
            }
        };
        cache
            .timings
            .push(("setup so far, and the decision graph", started.elapsed()));
        let mut relations: HashMap<&str, Vec<(EdgeKind, &DocEntry, bool)>> = HashMap::new();
        for (from, to, kind) in &graph.edges {
            relations
                .entry(from.path.as_str())
                .or_default()
                .push((kind.clone(), to, true));
            relations
                .entry(to.path.as_str())
                .or_default()
                .push((kind.clone(), from, false));
        }
        let site = Site {
            input,
            title: site
                .title
                .clone()
                .unwrap_or_else(|| "Decision log".to_string()),
            published,
            docs,
            graph,
            relations,
            ctx: WorkspaceContext::new(input.index, input.config),
            edges_same,
        };
        (site, candidates)
    }

    fn frame<'f>(&'f self, path: &'f str, title: &'f str, current: &'f str) -> Frame<'f> {
        Frame {
            path,
            title,
            site_title: &self.title,
            current,
            canonical: self
                .input
                .config
                .site
                .base_path
                .as_deref()
                .filter(|base| is_web_url(base))
                .map(|base| format!("{}/{}", base.trim_end_matches('/'), path)),
            scripts: &[],
        }
    }

    /// A link from the page `from` to the document's page, or its name alone when it is not
    /// published.
    fn doc_link(&self, from: &str, doc: &DocEntry) -> String {
        if self.published.contains(doc.path.as_str()) {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&href(from, &page_path(&doc.path))),
                esc(&name_of(doc))
            )
        } else {
            esc(&name_of(doc))
        }
    }

    /// The status as shown; a superseded record names its successors by their ids in this
    /// workspace (a log's own prefix, not the kind's).
    fn shown(&self, doc: &DocEntry) -> String {
        let text = shown(doc, self.input.config);
        let lower = text.to_lowercase();
        if doc.is_superseded() && (lower.starts_with("superseded by") || text.is_empty()) {
            let successors: Vec<String> = self
                .ctx
                .successors(doc)
                .iter()
                .map(|s| id_of(s))
                .filter(|id| !id.is_empty())
                .collect();
            if !successors.is_empty() {
                let word = if text.starts_with('s') {
                    "superseded"
                } else {
                    "Superseded"
                };
                return format!("{word} by {}", successors.join(", "));
            }
        }
        text
    }

    fn badge(&self, doc: &DocEntry) -> String {
        let shown = self.shown(doc);
        if shown.is_empty() {
            return String::new();
        }
        format!(
            "<span class=\"badge s-{}\">{}</span>",
            status_class(doc, self.input.config),
            esc(&shown)
        )
    }

    fn source_url(&self, doc: &DocEntry) -> Option<String> {
        self.source_link(&doc.path)
    }

    /// `[site] source-link` for a workspace path; only an `http(s)` template is used, so a
    /// repository's configuration cannot put a `javascript:` link on every page.
    fn source_link(&self, path: &str) -> Option<String> {
        self.input
            .config
            .site
            .source_link
            .as_deref()
            .filter(|t| is_web_url(t))
            .map(|t| t.replace("{path}", &html::url_path(path)))
    }

    /// The record's relations and successors, as paths: what its page shows of the others.
    fn shape(&self, doc: &DocEntry) -> Vec<(String, String, bool)> {
        let mut shape: Vec<(String, String, bool)> = self
            .relations
            .get(doc.path.as_str())
            .into_iter()
            .flatten()
            .map(|(kind, other, outgoing)| (format!("{kind:?}"), other.path.clone(), *outgoing))
            .collect();
        shape.extend(
            self.ctx
                .successors(doc)
                .iter()
                .map(|s| ("successor".to_string(), s.path.clone(), true)),
        );
        shape
    }

    /// Brings `site` (what the last build with `cache` produced, or empty with a fresh cache)
    /// up to date in place; the paths whose bytes changed or that are new, and the paths no
    /// longer produced (removed from `site`).
    fn build_with(
        &self,
        cache: &mut PageCache,
        changed: &HashSet<String>,
        candidates: Option<&HashSet<String>>,
        site: &mut BTreeMap<String, Vec<u8>>,
        kept_in_site: bool,
    ) -> SiteChanges {
        let mut clock = Instant::now();
        let mut lap = |cache: &mut PageCache, what: &'static str| {
            let now = Instant::now();
            cache.timings.push((what, now - clock));
            clock = now;
        };
        let mut changes = SiteChanges::default();
        let mut put = |site: &mut BTreeMap<String, Vec<u8>>, path: &str, bytes: Vec<u8>| {
            if site.get(path) != Some(&bytes) {
                site.insert(path.to_string(), bytes);
                changes.changed.push(path.to_string());
            }
        };
        put(site, "assets/site.css", html::CSS.as_bytes().to_vec());
        put(
            site,
            "assets/filter.js",
            html::FILTER_JS.as_bytes().to_vec(),
        );
        put(
            site,
            "assets/search.js",
            html::SEARCH_JS.as_bytes().to_vec(),
        );
        let kept_pages = cache.pages.len();
        let (rendered, gone): (Vec<(String, CachedPage, Fresh)>, Vec<String>) = {
            use rayon::prelude::*;
            let mut old = std::mem::take(&mut cache.pages);
            let rendered = std::sync::atomic::AtomicUsize::new(0);
            let reused: Vec<Option<CachedPage>> =
                self.docs.iter().map(|doc| old.remove(&doc.path)).collect();
            let pages = self
                .docs
                .par_iter()
                .zip(reused)
                .map(|(doc, cached)| {
                    let cached = match (cached, candidates) {
                        // Not a candidate: nothing its page shows changed.
                        (Some(cached), Some(candidates)) if !candidates.contains(&doc.path) => {
                            return (doc.path.clone(), cached, Fresh::Kept);
                        }
                        (cached, _) => cached,
                    };
                    let shape = self.shape(doc);
                    let reusable = cached.as_ref().is_some_and(|c| {
                        !changed.contains(&doc.path)
                            && c.shape == shape
                            && !c.shape.iter().any(|(_, other, _)| changed.contains(other))
                            && !c.links.iter().any(|l| changed.contains(l))
                    });
                    if reusable && let Some(cached) = cached {
                        return (doc.path.clone(), cached, Fresh::Kept);
                    }
                    rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let (page, text, links) = self.doc_page(doc);
                    let search = serde_json::json!([
                        html::url_path(&page_path(&doc.path)),
                        id_of(doc),
                        title_of(doc),
                        self.shown(doc),
                        search_words(&title_of(doc), &text)
                    ])
                    .to_string();
                    let mut item = String::new();
                    self.timeline_item(&mut item, "index.html", doc);
                    let summary = format!(
                        "{:?}\n{:?}\n{:?}\n{:?}\n{}\n{}\n{}",
                        doc.date,
                        doc.id,
                        doc.kind,
                        doc.log,
                        status_class(doc, self.input.config),
                        self.shown(doc),
                        name_of(doc)
                    );
                    let page = CachedPage {
                        page,
                        search,
                        item,
                        node: self.graph_node(doc),
                        shape,
                        links,
                        summary,
                        month: month_of(doc),
                        open: status_class(doc, self.input.config) == "open",
                    };
                    let fresh = match cached {
                        Some(old) => Fresh::Rendered {
                            page: old.page != page.page,
                            search: old.search != page.search,
                            item: old.item != page.item || old.summary != page.summary,
                            node: old.node != page.node,
                            month_before: old.month,
                            health: old.summary != page.summary
                                && (old.open
                                    || page.open
                                    || self
                                        .input
                                        .findings
                                        .get(&doc.path)
                                        .is_some_and(|f| !f.is_empty())),
                        },
                        None => Fresh::New,
                    };
                    (doc.path.clone(), page, fresh)
                })
                .collect();
            cache.rendered = rendered.into_inner();
            (pages, old.into_keys().collect())
        };
        lap(cache, "record pages");
        // What changed, over every record: whether the same records are published, and whether
        // any line of the search index, item or summary of the timeline, or node changed.
        let same_records = kept_in_site
            && gone.is_empty()
            && kept_pages == self.docs.len()
            && rendered.iter().all(|(_, _, f)| !matches!(f, Fresh::New));
        let any = |which: fn(&Fresh) -> bool| rendered.iter().any(|(_, _, f)| which(f));
        let search_same =
            same_records && !any(|f| matches!(f, Fresh::Rendered { search: true, .. }));
        let items_same = same_records && !any(|f| matches!(f, Fresh::Rendered { item: true, .. }));
        let nodes_same = same_records && !any(|f| matches!(f, Fresh::Rendered { node: true, .. }));
        let health_same =
            same_records && !any(|f| matches!(f, Fresh::Rendered { health: true, .. }));
        // Of the same records: the months whose block lost or gained an item or holds a changed
        // one, and the records whose node changed (the graph's shape is the same while no
        // document's edges changed).
        let mut dirty_months: HashSet<Month> = HashSet::new();
        let mut redrawn: Vec<String> = Vec::new();
        for (doc_path, cached, fresh) in &rendered {
            if let Fresh::Rendered {
                item,
                node,
                month_before,
                ..
            } = fresh
            {
                if *item {
                    dirty_months.insert(*month_before);
                    dirty_months.insert(cached.month);
                }
                if *node {
                    redrawn.push(doc_path.clone());
                }
            }
        }
        let mut search = String::new();
        if !search_same {
            search.push_str("window.DOCWRIGHT_INDEX=[\n");
        }
        for (doc_path, cached, fresh) in rendered {
            if !search_same {
                search.push_str(&cached.search);
                search.push_str(",\n");
            }
            // A page kept from the last build is in `site` already when `kept_in_site`.
            let write = match fresh {
                Fresh::Kept => !kept_in_site,
                Fresh::Rendered { page, .. } => page || !kept_in_site,
                Fresh::New => true,
            };
            if write {
                put(
                    site,
                    &page_path(&doc_path),
                    cached.page.clone().into_bytes(),
                );
            }
            cache.pages.insert(doc_path, cached);
        }
        // Each joined page is joined again only when one of its parts changed.
        if !search_same {
            search.push_str("];\n");
            put(site, "assets/search-index.js", search.into_bytes());
        }
        lap(cache, "search index and pages out");
        if !items_same {
            let home = self.home(
                &cache.pages,
                &mut cache.timeline,
                same_records.then_some(&dirty_months),
            );
            put(site, "index.html", home.into_bytes());
        }
        lap(cache, "timeline");
        if !(nodes_same && self.edges_same) {
            let graphs = self.graphs(
                &cache.pages,
                &mut cache.graphs,
                (same_records && self.edges_same).then_some(&redrawn[..]),
            );
            put(site, "graphs.html", graphs.into_bytes());
        }
        lap(cache, "graphs");
        if !(health_same && !self.input.findings_changed && cache.today == self.input.today) {
            put(site, "health.html", self.health().into_bytes());
            cache.today = self.input.today.to_string();
        }
        put(site, "search.html", self.search_page().into_bytes());
        lap(cache, "health");
        // The pages of records no longer published, unless another record's page has the path.
        if !gone.is_empty() {
            let now: HashSet<String> = self.docs.iter().map(|d| page_path(&d.path)).collect();
            for doc_path in gone {
                let path = page_path(&doc_path);
                if !now.contains(&path) && site.remove(&path).is_some() {
                    changes.removed.push(path);
                }
            }
        }
        changes
    }

    /// The record's node in its log's graph, drawn on `graphs.html`.
    fn graph_node(&self, d: &DocEntry) -> graph::Node {
        graph::Node {
            href: href("graphs.html", &page_path(&d.path)),
            id: id_of(d),
            title: title_of(d),
            status: self.shown(d),
            class: status_class(d, self.input.config),
            order: (d.id.as_ref().map_or(u32::MAX, |i| i.number), d.path.clone()),
        }
    }

    fn logs(&self) -> Vec<&'a str> {
        let mut logs: Vec<&str> = self.docs.iter().filter_map(|d| d.log.as_deref()).collect();
        logs.sort();
        logs.dedup();
        logs
    }

    /// The timeline; with `dirty` (the records are those of the last build), only the blocks
    /// of those months are listed again and the others taken from `kept`.
    fn home(
        &self,
        pages: &HashMap<String, CachedPage>,
        kept: &mut Timeline,
        dirty: Option<&HashSet<Month>>,
    ) -> String {
        let path = "index.html";
        let mut body = String::new();
        let _ = writeln!(body, "<h1>{}</h1>", esc(&self.title));
        let logs = self.logs();
        let _ = writeln!(
            body,
            "<p class=\"meta\">{} records in {} {}. <a href=\"search.html\">Search</a> · <a href=\"graphs.html\">Decision graphs</a> · <a href=\"health.html\">Health</a></p>",
            self.docs.len(),
            logs.len(),
            if logs.len() == 1 { "log" } else { "logs" }
        );
        // Filters, shown by the script only.
        let mut kinds: Vec<&str> = self.docs.iter().filter_map(|d| d.kind.as_deref()).collect();
        kinds.sort();
        kinds.dedup();
        body.push_str(
            "<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter the timeline\">\n",
        );
        body.push_str("<label>Log <select name=\"log\"><option value=\"\">All logs</option>");
        for log in &logs {
            let _ = write!(
                body,
                "<option value=\"{}\">{}</option>",
                esc(log),
                esc(&log_name(log))
            );
        }
        body.push_str("</select></label>\n<label>Kind <select name=\"kind\"><option value=\"\">All kinds</option>");
        for kind in &kinds {
            let shown = self
                .input
                .config
                .kind(kind)
                .map_or(kind.to_string(), |k| k.display_name.clone());
            let _ = write!(
                body,
                "<option value=\"{}\">{}</option>",
                esc(kind),
                esc(&shown)
            );
        }
        body.push_str(
            "</select></label>\n<label>Status <select name=\"status\"><option value=\"\">Any status</option>\
<option value=\"current\">Not superseded or deprecated</option><option value=\"ok\">Accepted (in force)</option>\
<option value=\"open\">Open (proposed, draft)</option><option value=\"no\">Rejected</option>\
<option value=\"old\">Superseded or deprecated</option><option value=\"other\">No status</option></select></label>\n\
<span id=\"shown\" class=\"meta\" aria-live=\"polite\"></span>\n</form>\n",
        );
        // Records by month, newest first; undated ones last, by path.
        let mut dated: BTreeMap<(i32, u32), Vec<(&DocEntry, Date)>> = BTreeMap::new();
        let mut undated: Vec<&DocEntry> = Vec::new();
        for doc in &self.docs {
            if dirty.is_some_and(|dirty| !dirty.contains(&month_of(doc))) {
                continue;
            }
            let date = doc.date.as_deref().and_then(parse_date);
            match date {
                Some(date) => dated.entry((date.0, date.1)).or_default().push((doc, date)),
                None => undated.push(doc),
            }
        }
        match dirty {
            Some(dirty) => {
                for month in dirty {
                    match month {
                        Some(month) => kept.months.remove(month),
                        None => Some(std::mem::take(&mut kept.undated)),
                    };
                }
            }
            None => *kept = Timeline::default(),
        }
        for ((year, month), mut docs) in dated {
            docs.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| b.0.id.cmp(&a.0.id))
                    .then_with(|| a.0.path.cmp(&b.0.path))
            });
            let mut block = format!(
                "<section class=\"month\"><h2>{} {year}</h2>\n<ul class=\"timeline\">\n",
                MONTH_NAMES[(month - 1) as usize]
            );
            for (doc, _) in docs {
                block.push_str(&pages[&doc.path].item);
            }
            block.push_str("</ul></section>\n");
            kept.months.insert((year, month), block);
        }
        if !undated.is_empty() {
            undated.sort_by(|a, b| a.log.cmp(&b.log).then_with(|| b.id.cmp(&a.id)));
            let mut block = String::from(
                "<section class=\"month\"><h2>Undated</h2>\n<ul class=\"timeline\">\n",
            );
            for doc in undated {
                block.push_str(&pages[&doc.path].item);
            }
            block.push_str("</ul></section>\n");
            kept.undated = block;
        }
        for block in kept.months.values().rev() {
            body.push_str(block);
        }
        body.push_str(&kept.undated);
        if self.docs.is_empty() {
            body.push_str("<p>No decision log was found.</p>\n");
        }
        let mut frame = self.frame(path, &self.title, "Timeline");
        frame.scripts = &["assets/filter.js"];
        page(&frame, &body)
    }

    fn timeline_item(&self, body: &mut String, from: &str, doc: &DocEntry) {
        let _ = write!(
            body,
            "<li data-log=\"{}\" data-kind=\"{}\" data-status=\"{}\">",
            esc(doc.log.as_deref().unwrap_or("")),
            esc(doc.kind.as_deref().unwrap_or("")),
            status_class(doc, self.input.config)
        );
        let id = id_of(doc);
        let _ = write!(
            body,
            "<a href=\"{}\">{}{}</a> {}",
            esc(&href(from, &page_path(&doc.path))),
            if id.is_empty() {
                String::new()
            } else {
                format!("<span class=\"id\">{}</span> ", esc(&id))
            },
            esc(&title_of(doc)),
            self.badge(doc)
        );
        let mut meta: Vec<String> = Vec::new();
        if let Some(date) = &doc.date {
            meta.push(esc(date.trim()));
        }
        meta.push(esc(&log_name(doc.log.as_deref().unwrap_or(""))));
        let successors = self.ctx.successors(doc);
        if !successors.is_empty() {
            let names: Vec<String> = successors.iter().map(|s| self.doc_link(from, s)).collect();
            meta.push(format!("superseded by {}", names.join(", ")));
        }
        let _ = writeln!(
            body,
            " <span class=\"meta\">{}</span></li>",
            meta.join(" · ")
        );
    }

    /// A document's page, its plain text for the search index, and the workspace paths its
    /// links were resolved against.
    fn doc_page(&self, doc: &DocEntry) -> (String, String, Vec<String>) {
        let path = page_path(&doc.path);
        let text = &self.input.texts[&doc.path];
        let links = std::cell::RefCell::new(Vec::new());
        let rewrite = |destination: &str| self.rewrite_link(doc, &path, destination, &links);
        let rendered = markdown::render(text, &doc.sections, &rewrite);
        let mut links = links.into_inner();
        links.sort();
        links.dedup();
        let mut body = String::new();
        // Banner: superseded or deprecated.
        let class = status_class(doc, self.input.config);
        if class == "old" {
            let successors = self.ctx.successors(doc);
            let what = if doc.is_superseded() {
                "superseded"
            } else {
                "no longer in force"
            };
            if successors.is_empty() {
                let _ = writeln!(
                    body,
                    "<div class=\"banner\" role=\"note\"><strong>This record is {what}</strong> ({}).</div>",
                    esc(&self.shown(doc))
                );
            } else {
                let names: Vec<String> =
                    successors.iter().map(|s| self.doc_link(&path, s)).collect();
                let _ = writeln!(
                    body,
                    "<div class=\"banner\" role=\"note\"><strong>This record is {what}.</strong> See {}.</div>",
                    names.join(", ")
                );
            }
        }
        body.push_str("<dl class=\"meta-list\">\n");
        let id = id_of(doc);
        if !id.is_empty() {
            let _ = writeln!(body, "<dt>Id</dt><dd>{}</dd>", esc(&id));
        }
        let status = self.badge(doc);
        if !status.is_empty() {
            let _ = writeln!(body, "<dt>Status</dt><dd>{status}</dd>");
        }
        if let Some(date) = &doc.date {
            let _ = writeln!(body, "<dt>Date</dt><dd>{}</dd>", esc(date.trim()));
        }
        if let Some(kind) = doc.kind.as_deref() {
            let shown = self
                .input
                .config
                .kind(kind)
                .map_or(kind.to_string(), |k| k.display_name.clone());
            let _ = writeln!(body, "<dt>Kind</dt><dd>{}</dd>", esc(&shown));
        }
        if let Some(log) = &doc.log {
            let _ = writeln!(
                body,
                "<dt>Log</dt><dd><a href=\"{}#{}\">{}</a></dd>",
                esc(&href(&path, "graphs.html")),
                log_anchor(log),
                esc(&log_name(log))
            );
        }
        let source = match self.source_url(doc) {
            Some(url) => format!("<a href=\"{}\">{}</a>", esc(&url), esc(&doc.path)),
            None => format!("<code>{}</code>", esc(&doc.path)),
        };
        let _ = writeln!(body, "<dt>Source</dt><dd>{source}</dd>");
        // Relations both ways.
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (kind, other, outgoing) in self.relations.get(doc.path.as_str()).into_iter().flatten() {
            let label = match (kind, outgoing) {
                (EdgeKind::Supersedes, true) => "Supersedes".to_string(),
                (EdgeKind::Supersedes, false) => "Superseded by".to_string(),
                (EdgeKind::Amends, true) => "Amends".to_string(),
                (EdgeKind::Amends, false) => "Amended by".to_string(),
                (EdgeKind::Cites, true) => "Cites".to_string(),
                (EdgeKind::Cites, false) => "Cited by".to_string(),
                (EdgeKind::Named(words), true) => capitalise(words),
                (EdgeKind::Named(words), false) => format!("{} (by)", capitalise(words)),
            };
            groups
                .entry(label)
                .or_default()
                .push(self.doc_link(&path, other));
        }
        for (label, links) in groups {
            let _ = writeln!(
                body,
                "<dt>{}</dt><dd>{}</dd>",
                esc(&label),
                links.join(", ")
            );
        }
        // The document's own title heading, when it opens the document, opens the page (before
        // the banner and the metadata); without one, the page names the record.
        let (heading, article) = match rendered.html.strip_prefix("<h1 ") {
            Some(_) => match rendered.html.find("</h1>\n") {
                Some(end) => rendered.html.split_at(end + "</h1>\n".len()),
                None => ("", rendered.html.as_str()),
            },
            None => ("", rendered.html.as_str()),
        };
        body.push_str("</dl>\n<article>\n");
        body.push_str(article);
        body.push_str("</article>\n");
        let title = name_of(doc);
        let body = if !heading.is_empty() {
            format!("{heading}{body}")
        } else if doc.sections.iter().any(|s| s.level == 1) {
            body
        } else {
            format!("<h1>{}</h1>\n{body}", esc(&title))
        };
        (
            page(&self.frame(&path, &title, ""), &body),
            rendered.text,
            links,
        )
    }

    /// A link of `doc`'s Markdown as the site writes it: to the page of a published document
    /// (with its anchor), to the source host for another file of the repository when a link
    /// template is configured, unchanged for a URL or an anchor of the page; `None` (dropped)
    /// when the site has nothing there.
    /// Every workspace path it resolves against is added to `looked_up`.
    fn rewrite_link(
        &self,
        doc: &DocEntry,
        page: &str,
        destination: &str,
        looked_up: &std::cell::RefCell<Vec<String>>,
    ) -> Option<String> {
        let destination = destination.trim();
        if destination.is_empty() {
            return None;
        }
        if destination.starts_with('#') {
            // An anchor of this page: kept when the document has it, else dropped.
            let anchor = LinkTarget::parse(destination).anchor?;
            let section = doc.section_by_text(&anchor)?;
            return Some(format!("#{}", html::url_path(&section.anchor)));
        }
        let lower = destination.to_ascii_lowercase();
        if is_absolute_url(destination) || lower.starts_with("mailto:") {
            return Some(destination.to_string());
        }
        if lower.contains(':') && !lower.starts_with("./") && !lower.starts_with("../") {
            // Another scheme (`javascript:`, `data:`, `file:`): never a link on the site.
            let scheme_end = lower.find(':').unwrap_or(0);
            if lower[..scheme_end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            {
                return None;
            }
        }
        let target = LinkTarget::parse(destination);
        let joined = join_path(doc.folder(), &target.path)?;
        if joined.starts_with('/') {
            return None;
        }
        looked_up.borrow_mut().push(joined.clone());
        if self.published.contains(joined.as_str()) {
            let mut link = href(page, &page_path(&joined));
            // The anchor as the page has it; the page alone when it has no such anchor.
            if let Some(section) = target.anchor.as_ref().and_then(|anchor| {
                self.input
                    .index
                    .get(&joined)
                    .and_then(|d| d.section_by_text(anchor))
            }) {
                link.push('#');
                link.push_str(&html::url_path(&section.anchor));
            }
            return Some(link);
        }
        self.source_link(&joined)
    }

    /// The graphs page; with `redrawn` (the decision graph and the records are those of the
    /// last build), only those records' nodes are drawn again and the rest taken from `kept`.
    fn graphs(
        &self,
        pages: &HashMap<String, CachedPage>,
        kept: &mut GraphsPage,
        redrawn: Option<&[String]>,
    ) -> String {
        let path = "graphs.html";
        match redrawn {
            Some(redrawn) => redraw_nodes(pages, kept, redrawn),
            None => self.lay_out_graphs(pages, kept),
        }
        let mut body = String::from(
            "<h1>Decision graphs</h1>\n<p class=\"meta\">One drawing per group of related records: a record is to the right of those it supersedes or amends (bold: supersedes; dashed: cites). Each box links to its record.</p>\n",
        );
        for (heading, keys) in &kept.sections {
            body.push_str(heading);
            for key in keys {
                body.push_str("<figure class=\"graph\">");
                kept.layouts[key].drawn.write_to(&mut body);
                body.push_str("</figure>\n");
            }
            body.push_str("</section>\n");
        }
        page(&self.frame(path, "Decision graphs", "Graphs"), &body)
    }

    /// Every log's drawings, from the decision graph: each component laid out again only when
    /// its shape changed, drawn again whole only when its shape or the label changed, else only
    /// the nodes whose text changed.
    fn lay_out_graphs(&self, pages: &HashMap<String, CachedPage>, kept: &mut GraphsPage) {
        kept.sections.clear();
        kept.drawn_at.clear();
        let layouts = &mut kept.layouts;
        let nodes: Vec<&DocEntry> = self
            .graph
            .nodes
            .iter()
            .copied()
            .filter(|d| self.published.contains(d.path.as_str()))
            .collect();
        for log in self.logs() {
            let members: Vec<&DocEntry> = nodes
                .iter()
                .copied()
                .filter(|d| d.log.as_deref() == Some(log))
                .collect();
            let at: HashMap<&str, usize> = members
                .iter()
                .enumerate()
                .map(|(i, d)| (d.path.as_str(), i))
                .collect();
            let edges: Vec<(usize, usize, EdgeKind)> = self
                .graph
                .edges
                .iter()
                .filter_map(|(from, to, kind)| {
                    Some((
                        *at.get(from.path.as_str())?,
                        *at.get(to.path.as_str())?,
                        kind.clone(),
                    ))
                })
                .collect();
            let graph_nodes: Vec<&graph::Node> =
                members.iter().map(|d| &pages[&d.path].node).collect();
            let components = graph::components(graph_nodes.len(), &edges);
            let mut heading = String::new();
            let _ = writeln!(
                heading,
                "<section><h2 id=\"{}\">{}</h2>",
                log_anchor(log),
                esc(&log_name(log))
            );
            let related: usize = components.iter().map(Vec::len).sum();
            let _ = writeln!(
                heading,
                "<p class=\"meta\">{} related records in {} {}; {} records relate to no other.</p>",
                related,
                components.len(),
                if components.len() == 1 {
                    "group"
                } else {
                    "groups"
                },
                members.len() - related
            );
            let mut keys = Vec::new();
            for (n, component) in components.iter().enumerate() {
                let label = format!(
                    "Decision graph {} of {}: {} records",
                    n + 1,
                    log_name(log),
                    component.len()
                );
                let key = format!("{}-{}", log_anchor(log), n + 1);
                let (order, shape) = graph::shape(&graph_nodes, component, &edges);
                let drawing = match layouts.remove(&key).filter(|kept| kept.shape == shape) {
                    Some(mut kept) if kept.label == label => {
                        let mut changed = Vec::new();
                        for (i, m) in order.iter().enumerate() {
                            if *graph_nodes[*m] != kept.nodes[i] {
                                kept.nodes[i] = graph_nodes[*m].clone();
                                changed.push(i);
                            }
                        }
                        kept.redraw(&key, &changed);
                        kept
                    }
                    kept => {
                        let placed = kept.map_or_else(|| graph::place(&shape), |kept| kept.placed);
                        let nodes: Vec<graph::Node> =
                            order.iter().map(|m| graph_nodes[*m].clone()).collect();
                        let drawn = graph::Drawn::new(&nodes, &shape, &placed, &label, &key);
                        Drawing {
                            nodes,
                            shape,
                            placed,
                            label,
                            drawn,
                        }
                    }
                };
                for (i, m) in order.iter().enumerate() {
                    kept.drawn_at
                        .insert(members[*m].path.clone(), (key.clone(), i));
                }
                layouts.insert(key.clone(), drawing);
                keys.push(key);
            }
            kept.sections.push((heading, keys));
        }
    }

    fn health(&self) -> String {
        let path = "health.html";
        let config = self.input.config;
        let mut body = String::from("<h1>Health of the decision logs</h1>\n");
        // Open proposals, oldest first.
        let today =
            parse_date(self.input.today).map(|(y, m, d)| days_from_civil(i64::from(y), m, d));
        let mut open: Vec<(Option<i64>, &DocEntry)> = self
            .docs
            .iter()
            .filter(|d| status_class(d, config) == "open")
            .map(|d| {
                let age = match (today, d.date.as_deref().and_then(parse_date)) {
                    (Some(today), Some((y, m, day))) => {
                        Some(today - days_from_civil(i64::from(y), m, day))
                    }
                    _ => None,
                };
                (age, *d)
            })
            .collect();
        open.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.path.cmp(&b.1.path)));
        let max_days = i64::from(config.thresholds.max_proposed_days);
        let _ = writeln!(body, "<h2>Open proposals ({})</h2>", open.len());
        if open.is_empty() {
            body.push_str("<p>None.</p>\n");
        } else {
            body.push_str("<ul>\n");
            for (age, doc) in &open {
                let age = match age {
                    Some(days) if *days > max_days => {
                        format!(
                            "{days} days old — <strong>review overdue</strong> (over {max_days} days)"
                        )
                    }
                    Some(days) => format!("{days} days old"),
                    None => "no date".to_string(),
                };
                let _ = writeln!(
                    body,
                    "<li>{} {} <span class=\"meta\">{age}</span></li>",
                    self.doc_link(path, doc),
                    self.badge(doc)
                );
            }
            body.push_str("</ul>\n");
        }
        // The workspace rules' findings on published records, by rule.
        let mut by_rule: BTreeMap<&str, Vec<(&DocEntry, &Diagnostic)>> = BTreeMap::new();
        for doc in &self.docs {
            for diagnostic in self.input.findings.get(&doc.path).into_iter().flatten() {
                by_rule
                    .entry(diagnostic.rule)
                    .or_default()
                    .push((doc, diagnostic));
            }
        }
        let total: usize = by_rule.values().map(Vec::len).sum();
        let _ = writeln!(body, "<h2>Findings across records ({total})</h2>");
        if by_rule.is_empty() {
            body.push_str("<p>No broken reference, citation of a superseded record or other cross-record problem.</p>\n");
        }
        for (rule, found) in by_rule {
            let _ = writeln!(
                body,
                "<h3>{} ({})</h3>\n<ul>",
                esc(&rule_title(rule)),
                found.len()
            );
            for (doc, diagnostic) in found {
                let _ = writeln!(
                    body,
                    "<li>{}: {}</li>",
                    self.doc_link(path, doc),
                    with_code(&diagnostic.message)
                );
            }
            body.push_str("</ul>\n");
        }
        page(&self.frame(path, "Health", "Health"), &body)
    }

    fn search_page(&self) -> String {
        let path = "search.html";
        let body = "<h1>Search</h1>\n<noscript><p>Search runs in the browser and needs JavaScript; the <a href=\"index.html\">timeline</a> lists every record.</p></noscript>\n\
<form id=\"search-form\" role=\"search\" hidden><label for=\"q\">Words of a title or text</label> \
<input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\"> <button type=\"submit\">Search</button></form>\n\
<p id=\"search-status\" class=\"meta\" aria-live=\"polite\"></p>\n<ol id=\"results\" class=\"results\"></ol>\n";
        let mut frame = self.frame(path, "Search", "Search");
        frame.scripts = &["assets/search-index.js", "assets/search.js"];
        page(&frame, body)
    }
}

fn is_web_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A message with its `code spans` as `<code>`, escaped.
fn with_code(message: &str) -> String {
    let mut out = String::new();
    let parts: Vec<&str> = message.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        let odd = i % 2 == 1 && i + 1 < parts.len();
        if odd {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&esc(part));
        }
    }
    out
}

/// `broken-reference` → "Broken references".
fn rule_title(rule: &str) -> String {
    match rule {
        "broken-reference" => "Broken references".into(),
        "cites-superseded" => "Records citing superseded ones".into(),
        "duplicate-id" => "Duplicate ids".into(),
        "supersede-mismatch" => "Supersession stated on one side only".into(),
        "supersede-cycle" => "Supersession cycles".into(),
        "ambiguous-reference" => "Ambiguous references".into(),
        "dangling-code-path" => "Paths to code that no longer exists".into(),
        "stale-index" => "Stale index tables".into(),
        other => other.to_string(),
    }
}

/// The words of a record for the search index: lower case, each once, in order of first use,
/// at most [`MAX_WORDS`], joined by spaces.
fn search_words(title: &str, text: &str) -> String {
    const MAX_WORDS: usize = 3000;
    let mut seen: HashSet<String> = HashSet::new();
    let mut words: Vec<String> = Vec::new();
    let lower = format!("{title} {text}").to_lowercase();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() < 2 || word.len() > 40 {
            continue;
        }
        if seen.insert(word.to_string()) {
            words.push(word.to_string());
            if words.len() >= MAX_WORDS {
                break;
            }
        }
    }
    words.join(" ")
}

/// The site: site path → file contents.
pub fn build_site(input: &SiteInput) -> BTreeMap<String, Vec<u8>> {
    build_site_cached(input, &mut PageCache::default(), &HashSet::new())
}

/// The site, reusing the record pages of `cache` that no document in `changed` (index paths
/// edited, added or removed since the cache was filled) can have affected; the same bytes as
/// [`build_site`]. `cache` is left holding this build's pages.
pub fn build_site_cached(
    input: &SiteInput,
    cache: &mut PageCache,
    changed: &HashSet<String>,
) -> BTreeMap<String, Vec<u8>> {
    // A fresh map: every page goes in, the ones reused too.
    let mut site = BTreeMap::new();
    build_site_filling(input, cache, changed, &mut site, false);
    site
}

/// What a build changed in the site it updated in place.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SiteChanges {
    /// Site paths whose bytes changed or that are new.
    pub changed: Vec<String>,
    /// Site paths no longer produced (taken out of the site).
    pub removed: Vec<String>,
}

/// [`build_site_cached`] updating `site` in place: `site` must be what the last build with
/// `cache` left there (anything, with a fresh cache: it is then filled from nothing). Only the
/// pages that changed are copied in; afterwards `site` holds exactly [`build_site`]'s bytes,
/// and the answer says which paths changed or went, for a caller that writes only those.
pub fn build_site_into(
    input: &SiteInput,
    cache: &mut PageCache,
    changed: &HashSet<String>,
    site: &mut BTreeMap<String, Vec<u8>>,
) -> SiteChanges {
    build_site_filling(input, cache, changed, site, true)
}

fn build_site_filling(
    input: &SiteInput,
    cache: &mut PageCache,
    changed: &HashSet<String>,
    site: &mut BTreeMap<String, Vec<u8>>,
    site_kept: bool,
) -> SiteChanges {
    cache.timings.clear();
    // Unless `site` holds the kept pages, every page is put in again and what was there is
    // only compared with.
    let before = (!site_kept || cache.pages.is_empty()).then(|| std::mem::take(site));
    let started = Instant::now();
    let (built, candidates) = Site::new(input, cache, changed);
    cache
        .timings
        .push(("setup and decision graph", started.elapsed()));
    let mut changes = built.build_with(cache, changed, candidates.as_ref(), site, before.is_none());
    if let Some(before) = before {
        // Against what the map held: new or different bytes changed, paths not produced went.
        changes.changed = site
            .iter()
            .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
            .map(|(path, _)| path.clone())
            .collect();
        changes.removed = before
            .keys()
            .filter(|path| !site.contains_key(*path))
            .cloned()
            .collect();
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_ages() {
        assert_eq!(parse_date("2024-05-17"), Some((2024, 5, 17)));
        assert_eq!(parse_date("2024-05"), Some((2024, 5, 1)));
        assert_eq!(parse_date("May 2024"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 1),
            29
        );
    }

    #[test]
    fn pages_mirror_the_document_paths() {
        assert_eq!(page_path("docs/adr/0001-x.md"), "doc/docs/adr/0001-x.html");
        assert_eq!(page_path("a.markdown"), "doc/a.html");
    }

    #[test]
    fn only_web_addresses_are_linked_from_the_configuration() {
        assert!(is_web_url("https://example.com/{path}"));
        assert!(!is_web_url("javascript:alert(1)//{path}"));
        assert!(!is_web_url("data:text/html,x"));
    }

    #[test]
    fn messages_show_code_spans() {
        assert_eq!(with_code("`a<b` is gone"), "<code>a&lt;b</code> is gone");
        assert_eq!(with_code("one ` only"), "one ` only");
    }

    #[test]
    fn search_words_are_unique_and_lower_case() {
        assert_eq!(
            search_words("Use Postgres", "use a DB, db!"),
            "use postgres db"
        );
    }
}
