//! `supersede`, `link` and `set-status`: edits of existing documents, written in the form each
//! document already uses for its status (front matter, a `## Status` section, a `- Status:`
//! bullet, a `Status:` line). Every command is idempotent: when a document already says what the
//! command would write, it gets no edit.

use crate::authoring::layout::Tool;
use crate::authoring::{DocEdits, DocText};
use crate::config::Config;
use crate::diagnostic::TextEdit;
use crate::index::{DocEntry, Relation};
use crate::kinds::detect::PathHints;
use crate::outline::{MetaSource, Outline, parse_outline};
use crate::position::TextRange;
use crate::resolve::relative_path;
use crate::words::{capitalised, lowercase_first};

/// How two documents relate, written in the first and, reversed, in the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRelation {
    /// The first replaces the second (whose status becomes "superseded by").
    Supersedes,
    /// The first changes part of the second.
    Amends,
    /// The two are related; written the same way in both.
    RelatesTo,
}

impl LinkRelation {
    /// `supersedes`, `amends`, `relates-to` (the CLI's and the LSP command's spelling).
    pub fn parse(text: &str) -> Option<LinkRelation> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace(['_', ' '], "-")
            .as_str()
        {
            "supersedes" => Some(LinkRelation::Supersedes),
            "amends" => Some(LinkRelation::Amends),
            "relates-to" | "relates" | "related" => Some(LinkRelation::RelatesTo),
            _ => None,
        }
    }

    /// The words in the first document and in the second.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            // adr-tools 3 (`adr new -s`) spells it this way too; older releases wrote
            // "Superceded by", which reading accepts.
            LinkRelation::Supersedes => ("Supersedes", "Superseded by"),
            LinkRelation::Amends => ("Amends", "Amended by"),
            LinkRelation::RelatesTo => ("Relates to", "Relates to"),
        }
    }

    fn index_relations(self) -> Option<(Relation, Relation)> {
        match self {
            LinkRelation::Supersedes => Some((Relation::Supersedes, Relation::SupersededBy)),
            LinkRelation::Amends => Some((Relation::Amends, Relation::AmendedBy)),
            LinkRelation::RelatesTo => None,
        }
    }
}

struct Parsed<'a> {
    doc: DocText<'a>,
    outline: Outline,
    entry: DocEntry,
}

impl<'a> Parsed<'a> {
    fn new(doc: DocText<'a>, config: &Config) -> Parsed<'a> {
        let file_name = doc.path.rsplit('/').next();
        let outline = parse_outline(doc.text, file_name);
        let entry =
            DocEntry::from_outline(doc.path, doc.text, &outline, config, &PathHints::default());
        Parsed {
            doc,
            outline,
            entry,
        }
    }

    fn folder(&self) -> &str {
        self.entry.folder()
    }

    fn file_name(&self) -> &str {
        self.doc.path.rsplit('/').next().unwrap_or(self.doc.path)
    }

    /// How another document's link names this one: adr-tools writes the title line
    /// ("3. Use PostgreSQL"), dotnet-adr "ADR 0003 - Use PostgreSQL"; the others the id
    /// (`ADR-0003`), else the title, else the file.
    fn label(&self, tool: Tool) -> String {
        if tool == Tool::AdrTools
            && let Some(title) = self.outline.title_heading()
        {
            return title.text.trim().to_string();
        }
        // log4brains names a record by its slug, the file name without `.md`, and reads a
        // link's text as that slug.
        if tool == Tool::Log4brains {
            let name = self.file_name();
            return name.strip_suffix(".md").unwrap_or(name).to_string();
        }
        if tool == Tool::DotnetAdr
            && let (Some(id), Some(title)) = (&self.entry.id, &self.entry.title)
        {
            return format!("ADR {:04} - {title}", id.number);
        }
        if let Some(id) = &self.entry.id
            && id.prefix.is_some()
        {
            return id.to_string();
        }
        self.entry
            .title
            .clone()
            .unwrap_or_else(|| self.file_name().to_string())
    }

    /// `[label](relative path)` from `from`'s folder to this document.
    fn link_from(&self, from: &Parsed, tool: Tool) -> String {
        let path = relative_path(from.folder(), self.doc.path);
        format!("[{}]({})", self.label(tool), path)
    }

    fn status_source(&self) -> Option<MetaSource> {
        self.outline.meta("status").map(|f| f.source)
    }
}

/// `supersede old new`: `old`'s status becomes "superseded by" a link to `new`, and `new` says
/// "Supersedes" with a link to `old`. `tool` is the layout's (it decides how links are labelled
/// and where adr-tools puts them).
pub fn supersede(old: DocText, new: DocText, tool: Tool, config: &Config) -> Vec<DocEdits> {
    let old = Parsed::new(old, config);
    let new = Parsed::new(new, config);
    let (forward, backward) = LinkRelation::Supersedes.words();
    let mut out = Vec::new();

    let link_to_new = new.link_from(&old, tool);
    // Read without the kind, so that a document of no detected kind is idempotent too.
    // The raw text: the outline's value is plain text, without the link's destination.
    let written_status = old
        .outline
        .meta("status")
        .map(|f| &old.doc.text[f.value_range.start..f.value_range.end]);
    let new_id = new.entry.id.as_ref().map(ToString::to_string);
    let already_superseded = written_status.is_some_and(|status| {
        // MADR's users quote it as its template does: `status: "superseded by ADR-0123"`.
        let status = status.trim().trim_matches(['"', '\'']);
        let lower = status.to_lowercase();
        (lower.starts_with("superseded") || lower.starts_with("superceded"))
            && (status.contains(new.file_name())
                || new_id.as_deref().is_some_and(|id| status.contains(id)))
    });
    // MADR names the successor by its id in the front matter: `superseded by ADR-0012`.
    let madr_form = tool == Tool::Madr
        && old.status_source() == Some(MetaSource::FrontMatter)
        && new.entry.id.as_ref().is_some_and(|id| id.prefix.is_some());
    if !already_superseded {
        let value = match &new_id {
            Some(id) if madr_form => format!("{backward} {id}"),
            _ => format!("{backward} {link_to_new}"),
        };
        let mut edits = status_edits(&old, &value);
        // log4brains rewrites the whole `- Status:` item, a trailing comment included.
        if tool == Tool::Log4brains && old.status_source() == Some(MetaSource::Bullet) {
            for edit in &mut edits {
                let end = line_end(old.doc.text, edit.range.end);
                edit.range = TextRange::new(edit.range.start, end);
            }
        }
        push_edits(&mut out, &old, edits);
    }

    let edits = relation_line_edits(
        &new,
        &old,
        forward,
        "supersedes",
        Relation::Supersedes,
        tool,
    );
    push_edits(&mut out, &new, edits);
    out
}

/// `link from to --relation r`: `from` names the relation with a link to `to`, and `to` the
/// reverse with a link to `from`. `supersedes` is [`supersede`].
pub fn link(
    from: DocText,
    to: DocText,
    relation: LinkRelation,
    tool: Tool,
    config: &Config,
) -> Vec<DocEdits> {
    if relation == LinkRelation::Supersedes {
        return supersede(to, from, tool, config);
    }
    let from = Parsed::new(from, config);
    let to = Parsed::new(to, config);
    let (forward, backward) = relation.words();
    let (forward_relation, backward_relation) = relation
        .index_relations()
        .unwrap_or((Relation::Cites, Relation::Cites));
    let key = |words: &str| words.to_ascii_lowercase().replace(' ', "-");
    let mut out = Vec::new();
    let edits = relation_line_edits(&from, &to, forward, &key(forward), forward_relation, tool);
    push_edits(&mut out, &from, edits);
    let edits = relation_line_edits(
        &to,
        &from,
        backward,
        &key(backward),
        backward_relation,
        tool,
    );
    push_edits(&mut out, &to, edits);
    out
}

/// What `set-status` accepts besides the kind's own status names: the verbs of the commands.
const STATUS_VERBS: &[(&str, &str)] = &[
    ("accept", "accepted"),
    ("reject", "rejected"),
    ("deprecate", "deprecated"),
    ("propose", "proposed"),
];

/// `set-status doc accepted` (or `accept`): the status value replaced, in the case the document
/// writes it ("Accepted" under `## Status`, `accepted` in front matter), or inserted where the
/// kind keeps it when the document has none. An error names the statuses the kind knows.
pub fn set_status(doc: DocText, status: &str, config: &Config) -> Result<Vec<TextEdit>, String> {
    set_status_in(doc, status, config, Tool::Docwright)
}

/// log4brains' statuses (`AdrStatus` of `@log4brains/core`): its lifecycle starts at `draft`,
/// which the MADR kind does not name.
pub const LOG4BRAINS_STATUSES: &[&str] = &[
    "draft",
    "proposed",
    "rejected",
    "accepted",
    "deprecated",
    "superseded",
];

/// [`set_status`] in a log `tool` manages, as that tool writes it: in log4brains' log, its own
/// statuses ([`LOG4BRAINS_STATUSES`], `draft` included) are accepted and the whole `- Status:`
/// item is rewritten, a trailing comment included, as its header writer does.
pub fn set_status_in(
    doc: DocText,
    status: &str,
    config: &Config,
    tool: Tool,
) -> Result<Vec<TextEdit>, String> {
    let tool_statuses = match tool {
        Tool::Log4brains => LOG4BRAINS_STATUSES,
        _ => &[],
    };
    let parsed = Parsed::new(doc, config);
    let wanted = status.trim().to_ascii_lowercase();
    let wanted = STATUS_VERBS
        .iter()
        .find(|(verb, _)| *verb == wanted)
        .map_or(wanted.clone(), |(_, name)| name.to_string());
    let kind = parsed.entry.kind.as_deref().and_then(|k| config.kind(k));
    if let Some(kind) = kind
        && !kind.statuses.is_empty()
        && kind.status(&wanted).is_none()
        && !tool_statuses.contains(&wanted.as_str())
    {
        let known: Vec<&str> = kind.statuses.iter().map(|s| s.name.as_str()).collect();
        return Err(format!(
            "`{status}` is not a status of {}; it knows: {}",
            kind.name,
            known.join(", ")
        ));
    }
    if parsed.entry.status_name.as_deref() == Some(wanted.as_str())
        || parsed
            .entry
            .status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(&wanted))
    {
        return Ok(Vec::new());
    }
    let mut edits = status_edits(&parsed, &wanted);
    if tool == Tool::Log4brains && parsed.status_source() == Some(MetaSource::Bullet) {
        for edit in &mut edits {
            let end = line_end(parsed.doc.text, edit.range.end);
            edit.range = TextRange::new(edit.range.start, end);
        }
    }
    Ok(edits)
}

/// pyadr's `accept` and `reject` of a proposal (`XXXX-slug.md`): the record gets the next
/// number of its folder (`folder_names`: the file names there), is renamed `NNNN-slug.md` with
/// the slug of its title, and its `* Status:` and `* Date:` lines are set to the status and
/// today. `None` when the document is not a proposal or the status neither accepts nor rejects.
pub fn pyadr_decide(
    doc: DocText,
    status: &str,
    today: &str,
    folder_names: &[String],
) -> Option<crate::authoring::FileCreation> {
    use crate::authoring::layout::{leading_number, pyadr_slug};
    use crate::authoring::new_doc::PYADR_UNNUMBERED;
    use crate::authoring::template::replace_first_line;
    let wanted = status.trim().to_ascii_lowercase();
    let status = match wanted.as_str() {
        "accept" | "accepted" => "accepted",
        "reject" | "rejected" => "rejected",
        _ => return None,
    };
    let (folder, file_name) = doc.path.rsplit_once('/').unwrap_or(("", doc.path));
    file_name.strip_prefix(&format!("{PYADR_UNNUMBERED}-"))?;
    let title = doc
        .text
        .lines()
        .find_map(|line| line.strip_prefix("# "))?
        .trim();
    let next = folder_names
        .iter()
        .filter_map(|name| leading_number(name))
        .filter(|(_, digits)| *digits == 4)
        .map(|(n, _)| n + 1)
        .max()
        .unwrap_or(0);
    let name = format!("{next:04}-{}.md", pyadr_slug(title));
    let text = replace_first_line(doc.text, "* Status: ", &format!("* Status: {status}"));
    let text = replace_first_line(&text, "* Date: ", &format!("* Date: {today}"));
    Some(crate::authoring::FileCreation {
        path: if folder.is_empty() {
            name
        } else {
            format!("{folder}/{name}")
        },
        text,
    })
}

/// The edits that make `text`'s inline links to a file named `old_name` (`](old_name)`,
/// `](../adr/old_name#part)`) point to `new_name`, after a rename in the same folder.
pub fn renamed_link_edits(text: &str, old_name: &str, new_name: &str) -> Vec<TextEdit> {
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("](") {
        let start = from + found + 2;
        from = start;
        let Some(length) = text[start..].find([')', ' ', '\n']) else {
            break;
        };
        let destination = &text[start..start + length];
        let path = destination.split('#').next().unwrap_or(destination);
        if path == old_name || path.ends_with(&format!("/{old_name}")) {
            let at = start + path.len() - old_name.len();
            edits.push(TextEdit {
                range: TextRange::new(at, at + old_name.len()),
                new_text: new_name.to_string(),
            });
        }
    }
    edits
}

fn push_edits(out: &mut Vec<DocEdits>, doc: &Parsed, edits: Vec<TextEdit>) {
    if !edits.is_empty() {
        out.push(DocEdits {
            path: doc.doc.path.to_string(),
            edits,
        });
    }
}

/// The status value replaced by `value` (capitalised when the document capitalises its status),
/// or, with no status, a status written after the title in the document's form.
fn status_edits(doc: &Parsed, value: &str) -> Vec<TextEdit> {
    if let Some(field) = doc.outline.meta("status") {
        let written = &doc.doc.text[field.value_range.start..field.value_range.end];
        let capitalise = written.chars().next().is_some_and(char::is_uppercase)
            || (written.trim().is_empty() && field.source == MetaSource::Section);
        let value = if capitalise {
            capitalised(value)
        } else {
            lowercase_first(value)
        };
        return vec![TextEdit {
            range: field.value_range,
            new_text: value,
        }];
    }
    if let Some(front_matter) = &doc.outline.front_matter {
        return vec![TextEdit {
            range: TextRange::empty(front_matter.content.end),
            new_text: format!("status: {value}\n"),
        }];
    }
    let after_title = doc.outline.title_heading().map_or(0, |h| h.range.end);
    vec![TextEdit {
        range: TextRange::empty(after_title),
        new_text: format!("\n\nStatus: {value}"),
    }]
}

/// A line saying `words` with a link to `target`, in `doc`'s status form: a front matter key, a
/// paragraph of the `## Status` section, a bullet after the status bullet, or a line after the
/// title. Nothing when `doc` already states the relation to `target`.
fn relation_line_edits(
    doc: &Parsed,
    target: &Parsed,
    words: &str,
    front_matter_key: &str,
    relation: Relation,
    tool: Tool,
) -> Vec<TextEdit> {
    let target_name = target.file_name();
    let target_id = target.entry.id.as_ref().map(ToString::to_string);
    let states_it = relation != Relation::Cites
        && doc.entry.related(relation).any(|r| {
            r.written.rsplit('/').next() == Some(target_name)
                || target_id
                    .as_deref()
                    .is_some_and(|id| r.written.eq_ignore_ascii_case(id))
        });
    let link = target.link_from(doc, tool);
    let path = relative_path(doc.folder(), target.doc.path);
    let front_matter_line = format!("{front_matter_key}: {path}");
    if states_it
        || doc.doc.text.contains(&format!("{words} {link}"))
        || doc.doc.text.contains(&format!("{words}: {link}"))
        || doc.doc.text.contains(&front_matter_line)
    {
        return Vec::new();
    }
    let text = doc.doc.text;
    if tool == Tool::Log4brains {
        return vec![log4brains_link_edit(text, &format!("{words} {link}"))];
    }
    let status = doc.outline.meta("status");
    let edit = match (doc.status_source(), status) {
        (Some(MetaSource::FrontMatter), _) | (None, None) if doc.outline.front_matter.is_some() => {
            let front_matter = doc.outline.front_matter.as_ref().expect("checked above");
            let at = front_matter.content.end;
            let newline = if text[..at].ends_with('\n') || at == front_matter.content.start {
                ""
            } else {
                "\n"
            };
            TextEdit {
                range: TextRange::empty(at),
                new_text: format!("{newline}{front_matter_line}\n"),
            }
        }
        // adr-tools appends a link at the end of the Status section, after any earlier links.
        (Some(MetaSource::Section), Some(field)) if tool == Tool::AdrTools => TextEdit {
            range: TextRange::empty(section_content_end(text, field.value_range.end)),
            new_text: format!("\n\n{words} {link}"),
        },
        (Some(MetaSource::Section), Some(field)) => TextEdit {
            range: TextRange::empty(field.value_range.end),
            new_text: format!("\n\n{words} {link}"),
        },
        (Some(MetaSource::Bullet), Some(field)) => {
            let line_start = text[..field.value_range.start]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let marker = text[line_start..]
                .trim_start()
                .chars()
                .next()
                .filter(|c| matches!(c, '-' | '*' | '+'))
                .unwrap_or('-');
            let indent = &text[line_start
                ..line_start + text[line_start..].len() - text[line_start..].trim_start().len()];
            TextEdit {
                range: TextRange::empty(line_end(text, field.value_range.end)),
                new_text: format!("\n{indent}{marker} {words}: {link}"),
            }
        }
        (Some(_), Some(field)) => TextEdit {
            range: TextRange::empty(line_end(text, field.value_range.end)),
            new_text: format!("\n{words}: {link}"),
        },
        _ => {
            let after_title = doc.outline.title_heading().map_or(0, |h| h.range.end);
            TextEdit {
                range: TextRange::empty(after_title),
                new_text: format!("\n\n{words} {link}"),
            }
        }
    };
    vec![edit]
}

/// A `## Links` entry as log4brains adds it (`addLink`): a new item after the last item of the
/// first list under the `## Links` heading (its text compared without an HTML comment), else a
/// `## Links` section with the one item at the end of the document.
fn log4brains_link_edit(text: &str, entry: &str) -> TextEdit {
    let mut offset = 0;
    let mut in_links = false;
    let mut last_item_end: Option<(usize, char)> = None;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with("## ") {
            if in_links {
                break;
            }
            let heading = trimmed[3..].split("<!--").next().unwrap_or("").trim();
            in_links = heading.eq_ignore_ascii_case("links");
        } else if in_links && !in_fence {
            let marker = trimmed
                .chars()
                .next()
                .filter(|c| matches!(c, '-' | '*' | '+'));
            match marker {
                Some(marker) if trimmed[1..].starts_with(' ') && !line.starts_with(' ') => {
                    last_item_end =
                        Some((offset + line.trim_end_matches(['\n', '\r']).len(), marker));
                }
                // The first list ends at the first paragraph after it.
                None if !trimmed.is_empty()
                    && last_item_end.is_some()
                    && !line.starts_with(' ') =>
                {
                    break;
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    match last_item_end {
        // log4brains inserts before the last item of a list that ends the document (as its
        // template's does, whose last item is the `- …` placeholder).
        Some((at, marker)) if text[at..].trim().is_empty() => {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            TextEdit {
                range: TextRange::empty(line_start),
                new_text: format!("{marker} {entry}\n"),
            }
        }
        Some((at, marker)) => TextEdit {
            range: TextRange::empty(at),
            new_text: format!("\n{marker} {entry}"),
        },
        None => {
            let body = text.trim_end_matches(['\n', '\r', ' ', '\t']);
            TextEdit {
                range: TextRange::new(body.len(), text.len()),
                new_text: format!("\n\n## Links\n\n- {entry}\n"),
            }
        }
    }
}

/// The end of the last non-blank text of the section holding `from`: before the next line that
/// starts with `#` (adr-tools' scripts end a section at any `##` line), else the text's end.
fn section_content_end(text: &str, from: usize) -> usize {
    let mut at = line_end(text, from);
    let mut end = at;
    while at < text.len() {
        let line_start = at + text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
        if line_start >= text.len() || text[line_start..].starts_with('#') {
            break;
        }
        let next_end = line_end(text, line_start);
        if !text[line_start..next_end].trim().is_empty() {
            end = next_end;
        }
        at = next_end;
    }
    end
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| from + i)
}

/// Finds the document an argument names among `paths` (workspace-relative): a number (`3`,
/// `0003`, `ADR-3`) matched against the files' leading numbers, else a path or file name.
pub fn find_doc<'p>(argument: &str, paths: &'p [String]) -> Option<&'p str> {
    let argument = argument.trim();
    let digits = argument.trim_start_matches(|c: char| !c.is_ascii_digit());
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(number) = digits.parse::<u32>()
    {
        let by_number = paths.iter().find(|path| {
            let name = path.rsplit('/').next().unwrap_or(path);
            crate::authoring::layout::leading_number(name).map(|(n, _)| n) == Some(number)
        });
        if let Some(path) = by_number {
            return Some(path);
        }
    }
    let argument = argument.trim_start_matches("./").replace('\\', "/");
    // A record named by its slug, as log4brains names records: the file name without `.md`.
    let with_extension = format!("{argument}.md");
    paths
        .iter()
        .find(|p| **p == argument || p.ends_with(&format!("/{argument}")))
        .or_else(|| {
            paths
                .iter()
                .find(|p| **p == with_extension || p.ends_with(&format!("/{with_extension}")))
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::apply_edits;

    const OLD_ADR: &str = "# 3. Use MySQL\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a database.\n";
    const NEW_ADR: &str = "# 12. Use PostgreSQL\n\nDate: 2024-06-01\n\n## Status\n\nAccepted\n\n## Context\n\nMySQL hurt.\n";

    fn apply_all(docs: &mut [(String, String)], edits: &[DocEdits]) {
        for doc_edits in edits {
            let doc = docs.iter_mut().find(|(p, _)| *p == doc_edits.path).unwrap();
            doc.1 = apply_edits(&doc.1, &doc_edits.edits);
        }
    }

    #[test]
    fn supersede_writes_adr_tools_status_sections_once() {
        let config = Config::default();
        let mut docs = vec![
            ("doc/adr/0003-use-mysql.md".to_string(), OLD_ADR.to_string()),
            (
                "doc/adr/0012-use-postgresql.md".to_string(),
                NEW_ADR.to_string(),
            ),
        ];
        let run = |docs: &[(String, String)]| {
            supersede(
                DocText {
                    path: &docs[0].0,
                    text: &docs[0].1,
                },
                DocText {
                    path: &docs[1].0,
                    text: &docs[1].1,
                },
                Tool::AdrTools,
                &config,
            )
        };
        let edits = run(&docs);
        apply_all(&mut docs, &edits);
        // adr-tools 3 writes "Superseded by" (issue 12: it was "Superceded by").
        assert!(docs[0].1.contains(
            "## Status\n\nSuperseded by [12. Use PostgreSQL](0012-use-postgresql.md)\n\n## Context"
        ));
        assert!(docs[1].1.contains(
            "## Status\n\nAccepted\n\nSupersedes [3. Use MySQL](0003-use-mysql.md)\n\n## Context"
        ));
        assert_eq!(run(&docs), Vec::new(), "a second run changes nothing");
    }

    #[test]
    fn supersede_writes_madr_front_matter_and_log4brains_bullets() {
        let config = Config::default();
        let old = "---\nstatus: accepted\ndate: 2024-01-01\n---\n\n# Use MySQL\n\n## Context and Problem Statement\n\nX\n";
        let new = "# Use PostgreSQL\n\n- Status: accepted\n- Date: 2024-06-01\n\n## Context and Problem Statement\n\nY\n";
        let old_path = "docs/decisions/0003-use-mysql.md";
        let new_path = "docs/decisions/0012-use-postgresql.md";
        let edits = supersede(
            DocText {
                path: old_path,
                text: old,
            },
            DocText {
                path: new_path,
                text: new,
            },
            Tool::Madr,
            &config,
        );
        let mut docs = vec![
            (old_path.to_string(), old.to_string()),
            (new_path.to_string(), new.to_string()),
        ];
        apply_all(&mut docs, &edits);
        // MADR's own form, by id (issue 12: it was a link).
        assert!(
            docs[0]
                .1
                .starts_with("---\nstatus: superseded by ADR-0012\ndate: 2024-01-01\n---\n"),
            "{}",
            docs[0].1
        );
        assert!(docs[1].1.contains(
            "- Status: accepted\n- Supersedes: [ADR-0003](0003-use-mysql.md)\n- Date: 2024-06-01\n"
        ), "{}", docs[1].1);
    }

    #[test]
    fn in_a_log4brains_log_draft_is_a_status_and_the_whole_item_is_rewritten() {
        let config = Config::default();
        let text = "# Use X\n\n- Status: [draft | proposed] <!-- optional -->\n- Date: 2024-01-01\n\n## Context and Problem Statement\n\nWhy.\n";
        let doc = DocText {
            path: "docs/adr/20240101-use-x.md",
            text,
        };
        assert!(
            set_status(doc, "draft", &config).is_err(),
            "not a MADR status"
        );
        let edits = set_status_in(doc, "draft", &config, Tool::Log4brains).unwrap();
        let drafted = apply_edits(text, &edits);
        assert!(drafted.starts_with("# Use X\n\n- Status: draft\n- Date: 2024-01-01\n"));
        let drafted = DocText {
            path: doc.path,
            text: &drafted,
        };
        assert_eq!(
            set_status_in(drafted, "draft", &config, Tool::Log4brains),
            Ok(Vec::new())
        );
        assert!(set_status_in(drafted, "maybe", &config, Tool::Log4brains).is_err());
    }

    #[test]
    fn set_status_keeps_the_documents_case_and_rejects_unknown_statuses() {
        let config = Config::default();
        let doc = DocText {
            path: "doc/adr/0003-use-mysql.md",
            text: OLD_ADR,
        };
        let edits = set_status(doc, "deprecate", &config).unwrap();
        assert!(apply_edits(OLD_ADR, &edits).contains("## Status\n\nDeprecated\n"));
        assert_eq!(set_status(doc, "accepted", &config).unwrap(), Vec::new());
        let error = set_status(doc, "maybe", &config).unwrap_err();
        assert!(error.contains("proposed"), "{error}");
    }

    #[test]
    fn link_amends_writes_both_directions() {
        let config = Config::default();
        let from = DocText {
            path: "doc/adr/0012-use-postgresql.md",
            text: NEW_ADR,
        };
        let to = DocText {
            path: "doc/adr/0003-use-mysql.md",
            text: OLD_ADR,
        };
        let edits = link(from, to, LinkRelation::Amends, Tool::AdrTools, &config);
        assert_eq!(edits.len(), 2);
        let from_text = apply_edits(NEW_ADR, &edits[0].edits);
        let to_text = apply_edits(OLD_ADR, &edits[1].edits);
        assert!(from_text.contains("Accepted\n\nAmends [3. Use MySQL](0003-use-mysql.md)"));
        assert!(
            to_text.contains("Accepted\n\nAmended by [12. Use PostgreSQL](0012-use-postgresql.md)")
        );
    }

    #[test]
    fn adr_tools_links_go_to_the_end_of_the_status_section() {
        let config = Config::default();
        let from_text = "# 12. Use PostgreSQL\n\nDate: 2024-06-01\n\n## Status\n\nAccepted\n\nSupersedes [3. Use MySQL](0003-use-mysql.md)\n\n## Context\n\nMySQL hurt.\n";
        let to_text = "# 1. Record\n\n## Status\n\nAccepted\n";
        let from = DocText {
            path: "doc/adr/0012-use-postgresql.md",
            text: from_text,
        };
        let to = DocText {
            path: "doc/adr/0001-record.md",
            text: to_text,
        };
        let edits = link(from, to, LinkRelation::Amends, Tool::AdrTools, &config);
        assert_eq!(
            apply_edits(from_text, &edits[0].edits),
            "# 12. Use PostgreSQL\n\nDate: 2024-06-01\n\n## Status\n\nAccepted\n\nSupersedes [3. Use MySQL](0003-use-mysql.md)\n\nAmends [1. Record](0001-record.md)\n\n## Context\n\nMySQL hurt.\n"
        );
        assert_eq!(
            apply_edits(to_text, &edits[1].edits),
            "# 1. Record\n\n## Status\n\nAccepted\n\nAmended by [12. Use PostgreSQL](0012-use-postgresql.md)\n"
        );
    }

    #[test]
    fn pyadr_accepting_numbers_renames_and_dates_the_proposal() {
        let text = "# Use MySQL\n\n* Status: proposed\n* Date: 2020-01-01\n";
        let names = vec![
            "0000-record.md".to_string(),
            "0001-use-madr.md".to_string(),
            "XXXX-use-mysql.md".to_string(),
        ];
        let doc = DocText {
            path: "docs/adr/XXXX-use-mysql.md",
            text,
        };
        let decided = pyadr_decide(doc, "accept", "2026-12-03", &names).unwrap();
        assert_eq!(decided.path, "docs/adr/0002-use-mysql.md");
        assert_eq!(
            decided.text,
            "# Use MySQL\n\n* Status: accepted\n* Date: 2026-12-03\n"
        );
        assert_eq!(pyadr_decide(doc, "deprecated", "2026-12-03", &names), None);
        let numbered = DocText {
            path: "docs/adr/0001-use-madr.md",
            text,
        };
        assert_eq!(pyadr_decide(numbered, "accept", "2026-12-03", &names), None);
    }

    #[test]
    fn links_to_a_renamed_proposal_follow_it() {
        let text = "See [x](XXXX-use-mysql.md), [y](../adr/XXXX-use-mysql.md#why) and [z](XXXX-use-mysql.md.bak).";
        let edits = renamed_link_edits(text, "XXXX-use-mysql.md", "0002-use-mysql.md");
        assert_eq!(
            apply_edits(text, &edits),
            "See [x](0002-use-mysql.md), [y](../adr/0002-use-mysql.md#why) and [z](XXXX-use-mysql.md.bak)."
        );
    }

    #[test]
    fn documents_are_found_by_number_or_path() {
        let paths = vec![
            "doc/adr/0003-use-mysql.md".to_string(),
            "doc/adr/0012-use-postgresql.md".to_string(),
        ];
        assert_eq!(find_doc("3", &paths), Some("doc/adr/0003-use-mysql.md"));
        assert_eq!(
            find_doc("ADR-0012", &paths),
            Some("doc/adr/0012-use-postgresql.md")
        );
        assert_eq!(
            find_doc("0003-use-mysql.md", &paths),
            Some("doc/adr/0003-use-mysql.md")
        );
        assert_eq!(find_doc("7", &paths), None);
        let paths = vec!["docs/adr/20240201-use-mysql.md".to_string()];
        assert_eq!(
            find_doc("20240201-use-mysql", &paths),
            Some("docs/adr/20240201-use-mysql.md")
        );
    }
}
