//! Which kind a document is: front matter `kind:`/`type:`, then config globs, then conventional
//! places, then the shape of its headings. First match wins; the reason is kept for
//! `docwright check --explain-kind`.
//!
//! Conventional places are data ([`CONVENTIONAL_FOLDERS`]), matched as whole path segments
//! written as the tools write them. In a decision-record folder both Nygard ADRs and MADR live,
//! so the shape of the document picks between them. A README, CONTRIBUTING, LICENSE,
//! CODE_OF_CONDUCT, CHANGELOG, SECURITY or index file never takes a kind from where it lives
//! ([`is_project_file_name`]).
//!
//! The shape of the headings gives a kind only on a strong fit ([`ShapeFit::is_strong`]): every
//! required section of the kind present but at most one, at least [`SHAPE_MIN_MATCHED`], and
//! nothing that contradicts the kind — the document does not call itself by another id prefix
//! (`SE-0001` is no `RFC`), and no other kind claims as many of its own required sections among
//! the headings this kind leaves unexplained. A weak fit is no kind at all: a proposal of a
//! process with its own template is better unchecked than told it lacks sections it never had.

use crate::config::Config;
use crate::kinds::Kind;
use crate::outline::{MetaSource, Outline};

/// Facts about a document's surroundings that only the edge (CLI, server) can learn from the file
/// system, handed in so that detection stays pure.
#[derive(Clone, Debug, Default)]
pub struct PathHints {
    /// Workspace-relative folder named by an `.adr-dir` file (adr-tools), if any.
    pub adr_dir: Option<String>,
    /// Whether the document sits beside the Rust RFC template: its folder holds a
    /// `0000-template.md`, or its folder is `text/` and the folder above holds one (the layout of
    /// rust-lang/rfcs, where the template is at the root beside `text/`).
    pub rfc_template_sibling: bool,
}

pub struct DetectInput<'a> {
    /// Workspace-relative path with `/` separators, when the document has one.
    pub path: Option<&'a str>,
    pub text: &'a str,
    pub outline: &'a Outline,
    pub config: &'a Config,
    pub hints: &'a PathHints,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// Name of the kind (`Config::kind(name)`), or `None` for a document of no kind.
    pub kind: Option<String>,
    /// Why, in one sentence: "front matter says `kind: madr`", "path matches `docs/adr/**`", …
    pub reason: String,
    /// Whether the document is its kind's template (`0000-template.md`, `adr-template.md`):
    /// its sections are expected to hold placeholders, so placeholder checks may stand down.
    pub is_template: bool,
    /// Which step of detection decided.
    pub via: DetectedBy,
}

/// The step of [`detect_kind`] that decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetectedBy {
    FrontMatter,
    ConfigPath,
    ConventionalPlace,
    Shape,
    /// No step found a kind (or the document is a folder's index).
    Nothing,
}

/// How many of a kind's required sections a document may lack and still be of that kind by its
/// headings alone: one (an ADR without its `## Status`, an RFC of the 2014 template without a
/// guide-level explanation). Two absent is a different template that happens to share headings.
pub const SHAPE_MAX_ABSENT: usize = 1;
/// How many of a kind's `metadata_keys` mark a document as written from the kind's template.
pub const SHAPE_MIN_TEMPLATE_KEYS: usize = 2;
/// Fewer matched sections than this is never enough: one "Summary" heading does not make an RFC.
pub const SHAPE_MIN_MATCHED: usize = 2;

/// What a conventional folder says about the files in it.
#[derive(Clone, Copy, Debug)]
enum Convention {
    /// Decision records: Nygard ADRs or MADR, told apart by their shape.
    DecisionRecords,
    Kind(&'static str),
}

/// Folders (as `/`-separated segments, found anywhere in a workspace-relative path) whose files
/// are of a known kind by convention.
const CONVENTIONAL_FOLDERS: &[(&str, Convention)] = &[
    ("docs/architecture/decisions", Convention::DecisionRecords),
    ("doc/architecture/decisions", Convention::DecisionRecords),
    ("docs/decisions", Convention::DecisionRecords),
    ("doc/decisions", Convention::DecisionRecords),
    ("docs/adr", Convention::DecisionRecords),
    ("doc/adr", Convention::DecisionRecords),
    // adr-tools' folder name, wherever it sits. Not `adrs`: no tool writes it, and it is the
    // name of the adrs tool's own crate.
    ("adr", Convention::DecisionRecords),
    ("rfcs", Convention::Kind("rfc")),
    ("postmortems", Convention::Kind("postmortem")),
    ("post-mortems", Convention::Kind("postmortem")),
    ("incidents", Convention::Kind("postmortem")),
    ("one-pagers", Convention::Kind("one-pager")),
    // A team's weekly updates, wherever the folder sits (`team/updates/2026-W48.md`).
    ("updates", Convention::Kind("weekly-update")),
    ("weekly", Convention::Kind("weekly-update")),
];

/// File stems (lower case, `-` for `_`) of a project's own files, never a design document of any
/// kind by where they live or what template sits beside them.
const PROJECT_FILE_STEMS: &[&str] = &[
    "readme",
    "contributing",
    "license",
    "licence",
    "code-of-conduct",
    "changelog",
    "changes",
    "security",
    "index",
    "-index",
    "summary",
    "toc",
];

/// File names (lower case) of a folder's index or landing page: never a record themselves.
const INDEX_FILE_NAMES: &[&str] = &[
    "readme.md",
    "index.md",
    "_index.md",
    "summary.md",
    "toc.md",
    "readme.markdown",
    "index.markdown",
];

pub fn detect_kind(input: &DetectInput) -> Detection {
    let file_name = input.path.map(|p| p.rsplit('/').next().unwrap_or(p));
    let is_template = file_name.is_some_and(is_template_file_name);
    let front_matter = front_matter_kind(input);
    // Said after whatever reason decides, so that a misspelt `kind:` is noticed.
    let unknown_kind_note = match &front_matter {
        FrontMatterKind::Unknown(value) => {
            format!(" (front matter `kind: {value}` names no known kind, so it was not used)")
        }
        _ => String::new(),
    };
    let found = |kind: &str, via: DetectedBy, reason: String| {
        let template_note = if is_template {
            "; it is the kind's template, so placeholders are expected"
        } else {
            ""
        };
        Detection {
            kind: Some(kind.to_string()),
            reason: format!("{reason}{template_note}{unknown_kind_note}"),
            is_template,
            via,
        }
    };
    let nothing = |reason: String| Detection {
        kind: None,
        reason: format!("{reason}{unknown_kind_note}"),
        is_template: false,
        via: DetectedBy::Nothing,
    };

    if let FrontMatterKind::Named(key, value, kind) = &front_matter {
        return found(
            &kind.name,
            DetectedBy::FrontMatter,
            format!("front matter says `{key}: {value}`"),
        );
    }

    // A project file takes no kind from its place: only its own headings may give it one.
    let project_file = file_name.filter(|f| is_project_file_name(f));
    let place_path = input.path.filter(|_| project_file.is_none());
    if let Some(path) = place_path {
        if let Some((kind, glob)) = input.config.kind_for_path(path) {
            return found(
                &kind.name,
                DetectedBy::ConfigPath,
                format!(
                    "path matches `{glob}` from `[kinds.{}] paths` in docwright.toml",
                    kind.name
                ),
            );
        }
        if let Some(place) = conventional_place(path, input.hints) {
            if let Some(index) = file_name.filter(|f| is_index_file_name(f)) {
                return nothing(format!(
                    "`{index}` is the index of {}, not a document of its own",
                    place.description
                ));
            }
            let place_description = &place.description;
            match place.convention {
                Convention::Kind(kind) if input.config.kind(kind).is_some() => {
                    return found(
                        kind,
                        DetectedBy::ConventionalPlace,
                        format!(
                            "it lives in {place_description}, where `{kind}` documents are kept"
                        ),
                    );
                }
                Convention::Kind(_) => {}
                Convention::DecisionRecords => {
                    let (kind, why) = nygard_or_madr(input);
                    return found(
                        kind,
                        DetectedBy::ConventionalPlace,
                        format!(
                            "it lives in {place_description}, a decision-record folder, and {why}"
                        ),
                    );
                }
            }
        }
    }

    let nothing = |reason: String| match project_file {
        Some(name) => nothing(format!(
            "`{name}` is a project file, which takes no kind from where it lives or a template \
             beside it; {reason}"
        )),
        None => nothing(reason),
    };
    if let Some(unfollowed) = input.path.and_then(|path| {
        input
            .config
            .unfollowed_templates
            .iter()
            .find(|u| u.contains(path))
    }) {
        return nothing(format!(
            "it lives in `{}/`, whose own template `{}` too few of the folder's records follow \
             for it to be their schema, so it takes no kind from its headings{}",
            unfollowed.folder,
            unfollowed.template,
            how_to_declare()
        ));
    }
    let fits = shape_fits(input.outline, input.config);
    let Some(best) = fits.first() else {
        return nothing(format!(
            "no front matter `kind:`, no known folder, and no kind is configured{}",
            how_to_declare()
        ));
    };
    if best.matched_required == 0 {
        return nothing(format!(
            "no front matter `kind:`, no known folder, and no heading of any kind's sections{}",
            how_to_declare()
        ));
    }
    if !best.is_strong() {
        return nothing(format!(
            "no front matter `kind:`, no known folder, and its headings fit no kind well enough \
             (the closest, `{}`, matches {} of {} required sections; a kind by headings alone \
             needs all but {SHAPE_MAX_ABSENT}){}",
            best.kind.name,
            best.matched_required,
            best.required,
            how_to_declare()
        ));
    }
    if let Some(contradiction) = contradiction(input, best, &fits[1..]) {
        return nothing(format!(
            "its headings match {} of the {} sections `{}` requires, but {contradiction}, so it \
             is given no kind{}",
            best.matched_required,
            best.required,
            best.kind.name,
            how_to_declare()
        ));
    }
    found(
        &best.kind.name,
        DetectedBy::Shape,
        format!(
            "its headings match {} of the {} sections `{}` requires",
            best.matched_required, best.required, best.kind.name
        ),
    )
}

/// Said after "no kind": how the user gives the document one.
fn how_to_declare() -> &'static str {
    ". To check it as a kind, write `kind: <name>` in its front matter, or list its folder in \
     `docwright.toml` (`[kinds.<name>] paths = [\"folder/**\"]`, or a `[[logs]]` entry with its \
     template)"
}

/// Why a strong fit is still not the document's kind, if something says so: the document calls
/// itself by another id prefix than the kind's (`SE-0001` under an `RFC` kind, or under a kind
/// with no ids at all), or another kind
/// claims at least [`SHAPE_MIN_MATCHED`] of its own required sections among headings that `best`
/// does not explain (an enhancement proposal with an RFC's Summary and Motivation and a design
/// doc's Goals and Design).
fn contradiction(input: &DetectInput, best: &ShapeFit, others: &[ShapeFit]) -> Option<String> {
    if let Some(own) = own_id_prefix(input.outline) {
        match &best.kind.id_prefix {
            Some(expected) if !own.eq_ignore_ascii_case(expected) => {
                return Some(format!(
                    "it calls itself `{own}-…` where `{}` documents are `{expected}-…`",
                    best.kind.name
                ));
            }
            None => {
                return Some(format!(
                    "it calls itself `{own}-…`, an id `{}` documents do not have",
                    best.kind.name
                ));
            }
            Some(_) => {}
        }
    }
    others.iter().find_map(|other| {
        let unexplained = other
            .required_headings
            .iter()
            .filter(|h| !best.matched_headings.contains(*h))
            .count();
        (unexplained >= SHAPE_MIN_MATCHED).then(|| {
            format!(
                "{unexplained} of its other headings are sections `{}` requires",
                other.kind.name
            )
        })
    })
}

/// The id prefix a document gives itself: the prefix of its number (`ADR-0007-x.md`,
/// `# KEP-1234: …`, front matter `id: ADR-7`), or a metadata value that is nothing but an id with
/// the document's own number (`* Proposal: [SE-0001](0001-x.md)` in `0001-x.md`).
pub fn own_id_prefix(outline: &Outline) -> Option<String> {
    let number = outline.number.as_ref()?;
    if let Some(prefix) = &number.prefix {
        return Some(prefix.clone());
    }
    outline
        .metadata
        .iter()
        .filter(|f| f.source != MetaSource::Section)
        .find_map(|field| {
            let (prefix, value_number) = bare_id(&field.value)?;
            (value_number == number.number).then_some(prefix)
        })
}

/// `SE-0001`, `KEP 1234`, `PEP-8`: a value that is one id and nothing else.
fn bare_id(value: &str) -> Option<(String, u32)> {
    let value = value.trim();
    let letters = value
        .find(|c: char| !c.is_ascii_alphabetic())
        .filter(|&n| (2..=8).contains(&n))?;
    let rest = value[letters..].trim_start_matches(['-', ' ', '#']);
    if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit()) || rest.len() > 9 {
        return None;
    }
    Some((value[..letters].to_ascii_uppercase(), rest.parse().ok()?))
}

/// What the front matter says about the kind.
enum FrontMatterKind<'c> {
    /// `kind:` (or `type:`) names a kind: the key and the value as written.
    Named(&'static str, String, &'c Kind),
    /// `kind:` names no kind the config knows (a typo, or a kind not configured here).
    Unknown(String),
    Silent,
}

/// The kind named by a front matter `kind:` (or `type:`). A `type:` naming no kind is not worth
/// a word: static site generators use that key for their own purposes.
fn front_matter_kind<'c>(input: &DetectInput<'c>) -> FrontMatterKind<'c> {
    let mut unknown = None;
    for key in ["kind", "type"] {
        let value = input
            .outline
            .metadata
            .iter()
            .find(|f| f.key == key && f.source == MetaSource::FrontMatter)
            .map(|f| f.value.clone())
            .or_else(|| scan_front_matter(input, key));
        let Some(value) = value else { continue };
        match kind_named(input.config, &value) {
            Some(kind) => return FrontMatterKind::Named(key, value.trim().to_string(), kind),
            None if key == "kind" => unknown = Some(value.trim().to_string()),
            None => {}
        }
    }
    unknown.map_or(FrontMatterKind::Silent, FrontMatterKind::Unknown)
}

/// A top-level `key: value` (YAML) or `key = "value"` (TOML) line of the front matter, for when
/// the outline's metadata does not carry the key.
fn scan_front_matter(input: &DetectInput, key: &str) -> Option<String> {
    let block = input.outline.front_matter.as_ref()?;
    let content = input.text.get(block.content.start..block.content.end)?;
    content.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.trim_start();
        let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The kind a front matter value names: its name, ignoring case, and spaces, `_` and `-` (so
/// "Design Doc", "design_doc" and "post-mortem" all find theirs).
fn kind_named<'c>(config: &'c Config, value: &str) -> Option<&'c Kind> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squash(value.trim().trim_matches(['"', '\'']));
    if wanted.is_empty() {
        return None;
    }
    config.kinds.iter().find(|k| squash(&k.name) == wanted)
}

/// A conventional folder that a document lies in.
struct Place {
    convention: Convention,
    /// For the reason: "`docs/adr/`", "`doc/arch/` (named by `.adr-dir`)".
    description: String,
}

fn conventional_place(path: &str, hints: &PathHints) -> Option<Place> {
    let folders: Vec<&str> = path.split('/').collect();
    let folders = &folders[..folders.len().saturating_sub(1)];
    let shown = |folder: &str| {
        if folder.is_empty() {
            ".".to_string()
        } else {
            folder.to_string()
        }
    };
    if let Some(adr_dir) = hints.adr_dir.as_deref() {
        let adr_dir = adr_dir.trim_matches('/');
        let prefix = folders.join("/");
        if !adr_dir.is_empty() && (prefix == adr_dir || prefix.starts_with(&format!("{adr_dir}/")))
        {
            return Some(Place {
                convention: Convention::DecisionRecords,
                description: format!("`{adr_dir}/` (named by `.adr-dir`)"),
            });
        }
    }
    if hints.rfc_template_sibling {
        let folder = folders.join("/");
        return Some(Place {
            description: format!(
                "`{}/`, beside the RFC template `0000-template.md`",
                shown(&folder)
            ),
            convention: Convention::Kind("rfc"),
        });
    }
    CONVENTIONAL_FOLDERS
        .iter()
        .find_map(|(pattern, convention)| {
            let wanted: Vec<&str> = pattern.split('/').collect();
            let start = folders.windows(wanted.len()).position(|window| {
                window
                    .iter()
                    .zip(&wanted)
                    .all(|(written, name)| segment_is(written, name))
            })?;
            let folder = folders[..start + wanted.len()].join("/");
            Some(Place {
                description: format!("`{folder}/`"),
                convention: *convention,
            })
        })
}

/// Whether a folder name is `name` as people write it: exactly, or capitalised (`Incidents`,
/// dotnet-adr's `Docs/Adr`), but not another word that merely starts the same or shouts it.
fn segment_is(written: &str, name: &str) -> bool {
    if written == name {
        return true;
    }
    // `written == capitalised(name)`, without building it: asked of every folder of every file.
    let mut chars = name.chars();
    chars.next().is_some_and(|first| {
        written
            .strip_suffix(chars.as_str())
            .is_some_and(|head| head.chars().eq(first.to_uppercase()))
    })
}

/// Nygard or MADR, for a document in a decision-record folder: whichever kind's sections the
/// headings fit better; on a tie (an empty record, say), MADR when the metadata is written the
/// MADR way (front matter or bullets), else Nygard, adr-tools' format.
fn nygard_or_madr(input: &DetectInput) -> (&'static str, String) {
    let fits = kind_fits(input.outline, input.config);
    let score = |name: &str| fits.iter().find(|fit| fit.kind.name == name);
    let (adr, madr) = (score("adr"), score("madr"));
    let ratio = |fit: &Option<&ShapeFit>| fit.map_or(0.0, ShapeFit::score);
    let (adr_score, madr_score) = (ratio(&adr), ratio(&madr));
    if madr_score > adr_score {
        return ("madr", "its headings follow MADR".to_string());
    }
    if adr_score > madr_score {
        return ("adr", "its headings follow Nygard's ADR".to_string());
    }
    let madr_metadata = input.outline.metadata.iter().any(|f| {
        matches!(f.source, MetaSource::FrontMatter | MetaSource::Bullet)
            && matches!(
                f.key.as_str(),
                "status" | "date" | "decision-makers" | "deciders"
            )
    });
    if madr_metadata {
        ("madr", "its metadata is written the MADR way".to_string())
    } else {
        ("adr", "nothing marks it as MADR".to_string())
    }
}

/// The normalised text of every heading of the document, the title included (a few Rust RFCs
/// write `# Summary` as their first heading), sorted and without repeats: each is looked up
/// once among the kinds' section names, and a heading is then known by its place here.
fn heading_set(outline: &Outline) -> HeadingSet<'_> {
    let mut names: Vec<&str> = outline
        .headings
        .iter()
        .map(|h| h.normalized.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    HeadingSet(names)
}

/// A document's distinct normalised heading texts (see [`heading_set`]).
struct HeadingSet<'o>(Vec<&'o str>);

/// How well a document's headings fit one kind.
struct ShapeFit<'k> {
    kind: &'k Kind,
    /// The kind's required sections (all of its sections, when it requires none).
    required: usize,
    matched_required: usize,
    /// Every section of the kind the document has, required or not: the tie-breaker.
    matched_any: usize,
    /// The document's headings (by their place in its [`HeadingSet`]) that name a section of
    /// the kind, each once.
    matched_headings: Vec<usize>,
    /// Those that name a required section (or any section, when the kind requires none).
    required_headings: Vec<usize>,
    /// How many of the kind's `metadata_keys` the document's metadata has.
    metadata_matched: usize,
}

/// A heading of the document naming a section of a kind: (kind index, section index, heading
/// index in the document's [`HeadingSet`]).
type SectionHit = (usize, usize, usize);

impl<'k> ShapeFit<'k> {
    /// `hits`: the document's headings naming a section of `kind`, sorted by section.
    fn of(kind: &'k Kind, hits: &[SectionHit], outline: &Outline) -> ShapeFit<'k> {
        let any_required = kind.sections.iter().any(|s| s.required);
        let counts = |section: usize| kind.sections[section].required || !any_required;
        let required = (0..kind.sections.len()).filter(|&s| counts(s)).count();
        let (mut matched_required, mut matched_any) = (0, 0);
        let mut matched_headings = Vec::new();
        let mut required_headings = Vec::new();
        for (at, &(_, section, heading)) in hits.iter().enumerate() {
            let first_of_section = at == 0 || hits[at - 1].1 != section;
            if first_of_section {
                matched_any += 1;
                matched_required += usize::from(counts(section));
            }
            insert_once(&mut matched_headings, heading);
            if counts(section) {
                insert_once(&mut required_headings, heading);
            }
        }
        let metadata_matched = kind
            .metadata_keys
            .iter()
            .filter(|key| {
                outline
                    .metadata
                    .iter()
                    .any(|f| f.source != MetaSource::Section && f.key == **key)
            })
            .count();
        ShapeFit {
            kind,
            required,
            matched_required,
            matched_any,
            matched_headings,
            required_headings,
            metadata_matched,
        }
    }

    fn score(&self) -> f64 {
        if self.required == 0 {
            0.0
        } else {
            self.matched_required as f64 / self.required as f64
        }
    }

    /// Every required section present but at most [`SHAPE_MAX_ABSENT`], and at least
    /// [`SHAPE_MIN_MATCHED`] of them; or, for a document that carries two of the metadata keys
    /// the kind's template writes (the RFC prelude), half of them. (What may still contradict
    /// the kind is [`contradiction`]'s.)
    fn is_strong(&self) -> bool {
        let by_headings = self.matched_required + SHAPE_MAX_ABSENT >= self.required;
        let from_the_template = self.metadata_matched >= SHAPE_MIN_TEMPLATE_KEYS
            && self.matched_required * 2 >= self.required;
        self.matched_required >= SHAPE_MIN_MATCHED && (by_headings || from_the_template)
    }
}

/// Adds `heading` to a list kept without repeats (a few entries: a linear scan is the cheapest).
fn insert_once(list: &mut Vec<usize>, heading: usize) {
    if !list.contains(&heading) {
        list.push(heading);
    }
}

/// Every kind's fit, in config order: each distinct heading of the document is looked up once
/// among every kind's section names ([`SectionNames::sections_named`]), and each kind counts
/// the hits that fall to it.
///
/// [`SectionNames::sections_named`]: crate::config::SectionNames::sections_named
fn kind_fits<'c>(outline: &Outline, config: &'c Config) -> Vec<ShapeFit<'c>> {
    let headings = heading_set(outline);
    let names = config.section_names();
    let mut hits: Vec<SectionHit> = Vec::new();
    for (heading, name) in headings.0.iter().enumerate() {
        hits.extend(
            names
                .sections_named(name)
                .iter()
                .map(|&(kind, section)| (kind, section, heading)),
        );
    }
    hits.sort_unstable();
    config
        .kinds
        .iter()
        .enumerate()
        .map(|(index, kind)| {
            let from = hits.partition_point(|hit| hit.0 < index);
            let to = hits.partition_point(|hit| hit.0 <= index);
            ShapeFit::of(kind, &hits[from..to], outline)
        })
        .collect()
}

/// Every kind's fit, best first: strong fits first, then by score, then by sections matched, then
/// in config order.
fn shape_fits<'c>(outline: &Outline, config: &'c Config) -> Vec<ShapeFit<'c>> {
    let mut fits = kind_fits(outline, config);
    // A strong fit comes before any weak one: a kind that merely shares more of its few
    // sections with the headings (a one-pager's Summary, Proposal and Alternatives in an RFC of
    // the prelude's template) does not hide the kind the document fits. A stable sort keeps
    // config order among equals.
    fits.sort_by(|a, b| {
        b.is_strong()
            .cmp(&a.is_strong())
            .then(b.score().total_cmp(&a.score()))
            .then(b.matched_any.cmp(&a.matched_any))
    });
    fits
}

/// `0000-template.md`, `template.md`, `adr-template.md`, `adr-template-minimal.md`,
/// `template-rfc.md`, `design_template.md`: a word `template` in the file name's stem. A record's
/// number in front (`0931-template-compiler-api.md`) makes it a record about templates; only the
/// number 0 (`0000-template.md`) is a template's.
pub fn is_template_file_name(file_name: &str) -> bool {
    if crate::outline::metadata::number_from_file_name(file_name).is_some_and(|n| n.number > 0) {
        return false;
    }
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .to_ascii_lowercase();
    stem.split(['-', '_', '.', ' '])
        .any(|word| word == "template")
}

/// README, CONTRIBUTING, LICENSE, CODE_OF_CONDUCT, CHANGELOG, SECURITY and index files (any case,
/// `-` or `_`, any extension): the project's own files, not design documents.
pub fn is_project_file_name(file_name: &str) -> bool {
    let stem = file_name
        .split_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .to_ascii_lowercase()
        .replace('_', "-");
    PROJECT_FILE_STEMS.contains(&stem.as_str()) || is_index_file_name(file_name)
}

fn is_index_file_name(file_name: &str) -> bool {
    INDEX_FILE_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(file_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_file_names_are_recognised_by_the_word_template() {
        for name in [
            "0000-template.md",
            "template.md",
            "adr-template.md",
            "adr-template-bare-minimal.md",
            "design_template.md",
            "Template.md",
        ] {
            assert!(is_template_file_name(name), "{name}");
        }
        for name in [
            "templates-guide.md",
            "0007-use-templating.md",
            "README.md",
            "0931-template-compiler-api.md",
            "RFC-0012-template-syntax.md",
        ] {
            assert!(!is_template_file_name(name), "{name}");
        }
    }

    #[test]
    fn conventional_folders_match_whole_segments_anywhere_in_the_path() {
        let none = PathHints::default();
        let place = |path: &str| conventional_place(path, &none).map(|p| p.description);
        assert_eq!(place("docs/adr/0001-x.md").as_deref(), Some("`docs/adr/`"));
        assert_eq!(
            place("services/api/docs/architecture/decisions/0001-x.md").as_deref(),
            Some("`services/api/docs/architecture/decisions/`")
        );
        assert_eq!(
            place("docs/decisions/backend/0001-x.md").as_deref(),
            Some("`docs/decisions/`"),
            "MADR's category subfolders stay decision records"
        );
        assert_eq!(
            place("ops/Incidents/2024-01-01.md").as_deref(),
            Some("`ops/Incidents/`")
        );
        assert_eq!(
            place("docs/adrenaline/x.md"),
            None,
            "a segment, not a prefix"
        );
        assert_eq!(place("adr.md"), None, "the file name is not a folder");
        assert_eq!(place("decisions/0001-x.md"), None);
    }

    #[test]
    fn front_matter_kind_values_are_matched_loosely() {
        let config = Config::default();
        let named = |v: &str| kind_named(&config, v).map(|k| k.name.as_str());
        assert_eq!(named("ADR"), Some("adr"));
        assert_eq!(named("Design Doc"), Some("design-doc"));
        assert_eq!(named("design_doc"), Some("design-doc"));
        assert_eq!(named("post-mortem"), Some("postmortem"));
        assert_eq!(named("\"rfc\""), Some("rfc"));
        assert_eq!(named("post"), None);
        assert_eq!(named(""), None);
    }
}
