//! `docwright.toml`: kinds added or overridden, rule severities, ignore globs.
//!
//! The core only parses text handed to it; finding and reading the file is the edge's job. A
//! broken config yields one [`ConfigError`] with line and column, and the caller goes on with
//! `Config::default()`.
//!
//! # Format
//!
//! Keys are kebab-case; an unknown key anywhere is an error (a typo must not silently do nothing).
//! Globs are matched against the whole workspace-relative path with `/` separators: `*` stays
//! within one folder, `**` spans folders, so `**/drafts/**` matches a `drafts` folder at any depth.
//!
//! ```toml
//! ignore = ["drafts/**", "vendor/**"]   # files never checked
//! strict-history = true                 # decided records checked like drafts (default false)
//! baseline = "docwright-baseline.json"  # findings recorded there are not reported
//!
//! [rules]
//! placeholder-text = "off"              # or "error" | "warning" | "info" | "hint"
//! too-few-alternatives = { severity = "warning", min-options = 3 }  # a table sets thresholds
//! review-overdue = { max-proposed-days = 30 }                       # severity stays the default
//!
//! [workspace]                           # how references between documents resolve
//! url-prefixes = ["https://github.com/org/repo/blob/main/"]  # links under it are the workspace's
//! ignore-references = ["RFC 0000"]      # never reported by broken-reference (see WorkspaceConfig)
//!
//! [[logs]]                              # a decision log: its own ids, template and kind
//! path = "proposals"                    # the folder of its records (and its subfolders)
//! template = "proposal-templates/0000-swift-template.md"  # its schema, relative to this file
//! id-prefix = "SE"                      # how its records are cited: `SE-0123`
//! aliases = { "Summary of changes" = ["Introduction"] }   # older headings of a template section
//!
//! [kinds.adr]                           # override fields of a built-in kind
//! paths = ["architecture/decisions/**"] # files of this kind, tried before their headings' shape
//! statuses = ["proposed", "accepted", "rejected", "superseded"]
//!
//! [kinds.security-review]               # a team's own kind
//! display-name = "Security review"
//! paths = ["security/**"]
//! title-required = true
//! statuses = ["draft", "approved"]
//!
//! [[kinds.security-review.sections]]
//! name = "Threat Model"
//! aliases = ["Threats"]
//! required = true                       # the default
//! purpose = "What can go wrong, and who would do it."
//! template = "{List the threats, who poses them, and what they could do.}"
//! ```
//!
//! Every field of a kind may be given, for a built-in kind (overriding it) or a new one:
//! `display-name`, `description`, `sections`, `section-level`, `title-required`,
//! `title-template`, `status-required`, `statuses`, `statuses-open`, `status-location`,
//! `date-required`, `date-location`, `front-matter-keys`, `metadata-keys`, `id-prefix`,
//! `id-pattern`, `paths`,
//! `other-orders`, `template` (the file `docwright new` fills, relative to `docwright.toml`). A
//! list replaces the built-in list. `statuses-open = false` closes the status vocabulary (another
//! status is then a warning, not a hint); `true` opens it (another status is fine).
//! `other-orders = [["Context", "Decision", "Status", "Consequences"]]` lists orders of the
//! sections accepted besides the order of `sections`. A status may be a plain name or a table
//! `{ name, meaning, takes-reference, aliases }`; a plain name that the built-in kind knows keeps
//! its meaning (so `"superseded"` still takes a reference). A section named like a built-in
//! section of the same kind keeps the built-in aliases, purpose and template unless given.
//! `schemas/docwright.schema.json` describes the same format for editors.

use crate::diagnostic::Severity;
use crate::edit_distance::edit_distance;
use crate::history::HistoryConfig;
use crate::kinds::{Kind, MetaLocation, SectionSpec, StatusSpec, StatusVocabulary};
use crate::position::TextRange;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use toml::Spanned;

#[derive(Clone, Debug)]
pub struct Config {
    /// The built-in kinds with the file's overrides applied, then the file's own kinds.
    pub kinds: Vec<Kind>,
    /// Per-rule settings from `[rules]`.
    pub rules: BTreeMap<String, RuleSetting>,
    /// The thresholds some rules take from their `[rules]` table.
    pub thresholds: RuleThresholds,
    /// Workspace-relative globs of files never checked.
    pub ignore: Vec<String>,
    /// `[workspace]`: how references between documents resolve.
    pub workspace: WorkspaceConfig,
    /// `[[logs]]`: decision logs the file declares, in the order written.
    pub logs: Vec<LogConfig>,
    /// `strict-history` and `[history]`: which records are decided, and whether the structural
    /// rules pause on them (see `analysis::history`).
    pub history: HistoryConfig,
    /// `baseline = "path"`: the baseline file `docwright check` reads (relative to the config
    /// file's folder), hiding the findings it records.
    pub baseline: Option<String>,
    /// `[site]`: what `docwright site` publishes and how.
    pub site: SiteConfig,
    /// Folders whose own template their records do not follow closely enough to be its schema,
    /// found by the edge (never written in the file): see [`UnfollowedTemplate`].
    pub unfollowed_templates: Vec<UnfollowedTemplate>,
    /// The globs of `ignore` and of every kind's `paths`, compiled once on first use. Public only
    /// so that `Config { rules, ..Config::default() }` keeps working; leave it at its default.
    /// It notices when `kinds` or `ignore` were changed after compiling and recompiles.
    pub compiled: CompiledPaths,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

/// The numbers a team may tune in a rule's `[rules]` table, each with the default the rule's
/// documentation states.
///
/// ```toml
/// [rules]
/// too-few-alternatives = { min-options = 3 }
/// review-overdue = { severity = "info", max-proposed-days = 30 }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleThresholds {
    /// `too-few-alternatives`: how many options a decision names at least, the chosen one
    /// included (`min-options`).
    pub min_options: usize,
    /// `review-overdue`: how many days after its date a document may stay `proposed`
    /// (`max-proposed-days`).
    pub max_proposed_days: u32,
    /// `one-pager-too-long`: how many words of prose a one-pager may have (`max-words`).
    pub max_words: usize,
}

impl RuleThresholds {
    pub const DEFAULT_MIN_OPTIONS: usize = 2;
    pub const DEFAULT_MAX_PROPOSED_DAYS: u32 = 90;
    pub const DEFAULT_MAX_WORDS: usize = 500;
}

impl Default for RuleThresholds {
    fn default() -> Self {
        RuleThresholds {
            min_options: Self::DEFAULT_MIN_OPTIONS,
            max_proposed_days: Self::DEFAULT_MAX_PROPOSED_DAYS,
            max_words: Self::DEFAULT_MAX_WORDS,
        }
    }
}

/// The thresholds a `[rules]` table may set: (key, the rule it belongs to, smallest, largest).
const THRESHOLD_KEYS: &[(&str, &str, i64, i64)] = &[
    ("min-options", "too-few-alternatives", 1, 100),
    ("max-proposed-days", "review-overdue", 1, 36_500),
    ("max-words", "one-pager-too-long", 50, 100_000),
];

impl Default for Config {
    fn default() -> Self {
        Config {
            kinds: crate::kinds::builtin::builtin_kinds(),
            rules: BTreeMap::new(),
            thresholds: RuleThresholds::default(),
            ignore: Vec::new(),
            workspace: WorkspaceConfig::default(),
            logs: Vec::new(),
            history: HistoryConfig::default(),
            baseline: None,
            site: SiteConfig::default(),
            unfollowed_templates: Vec::new(),
            compiled: CompiledPaths::default(),
        }
    }
}

/// A folder of records with a template of its own (in it, or in a template folder inside it)
/// that too few of them follow for the template to be their schema (see
/// [`crate::logs::template_fits`]). The repository has said what its documents there look like,
/// and it is not a built-in kind: a document in the folder (at any depth) takes no kind from its
/// headings alone, since a built-in kind's sections would be ones it never had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnfollowedTemplate {
    /// Workspace-relative folder, `/` separators, no trailing `/`.
    pub folder: String,
    /// The template, workspace-relative.
    pub template: String,
}

impl UnfollowedTemplate {
    /// Whether the workspace-relative `path` lies in the folder (at any depth).
    pub fn contains(&self, path: &str) -> bool {
        path.strip_prefix(self.folder.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
    }
}

#[cfg(test)]
impl Config {
    /// The default config under `strict-history`: every rule on every record, decided or not.
    /// The rules' own tests use it: they test a rule, not the history pause, and most of their
    /// documents are accepted records.
    pub(crate) fn strict_history() -> Config {
        let mut config = Config::default();
        config.history.strict = true;
        config
    }
}

/// One `[[logs]]` entry: a folder of numbered records with its own id space, and optionally
/// its own template (which then defines the log's kind) and id prefix.
///
/// ```toml
/// [[logs]]
/// path = "proposals"
/// template = "proposal-templates/0000-swift-template.md"
/// id-prefix = "SE"
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogConfig {
    /// Workspace-relative folder, `/` separators, no trailing `/`.
    pub path: String,
    /// The template file, relative to `docwright.toml`.
    pub template: Option<String>,
    /// Where `template` is written in the file, for an error about it (a missing file).
    pub template_range: Option<TextRange>,
    /// The prefix of its records' ids, upper case (`SE`).
    pub id_prefix: Option<String>,
    /// A kind its records take (built in or defined in the file), when not its template's.
    pub kind: Option<String>,
    /// Other headings accepted for a section of the template, by the section's name as the
    /// template writes it: what older records of the log call it.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// The kind derived from `template` by the edge that read it (see
    /// [`crate::kinds::template::kind_from_template`]); its name.
    pub template_kind: Option<String>,
}

impl LogConfig {
    /// Whether the workspace-relative `path` lies in this log's folder (at any depth).
    pub fn contains(&self, path: &str) -> bool {
        self.path.is_empty()
            || path
                .strip_prefix(self.path.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// `[workspace]` of `docwright.toml`: how references between documents resolve.
///
/// ```toml
/// [workspace]
/// # Where the workspace's own documents are published: a link under one of these resolves
/// # to the document it names (`…/blob/master/text/2094-nll.md`, `…/2094-nll.html`,
/// # `…/pull/2094`), and is checked like a relative link.
/// url-prefixes = ["https://github.com/rust-lang/rfcs/blob/master/", "https://rust-lang.github.io/rfcs/"]
/// # References `broken-reference` never reports: globs over the reference as written (the link
/// # destination, the inside of `[[…]]`, or the id such as `RFC 1234`).
/// ignore-references = ["RFC 0000", "../legacy/**"]
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceConfig {
    pub url_prefixes: Vec<String>,
    pub ignore_references: Vec<String>,
}

/// `[site]` of `docwright.toml`: the static site `docwright site` builds.
///
/// ```toml
/// [site]
/// title = "Platform decisions"          # the home page's title (default: "Decision log")
/// base-path = "https://example.com/decisions/"  # where the site is served (canonical addresses)
/// logs = ["docs/adr", "rfcs"]           # the logs published (default: every log)
/// source-link = "https://example.com/org/repo/blob/main/{path}"  # an http(s) link to each source
/// ```
///
/// Every link between pages is relative, so the site works from `file://` and under any path;
/// `base-path` only gives each page its canonical address (`<link rel="canonical">`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteConfig {
    pub title: Option<String>,
    pub base_path: Option<String>,
    /// Log folders (workspace-relative, no trailing `/`); `None` publishes every log.
    pub logs: Option<Vec<String>>,
    /// A URL with `{path}` replaced by the document's workspace-relative path.
    pub source_link: Option<String>,
}

impl Config {
    pub fn kind(&self, name: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.name == name)
    }

    /// The declared log a workspace-relative path lies in: the deepest one.
    pub fn log_for_path(&self, relative_path: &str) -> Option<&LogConfig> {
        self.logs
            .iter()
            .filter(|log| log.contains(relative_path))
            .max_by_key(|log| log.path.len())
    }

    /// Parses a `docwright.toml` (see the module documentation for the format): the built-in
    /// kinds with the file's overrides, then the file's own kinds. Every problem — bad TOML, a
    /// wrong type, an unknown key, severity or rule, an invalid glob or regex — is a located
    /// error; the first one found is returned.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            ConfigError::at(text, span, error.message().trim_end().to_string())
        })?;
        raw.into_config()
            .map_err(|(span, message)| ConfigError::at(text, span, message))
    }

    /// How `[rules]` configures a rule, if it does.
    pub fn rule_setting(&self, rule_id: &str) -> Option<RuleSetting> {
        self.rules.get(rule_id).copied()
    }

    /// The severity a rule reports at: the configured one, else `default`; `None` when the rule
    /// is turned off.
    pub fn severity_for(&self, rule_id: &str, default: Severity) -> Option<Severity> {
        match self.rule_setting(rule_id) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Severity(severity)) => Some(severity),
            None => Some(default),
        }
    }

    /// Every kind's section names and aliases, normalised for matching against
    /// `Heading::normalized`; computed once and reused while the kinds are unchanged.
    pub fn section_names(&self) -> Arc<SectionNames> {
        self.compiled.section_names(self)
    }

    /// Whether a workspace-relative path (with `/` separators) matches an `ignore` glob.
    pub fn is_ignored(&self, relative_path: &str) -> bool {
        self.compiled.get(self).ignore.is_match(relative_path)
    }

    /// The first kind, in `kinds` order, one of whose `paths` globs matches a workspace-relative
    /// path, with the glob that matched.
    pub fn kind_for_path(&self, relative_path: &str) -> Option<(&Kind, String)> {
        let matchers = self.compiled.get(self);
        matchers.kinds.iter().find_map(|matcher| {
            let first = *matcher.set.matches(relative_path).first()?;
            let kind = self.kind(&matcher.kind)?;
            Some((kind, matcher.globs[first].clone()))
        })
    }
}

/// A `docwright.toml` that could not be used, located for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based, for messages.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// Byte range into the config text, for an editor diagnostic.
    pub range: crate::position::TextRange,
    pub message: String,
}

impl ConfigError {
    pub fn at(text: &str, span: Range<usize>, message: String) -> ConfigError {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        ConfigError {
            line: text[..start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            range: TextRange::new(start, end),
            message,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Compiled `ignore` and `paths` globs, and every kind's normalised section names, built from a
/// [`Config`] on first use.
#[derive(Clone, Debug, Default)]
pub struct CompiledPaths {
    cache: OnceLock<Arc<PathMatchers>>,
    section_names: OnceLock<Arc<SectionNames>>,
}

/// Every kind's section names and aliases through `normalize_heading`, computed once per
/// config, and looked up the other way round: from a normalised heading to the sections of
/// every kind it names. Matching a document's few headings against every kind is then one
/// binary search per heading.
#[derive(Debug)]
pub struct SectionNames {
    /// Per kind, in `Config::kinds` order, per section: its name then its aliases, as written
    /// (to notice edits of the config).
    written: Vec<Vec<Vec<String>>>,
    /// Every normalised name, sorted, with the (kind index, section index) pairs it names,
    /// sorted and without repeats.
    by_name: Vec<(String, Vec<(usize, usize)>)>,
}

impl SectionNames {
    fn compute(config: &Config) -> SectionNames {
        use crate::outline::normalize::normalize_heading;
        let written: Vec<Vec<Vec<String>>> = config
            .kinds
            .iter()
            .map(|kind| {
                kind.sections
                    .iter()
                    .map(|s| {
                        std::iter::once(&s.name)
                            .chain(&s.aliases)
                            .cloned()
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut named: Vec<(String, (usize, usize))> = written
            .iter()
            .enumerate()
            .flat_map(|(k, sections)| {
                sections.iter().enumerate().flat_map(move |(s, names)| {
                    names
                        .iter()
                        .map(move |name| (normalize_heading(name), (k, s)))
                })
            })
            .collect();
        named.sort();
        named.dedup();
        let mut by_name: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
        for (name, section) in named {
            match by_name.last_mut() {
                Some((last, sections)) if *last == name => sections.push(section),
                _ => by_name.push((name, vec![section])),
            }
        }
        SectionNames { written, by_name }
    }

    /// Whether the kinds' section names and aliases are still those these were computed from:
    /// compared as written, which is all the normalised names depend on.
    fn is_built_from(&self, config: &Config) -> bool {
        self.written.len() == config.kinds.len()
            && self
                .written
                .iter()
                .zip(&config.kinds)
                .all(|(sections, kind)| {
                    sections.len() == kind.sections.len()
                        && sections.iter().zip(&kind.sections).all(|(names, spec)| {
                            names.len() == spec.aliases.len() + 1
                                && names[0] == spec.name
                                && names[1..] == spec.aliases[..]
                        })
                })
    }

    /// The (kind index in `Config::kinds`, section index in the kind's `sections`) pairs whose
    /// name or an alias normalises to `normalized`, in increasing order.
    pub fn sections_named(&self, normalized: &str) -> &[(usize, usize)] {
        self.by_name
            .binary_search_by(|(name, _)| name.as_str().cmp(normalized))
            .map_or(&[], |at| &self.by_name[at].1)
    }
}

#[derive(Debug)]
struct PathMatchers {
    ignore_globs: Vec<String>,
    ignore: GlobSet,
    kinds: Vec<KindMatcher>,
}

#[derive(Debug)]
struct KindMatcher {
    kind: String,
    globs: Vec<String>,
    set: GlobSet,
}

impl CompiledPaths {
    fn get(&self, config: &Config) -> Arc<PathMatchers> {
        let cached = self
            .cache
            .get_or_init(|| Arc::new(PathMatchers::compile(config)));
        if cached.is_built_from(config) {
            cached.clone()
        } else {
            // Someone edited `kinds` or `ignore` after the first use: correct over fast.
            Arc::new(PathMatchers::compile(config))
        }
    }
}

impl CompiledPaths {
    fn section_names(&self, config: &Config) -> Arc<SectionNames> {
        let cached = self
            .section_names
            .get_or_init(|| Arc::new(SectionNames::compute(config)));
        if cached.is_built_from(config) {
            cached.clone()
        } else {
            Arc::new(SectionNames::compute(config))
        }
    }
}

impl PathMatchers {
    fn compile(config: &Config) -> PathMatchers {
        PathMatchers {
            ignore_globs: config.ignore.clone(),
            ignore: glob_set(&config.ignore),
            kinds: config
                .kinds
                .iter()
                .filter(|k| !k.paths.is_empty())
                .map(|k| KindMatcher {
                    kind: k.name.clone(),
                    globs: k.paths.clone(),
                    set: glob_set(&k.paths),
                })
                .collect(),
        }
    }

    fn is_built_from(&self, config: &Config) -> bool {
        let mut with_paths = config.kinds.iter().filter(|k| !k.paths.is_empty());
        self.ignore_globs == config.ignore
            && self.kinds.iter().all(|m| {
                with_paths
                    .next()
                    .is_some_and(|k| k.name == m.kind && k.paths == m.globs)
            })
            && with_paths.next().is_none()
    }
}

/// One glob as Docwright reads it: over the whole path, `*` never crossing a `/`.
fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// The globs that compile, as one set: `from_toml` has already refused the ones that do not, so
/// a glob is skipped here only in a `Config` built by hand.
fn glob_set(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        if let Ok(g) = glob(pattern) {
            builder.add(g);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

// ---- The file as written ------------------------------------------------------------------

type Located = (Range<usize>, String);

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<RawRuleSetting>>,
    #[serde(default)]
    kinds: BTreeMap<Spanned<String>, RawKind>,
    #[serde(default)]
    workspace: Option<RawWorkspace>,
    #[serde(default)]
    logs: Vec<RawLog>,
    strict_history: Option<bool>,
    history: Option<RawHistory>,
    baseline: Option<String>,
    site: Option<RawSite>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawSite {
    title: Option<String>,
    base_path: Option<String>,
    logs: Option<Vec<String>>,
    source_link: Option<String>,
}

impl RawSite {
    fn into_site(self) -> SiteConfig {
        SiteConfig {
            title: self.title,
            base_path: self.base_path,
            logs: self.logs.map(|logs| {
                logs.into_iter()
                    .map(|l| l.trim_matches('/').to_string())
                    .collect()
            }),
            source_link: self.source_link,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawHistory {
    decided_statuses: Option<Vec<String>>,
    #[serde(default)]
    default_status: BTreeMap<Spanned<String>, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawLog {
    path: Spanned<String>,
    template: Option<Spanned<String>>,
    id_prefix: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawWorkspace {
    #[serde(default)]
    url_prefixes: Vec<String>,
    #[serde(default)]
    ignore_references: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawKind {
    display_name: Option<String>,
    description: Option<String>,
    sections: Option<Spanned<Vec<RawSection>>>,
    section_level: Option<Spanned<u8>>,
    title_required: Option<bool>,
    title_template: Option<String>,
    template: Option<String>,
    status_required: Option<bool>,
    statuses: Option<Vec<Spanned<RawStatus>>>,
    statuses_open: Option<bool>,
    other_orders: Option<Vec<Spanned<Vec<String>>>>,
    status_location: Option<MetaLocation>,
    date_required: Option<bool>,
    date_location: Option<MetaLocation>,
    front_matter_keys: Option<Vec<String>>,
    metadata_keys: Option<Vec<String>>,
    id_prefix: Option<String>,
    id_pattern: Option<Spanned<String>>,
    paths: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawSection {
    name: Spanned<String>,
    aliases: Option<Vec<String>>,
    required: Option<bool>,
    purpose: Option<String>,
    template: Option<String>,
}

/// A rule's setting: `"warning"`, or `{ severity = "warning", min-options = 3 }`.
enum RawRuleSetting {
    Severity(String),
    Table(RawRuleTable),
}

/// A rule's table: its severity (the default when absent) and its thresholds, each kept with
/// its key's position so that a threshold given to the wrong rule is reported where it is.
struct RawRuleTable {
    severity: Option<Spanned<String>>,
    thresholds: Vec<(Spanned<String>, Spanned<i64>)>,
    /// Keys that are neither: reported at the key, after parsing.
    unknown: Vec<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawRuleSetting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // By hand, like `RawStatus`, so that a mistake inside the table is reported as itself.
        struct SettingVisitor;
        impl<'de> serde::de::Visitor<'de> for SettingVisitor {
            type Value = RawRuleSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a severity (\"off\", \"error\", \"warning\", \"info\" or \"hint\") or a \
                     table such as { severity = \"warning\", min-options = 3 }",
                )
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RawRuleSetting, E> {
                Ok(RawRuleSetting::Severity(value.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawRuleSetting, A::Error> {
                let mut table = RawRuleTable {
                    severity: None,
                    thresholds: Vec::new(),
                    unknown: Vec::new(),
                };
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    if key.get_ref() == "severity" {
                        table.severity = Some(map.next_value()?);
                    } else if THRESHOLD_KEYS.iter().any(|(k, ..)| k == key.get_ref()) {
                        table.thresholds.push((key, map.next_value()?));
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        table.unknown.push(key);
                    }
                }
                Ok(RawRuleSetting::Table(table))
            }
        }
        deserializer.deserialize_any(SettingVisitor)
    }
}

/// A status: `"accepted"`, or `{ name = "superseded", takes-reference = true, … }`.
enum RawStatus {
    Name(String),
    Table(RawStatusTable),
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawStatusTable {
    name: String,
    meaning: Option<String>,
    takes_reference: Option<bool>,
    aliases: Option<Vec<String>>,
}

impl<'de> Deserialize<'de> for RawStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // By hand rather than `#[serde(untagged)]`, so that a mistake inside a status table is
        // reported as itself ("unknown field `meanin`") instead of "did not match any variant".
        struct StatusVisitor;
        impl<'de> serde::de::Visitor<'de> for StatusVisitor {
            type Value = RawStatus;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a status name or a table with `name`")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<RawStatus, E> {
                Ok(RawStatus::Name(value.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawStatus, A::Error> {
                RawStatusTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawStatus::Table)
            }
        }
        deserializer.deserialize_any(StatusVisitor)
    }
}

impl RawConfig {
    fn into_config(self) -> Result<Config, Located> {
        for pattern in &self.ignore {
            check_glob(pattern)?;
        }
        let mut rules = BTreeMap::new();
        let mut thresholds = RuleThresholds::default();
        for (id, setting) in self.rules {
            let rule = check_rule_id(&id)?;
            let span = setting.span();
            let severity = match setting.into_inner() {
                RawRuleSetting::Severity(severity) => Some(Spanned::new(span, severity)),
                RawRuleSetting::Table(table) => {
                    if let Some(key) = table.unknown.first() {
                        let known: Vec<&str> = std::iter::once("severity")
                            .chain(THRESHOLD_KEYS.iter().map(|(k, ..)| *k))
                            .collect();
                        let hint = nearest(key.get_ref(), known.iter().copied())
                            .map(|n| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default();
                        return Err((
                            key.span(),
                            format!(
                                "unknown key `{}` in a rule's table{hint}; expected {}",
                                key.get_ref(),
                                known.join(", ")
                            ),
                        ));
                    }
                    for (key, value) in &table.thresholds {
                        apply_threshold(&rule, key, value, &mut thresholds)?;
                    }
                    table.severity
                }
            };
            if let Some(severity) = severity {
                rules.insert(rule, parse_rule_setting(&severity)?);
            }
        }

        let workspace = match self.workspace {
            Some(raw) => {
                for pattern in &raw.ignore_references {
                    check_glob(pattern)?;
                }
                WorkspaceConfig {
                    url_prefixes: raw.url_prefixes,
                    ignore_references: raw
                        .ignore_references
                        .into_iter()
                        .map(Spanned::into_inner)
                        .collect(),
                }
            }
            None => WorkspaceConfig::default(),
        };
        let mut kinds = crate::kinds::builtin::builtin_kinds();
        let builtin_count = kinds.len();
        for (name, raw) in self.kinds {
            check_kind_name(&name)?;
            match kinds[..builtin_count]
                .iter_mut()
                .find(|k| k.name == *name.get_ref())
            {
                Some(builtin) => raw.apply_to(builtin)?,
                None => {
                    if raw.sections.as_ref().is_none_or(|s| s.get_ref().is_empty()) {
                        let nearest =
                            nearest(name.get_ref(), crate::kinds::builtin::builtin_kind_names());
                        let hint = nearest
                            .map(|n| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default();
                        return Err((
                            name.span(),
                            format!(
                                "`{}` is not a built-in kind{hint}; a new kind needs `[[kinds.{}.sections]]`",
                                name.get_ref(),
                                name.get_ref()
                            ),
                        ));
                    }
                    let mut kind = new_kind(name.get_ref());
                    // A kind the config defines with a status vocabulary expects a status,
                    // unless it says otherwise.
                    kind.status_required = raw.statuses.as_ref().is_some_and(|s| !s.is_empty());
                    raw.apply_to(&mut kind)?;
                    kinds.push(kind);
                }
            }
        }
        let mut logs: Vec<LogConfig> = Vec::new();
        for raw in self.logs {
            let log = raw.into_log(&kinds)?;
            if logs.iter().any(|l| l.path == log.path) {
                return Err((
                    0..0,
                    format!("the log `{}` is declared twice in `[[logs]]`", log.path),
                ));
            }
            logs.push(log);
        }
        let mut history = HistoryConfig {
            strict: self.strict_history.unwrap_or(false),
            ..HistoryConfig::default()
        };
        if let Some(raw) = self.history {
            if let Some(statuses) = raw.decided_statuses {
                history.decided_statuses = statuses.iter().map(|s| s.to_lowercase()).collect();
            }
            for (kind, status) in raw.default_status {
                if !kinds.iter().any(|k| k.name == *kind.get_ref()) {
                    return Err((
                        kind.span(),
                        format!(
                            "`{}` in `[history] default-status` is not a kind",
                            kind.get_ref()
                        ),
                    ));
                }
                history.default_status.insert(kind.into_inner(), status);
            }
        }
        Ok(Config {
            kinds,
            rules,
            thresholds,
            ignore: self.ignore.into_iter().map(Spanned::into_inner).collect(),
            workspace,
            logs,
            history,
            baseline: self.baseline,
            site: self.site.map(RawSite::into_site).unwrap_or_default(),
            unfollowed_templates: Vec::new(),
            compiled: CompiledPaths::default(),
        })
    }
}

impl RawLog {
    fn into_log(self, kinds: &[Kind]) -> Result<LogConfig, Located> {
        let path = self
            .path
            .get_ref()
            .trim()
            .replace('\\', "/")
            .trim_start_matches("./")
            .trim_matches('/')
            .to_string();
        if path.split('/').any(|part| part == "..") || self.path.get_ref().starts_with('/') {
            return Err((
                self.path.span(),
                format!(
                    "a log's `path` is a folder inside the workspace, not `{}`",
                    self.path.get_ref()
                ),
            ));
        }
        if let Some(kind) = &self.kind
            && !kinds.iter().any(|k| k.name == *kind.get_ref())
        {
            let hint = nearest(kind.get_ref(), kinds.iter().map(|k| k.name.as_str()))
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            return Err((
                kind.span(),
                format!("`{}` is not a kind{hint}", kind.get_ref()),
            ));
        }
        if let Some(prefix) = &self.id_prefix
            && !prefix
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err((
                prefix.span(),
                format!(
                    "`id-prefix` is letters and digits, as written before the number (`SE` for \
                     `SE-0123`), not `{}`",
                    prefix.get_ref()
                ),
            ));
        }
        let template_range = self
            .template
            .as_ref()
            .map(|t| TextRange::new(t.span().start, t.span().end));
        Ok(LogConfig {
            path,
            template: self
                .template
                .map(Spanned::into_inner)
                .filter(|t| !t.trim().is_empty()),
            template_range,
            id_prefix: self
                .id_prefix
                .map(|p| p.into_inner().to_uppercase())
                .filter(|p| !p.is_empty()),
            kind: self.kind.map(Spanned::into_inner),
            aliases: self.aliases,
            template_kind: None,
        })
    }
}

/// The defaults of a kind that the config introduces.
fn new_kind(name: &str) -> Kind {
    Kind {
        name: name.to_string(),
        display_name: name.to_string(),
        description: String::new(),
        sections: Vec::new(),
        section_level: 2,
        title_required: true,
        status_required: false,
        status_meta_key: crate::kinds::STATUS_META_KEY.to_string(),
        statuses: Vec::new(),
        status_vocabulary: StatusVocabulary::Usual,
        status_location: MetaLocation::FrontMatter,
        date_required: false,
        date_location: MetaLocation::FrontMatter,
        front_matter_keys: Vec::new(),
        metadata_keys: Vec::new(),
        id_prefix: None,
        id_pattern: None,
        paths: Vec::new(),
        title_template: "# {title}".to_string(),
        template: None,
        other_orders: Vec::new(),
        template_lines: Vec::new(),
        file_name: None,
    }
}

impl RawKind {
    fn apply_to(self, kind: &mut Kind) -> Result<(), Located> {
        if let Some(level) = self.section_level {
            if !(1..=6).contains(level.get_ref()) {
                return Err((
                    level.span(),
                    format!("`section-level` must be 1 to 6, not {}", level.get_ref()),
                ));
            }
            kind.section_level = *level.get_ref();
        }
        if let Some(pattern) = &self.id_pattern {
            check_id_pattern(pattern)?;
        }
        if let Some(paths) = &self.paths {
            for pattern in paths {
                check_glob(pattern)?;
            }
        }
        if let Some(statuses) = self.statuses {
            // A status the built-in kind already knows keeps its meaning and reference rule.
            let merged = statuses
                .into_iter()
                .map(|s| merge_status(kind, s))
                .collect::<Result<Vec<_>, Located>>()?;
            kind.statuses = merged;
        }
        if let Some(sections) = self.sections {
            let mut merged: Vec<SectionSpec> = Vec::new();
            // Names seen so far, to find a repeated one in one pass (a config of 32,000
            // sections took seconds when each was compared with all before it).
            let mut seen = std::collections::HashSet::new();
            for section in sections.into_inner() {
                if !seen.insert(section.name.get_ref().to_ascii_lowercase()) {
                    return Err((
                        section.name.span(),
                        format!("section `{}` is listed twice", section.name.get_ref()),
                    ));
                }
                merged.push(merge_section(kind, section)?);
            }
            kind.sections = merged;
        }
        if let Some(open) = self.statuses_open {
            kind.status_vocabulary = if open {
                StatusVocabulary::Open
            } else {
                StatusVocabulary::Closed
            };
        }
        if let Some(orders) = self.other_orders {
            let mut accepted = Vec::new();
            for order in orders {
                let span = order.span();
                let names = order.into_inner();
                if let Some(unknown) = names.iter().find(|name| {
                    let normalized = crate::outline::normalize::normalize_heading(name);
                    kind.section_for(&normalized).is_none()
                }) {
                    return Err((
                        span,
                        format!(
                            "`{unknown}` in `other-orders` is not a section of `{}`",
                            kind.name
                        ),
                    ));
                }
                accepted.push(names);
            }
            kind.other_orders = accepted;
        }
        set(&mut kind.display_name, self.display_name);
        set(&mut kind.description, self.description);
        set(&mut kind.title_required, self.title_required);
        set(&mut kind.title_template, self.title_template);
        if let Some(template) = self.template {
            kind.template = Some(template).filter(|t| !t.trim().is_empty());
        }
        set(&mut kind.status_required, self.status_required);
        set(&mut kind.status_location, self.status_location);
        set(&mut kind.date_required, self.date_required);
        set(&mut kind.date_location, self.date_location);
        set(&mut kind.front_matter_keys, self.front_matter_keys);
        if let Some(keys) = self.metadata_keys {
            kind.metadata_keys = keys
                .iter()
                .map(|k| crate::outline::metadata::normalize_key(k))
                .collect();
        }
        if let Some(prefix) = self.id_prefix {
            kind.id_prefix = Some(prefix).filter(|p| !p.is_empty());
        }
        if let Some(pattern) = self.id_pattern {
            kind.id_pattern = Some(pattern.into_inner()).filter(|p| !p.is_empty());
        }
        if let Some(paths) = self.paths {
            kind.paths = paths.into_iter().map(Spanned::into_inner).collect();
        }
        Ok(())
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

fn merge_status(kind: &Kind, status: Spanned<RawStatus>) -> Result<StatusSpec, Located> {
    let span = status.span();
    let (name, table) = match status.into_inner() {
        RawStatus::Name(name) => (name, None),
        RawStatus::Table(table) => (table.name.clone(), Some(table)),
    };
    let name = name.trim().to_lowercase();
    if name.is_empty() {
        return Err((span, "a status name cannot be empty".to_string()));
    }
    let known = kind.status(&name);
    let mut spec = StatusSpec {
        name: name.clone(),
        meaning: known.map(|k| k.meaning.clone()).unwrap_or_default(),
        takes_reference: known.is_some_and(|k| k.takes_reference),
        aliases: known.map(|k| k.aliases.clone()).unwrap_or_default(),
    };
    if let Some(table) = table {
        set(&mut spec.meaning, table.meaning);
        set(&mut spec.takes_reference, table.takes_reference);
        set(&mut spec.aliases, table.aliases);
    }
    Ok(spec)
}

fn merge_section(kind: &Kind, section: RawSection) -> Result<SectionSpec, Located> {
    let name = section.name.get_ref().trim().to_string();
    if name.is_empty() {
        return Err((
            section.name.span(),
            "a section name cannot be empty".to_string(),
        ));
    }
    let normalized = crate::outline::normalize::normalize_heading(&name);
    let known = kind.section_for(&normalized).map(|(_, s)| s.clone());
    let mut spec = SectionSpec {
        template: format!("{{Write the {name} section.}}"),
        name,
        aliases: Vec::new(),
        required: true,
        purpose: String::new(),
    };
    if let Some(known) = known {
        spec.aliases = known.aliases;
        spec.required = known.required;
        spec.purpose = known.purpose;
        spec.template = known.template;
    }
    set(&mut spec.aliases, section.aliases);
    set(&mut spec.required, section.required);
    set(&mut spec.purpose, section.purpose);
    set(&mut spec.template, section.template);
    Ok(spec)
}

fn check_glob(pattern: &Spanned<String>) -> Result<(), Located> {
    glob(pattern.get_ref()).map(drop).map_err(|e| {
        (
            pattern.span(),
            format!("invalid glob `{}`: {}", pattern.get_ref(), e.kind()),
        )
    })
}

fn check_id_pattern(pattern: &Spanned<String>) -> Result<(), Located> {
    if pattern.get_ref().is_empty() {
        return Ok(());
    }
    let regex = regex::Regex::new(pattern.get_ref()).map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim().to_string();
        (
            pattern.span(),
            format!("invalid regex `{}`: {last}", pattern.get_ref()),
        )
    })?;
    if regex.captures_len() < 2 {
        return Err((
            pattern.span(),
            format!(
                "`id-pattern` `{}` needs a capture group around the number, as in `^(\\d+)-`",
                pattern.get_ref()
            ),
        ));
    }
    Ok(())
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn check_kind_name(name: &Spanned<String>) -> Result<(), Located> {
    if is_kebab_case(name.get_ref()) {
        Ok(())
    } else {
        Err((
            name.span(),
            format!(
                "kind name `{}` must be kebab-case: lower-case letters, digits and `-`",
                name.get_ref()
            ),
        ))
    }
}

fn check_rule_id(id: &Spanned<String>) -> Result<String, Located> {
    use crate::rule_ids::{DOCUMENT_RULES, rule_id};
    if rule_id(id.get_ref()).is_some() {
        return Ok(id.get_ref().clone());
    }
    let hint = nearest(id.get_ref(), DOCUMENT_RULES.iter().map(|r| r.id))
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Err((
        id.span(),
        format!(
            "unknown rule `{}`{hint} (`docwright rules` lists them)",
            id.get_ref()
        ),
    ))
}

fn parse_rule_setting(setting: &Spanned<String>) -> Result<RuleSetting, Located> {
    Ok(match setting.get_ref().as_str() {
        "off" => RuleSetting::Off,
        "error" => RuleSetting::Severity(Severity::Error),
        "warning" => RuleSetting::Severity(Severity::Warning),
        "info" => RuleSetting::Severity(Severity::Info),
        "hint" => RuleSetting::Severity(Severity::Hint),
        other => {
            return Err((
                setting.span(),
                format!(
                    "unknown severity `{other}`: expected \"off\", \"error\", \"warning\", \"info\" or \"hint\""
                ),
            ));
        }
    })
}

/// Sets one threshold of `rule`'s table, after checking that it belongs to that rule and is in
/// range.
fn apply_threshold(
    rule: &str,
    key: &Spanned<String>,
    value: &Spanned<i64>,
    thresholds: &mut RuleThresholds,
) -> Result<(), Located> {
    let Some(&(name, owner, least, most)) =
        THRESHOLD_KEYS.iter().find(|(k, ..)| k == key.get_ref())
    else {
        return Err((key.span(), format!("unknown key `{}`", key.get_ref())));
    };
    if owner != rule {
        return Err((
            key.span(),
            format!("`{name}` is a setting of `{owner}`, not of `{rule}`"),
        ));
    }
    let number = *value.get_ref();
    if !(least..=most).contains(&number) {
        return Err((
            value.span(),
            format!("`{name}` must be between {least} and {most}, not {number}"),
        ));
    }
    match name {
        "min-options" => thresholds.min_options = number as usize,
        "max-words" => thresholds.max_words = number as usize,
        _ => thresholds.max_proposed_days = number as u32,
    }
    Ok(())
}

/// The candidate closest to `wanted` by edit distance, when it is close enough to be a typo.
fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(wanted, c), c))
        .filter(|(d, c)| *d <= (c.len().max(wanted.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_nearest_name() {
        let names = ["missing-section", "missing-status", "empty-section"];
        assert_eq!(
            nearest("missing-sections", names.into_iter()),
            Some("missing-section")
        );
        assert_eq!(
            nearest("emtpy-section", names.into_iter()),
            Some("empty-section")
        );
        assert_eq!(nearest("line-length", names.into_iter()), None);
    }

    #[test]
    fn overriding_a_builtin_kinds_sections_keeps_what_it_does_not_restate() {
        let config = Config::from_toml(
            "[[kinds.adr.sections]]\nname = \"context\"\n\n\
             [[kinds.adr.sections]]\nname = \"Decision\"\nrequired = false\n\n\
             [[kinds.adr.sections]]\nname = \"Risks\"\n",
        )
        .unwrap();
        let adr = config.kind("adr").unwrap();
        let builtin = Config::default();
        let builtin_adr = builtin.kind("adr").unwrap();
        assert_eq!(adr.sections.len(), 3);
        // Matched to the built-in "Context" through normalisation: its purpose and template stay.
        assert_eq!(adr.sections[0].purpose, builtin_adr.sections[1].purpose);
        assert_eq!(adr.sections[0].template, builtin_adr.sections[1].template);
        assert!(!adr.sections[1].required);
        // A new section is required by default and gets a placeholder template.
        assert!(adr.sections[2].required);
        assert_eq!(adr.sections[2].template, "{Write the Risks section.}");
        // The rest of the kind is untouched.
        assert_eq!(adr.statuses, builtin_adr.statuses);
        assert_eq!(adr.title_template, builtin_adr.title_template);
    }

    #[test]
    fn path_matchers_follow_edits_made_after_first_use() {
        let mut config = Config::from_toml("ignore = [\"drafts/**\"]\n").unwrap();
        assert!(config.is_ignored("drafts/a.md"));
        assert!(config.kind_for_path("notes/a.md").is_none());
        config.ignore.clear();
        config.kinds[0].paths.push("notes/**".to_string());
        assert!(!config.is_ignored("drafts/a.md"));
        assert_eq!(
            config
                .kind_for_path("notes/a.md")
                .map(|(k, g)| (k.name.clone(), g)),
            Some(("adr".to_string(), "notes/**".to_string()))
        );
    }

    #[test]
    fn a_rules_table_sets_its_severity_and_thresholds() {
        let config = Config::from_toml(
            "[rules]\ntoo-few-alternatives = { severity = \"error\", min-options = 3 }\n\
             review-overdue = { max-proposed-days = 30 }\nplaceholder-text = \"off\"\n",
        )
        .unwrap();
        assert_eq!(config.thresholds.min_options, 3);
        assert_eq!(config.thresholds.max_proposed_days, 30);
        assert_eq!(
            config.rule_setting("too-few-alternatives"),
            Some(RuleSetting::Severity(Severity::Error))
        );
        // A table without a severity leaves the rule at its default.
        assert_eq!(config.rule_setting("review-overdue"), None);
        assert_eq!(
            config.rule_setting("placeholder-text"),
            Some(RuleSetting::Off)
        );
        assert_eq!(Config::default().thresholds, RuleThresholds::default());
    }

    #[test]
    fn rule_table_mistakes_are_located() {
        let cases = [
            (
                "[rules]\nmissing-section = { min-options = 3 }\n",
                "min-options",
                "is a setting of `too-few-alternatives`, not of `missing-section`",
            ),
            (
                "[rules]\ntoo-few-alternatives = { min-options = 0 }\n",
                "0",
                "must be between 1 and 100",
            ),
            (
                "[rules]\ntoo-few-alternatives = { min-option = 3 }\n",
                "min-option",
                "unknown key `min-option`",
            ),
            (
                "[rules]\nreview-overdue = { severity = \"loud\" }\n",
                "\"loud\"",
                "unknown severity `loud`",
            ),
            (
                "[rules]\nreview-overdue = { max-proposed-days = \"soon\" }\n",
                "\"soon\"",
                "invalid type",
            ),
        ];
        for (text, at, message) in cases {
            let error = Config::from_toml(text).unwrap_err();
            assert!(error.message.contains(message), "{text}: {error}");
            assert_eq!(error.line, 2, "{text}: {error}");
            assert!(
                error.range.slice(text).starts_with(at),
                "{text}: {error} at {:?}",
                error.range.slice(text)
            );
        }
    }

    #[test]
    fn error_positions_count_characters_and_lines() {
        let text = "# é\n[rules]\nmissing-section = 3\n";
        let error = Config::from_toml(text).unwrap_err();
        assert_eq!((error.line, error.column), (3, 19), "{error}");
        assert_eq!(error.range.slice(text), "3");
    }
}
