//! The decision digest's edge: the repository's history read through git, the documents that
//! changed in a window read at its two ends, and handed to [`docwright_core::digest`] to
//! compare.
//!
//! A window's ends are states of the branch: a date is the last commit of the first-parent
//! history of `HEAD` made before that date begins (`--since`) or ends (`--until`), in UTC by the
//! committer's time; a ref is that commit. Uncommitted changes are not history and are left out.

use crate as host;
use crate::{git, walk};
use docwright_core::calendar::{format_date, parse_date};
use docwright_core::config::Config;
use docwright_core::digest::{DecisionHistory, Digest, LogDigest, status_changes};
use docwright_core::index::{DocEntry, IndexSettings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// One end of a window, as the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    /// `YYYY-MM-DD`: the start (for `--since`) or the end (for `--until`) of that UTC day.
    Date(String),
    /// A commit, branch or tag.
    Ref(String),
}

impl Bound {
    /// A date when the text is a real `YYYY-MM-DD`, else a ref.
    pub fn parse(text: &str) -> Bound {
        let text = text.trim();
        match parse_date(text) {
            Some(_) => Bound::Date(text.to_string()),
            None => Bound::Ref(text.to_string()),
        }
    }
}

/// A window by its first and last day, `YYYY-MM-DD`.
type Window = (String, String);

/// A repository's decision history, read through git on demand; the digests of windows already
/// asked for are kept.
pub struct GitHistory {
    /// The workspace root: documents are named relative to it, and nothing outside it is read.
    root: PathBuf,
    config: Config,
    /// The first-parent history of `HEAD`, newest first, with committer times: read when first
    /// needed, so that a check with no weekly update to look at never runs git.
    commits: OnceLock<Result<Vec<(String, i64)>, String>>,
    known: Mutex<HashMap<Window, Option<Vec<LogDigest>>>>,
}

impl GitHistory {
    /// The history of the repository `root` lies in, read when first asked.
    pub fn new(root: &Path, config: &Config) -> GitHistory {
        GitHistory {
            root: root.to_path_buf(),
            config: config.clone(),
            commits: OnceLock::new(),
            known: Mutex::new(HashMap::new()),
        }
    }

    /// The first-parent history, or why git could not give it (no repository, no commit).
    fn commits(&self) -> Result<&[(String, i64)], String> {
        self.commits
            .get_or_init(|| git::first_parent_commits(&self.root))
            .as_ref()
            .map(Vec::as_slice)
            .map_err(|error| format!("no git history to read: {error}"))
    }

    /// The digest of the window from `since` to `until`. Without `until`, the window ends at
    /// `HEAD` and is labelled `today`; without `since`, it starts seven days before it ends
    /// (the week up to and including the last day).
    pub fn digest(
        &self,
        since: Option<&Bound>,
        until: Option<&Bound>,
        today: &str,
    ) -> Result<Digest, String> {
        let until_label = match until {
            Some(Bound::Date(date) | Bound::Ref(date)) => date.clone(),
            None => today.to_string(),
        };
        let since = match since {
            Some(bound) => bound.clone(),
            None => {
                let last_day = match until {
                    Some(Bound::Date(date)) => parse_date(date),
                    Some(Bound::Ref(_)) => None,
                    None => parse_date(today),
                }
                .ok_or("without `--until DATE`, give `--since`")?;
                Bound::Date(format_date(last_day - 6))
            }
        };
        let since_label = match &since {
            Bound::Date(date) | Bound::Ref(date) => date.clone(),
        };
        let from = self.state(&since, false)?;
        let to = match until {
            Some(bound) => self.state(bound, true)?,
            None => self.commits()?.first().map(|(hash, _)| hash.clone()),
        };
        let logs = match to {
            Some(to) if from.as_deref() != Some(to.as_str()) => {
                self.changes(from.as_deref(), &to)?
            }
            _ => Vec::new(),
        };
        Ok(Digest {
            since: since_label,
            until: until_label,
            logs,
        })
    }

    /// The commit a bound names: for a date, the last one made before that day begins (or, with
    /// `end`, before it ends); `None` when there is none yet.
    fn state(&self, bound: &Bound, end: bool) -> Result<Option<String>, String> {
        match bound {
            Bound::Ref(reference) => git::resolve_commit(&self.root, reference).map(Some),
            Bound::Date(date) => {
                let day = parse_date(date).ok_or_else(|| format!("`{date}` is not a date"))?;
                let limit = (day + i64::from(end)) * 86_400;
                Ok(self
                    .commits()?
                    .iter()
                    .find(|(_, time)| *time < limit)
                    .map(|(hash, _)| hash.clone()))
            }
        }
    }

    /// The decisions whose status differs between two commits.
    fn changes(&self, from: Option<&str>, to: &str) -> Result<Vec<LogDigest>, String> {
        let paths: Vec<String> = git::files_changed_between(&self.root, from, to)?
            .into_iter()
            .filter(|path| walk::is_markdown(Path::new(path)) && !self.config.is_ignored(path))
            .collect();
        let read = |commit: Option<&str>| -> Result<Vec<DocEntry>, String> {
            let Some(commit) = commit else {
                return Ok(Vec::new());
            };
            let texts = git::read_at_commit(&self.root, commit, &paths, host::MAX_TEXT_BYTES)?;
            Ok(self.entries(paths.iter().zip(texts)))
        };
        let (before, after) = (read(from)?, read(Some(to))?);
        Ok(status_changes(&before, &after))
    }

    fn entries<'p>(
        &self,
        documents: impl Iterator<Item = (&'p String, Option<String>)>,
    ) -> Vec<DocEntry> {
        let settings = IndexSettings::from_config(&self.config);
        documents
            .filter_map(|(path, text)| {
                let text = text?;
                let hints = host::path_hints(&self.root.join(path), &self.root);
                let mut entry = DocEntry::from_text(path, &text, &self.config, &hints);
                settings.assign_log(&mut entry);
                Some(entry)
            })
            .collect()
    }
}

impl DecisionHistory for GitHistory {
    fn changes_between(&self, since: &str, until: &str) -> Option<Vec<LogDigest>> {
        let key = (since.to_string(), until.to_string());
        if let Some(known) = self.known.lock().ok()?.get(&key) {
            return known.clone();
        }
        let found = self
            .digest(
                Some(&Bound::Date(since.to_string())),
                Some(&Bound::Date(until.to_string())),
                until,
            )
            .ok()
            .map(|digest| digest.logs);
        self.known.lock().ok()?.insert(key, found.clone());
        found
    }
}
