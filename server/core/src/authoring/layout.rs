//! Which tool's conventions a decision log follows, read from what the edge found on disk.
//!
//! | Layout | Recognised by | Folder | File name | Metadata |
//! | --- | --- | --- | --- | --- |
//! | adr-tools | `.adr-dir`, or a `doc/adr` folder | as named | `NNNN-slug.md` | `Date:` line, `## Status` |
//! | MADR | `docs/decisions` | `docs/decisions` | `NNNN-slug.md` | YAML front matter |
//! | log4brains | `.log4brains.yml` (`adrFolder`) | as named | `YYYYMMDD-slug.md` | `- Status:` bullets |
//! | dotnet-adr | `adr.config.json` (`path`) | as named | `NNNN-slug.md` | `## Status` section, title without number |
//! | pyadr | `.adr` (`records-dir`, default `docs/adr`) | as named | `XXXX-slug.md` until accepted | `* Status:` / `* Date:` bullets (MADR 2) |
//! | Docwright | anything else | the kind's first existing conventional folder | `NNNN-slug.md` | as the kind's table says |

/// What the edge found on disk that decides the layout. Paths are workspace-relative.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayoutProbe {
    /// The first line of `.adr-dir` (adr-tools), trimmed.
    pub adr_dir: Option<String>,
    /// `adrFolder` of `.log4brains.yml`, see [`log4brains_adr_folder`].
    pub log4brains_folder: Option<String>,
    /// `path` of dotnet-adr's `adr.config.json`, see [`dotnet_adr_folder`].
    pub dotnet_adr_folder: Option<String>,
    /// `records-dir` of pyadr's `.adr` (its default, `docs/adr`, when the file does not say),
    /// see [`pyadr_records_dir`]. `None` when there is no `.adr` file.
    pub pyadr_folder: Option<String>,
    /// Which of the [`candidate_folders`] exist.
    pub existing_folders: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    AdrTools,
    Madr,
    Log4brains,
    /// endjin's dotnet-adr (`adr new`).
    DotnetAdr,
    /// pyadr (`pyadr new`): a proposal is `XXXX-slug.md` until accepted gives it a number.
    Pyadr,
    /// Docwright's own: the kind's table decides everything.
    Docwright,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::AdrTools => "adr-tools",
            Tool::Madr => "MADR",
            Tool::Log4brains => "log4brains",
            Tool::DotnetAdr => "dotnet-adr",
            Tool::Pyadr => "pyadr",
            Tool::Docwright => "docwright",
        }
    }
}

/// Where a kind's documents go and how they are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub tool: Tool,
    /// Workspace-relative folder, `/` separators, no trailing `/`.
    pub folder: String,
}

/// Conventional folders per kind, in order of preference: data, as the kinds are. A kind not
/// listed (a team's own) lives in `docs/<kind>`.
const CONVENTIONAL_FOLDERS: &[(&str, &[&str])] = &[
    ("adr", &["doc/adr", "docs/adr", "docs/decisions", "adr"]),
    (
        "madr",
        &["docs/decisions", "docs/adr", "doc/adr", "decisions"],
    ),
    ("rfc", &["text", "rfcs", "docs/rfcs"]),
    ("design-doc", &["docs/design", "design"]),
    ("postmortem", &["docs/postmortems", "postmortems"]),
    ("strategy", &["docs/strategy", "strategy"]),
    ("one-pager", &["docs/one-pagers", "one-pagers"]),
    ("weekly-update", &["docs/updates", "updates", "weekly"]),
];

/// The kinds a decision-log tool writes (adr-tools and log4brains keep nothing else).
const DECISION_KINDS: &[&str] = &["adr", "madr"];

/// The folders the edge should test for existence, for [`LayoutProbe::existing_folders`].
pub fn candidate_folders(kind: &str) -> Vec<String> {
    CONVENTIONAL_FOLDERS
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, folders)| folders.iter().map(|f| f.to_string()).collect())
        .unwrap_or_else(|| vec![format!("docs/{kind}")])
}

/// `adrFolder` of a `.log4brains.yml` (`project:` → `adrFolder: ./docs/adr`), as a
/// workspace-relative folder.
pub fn log4brains_adr_folder(yaml: &str) -> Option<String> {
    yaml.lines().find_map(|line| {
        let value = line.trim().strip_prefix("adrFolder:")?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        let value = value.trim_matches(['"', '\'']);
        let folder = clean_folder(value);
        (!folder.is_empty()).then_some(folder)
    })
}

/// `path` of a dotnet-adr `adr.config.json` (`{ "path": "./Docs/Adr" }`, relative to the file,
/// which sits at the repository root), as a workspace-relative folder. The tool reads the key
/// case-insensitively, and so does this.
pub fn dotnet_adr_folder(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let (_, path) = value
        .as_object()?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("path"))?;
    let folder = clean_folder(path.as_str()?);
    (!folder.is_empty()).then_some(folder)
}

/// pyadr's default records folder, used when `.adr` names none.
pub const PYADR_DEFAULT_FOLDER: &str = "docs/adr";

/// `records-dir` of a pyadr `.adr` file (INI: `[adr]` then `records-dir = docs/adr`), else
/// pyadr's default folder.
pub fn pyadr_records_dir(ini: &str) -> String {
    let mut in_adr_section = false;
    for line in ini.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_adr_section = line == "[adr]";
            continue;
        }
        if !in_adr_section || line.starts_with(['#', ';']) {
            continue;
        }
        let Some((key, value)) = line.split_once(['=', ':']) else {
            continue;
        };
        if key.trim() == "records-dir" {
            let folder = clean_folder(value);
            if !folder.is_empty() {
                return folder;
            }
        }
    }
    PYADR_DEFAULT_FOLDER.to_string()
}

/// `./docs/adr/` → `docs/adr`.
pub fn clean_folder(folder: &str) -> String {
    let folder = folder.trim().replace('\\', "/");
    let mut folder = folder.as_str();
    while let Some(rest) = folder.strip_prefix("./") {
        folder = rest;
    }
    folder.trim_matches('/').to_string()
}

/// The layout documents of `kind` follow in a repository with these facts.
pub fn detect_layout(kind: &str, probe: &LayoutProbe) -> Layout {
    let is_decision_kind = DECISION_KINDS.contains(&kind);
    if is_decision_kind {
        if let Some(folder) = &probe.log4brains_folder {
            return Layout {
                tool: Tool::Log4brains,
                folder: clean_folder(folder),
            };
        }
        if let Some(folder) = &probe.adr_dir {
            return Layout {
                tool: Tool::AdrTools,
                folder: clean_folder(folder),
            };
        }
        if let Some(folder) = &probe.dotnet_adr_folder {
            return Layout {
                tool: Tool::DotnetAdr,
                folder: clean_folder(folder),
            };
        }
        if let Some(folder) = &probe.pyadr_folder {
            return Layout {
                tool: Tool::Pyadr,
                folder: clean_folder(folder),
            };
        }
    }
    let candidates = candidate_folders(kind);
    let folder = candidates
        .iter()
        .find(|c| probe.existing_folders.contains(c))
        .unwrap_or(&candidates[0])
        .clone();
    let tool = match folder.as_str() {
        "doc/adr" if is_decision_kind => Tool::AdrTools,
        "docs/decisions" if is_decision_kind => Tool::Madr,
        _ => Tool::Docwright,
    };
    Layout { tool, folder }
}

/// A file name's slug: lower case ASCII letters and digits, words joined by `-`
/// ("Use PostgreSQL 16!" → `use-postgresql-16`). Other letters are kept as they are, lower case.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        String::from("untitled")
    } else {
        trimmed.to_string()
    }
}

/// A file name's slug as adr-tools' `adr new` makes it (`tr -Ccs '[:alnum:]' -`, byte by byte):
/// every run of bytes that are not ASCII letters or digits becomes one `-`, letters are lower
/// case, and leading and trailing dashes go ("Ünïcode names" → `n-code-names`). A title with no
/// ASCII letter or digit gives `untitled` where adr-tools writes an empty slug (`0004-.md`).
pub fn adr_tools_slug(title: &str) -> String {
    let mut out = String::new();
    for byte in title.bytes() {
        if byte.is_ascii_alphanumeric() {
            out.push(byte.to_ascii_lowercase() as char);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        String::from("untitled")
    } else {
        trimmed.to_string()
    }
}

/// A record's slug as log4brains makes it (`slugify(title, { lower: true, strict: true })`):
/// dashes count as spaces, common Latin letters lose their accents (`Ü` → `u`, `ß` → `ss`), any
/// other character that is not an ASCII letter or digit is dropped (not turned into a dash),
/// and runs of spaces become one `-`. A title left with nothing gives `untitled`.
pub fn log4brains_slug(title: &str) -> String {
    let mut spaced = String::new();
    for c in title.chars() {
        if c == '-' || c.is_whitespace() {
            spaced.push(' ');
        } else if c.is_ascii_alphanumeric() {
            spaced.push(c.to_ascii_lowercase());
        } else if let Some(ascii) = latin_ascii(c) {
            spaced.push_str(ascii);
        }
    }
    let slug = spaced.split_whitespace().collect::<Vec<_>>().join("-");
    if slug.is_empty() {
        String::from("untitled")
    } else {
        slug
    }
}

/// The ASCII letters slugify writes for the common accented Latin letters (lower case).
fn latin_ascii(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next()?;
    Some(match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ß' => "ss",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// A proposal's slug as pyadr makes it (python-slugify): accented Latin letters lose their
/// accents, apostrophes go, every other run of characters that are not ASCII letters or digits
/// becomes one `-`. (python-slugify also spells other scripts in Latin letters; those are
/// separators here.)
pub fn pyadr_slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c == '\'' {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(ascii) = latin_ascii(c) {
            out.push_str(ascii);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        String::from("untitled")
    } else {
        trimmed.to_string()
    }
}

/// The template pyadr copies into its records folder (`pyadr init`), in MADR 2's form.
pub const PYADR_TEMPLATE: &str = "template.md";

/// Whether a records folder's `template.md` is pyadr's: a log made by `pyadr init` has no `.adr`
/// file (only `pyadr config` writes one), so its template, with MADR 2's `* Status:` bullet,
/// is what marks it.
pub fn is_pyadr_template(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("* Status: "))
        && text.lines().any(|line| line.starts_with("* Date: "))
}

/// The template log4brains keeps in its `adrFolder`.
pub const LOG4BRAINS_TEMPLATE: &str = "template.md";

/// Where the Debian package of adr-tools installs the template `adr new` uses when the log has
/// no `templates/template.md`. The edge reads it (read-only) when it exists.
pub const ADR_TOOLS_INSTALLED_TEMPLATE: &str = "/usr/share/adr-tools/template.md";

/// The number a file name starts with (`0007-use-postgres.md` → 7) and how many digits it uses.
pub fn leading_number(file_name: &str) -> Option<(u32, usize)> {
    let digits = file_name.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 8 {
        // `20240115-x.md` (log4brains) is a date, not a number.
        return None;
    }
    let rest = &file_name[digits..];
    if !(rest.starts_with('-') || rest.starts_with('_') || rest.starts_with('.')) {
        return None;
    }
    file_name[..digits].parse().ok().map(|n| (n, digits))
}

/// The next free number in a folder with these file names, and the width to pad it to: highest
/// + 1 (1 in an empty folder), as wide as the widest number already there, 4 by default.
pub fn next_number(file_names: &[String]) -> (u32, usize) {
    let numbered: Vec<(u32, usize)> = file_names
        .iter()
        .filter(|name| is_markdown_name(name))
        .filter_map(|name| leading_number(name))
        .filter(|(_, digits)| *digits < 8)
        .collect();
    let highest = numbered.iter().map(|(n, _)| *n).max().unwrap_or(0);
    let width = numbered.iter().map(|(_, d)| *d).max().unwrap_or(4);
    (highest + 1, width)
}

fn is_markdown_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// The template files a repository may provide for `kind` in this layout, in order of
/// preference (workspace-relative). `configured` is the kind's `template` from `docwright.toml`,
/// already made workspace-relative by the edge.
pub fn template_candidates(kind: &str, layout: &Layout, configured: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = configured.map(str::to_string).into_iter().collect();
    let in_folder = |name: &str| {
        if layout.folder.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", layout.folder)
        }
    };
    out.push(in_folder(&format!("templates/{kind}.md")));
    if layout.tool == Tool::AdrTools {
        out.push(in_folder("templates/template.md"));
    }
    // log4brains creates every record from its folder's `template.md`, pyadr from the same
    // template it copies there.
    if matches!(layout.tool, Tool::Log4brains | Tool::Pyadr) {
        out.push(in_folder(LOG4BRAINS_TEMPLATE));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("Use PostgreSQL 16!"), "use-postgresql-16");
        assert_eq!(slug("  Ünïcode  names "), "ünïcode-names");
        assert_eq!(slug("???"), "untitled");
    }

    #[test]
    fn log4brains_slugs_drop_punctuation_and_fold_accents_as_slugify_does() {
        assert_eq!(log4brains_slug("Use PostgreSQL 16!"), "use-postgresql-16");
        assert_eq!(log4brains_slug("Don't use a/b -- ok?"), "dont-use-ab-ok");
        assert_eq!(log4brains_slug("Ünïcode straße"), "unicode-strasse");
        assert_eq!(log4brains_slug("日本"), "untitled");
    }

    #[test]
    fn pyadr_slugs_turn_punctuation_into_dashes_as_python_slugify_does() {
        assert_eq!(pyadr_slug("Ünïcode straße -- ok?"), "unicode-strasse-ok");
        assert_eq!(pyadr_slug("Don't use a/b"), "dont-use-a-b");
        assert!(is_pyadr_template(
            "# T\n\n* Status: [proposed]\n* Date: [d]\n"
        ));
        assert!(!is_pyadr_template("# T\n\n- Status: proposed\n"));
    }

    #[test]
    fn adr_tools_slugs_drop_every_non_ascii_byte_as_its_tr_does() {
        assert_eq!(adr_tools_slug("Use PostgreSQL 16!"), "use-postgresql-16");
        assert_eq!(adr_tools_slug("Ünïcode  names -- ok?"), "n-code-names-ok");
        assert_eq!(adr_tools_slug("--x--"), "x");
        assert_eq!(adr_tools_slug("日本"), "untitled");
    }

    #[test]
    fn next_number_keeps_the_folders_width() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(next_number(&names(&[])), (1, 4));
        assert_eq!(
            next_number(&names(&["001-a.md", "007-b.md", "README.md"])),
            (8, 3)
        );
        assert_eq!(
            next_number(&names(&["0001-a.md", "0002-b.md", "0010-notes.txt"])),
            (3, 4)
        );
        // log4brains' dates are not numbers.
        assert_eq!(next_number(&names(&["20240115-a.md"])), (1, 4));
    }

    #[test]
    fn layouts_follow_the_tools_markers() {
        let probe = LayoutProbe {
            adr_dir: Some("./architecture/decisions/".into()),
            ..LayoutProbe::default()
        };
        assert_eq!(
            detect_layout("adr", &probe),
            Layout {
                tool: Tool::AdrTools,
                folder: "architecture/decisions".into()
            }
        );
        let probe = LayoutProbe {
            log4brains_folder: log4brains_adr_folder("project:\n  adrFolder: ./docs/adr # here\n"),
            ..LayoutProbe::default()
        };
        assert_eq!(detect_layout("madr", &probe).tool, Tool::Log4brains);
        assert_eq!(detect_layout("madr", &probe).folder, "docs/adr");
        let probe = LayoutProbe {
            existing_folders: vec!["docs/decisions".into()],
            ..LayoutProbe::default()
        };
        assert_eq!(detect_layout("madr", &probe).tool, Tool::Madr);
        assert_eq!(detect_layout("rfc", &probe).folder, "text");
        assert_eq!(
            detect_layout("threat-model", &probe).folder,
            "docs/threat-model"
        );
    }

    #[test]
    fn dotnet_adr_and_pyadr_configs_name_the_folder() {
        assert_eq!(
            dotnet_adr_folder("{\n  \"Path\": \"./Docs/Adr\"\n}\n").as_deref(),
            Some("Docs/Adr")
        );
        assert_eq!(dotnet_adr_folder("{\"path\": \"\"}"), None);
        assert_eq!(dotnet_adr_folder("not json"), None);
        assert_eq!(
            pyadr_records_dir("[adr]\nrecords-dir = architecture/decisions\n"),
            "architecture/decisions"
        );
        assert_eq!(pyadr_records_dir("[other]\nrecords-dir = x\n"), "docs/adr");
        let probe = LayoutProbe {
            dotnet_adr_folder: Some("Docs/Adr".into()),
            ..LayoutProbe::default()
        };
        assert_eq!(detect_layout("adr", &probe).tool, Tool::DotnetAdr);
        assert_eq!(detect_layout("rfc", &probe).tool, Tool::Docwright);
        let probe = LayoutProbe {
            pyadr_folder: Some(pyadr_records_dir("")),
            ..LayoutProbe::default()
        };
        assert_eq!(
            detect_layout("madr", &probe),
            Layout {
                tool: Tool::Pyadr,
                folder: "docs/adr".into()
            }
        );
    }
}
