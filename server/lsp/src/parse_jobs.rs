//! Parsing and outlining changed documents off the input loop.
//!
//! The input loop (`lsp::ordered`) only queues a document's `didOpen`/`didChange` batches, which
//! costs a copy of the change. A parse job, one per document at a time, on a parse thread with a
//! large stack ([`JOB_STACK_BYTES`]; the threads are kept for the next jobs, [`workers`]), applies the queue in arrival order, re-parses, builds the
//! outline and publishes the new state into the document store; then it looks again and goes on
//! while batches keep arriving. So:
//!
//! - the input loop and the other documents never wait for a parse: a document that takes seconds
//!   to analyse holds up only the requests made on it;
//! - a newer version cancels the older analysis: batches that arrive while a job parses are
//!   applied together by its next round, and the outline of a version that is already outdated
//!   when its parse ends is never built;
//! - edits are still applied in order, by one job at a time per document;
//! - a document no request is reading is edited in place, its text not copied: the store keeps a
//!   stand-in of the current version meanwhile ([`take_for_edit`], ADR 25);
//! - deep nesting cannot overflow the stack of the thread that parses it (tree-sitter's tree
//!   operations and our walkers recurse over nesting depth; [`JOB_STACK_BYTES`] is far above what
//!   the largest analysed document, [`MAX_ANALYZED_BYTES`], can nest).
//!
//! Requests wait ([`settle`]) until the document's state reflects every batch received before the
//! request, and are answered on that version or refused with `ContentModified` (see
//! `lsp::ordered`'s [`Arrival`]).
//!
//! [`MAX_ANALYZED_BYTES`]: crate::state::MAX_ANALYZED_BYTES

use crate::state::{Batch, DocState, MAX_ANALYZED_BYTES, Shared, advance, apply_to_rope};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Error;
use tower_lsp_server::ls_types::Uri;

/// The stack of a parse job's thread. Virtual memory: only the pages a deep document really uses
/// are ever touched.
pub const JOB_STACK_BYTES: usize = 256 * 1024 * 1024;

/// The stack of the runtime's threads, where handlers and checks run over a parsed document.
pub const RUNTIME_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Starts a parse job for the opening `epoch` of the document under `key`, which has work and
/// whose `job_running` the caller has just set. It runs on one of the parse threads ([`workers`]).
pub fn start(shared: &Arc<Shared>, key: String, epoch: u64) {
    let job_shared = shared.clone();
    let job_key = key.clone();
    if let Err(err) = workers::submit(Box::new(move || run(&job_shared, &job_key, epoch))) {
        // No thread to be had: parse here rather than never.
        tracing::error!("cannot start a parse thread ({err}); parsing on the input loop");
        run(shared, &key, epoch);
    }
}

/// The parse threads: kept for the life of the process rather than one started per job.
///
/// A thread started per job is a new thread to every regular expression's cache pool, which
/// keeps a cache per slot of thread ids (up to eight slots per expression, each with lazy DFA
/// and backtracking caches grown by the texts it ran on): a server that started a thread per
/// keystroke burst ended up holding every expression's caches for all eight slots, about as
/// much as the open documents themselves (ADR 30). Kept threads keep their ids, so the
/// expressions keep a cache per thread that really runs them. A job that finds every thread busy
/// starts one more (a slow document never holds up another's job), which then stays, idle, for
/// the next; idle threads cost only their (virtual) stacks.
mod workers {
    use super::JOB_STACK_BYTES;
    use std::collections::VecDeque;
    use std::sync::{Condvar, Mutex, PoisonError};

    pub(super) type Job = Box<dyn FnOnce() + Send + 'static>;

    struct Queue {
        jobs: VecDeque<Job>,
        /// Threads waiting for a job.
        idle: usize,
    }

    static QUEUE: Mutex<Queue> = Mutex::new(Queue {
        jobs: VecDeque::new(),
        idle: 0,
    });
    static READY: Condvar = Condvar::new();

    /// Queues `job` for an idle parse thread, or starts a thread for it when every one is busy.
    /// Fails only when a needed thread cannot be started; the job is then not queued.
    pub(super) fn submit(job: Job) -> std::io::Result<()> {
        let mut queue = QUEUE.lock().unwrap_or_else(PoisonError::into_inner);
        if queue.idle > queue.jobs.len() {
            queue.jobs.push_back(job);
            drop(queue);
            READY.notify_one();
            return Ok(());
        }
        drop(queue);
        std::thread::Builder::new()
            .name(String::from("docwright-parse"))
            .stack_size(JOB_STACK_BYTES)
            .spawn(move || work(Some(job)))
            .map(drop)
    }

    /// A parse thread: runs `first`, then whatever is queued, waiting while nothing is.
    fn work(first: Option<Job>) {
        if let Some(job) = first {
            run_one(job);
        }
        loop {
            let job = {
                let mut queue = QUEUE.lock().unwrap_or_else(PoisonError::into_inner);
                queue.idle += 1;
                while queue.jobs.is_empty() {
                    queue = READY.wait(queue).unwrap_or_else(PoisonError::into_inner);
                }
                queue.idle -= 1;
                queue.jobs.pop_front()
            };
            if let Some(job) = job {
                run_one(job);
            }
        }
    }

    /// Runs a job; a panic that escapes it (the analysis catches its own) ends the job, not the
    /// thread.
    fn run_one(job: Job) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }

    #[cfg(test)]
    mod tests {
        use super::submit;
        use std::sync::mpsc;
        use std::time::Duration;

        #[test]
        fn jobs_one_after_another_reuse_the_parse_threads() {
            // One thread per job gave twenty threads here (ids are never reused).
            let mut threads = std::collections::HashSet::new();
            for _ in 0..20 {
                let (done, finished) = mpsc::channel();
                submit(Box::new(move || {
                    let _ = done.send(std::thread::current().id());
                }))
                .unwrap();
                threads.insert(finished.recv_timeout(Duration::from_secs(30)).unwrap());
            }
            assert!(threads.len() <= 5, "{} threads for 20 jobs", threads.len());
        }

        #[test]
        fn a_job_is_never_held_up_by_a_busy_thread() {
            // The first job waits for the second: the second must get a thread of its own.
            let (release, released) = mpsc::channel::<()>();
            let (done, finished) = mpsc::channel();
            let first_done = done.clone();
            submit(Box::new(move || {
                let _ = released.recv_timeout(Duration::from_secs(30));
                let _ = first_done.send("first");
            }))
            .unwrap();
            submit(Box::new(move || {
                let _ = done.send("second");
                let _ = release.send(());
            }))
            .unwrap();
            let order: Vec<&str> = (0..2)
                .map(|_| finished.recv_timeout(Duration::from_secs(30)).unwrap())
                .collect();
            assert_eq!(order, ["second", "first"]);
        }

        #[test]
        fn a_panicking_job_leaves_the_thread_for_the_next() {
            submit(Box::new(|| panic!("a job's own bug"))).unwrap();
            let (done, finished) = mpsc::channel();
            submit(Box::new(move || {
                let _ = done.send(());
            }))
            .unwrap();
            finished.recv_timeout(Duration::from_secs(30)).unwrap();
        }
    }
}

/// The job: rounds of "take the queue, apply it, publish" until the queue stays empty.
fn run(shared: &Shared, key: &str, epoch: u64) {
    let encoding = shared.encoding();
    loop {
        let (base, batches, file_name, received) = {
            let mut docs = shared.docs();
            // Closed, or opened again (that opening has its own job).
            let Some(doc) = docs.get_mut(key).filter(|d| d.epoch == epoch) else {
                return;
            };
            if doc.pending.is_empty() {
                doc.job_running = false;
                return;
            }
            (
                take_for_edit(&mut doc.state),
                std::mem::take(&mut doc.pending),
                doc.file_name(),
                doc.received,
            )
        };
        // Kept to rebuild the text should the analysis fail: the rope (whose clone shares its
        // nodes; not the document, which must stay unshared to be edited in place) and the
        // changes' text, unless that text is over the analysis limit (then no parser runs on it,
        // and a copy would hold the memory of a large document once more).
        let text_bytes: usize = batches
            .iter()
            .flat_map(|batch| &batch.changes)
            .map(|change| change.text.len())
            .sum();
        let fallback =
            (text_bytes <= MAX_ANALYZED_BYTES).then(|| (rope_of(base.as_ref()), batches.clone()));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let state = advance(base, batches, file_name, encoding);
            // The outline is what every request and the diagnostics read first; build it here,
            // unless a newer version already waits (its round builds that one instead).
            if let Some(DocState::Analyzed(document)) = &state
                && !has_pending(shared, key)
            {
                let _ = document.outline();
            }
            state
        }));
        let mut docs = shared.docs();
        let Some(doc) = docs.get_mut(key).filter(|d| d.epoch == epoch) else {
            // Closed, or opened again (that opening has its own job).
            return;
        };
        match result {
            Ok(state) => {
                doc.state = state;
                doc.parsed = received;
                // Whatever was checked meanwhile was checked on the previous state.
                doc.analysis = None;
            }
            Err(_) => {
                // A bug in a parser or the outline, on this text: keep the document open without
                // an analysis rather than take the server down, and say so in the log.
                let Some((base, batches)) = fallback else {
                    tracing::error!("analysing {key} failed; its text is lost, so it is forgotten");
                    docs.remove(key);
                    drop(docs);
                    shared.parsed_changed.notify_waiters();
                    return;
                };
                tracing::error!("analysing {key} failed; it is kept open but not analysed");
                doc.state = Some(text_only(base, &batches, encoding));
                doc.parsed = received;
                doc.analysis = None;
            }
        }
        drop(docs);
        shared.parsed_changed.notify_waiters();
    }
}

/// The state a round edits. A parsed document that no request is reading (only the store holds
/// it) is taken whole, so that its text is edited in place rather than copied, and a stand-in
/// that shares everything but the text takes its place in the store for whoever reads the
/// current version meanwhile (ADR 25). A document being read is shared: editing it copies its
/// text, which the readers keep.
fn take_for_edit(state: &mut Option<DocState>) -> Option<DocState> {
    match state {
        Some(DocState::Analyzed(published)) if Arc::strong_count(published) == 1 => {
            let stand_in = DocState::Analyzed(Arc::new(published.stand_in()));
            state.replace(stand_in)
        }
        _ => state.clone(),
    }
}

/// The rope of `state` (a clone shares its nodes).
fn rope_of(state: Option<&DocState>) -> ropey::Rope {
    match state {
        Some(DocState::Analyzed(doc)) => doc.rope().clone(),
        Some(DocState::TooLarge { rope, .. }) => rope.clone(),
        None => ropey::Rope::new(),
    }
}

/// The text `batches` make of `rope`, kept without any analysis.
fn text_only(
    mut rope: ropey::Rope,
    batches: &[Batch],
    encoding: docwright_core::position::PositionEncoding,
) -> DocState {
    let mut version = 0;
    for batch in batches {
        for change in &batch.changes {
            apply_to_rope(&mut rope, change, encoding);
        }
        version = batch.version;
    }
    DocState::TooLarge { rope, version }
}

fn has_pending(shared: &Shared, key: &str) -> bool {
    shared
        .docs()
        .get(key)
        .is_some_and(|doc| !doc.pending.is_empty())
}

/// What the input loop saw of a document when a request on it arrived.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub uri: String,
    /// The document's `received` count then.
    pub received: u64,
}

tokio::task_local! {
    /// The document a request is about, as it stood when the request arrived (set by
    /// `lsp::ordered` around the request's handler).
    pub static ARRIVAL: Arrival;
}

/// The arrival of the request being handled on this task, if it names an open document.
pub fn arrival() -> Option<Arrival> {
    ARRIVAL.try_with(Clone::clone).ok()
}

/// Waits until the document's state reflects every batch received before the current request
/// arrived. Returns the `parsed` count it then has (`None` for a document that is not open, or a
/// request not made on a document). `ContentModified` when the state has already moved past that
/// version: the request's positions belong to a text that no longer exists.
pub async fn settle(shared: &Shared, uri: &Uri) -> Result<Option<u64>, Error> {
    let target = match arrival() {
        Some(arrival) if arrival.uri == uri.as_str() => Some(arrival.received),
        _ => None,
    };
    loop {
        let notified = shared.parsed_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let docs = shared.docs();
            let Some(doc) = docs.get(uri.as_str()) else {
                return Ok(None);
            };
            let target = target.unwrap_or(doc.received);
            if doc.parsed >= target {
                if doc.parsed > target && target != 0 {
                    return Err(Error::content_modified());
                }
                return Ok(Some(doc.parsed));
            }
        }
        notified.await;
    }
}

/// Waits until the document's state reflects at least `received` batches; `false` when it was
/// closed meanwhile.
pub async fn wait_parsed(shared: &Shared, uri: &Uri, received: u64) -> bool {
    loop {
        let notified = shared.parsed_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        match shared.docs().get(uri.as_str()) {
            None => return false,
            Some(doc) if doc.parsed >= received => return true,
            Some(_) => {}
        }
        notified.await;
    }
}

/// Waits until every open document's state reflects what had been received when this was
/// called: for the requests that read what other open documents say (lenses counting citations,
/// hints naming titles, workspace symbols, renames following links).
pub async fn settle_all(shared: &Shared) {
    let targets: Vec<(Uri, u64)> = shared
        .docs()
        .values()
        .map(|doc| (doc.uri.clone(), doc.received))
        .collect();
    for (uri, received) in targets {
        wait_parsed(shared, &uri, received).await;
    }
}

/// The document's `parsed` count now.
pub fn parsed_count(shared: &Shared, uri: &Uri) -> Option<u64> {
    shared.docs().get(uri.as_str()).map(|doc| doc.parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::OpenDoc;
    use docwright_core::document::{Change, Document};
    use docwright_core::position::{LineCol, LineColRange};

    const KEY: &str = "file:///docs/adr/0001-use-markdown.md";

    fn shared_with_open_document(text: &str) -> (Shared, u64) {
        let shared = Shared::default();
        let uri: Uri = KEY.parse().unwrap();
        let mut doc = OpenDoc::opened(uri, text.to_string(), 1);
        doc.claim_job();
        let epoch = doc.epoch;
        shared.docs().insert(KEY.to_string(), doc);
        run(&shared, KEY, epoch);
        (shared, epoch)
    }

    /// Types `typed` at the end of line `line` (column `col`), as one `didChange`, and runs the
    /// document's parse job on it.
    fn type_at(shared: &Shared, epoch: u64, line: u32, col: u32, typed: &str) {
        let at = LineCol { line, col };
        let mut docs = shared.docs();
        let doc = docs.get_mut(KEY).unwrap();
        let version = doc.received_version + 1;
        doc.receive(
            vec![Change {
                range: Some(LineColRange { start: at, end: at }),
                text: typed.to_string(),
            }],
            version,
        );
        drop(docs);
        run(shared, KEY, epoch);
    }

    fn published(shared: &Shared) -> Arc<Document> {
        shared.docs().get(KEY).unwrap().document_arc().unwrap()
    }

    fn text_address(shared: &Shared) -> usize {
        published(shared).text().as_ptr() as usize
    }

    const TEXT: &str = "# 1. Use Markdown\n\n## Status\n\nAccepted\n\n## Context\n\nWe write.\n";

    #[test]
    fn a_keystroke_edits_the_text_in_place_when_nobody_reads_it() {
        let (shared, epoch) = shared_with_open_document(TEXT);
        // The first keystroke may move the text once, to give it room to grow.
        type_at(&shared, epoch, 8, 9, "x");
        let address = text_address(&shared);
        for i in 0..20 {
            type_at(&shared, epoch, 8, 10 + i, "y");
            assert_eq!(
                text_address(&shared),
                address,
                "keystroke {i} copied the whole text"
            );
        }
        let doc = published(&shared);
        assert_eq!(
            doc.text(),
            TEXT.replace("We write.", "We write.xyyyyyyyyyyyyyyyyyyyy")
        );
        assert_eq!(doc.version(), 22);
        assert_eq!(
            doc.outline(),
            Document::new(
                doc.text().to_string(),
                22,
                Some(String::from("0001-use-markdown.md"))
            )
            .outline(),
            "the outline of the edited text is the fresh one"
        );
    }

    #[test]
    fn a_version_being_read_keeps_its_text_while_the_next_one_is_made() {
        let (shared, epoch) = shared_with_open_document(TEXT);
        let reading = published(&shared);
        type_at(&shared, epoch, 8, 9, "x");
        assert_eq!(reading.text(), TEXT, "the reader's version is unchanged");
        assert_eq!(reading.version(), 1);
        let now = published(&shared);
        assert!(!now.shares_text_with(&reading));
        assert_eq!(now.text(), TEXT.replace("We write.", "We write.x"));
    }

    /// Replaces the first `find` of the published text with `replace`, as one `didChange` at
    /// line/column positions, runs the parse job, and returns the text the model expects.
    fn replace_first(shared: &Shared, epoch: u64, find: &str, replace: &str) -> String {
        let text = published(shared).text().to_string();
        let start = text
            .find(find)
            .unwrap_or_else(|| panic!("{find:?} in {text:?}"));
        let end = start + find.len();
        let at = |offset: usize| {
            let before = &text[..offset];
            let line = before.matches('\n').count() as u32;
            let col = (offset - before.rfind('\n').map_or(0, |i| i + 1)) as u32;
            LineCol { line, col }
        };
        let range = LineColRange {
            start: at(start),
            end: at(end),
        };
        let mut docs = shared.docs();
        let doc = docs.get_mut(KEY).unwrap();
        let version = doc.received_version + 1;
        doc.receive(
            vec![Change {
                range: Some(range),
                text: replace.to_string(),
            }],
            version,
        );
        drop(docs);
        run(shared, KEY, epoch);
        format!("{}{replace}{}", &text[..start], &text[end..])
    }

    /// The kind and the diagnostics (fixes included) of `document` at the ADR's path.
    fn checked(document: &Document) -> (Option<String>, Vec<String>) {
        let result = docwright_core::check::check(&docwright_core::check::CheckInput {
            path: Some("docs/adr/0001-use-markdown.md"),
            text: document.text(),
            outline: document.outline(),
            config: &docwright_core::config::Config::default(),
            hints: &docwright_core::kinds::detect::PathHints::default(),
            today: "2026-01-01",
        });
        let diagnostics = result
            .diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect();
        (result.detection.kind, diagnostics)
    }

    #[test]
    fn edits_through_the_parse_job_give_what_a_fresh_document_gives() {
        const ADR: &str = "# 1. Use Markdown\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n\
            ## Context\n\nWe write docs.\n\n## Decision\n\nWe use Markdown.\n\n\
            ## Consequences\n\nDocs are text. See ADR-0002.\n";
        let (shared, epoch) = shared_with_open_document(ADR);
        let steps: &[(&str, &str)] = &[
            // Text moved across a section boundary: the Decision heading goes, then comes back
            // one paragraph later.
            ("## Decision\n\n", ""),
            (
                "We use Markdown.\n\n",
                "We use Markdown.\n\n## Decision\n\n",
            ),
            // A heading's level, up and back.
            ("## Status", "### Status"),
            ("### Status", "# Status"),
            ("# Status", "## Status"),
            // A fence opened (the rest of the document is code), then closed.
            ("## Context\n", "```\n## Context\n"),
            ("## Decision\n", "```\n## Decision\n"),
            ("```\n## Context\n", "## Context\n"),
            ("```\n## Decision\n", "## Decision\n"),
            // Front matter opened, completed (it names a kind: the kind changes), changed to
            // another kind, and taken away again.
            ("# 1. Use Markdown", "---\n# 1. Use Markdown"),
            ("---\n# 1.", "---\nkind: rfc\n---\n# 1."),
            ("kind: rfc", "kind: madr"),
            ("---\nkind: madr\n---\n", ""),
            // A section emptied, so that the rules see it without content.
            ("We write docs.\n\n", ""),
        ];
        let mut kinds = std::collections::BTreeSet::new();
        for (i, (find, replace)) in steps.iter().enumerate() {
            let expected = replace_first(&shared, epoch, find, replace);
            let incremental = published(&shared);
            assert_eq!(incremental.text(), expected, "step {i}: the text");
            let fresh = Document::new(
                expected.clone(),
                incremental.version(),
                Some(String::from("0001-use-markdown.md")),
            );
            assert_eq!(
                incremental.outline(),
                fresh.outline(),
                "step {i}: the outline"
            );
            let (kind, diagnostics) = checked(&incremental);
            assert_eq!(
                (kind.clone(), diagnostics),
                checked(&fresh),
                "step {i}: the kind and the diagnostics"
            );
            kinds.insert(kind);
        }
        assert!(kinds.len() >= 2, "the script changes the kind: {kinds:?}");
    }

    #[test]
    fn the_stand_in_reads_as_the_version_it_stands_for() {
        let document = Document::new(TEXT.to_string(), 3, Some(String::from("0001-a.md")));
        let outline = document.outline().clone();
        let stand_in = document.stand_in();
        assert!(!stand_in.shares_text_with(&document));
        assert_eq!(stand_in.text(), TEXT);
        assert_eq!(stand_in.version(), 3);
        assert_eq!(stand_in.outline(), &outline);
        assert_eq!(stand_in.file_name(), Some("0001-a.md"));
    }
}
