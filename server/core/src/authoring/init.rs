//! `init`: a new decision log laid out as a tool's own `init` lays it out (folder, marker file,
//! template, first record), so that a team can start with Docwright alone and run the tool
//! later, or the other way round.
//!
//! | Tool | Marker | Template | First record |
//! | --- | --- | --- | --- |
//! | adr-tools | `.adr-dir` when the folder is not `doc/adr` | (the package's) | `0001-record-architecture-decisions.md` |
//! | MADR | — | — | `0001-record-architecture-decisions.md`, MADR 4 front matter |
//! | log4brains | `.log4brains.yml` | `template.md` | `YYYYMMDD-record-architecture-decisions.md` |
//! | pyadr | — | `template.md` (MADR 2 bullets) | `0000-record-architecture-decisions.md` |
//! | nygard | — | — | `0001-record-architecture-decisions.md` (Docwright's own layout) |
//!
//! The first record's text is Docwright's; for adr-tools the edge hands in the package's own
//! `init.md` when it is installed, filled as `adr init` fills it.

use crate::authoring::FileCreation;
use crate::authoring::layout::{PYADR_DEFAULT_FOLDER, clean_folder};
use crate::authoring::template::render_adr_tools;
use crate::authoring::template::{MADR_OPTIONAL, Variables};

/// The tools `init` lays a log out for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitTool {
    AdrTools,
    Madr,
    Log4brains,
    Pyadr,
    Nygard,
}

impl InitTool {
    pub const NAMES: &'static [&'static str] =
        &["adr-tools", "madr", "log4brains", "pyadr", "nygard"];

    pub fn parse(name: &str) -> Option<InitTool> {
        match name.trim().to_ascii_lowercase().as_str() {
            "adr-tools" | "adrtools" => Some(InitTool::AdrTools),
            "madr" => Some(InitTool::Madr),
            "log4brains" => Some(InitTool::Log4brains),
            "pyadr" => Some(InitTool::Pyadr),
            "nygard" | "docwright" => Some(InitTool::Nygard),
            _ => None,
        }
    }

    /// The folder the tool's `init` uses when none is named.
    pub fn default_folder(self) -> &'static str {
        match self {
            InitTool::AdrTools | InitTool::Nygard => "doc/adr",
            InitTool::Madr => "docs/decisions",
            InitTool::Log4brains | InitTool::Pyadr => PYADR_DEFAULT_FOLDER,
        }
    }
}

const TITLE: &str = "Record architecture decisions";
const CONTEXT: &str = "Decisions about this project's architecture are made in conversations, \
issues and reviews, and their reasons are lost once those are closed.";
const DECISION: &str = "We will record each significant decision in a short Markdown file in this \
folder, numbered, with its context, the decision and its consequences, and keep the files in \
version control beside the code.";
const CONSEQUENCES: &str = "New team members can read why things are as they are. Each decision \
takes a few minutes to write down, and a decision that is replaced is marked as superseded rather \
than deleted.";

/// The files `init` creates for `tool` in `folder` (workspace-relative; the tool's default when
/// `None`). `installed_adr_tools_init` is the text of adr-tools' own `init.md` when the edge
/// found it.
pub fn plan_init(
    tool: InitTool,
    folder: Option<&str>,
    today: &str,
    installed_adr_tools_init: Option<&str>,
) -> Vec<FileCreation> {
    let folder = folder
        .map(clean_folder)
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| tool.default_folder().to_string());
    let at = |name: &str| format!("{folder}/{name}");
    let mut files = Vec::new();
    let nygard_record = || {
        format!(
            "# 1. {TITLE}\n\nDate: {today}\n\n## Status\n\nAccepted\n\n## Context\n\n{CONTEXT}\n\n## Decision\n\n{DECISION}\n\n## Consequences\n\n{CONSEQUENCES}\n"
        )
    };
    match tool {
        InitTool::AdrTools => {
            // `adr init DIR` writes `.adr-dir`; `adr init` alone uses `doc/adr` without one.
            if folder != "doc/adr" {
                files.push(FileCreation {
                    path: String::from(".adr-dir"),
                    text: format!("{folder}\n"),
                });
            }
            let text = match installed_adr_tools_init {
                Some(template) => render_adr_tools(
                    template,
                    &Variables {
                        number: Some(1),
                        title: "record-architecture-decisions",
                        date: today,
                        status: "accepted",
                        author: None,
                    },
                ),
                None => nygard_record(),
            };
            files.push(FileCreation {
                path: at("0001-record-architecture-decisions.md"),
                text,
            });
        }
        InitTool::Nygard => files.push(FileCreation {
            path: at("0001-record-architecture-decisions.md"),
            text: nygard_record(),
        }),
        InitTool::Madr => files.push(FileCreation {
            path: at("0001-record-architecture-decisions.md"),
            text: format!(
                "---\nstatus: accepted\ndate: {today}\n---\n\n# {TITLE}\n\n## Context and Problem Statement\n\n{CONTEXT} How do we keep them?\n\n## Considered Options\n\n* Markdown Architectural Decision Records (MADR)\n* A wiki page per decision\n\n## Decision Outcome\n\nChosen option: \"Markdown Architectural Decision Records (MADR)\", because they live with the code and are reviewed like it.\n\n{MADR_OPTIONAL}\n### Consequences\n\n* Good, because {}\n* Bad, because each decision takes a few minutes to write down.\n",
                "new team members can read why things are as they are."
            ),
        }),
        InitTool::Log4brains | InitTool::Pyadr => {
            let bullet = if tool == InitTool::Pyadr { '*' } else { '-' };
            // log4brains' own template starts with `draft`, a status Docwright's kinds do not
            // know yet; `proposed` is one both read.
            let first_status = "proposed";
            let meta = |status: &str, date: &str| {
                format!("{bullet} Status: {status}\n{bullet} Date: {date}\n")
            };
            let template = format!(
                "# {{short title of the problem and its solution}}\n\n{}\n## Context and Problem Statement\n\n{{Describe the situation and the problem in two or three sentences.}}\n\n## Considered Options\n\n{bullet} {{title of option 1}}\n{bullet} {{title of option 2}}\n\n## Decision Outcome\n\nChosen option: \"{{title of option 1}}\", because {{justification}}.\n",
                meta(first_status, "{YYYY-MM-DD}")
            );
            let record = format!(
                "# {TITLE}\n\n{}\n## Context and Problem Statement\n\n{CONTEXT} How do we keep them?\n\n## Considered Options\n\n{bullet} Markdown Architectural Decision Records (MADR)\n{bullet} A wiki page per decision\n\n## Decision Outcome\n\nChosen option: \"Markdown Architectural Decision Records (MADR)\", because they live with the code and are reviewed like it.\n",
                meta("accepted", today)
            );
            if tool == InitTool::Log4brains {
                files.push(FileCreation {
                    path: String::from(".log4brains.yml"),
                    text: format!(
                        "---\nproject:\n  name: decisions\n  tz: Etc/UTC\n  adrFolder: ./{folder}\n"
                    ),
                });
                let day = today.replace('-', "");
                files.push(FileCreation {
                    path: at(&format!("{day}-record-architecture-decisions.md")),
                    text: record,
                });
            } else {
                files.push(FileCreation {
                    path: at("0000-record-architecture-decisions.md"),
                    text: record,
                });
            }
            files.push(FileCreation {
                path: at("template.md"),
                text: template,
            });
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tool_gets_its_folder_marker_and_first_record() {
        let paths = |tool, folder| {
            plan_init(tool, folder, "2026-12-03", None)
                .into_iter()
                .map(|f| f.path)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            paths(InitTool::AdrTools, None),
            ["doc/adr/0001-record-architecture-decisions.md"]
        );
        assert_eq!(
            paths(InitTool::AdrTools, Some("./architecture/")),
            [
                ".adr-dir",
                "architecture/0001-record-architecture-decisions.md"
            ]
        );
        assert_eq!(
            paths(InitTool::Log4brains, None),
            [
                ".log4brains.yml",
                "docs/adr/20261203-record-architecture-decisions.md",
                "docs/adr/template.md"
            ]
        );
        assert_eq!(
            paths(InitTool::Pyadr, None),
            [
                "docs/adr/0000-record-architecture-decisions.md",
                "docs/adr/template.md"
            ]
        );
        assert_eq!(InitTool::parse("MADR"), Some(InitTool::Madr));
        assert_eq!(InitTool::parse("other"), None);
    }

    #[test]
    fn adr_tools_init_fills_the_installed_init_record_as_adr_init_does() {
        let files = plan_init(
            InitTool::AdrTools,
            None,
            "2026-12-03",
            Some("# 1. Record architecture decisions\n\nDate: DATE\n\n## Status\n\nAccepted\n"),
        );
        assert_eq!(
            files[0].text,
            "# 1. Record architecture decisions\n\nDate: 2026-12-03\n\n## Status\n\nAccepted\n"
        );
    }
}
