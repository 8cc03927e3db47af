//! The authoring workspace both edges use: the file-system side of `analysis::authoring`.
//!
//! [`AuthoringWorkspace`] finds the workspace root (the folder of `docwright.toml`, else the
//! folder it is opened at), probes the layout's markers (`.adr-dir`, `.log4brains.yml`,
//! `adr.config.json`, `.adr`, conventional folders), lists and reads the documents, and the core
//! plans the files and edits. The authoring commands (`cli::authoring`) and the language
//! server's commands (`lsp::commands`, with the editor's open texts laid over the disk) use it.

use docwright_core::authoring::index_table::{
    ADR_TOOLS_INDEX, INDEX_FILE_NAMES, PYADR_INDEX, START_MARKER, adr_tools_toc,
    adr_tools_toc_edit, index_edit, index_rows, is_adr_tools_record_name, is_indexed_file_name,
    new_index_file, pyadr_toc,
};
use docwright_core::authoring::layout::{
    ADR_TOOLS_INSTALLED_TEMPLATE, Layout, LayoutProbe, PYADR_DEFAULT_FOLDER, PYADR_TEMPLATE, Tool,
    candidate_folders, detect_layout, dotnet_adr_folder, is_pyadr_template, log4brains_adr_folder,
    pyadr_records_dir, template_candidates,
};
use docwright_core::authoring::new_doc::{NewDocRequest, plan_named, plan_new};
use docwright_core::authoring::relations::{
    LinkRelation, find_doc, link, pyadr_decide, renamed_link_edits, set_status_in, supersede,
};
use docwright_core::authoring::{DocEdits, DocText, FileCreation, apply_edits};
use docwright_core::config::Config;
use std::path::{Path, PathBuf};

/// Where a planned document goes when not where its kind's layout puts it.
#[derive(Clone, Copy)]
enum CreateAt<'a> {
    /// This workspace-relative file.
    Path(&'a str),
    /// The next name in this workspace-relative folder.
    Folder(&'a str),
}

/// A workspace for authoring: its root, configuration, and a view of its files in which the
/// editor's unsaved texts (`overlay`) take the place of what is on disk.
pub struct AuthoringWorkspace {
    pub root: PathBuf,
    pub config: Config,
    /// Workspace-relative path → text, for documents open in an editor.
    pub overlay: std::collections::HashMap<String, String>,
}

impl AuthoringWorkspace {
    /// The workspace around `start`: the folder of the nearest `docwright.toml`, else `start`.
    pub fn open(start: &Path) -> Result<AuthoringWorkspace, String> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let (root, config) = match crate::find_config(&start) {
            Some(path) => {
                let (config, error) = crate::load_config(&path);
                if let Some(error) = error {
                    return Err(format!(
                        "{}:{}:{}: {}",
                        path.display(),
                        error.line,
                        error.column,
                        error.message
                    ));
                }
                let root = path
                    .parent()
                    .map_or_else(|| start.clone(), Path::to_path_buf);
                (root, config)
            }
            None => (start, Config::default()),
        };
        Ok(AuthoringWorkspace {
            root,
            config,
            overlay: Default::default(),
        })
    }

    fn absolute(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// The workspace boundary: every file read or written lies, symbolic links resolved, under
    /// the root.
    pub fn boundary(&self) -> crate::Boundary {
        crate::Boundary::new(std::slice::from_ref(&self.root))
    }

    /// `relative` (or an absolute path), refused unless it resolves inside the root.
    fn inside(&self, relative: &str) -> Result<PathBuf, String> {
        self.boundary()
            .resolve_inside(&self.absolute(relative))
            .map_err(|e| format!("{relative}: {}", e.reason()))
    }

    pub fn relative(&self, path: &Path) -> String {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|cwd| cwd.join(path))
                .unwrap_or_else(|_| path.to_path_buf())
        };
        crate::workspace_relative(&path, &self.root)
    }

    /// The layout of `kind`'s documents, from the markers on disk.
    pub fn layout(&self, kind: &str) -> Layout {
        // Markers through the boundary: inside the root, regular files, a few KB at most.
        let boundary = self.boundary();
        let read = |name: &str| boundary.read_marker(&self.root.join(name));
        let probe = LayoutProbe {
            adr_dir: read(".adr-dir")
                .and_then(|text| text.lines().next().map(|l| l.trim().to_string()))
                .filter(|l| !l.is_empty()),
            log4brains_folder: read(".log4brains.yml")
                .or_else(|| read(".log4brains.yaml"))
                .and_then(|text| log4brains_adr_folder(&text)),
            dotnet_adr_folder: read("adr.config.json").and_then(|text| dotnet_adr_folder(&text)),
            // pyadr's `.adr` is a file; a folder of that name is something else. Without one,
            // a log made by `pyadr init` is known by the template it copies into its folder.
            pyadr_folder: if self.absolute(".adr").is_file() {
                Some(pyadr_records_dir(&read(".adr").unwrap_or_default()))
            } else {
                read(&format!("{PYADR_DEFAULT_FOLDER}/{PYADR_TEMPLATE}"))
                    .filter(|text| is_pyadr_template(text))
                    .map(|_| PYADR_DEFAULT_FOLDER.to_string())
            },
            existing_folders: candidate_folders(kind)
                .into_iter()
                .filter(|folder| self.absolute(folder).is_dir())
                .collect(),
        };
        detect_layout(kind, &probe)
    }

    /// The layout whose folder holds `path` (adr-tools, MADR, log4brains), else Docwright's.
    pub fn tool_for(&self, path: &str) -> Tool {
        let folder = path.rfind('/').map_or("", |i| &path[..i]);
        self.config
            .kinds
            .iter()
            .map(|k| self.layout(&k.name))
            .find(|layout| layout.folder == folder && layout.tool != Tool::Docwright)
            .map_or(Tool::Docwright, |layout| layout.tool)
    }

    /// The file names in a workspace-relative folder (none when it does not exist).
    pub fn file_names(&self, folder: &str) -> Vec<String> {
        let Ok(folder) = self.inside(folder) else {
            return Vec::new();
        };
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().is_file())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The text of a workspace-relative document: the editor's, else the file's.
    pub fn read(&self, relative: &str) -> Result<String, String> {
        if let Some(text) = self.overlay.get(relative) {
            return Ok(text.clone());
        }
        self.boundary()
            .read_text(&self.absolute(relative), crate::MAX_TEXT_BYTES)
            .map_err(|e| format!("{relative}: {}", e.reason()))
    }

    /// `new`: the file to create for a `kind` document titled `title`.
    pub fn plan_new(
        &self,
        kind_name: &str,
        title: &str,
        today: &str,
    ) -> Result<FileCreation, String> {
        self.plan_creation(kind_name, title, today, None)
    }

    /// The kind whose decision log is the folder of `path` (workspace-relative): the kind whose
    /// layout puts its documents there, `preferred` first; else `preferred` itself, the kind of
    /// a document of that folder that links to `path`.
    pub fn log_kind_of(&self, path: &str, preferred: Option<&str>) -> Option<String> {
        let folder = path.rfind('/').map_or("", |i| &path[..i]);
        let names = preferred
            .into_iter()
            .chain(self.config.kinds.iter().map(|k| k.name.as_str()));
        for name in names {
            if self.config.kind(name).is_some() && self.layout(name).folder == folder {
                return Some(name.to_string());
            }
        }
        preferred
            .filter(|name| self.config.kind(name).is_some())
            .map(str::to_string)
    }

    /// The file to create for a link to a document not written yet: `path` (workspace-relative)
    /// with the text `new` would give a `kind` document titled `title` there, or why not (outside
    /// the root, already there, not Markdown).
    pub fn plan_new_at(
        &self,
        kind_name: &str,
        path: &str,
        title: &str,
        today: &str,
    ) -> Result<FileCreation, String> {
        let lower = path.to_ascii_lowercase();
        if !(lower.ends_with(".md") || lower.ends_with(".markdown")) {
            return Err(format!("{path} is not a Markdown file"));
        }
        self.plan_creation(kind_name, title, today, Some(CreateAt::Path(path)))
    }

    /// `new` in the log `folder` (workspace-relative) rather than where the kind's layout puts
    /// documents: for a wiki link by title written in that log.
    pub fn plan_new_in(
        &self,
        kind_name: &str,
        folder: &str,
        title: &str,
        today: &str,
    ) -> Result<FileCreation, String> {
        self.plan_creation(kind_name, title, today, Some(CreateAt::Folder(folder)))
    }

    fn plan_creation(
        &self,
        kind_name: &str,
        title: &str,
        today: &str,
        at: Option<CreateAt>,
    ) -> Result<FileCreation, String> {
        let kind = self.config.kind(kind_name).ok_or_else(|| {
            let known: Vec<&str> = self.config.kinds.iter().map(|k| k.name.as_str()).collect();
            format!(
                "unknown kind `{kind_name}`; known kinds: {}",
                known.join(", ")
            )
        })?;
        if title.trim().is_empty() {
            return Err(String::from("the title is empty"));
        }
        let mut layout = self.layout(kind_name);
        match at {
            // The log is the folder the link names; its template is looked for there.
            Some(CreateAt::Path(at)) => {
                layout.folder = at.rfind('/').map_or("", |i| &at[..i]).to_string();
            }
            Some(CreateAt::Folder(folder)) => layout.folder = folder.to_string(),
            None => {}
        }
        let names = self.file_names(&layout.folder);
        let configured = kind.template.as_deref().map(|t| t.trim_start_matches("./"));
        let boundary = self.boundary();
        let template = template_candidates(kind_name, &layout, configured)
            .into_iter()
            .find_map(|path| {
                let text = boundary
                    .read_text(&self.absolute(&path), crate::MAX_TEXT_BYTES)
                    .ok()?;
                Some((path, text))
            })
            .or_else(|| {
                // adr-tools' own template, from its package, when the log has none.
                if layout.tool != Tool::AdrTools || configured.is_some() {
                    return None;
                }
                let text = std::fs::read_to_string(ADR_TOOLS_INSTALLED_TEMPLATE).ok()?;
                Some((ADR_TOOLS_INSTALLED_TEMPLATE.to_string(), text))
            });
        if let (Some(configured), None) = (configured, &template) {
            let why = match boundary.resolve_inside(&self.absolute(configured)) {
                Err(error) if error.is_outside() => "lies outside the workspace; refused",
                _ => "cannot be read",
            };
            return Err(format!(
                "the template `{configured}` of kind `{kind_name}` {why}"
            ));
        }
        let author = git_user_name(&self.root);
        let request = NewDocRequest {
            kind,
            layout: &layout,
            title,
            today,
            author: author.as_deref(),
            existing_file_names: &names,
            template: template.as_ref().map(|(p, t)| (p.as_str(), t.as_str())),
        };
        let created = match at {
            Some(CreateAt::Path(at)) => plan_named(&request, at),
            _ => plan_new(&request),
        };
        // The folder comes from markers the repository carries (`.adr-dir` may say `../x`).
        if let Err(error) = boundary.resolve_inside(&self.absolute(&created.path)) {
            return Err(format!(
                "{}: {} (the decision folder `{}` lies outside the workspace)",
                created.path,
                error.reason(),
                layout.folder
            ));
        }
        if self.absolute(&created.path).exists() {
            return Err(format!("{} already exists", created.path));
        }
        Ok(created)
    }

    /// Every document a number or path could name: the Markdown files of every kind's folder.
    fn known_docs(&self) -> Vec<String> {
        let mut folders: Vec<String> = self
            .config
            .kinds
            .iter()
            .map(|k| self.layout(&k.name).folder)
            .collect();
        folders.dedup();
        let mut paths = Vec::new();
        for folder in folders {
            for name in self.file_names(&folder) {
                let path = if folder.is_empty() {
                    name
                } else {
                    format!("{folder}/{name}")
                };
                if is_indexed_file_name(path.rsplit('/').next().unwrap_or(&path))
                    && !paths.contains(&path)
                {
                    paths.push(path);
                }
            }
        }
        paths
    }

    /// The workspace-relative path an argument names: an existing file, else a number or file
    /// name in one of the kinds' folders.
    pub fn resolve_doc(&self, argument: &str) -> Result<String, String> {
        let as_path = Path::new(argument);
        let boundary = self.boundary();
        let refuse = |error: crate::BoundaryError| format!("{argument}: {}", error.reason());
        if as_path.is_file() {
            let absolute = std::env::current_dir()
                .map(|cwd| cwd.join(as_path))
                .unwrap_or_else(|_| as_path.to_path_buf());
            boundary.resolve_inside(&absolute).map_err(refuse)?;
            return Ok(self.relative(as_path));
        }
        if self.absolute(argument).is_file() || self.overlay.contains_key(argument) {
            boundary
                .resolve_inside(&self.absolute(argument))
                .map_err(refuse)?;
            return Ok(argument.trim_start_matches("./").to_string());
        }
        let known = self.known_docs();
        find_doc(argument, &known)
            .map(str::to_string)
            .ok_or_else(|| format!("no document `{argument}` found"))
    }

    /// `supersede old new`.
    pub fn plan_supersede(&self, old: &str, new: &str) -> Result<Vec<DocEdits>, String> {
        let old = self.resolve_doc(old)?;
        let new = self.resolve_doc(new)?;
        if old == new {
            return Err(String::from("a document cannot supersede itself"));
        }
        let (old_text, new_text) = (self.read(&old)?, self.read(&new)?);
        Ok(supersede(
            DocText {
                path: &old,
                text: &old_text,
            },
            DocText {
                path: &new,
                text: &new_text,
            },
            self.tool_for(&old),
            &self.config,
        ))
    }

    /// `link from to --relation r`.
    pub fn plan_link(&self, from: &str, to: &str, relation: &str) -> Result<Vec<DocEdits>, String> {
        let relation = LinkRelation::parse(relation).ok_or_else(|| {
            format!("unknown relation `{relation}`; use amends, relates-to or supersedes")
        })?;
        let from = self.resolve_doc(from)?;
        let to = self.resolve_doc(to)?;
        if from == to {
            return Err(String::from("a document cannot be linked to itself"));
        }
        let (from_text, to_text) = (self.read(&from)?, self.read(&to)?);
        Ok(link(
            DocText {
                path: &from,
                text: &from_text,
            },
            DocText {
                path: &to,
                text: &to_text,
            },
            relation,
            self.tool_for(&from),
            &self.config,
        ))
    }

    /// pyadr's accept or reject of a proposal: the file to write in its place (numbered, renamed,
    /// dated), with the path of the proposal it replaces; `None` for anything else.
    pub fn plan_pyadr_decision(
        &self,
        doc: &str,
        status: &str,
        today: &str,
    ) -> Result<Option<(String, FileCreation)>, String> {
        let path = self.resolve_doc(doc)?;
        if self.tool_for(&path) != Tool::Pyadr {
            return Ok(None);
        }
        let text = self.read(&path)?;
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let names = self.file_names(folder);
        let decided = pyadr_decide(
            DocText {
                path: &path,
                text: &text,
            },
            status,
            today,
            &names,
        );
        match decided {
            Some(created) if self.absolute(&created.path).exists() => {
                Err(format!("{} already exists", created.path))
            }
            decided => Ok(decided.map(|created| (path, created))),
        }
    }

    /// pyadr's accept or reject as a whole: the proposal renamed to its numbered, dated record
    /// (links in the record to its own old name already following), and the edits of every other
    /// document whose links named the proposal's file; `None` outside a pyadr log or for another
    /// status.
    pub fn plan_pyadr_rename(
        &self,
        doc: &str,
        status: &str,
        today: &str,
    ) -> Result<Option<PyadrRename>, String> {
        let Some((proposal, mut created)) = self.plan_pyadr_decision(doc, status, today)? else {
            return Ok(None);
        };
        let old_name = proposal.rsplit('/').next().unwrap_or(&proposal);
        let new_name = created.path.rsplit('/').next().unwrap_or(&created.path);
        let own = renamed_link_edits(&created.text, old_name, new_name);
        created.text = apply_edits(&created.text, &own);
        let mut links = Vec::new();
        for path in self.known_docs() {
            if path == proposal || path == created.path {
                continue;
            }
            let Ok(text) = self.read(&path) else {
                continue;
            };
            let edits = renamed_link_edits(&text, old_name, new_name);
            if !edits.is_empty() {
                links.push(DocEdits { path, edits });
            }
        }
        Ok(Some(PyadrRename {
            proposal,
            created,
            links,
        }))
    }

    /// `new` superseding `supersedes` (numbers or paths), as `adr new -s` does: the file to
    /// create, already stating what it supersedes, and the edits of the documents it replaces.
    pub fn plan_new_superseding(
        &self,
        kind: &str,
        title: &str,
        today: &str,
        supersedes: &[String],
    ) -> Result<(FileCreation, Vec<DocEdits>), String> {
        let mut created = self.plan_new(kind, title, today)?;
        let mut olds: Vec<String> = Vec::new();
        for old in supersedes {
            let path = self.resolve_doc(old)?;
            if !olds.contains(&path) {
                olds.push(path);
            }
        }
        // A view in which the new document already exists, with the editor's texts.
        let mut view = AuthoringWorkspace {
            root: self.root.clone(),
            config: self.config.clone(),
            overlay: self.overlay.clone(),
        };
        view.overlay
            .insert(created.path.clone(), created.text.clone());
        let mut edits = Vec::new();
        for old in &olds {
            for doc in view.plan_supersede(old, &created.path)? {
                if doc.path == created.path {
                    created.text = apply_edits(&created.text, &doc.edits);
                    view.overlay
                        .insert(created.path.clone(), created.text.clone());
                } else {
                    edits.push(doc);
                }
            }
        }
        Ok((created, edits))
    }

    /// `set-status doc status`.
    pub fn plan_set_status(&self, doc: &str, status: &str) -> Result<Vec<DocEdits>, String> {
        let path = self.resolve_doc(doc)?;
        let text = self.read(&path)?;
        let edits = set_status_in(
            DocText {
                path: &path,
                text: &text,
            },
            status,
            &self.config,
            self.tool_for(&path),
        )?;
        Ok(if edits.is_empty() {
            Vec::new()
        } else {
            vec![DocEdits { path, edits }]
        })
    }

    /// The folder `index` works on by default: the first kind's folder that exists (the built-in
    /// kinds start with the decision records).
    pub fn default_index_folder(&self) -> Option<String> {
        self.config
            .kinds
            .iter()
            .map(|kind| self.layout(&kind.name).folder)
            .find(|folder| self.absolute(folder).is_dir())
    }

    /// `index folder`: the edit of its README.md or index.md, or the README.md to create.
    pub fn plan_index(&self, folder: &str) -> Result<IndexPlan, String> {
        let folder = folder
            .trim_start_matches("./")
            .trim_end_matches('/')
            .to_string();
        let resolved = self.inside(&folder)?;
        if !resolved.is_dir() {
            return Err(format!("{folder} is not a folder"));
        }
        let names = self.file_names(&folder);
        let join = |name: &str| {
            if folder.is_empty() {
                name.to_string()
            } else {
                format!("{folder}/{name}")
            }
        };
        // pyadr's folder: `index.md` rewritten whole, as `pyadr toc` writes it.
        if self.tool_for(&join(PYADR_INDEX)) == Tool::Pyadr {
            let mut texts = Vec::new();
            for name in &names {
                if name.ends_with(".md") && name != PYADR_INDEX {
                    texts.push((name.clone(), self.read(&join(name))?));
                }
            }
            let docs: Vec<(&str, &str)> = texts
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str()))
                .collect();
            let toc = pyadr_toc(&docs);
            let path = join(PYADR_INDEX);
            return Ok(match self.read(&path) {
                Ok(text) if text == toc => IndexPlan::Current(path),
                Ok(text) => IndexPlan::Edit(DocEdits {
                    path,
                    edits: vec![docwright_core::diagnostic::TextEdit {
                        range: docwright_core::position::TextRange::new(0, text.len()),
                        new_text: toc,
                    }],
                }),
                Err(_) => IndexPlan::Create(FileCreation { path, text: toc }),
            });
        }
        // adr-tools' folder: its table of contents (`adr generate toc`) in README.md, unless the
        // folder already keeps Docwright's marked table.
        if self.tool_for(&join(ADR_TOOLS_INDEX)) == Tool::AdrTools {
            let marked = INDEX_FILE_NAMES.iter().any(|name| {
                names.iter().any(|n| n == name)
                    && self
                        .read(&join(name))
                        .is_ok_and(|text| text.contains(START_MARKER))
            });
            if !marked {
                let mut records = Vec::new();
                for name in names.iter().filter(|n| is_adr_tools_record_name(n)) {
                    records.push((name.clone(), self.read(&join(name))?));
                }
                let records: Vec<(&str, &str)> = records
                    .iter()
                    .map(|(name, text)| (name.as_str(), text.as_str()))
                    .collect();
                let path = join(ADR_TOOLS_INDEX);
                if !names.iter().any(|n| n == ADR_TOOLS_INDEX) {
                    return Ok(IndexPlan::Create(FileCreation {
                        path,
                        text: adr_tools_toc(&records),
                    }));
                }
                let text = self.read(&path)?;
                match adr_tools_toc_edit(&text, &records) {
                    Some(Some(edit)) => {
                        return Ok(IndexPlan::Edit(DocEdits {
                            path,
                            edits: vec![edit],
                        }));
                    }
                    Some(None) => return Ok(IndexPlan::Current(path)),
                    // A README of the team's own: the marked table, as elsewhere.
                    None => {}
                }
            }
        }
        let mut texts = Vec::new();
        // Files `docwright.toml` ignores are left out, as `check` leaves them out of the index
        // that `stale-index` compares the table with.
        for name in names.iter().filter(|n| is_indexed_file_name(n)) {
            let path = join(name);
            if self.config.is_ignored(&path) {
                continue;
            }
            let text = self.read(&path)?;
            texts.push((path, text));
        }
        let docs: Vec<DocText> = texts
            .iter()
            .map(|(path, text)| DocText { path, text })
            .collect();
        // The hints detection gets for a document of this folder, so that the ids match what
        // `check` indexes (and `stale-index` compares against).
        let hints = crate::path_hints(&self.absolute(&join("index.md")), &self.root);
        let rows = index_rows(&docs, &folder, &self.config, &hints);
        let existing = INDEX_FILE_NAMES
            .iter()
            .find(|name| names.iter().any(|n| n == *name))
            .map(|name| join(name));
        Ok(match existing {
            Some(path) => {
                let text = self.read(&path)?;
                match index_edit(&text, &rows) {
                    Some(edit) => IndexPlan::Edit(DocEdits {
                        path,
                        edits: vec![edit],
                    }),
                    None => IndexPlan::Current(path),
                }
            }
            None => IndexPlan::Create(FileCreation {
                path: join(INDEX_FILE_NAMES[0]),
                text: new_index_file(&rows),
            }),
        })
    }

    /// Writes edits to disk (atomically, file by file, through the boundary: a file that changed
    /// since it was read, a read-only or hard-linked file, or one outside the root is refused).
    pub fn write_edits(&self, edits: &[DocEdits]) -> Result<(), String> {
        let boundary = self.boundary();
        for doc in edits {
            let text = self.read(&doc.path)?;
            let updated = apply_edits(&text, &doc.edits);
            boundary
                .replace_file(&self.absolute(&doc.path), &text, &updated)
                .map_err(|e| format!("{}: {}", doc.path, e.reason()))?;
        }
        Ok(())
    }

    /// Creates a planned file (never over an existing one), inside the root.
    pub fn write_new(&self, created: &FileCreation) -> Result<(), String> {
        self.boundary()
            .create_file(&self.absolute(&created.path), &created.text)
            .map_err(|e| format!("{}: {}", created.path, e.reason()))
    }
}

/// pyadr's accept or reject of a proposal, planned whole.
#[derive(Debug)]
pub struct PyadrRename {
    /// The proposal's path (`docs/adr/XXXX-slug.md`), renamed.
    pub proposal: String,
    /// The record it becomes: its numbered path and its whole text.
    pub created: FileCreation,
    /// The other documents' links to the proposal's file name, now naming the record's.
    pub links: Vec<DocEdits>,
}

/// What `index` does to a folder.
#[derive(Debug)]
pub enum IndexPlan {
    Edit(DocEdits),
    Create(FileCreation),
    /// The index at this path is already current.
    Current(String),
}

/// `git config user.name` in `dir`, when git is installed and one is set.
fn git_user_name(dir: &Path) -> Option<String> {
    let output = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(dir)
        .output()
        .ok()?;
    let name = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !name.is_empty()).then_some(name)
}
