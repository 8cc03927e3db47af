//! Rename: a heading (and every link to its anchor, across the workspace), and documents moved or
//! renamed on disk (and every relative link to them, and their own relative links).
//!
//! Pure: the edge hands in the index (to know who cites whom and to resolve references) and the
//! current texts of the documents to edit; this answers byte-range edits per document. The
//! references of those documents are read again from the given texts, not from their index
//! entries, so that every edit is computed against exactly the text (and version) the edge will
//! send it for, even if the index lags behind an open document.
//!
//! Ids (`ADR-0007`) are never rewritten: renaming a file does not change its number, and a
//! changed number is a different document to the reader.

use crate::index::{
    DocEntry, EntryInput, Index, RefForm, RefTarget, Reference, file_stem, title_key,
};
use crate::navigation::{heading_at, reference_at};
use crate::outline::normalize::{AnchorSlugger, github_slug, heading_plain_text};
use crate::outline::{Heading, Outline, parse_outline_fast};
use crate::position::TextRange;
use crate::resolve::{self, LinkTarget, percent_decode};
use std::collections::{BTreeMap, BTreeSet, HashMap};

// The documents a rename reads and the edits it returns are those of the authoring commands.
pub use crate::authoring::{DocEdits, DocText};

/// What the editor shows when rename is asked for anywhere else.
pub const NOT_RENAMEABLE: &str = "Only headings and links to them can be renamed";

/// The heading a rename would change, found from the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionTarget {
    /// The document that holds the heading.
    pub path: String,
    /// The heading's anchor (its GitHub slug).
    pub anchor: String,
    /// What the editor highlights where rename was asked: the heading's text, or the anchor
    /// inside the link under the cursor.
    pub range: TextRange,
}

/// The heading of `text` whose slug is `anchor`.
pub fn heading_with_anchor(doc: DocText, anchor: &str) -> Option<Heading> {
    let outline = parse_outline_fast(doc.text, file_name(doc.path));
    let anchor = anchor.to_lowercase();
    outline.headings.into_iter().find(|h| h.anchor == anchor)
}

/// The heading a rename at `offset` of `entry` (built from `text`) would change: the heading on
/// that line, or the section a link under the cursor points at. `Err` says why nothing can be.
pub fn section_at(
    index: &Index,
    entry: &DocEntry,
    text: &str,
    offset: usize,
) -> Result<SectionTarget, String> {
    if let Some(reference) = reference_at(entry, offset) {
        let refused = |why: &str| Err(format!("{NOT_RENAMEABLE}: {why}"));
        let Some(anchor) = reference_anchor(&reference.target) else {
            return refused("this reference names a document, not a section");
        };
        let resolution = resolve::resolve(index, entry, &reference.target);
        let Some(doc) = resolution.doc() else {
            return refused("this link does not lead to a document of the workspace");
        };
        // A wiki link may name the heading by its text (`[[x#Context and Scope]]`).
        let wiki = matches!(reference.target, RefTarget::Wiki { .. });
        let section = if wiki {
            doc.section_by_text(&anchor)
        } else {
            doc.section(&anchor)
        };
        let Some(section) = section.filter(|s| s.level > 0) else {
            return refused(&format!("`#{anchor}` is not a heading of {}", doc.path));
        };
        let by_text = || {
            let written = split_destination(text, reference.target_range, true).anchor?;
            (wiki && title_key(written.slice(text)) == title_key(&section.text)).then_some(written)
        };
        let range = anchor_range(text, reference, &section.anchor)
            .or_else(by_text)
            .unwrap_or(reference.range);
        return Ok(SectionTarget {
            path: doc.path.clone(),
            anchor: section.anchor.clone(),
            range,
        });
    }
    if let Some(section) = heading_at(entry, offset) {
        let doc = DocText {
            path: &entry.path,
            text,
        };
        // A custom `{#id}` anchor of the same heading is listed beside its slug; the slug is what
        // a new text changes.
        if let Some(heading) = heading_with_anchor(doc, &section.anchor) {
            return Ok(SectionTarget {
                path: entry.path.clone(),
                anchor: heading.anchor,
                range: heading.content,
            });
        }
    }
    Err(NOT_RENAMEABLE.to_string())
}

/// The anchor a reference names, as written (decoded).
fn reference_anchor(target: &RefTarget) -> Option<String> {
    match target {
        RefTarget::Link(link) => link.anchor.clone(),
        RefTarget::Wiki { anchor, .. } => anchor.clone().filter(|a| !a.is_empty()),
        RefTarget::Url(url) => LinkTarget::parse(url).anchor,
        RefTarget::Id { .. } => None,
    }
}

/// The destination of a reference as written in `text`: the inline destination, the wiki name,
/// the front matter value, or for a reference link its definition's destination.
fn destination_range(text: &str, outline: &Outline, reference: &Reference) -> TextRange {
    if reference.form != RefForm::ReferenceLink {
        return reference.target_range;
    }
    let label = crate::outline::build::normalize_label(reference.target_range.slice(text));
    outline
        .link_definitions
        .iter()
        .find(|d| crate::outline::build::normalize_label(&d.label) == label)
        .map_or(reference.target_range, |d| d.target_range)
}

/// The parts of a destination as written: where its path and its anchor are, angle brackets
/// and a wiki alias excluded.
struct WrittenDestination {
    /// Before `?` and `#`.
    path: TextRange,
    /// After `#`, if there is one.
    anchor: Option<TextRange>,
    angle_brackets: bool,
}

fn split_destination(text: &str, range: TextRange, wiki: bool) -> WrittenDestination {
    let mut start = range.start;
    let mut end = range.end;
    let raw = range.slice(text);
    let angle_brackets = raw.starts_with('<') && raw.ends_with('>') && raw.len() >= 2;
    if angle_brackets {
        start += 1;
        end -= 1;
    }
    if wiki && let Some(bar) = text[start..end].find('|') {
        end = start + bar;
    }
    let body = &text[start..end];
    let lead = body.len() - body.trim_start().len();
    let trail = body.len() - body.trim_end().len();
    let (start, end) = (start + lead, (end - trail).max(start + lead));
    let body = &text[start..end];
    let hash = body.find('#');
    let path_end = body.find(['?', '#']).unwrap_or(body.len());
    WrittenDestination {
        path: TextRange::new(start, start + path_end),
        anchor: hash.map(|h| TextRange::new(start + h + 1, end)),
        angle_brackets,
    }
}

/// Where `anchor` is written inside the reference, if it is written there as such (decoded and
/// compared case-insensitively, as resolution does).
fn anchor_range(text: &str, reference: &Reference, anchor: &str) -> Option<TextRange> {
    // A reference link's anchor is in its definition, elsewhere: the caller falls back to the
    // whole link.
    let written = split_destination(
        text,
        reference.target_range,
        reference.form == RefForm::Wiki,
    );
    let range = written.anchor?;
    (percent_decode(range.slice(text).trim()).to_lowercase() == anchor.to_lowercase())
        .then_some(range)
}

fn file_name(path: &str) -> Option<&str> {
    path.rsplit('/').next()
}

/// The folder of a workspace-relative path, empty at the root.
fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// A document's entry built from its current text (the kind does not matter for references or
/// sections), with its outline.
pub fn fresh_entry(doc: DocText) -> (DocEntry, Outline) {
    let outline = parse_outline_fast(doc.text, file_name(doc.path));
    let entry = DocEntry::build(&EntryInput {
        path: doc.path,
        text: doc.text,
        outline: &outline,
        kind: None,
    });
    (entry, outline)
}

/// The documents whose text a rename of a heading of `path` needs: the document and every one
/// that cites it.
pub fn heading_rename_candidates(index: &Index, path: &str) -> Vec<String> {
    let mut paths: BTreeSet<String> = index
        .backlinks(path)
        .into_iter()
        .map(str::to_string)
        .collect();
    paths.insert(path.to_string());
    paths.into_iter().collect()
}

/// Renames the heading `anchor` of `target` to `new_name` (Markdown, one line), and repoints
/// every link among `target` and `citing` that names the anchor of a heading whose slug changes:
/// the renamed one, and the equal headings after it whose `-1`, `-2` suffixes move.
pub fn rename_heading(
    index: &Index,
    target: DocText,
    anchor: &str,
    new_name: &str,
    citing: &[DocText],
) -> Result<Vec<DocEdits>, String> {
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err(String::from("A heading cannot be empty"));
    }
    if new_name.contains(['\n', '\r']) {
        return Err(String::from(
            "A heading is one line: the new name has a line break",
        ));
    }
    let (target_entry, outline) = fresh_entry(target);
    let anchor = anchor.to_lowercase();
    let Some(renamed) = outline.headings.iter().position(|h| h.anchor == anchor) else {
        return Err(format!(
            "{} has no heading `#{anchor}` any more",
            target.path
        ));
    };
    let heading = &outline.headings[renamed];
    if heading.content.slice(target.text) == new_name {
        return Ok(Vec::new());
    }
    let new_plain = heading_plain_text(new_name);
    if github_slug(&new_plain).is_empty() {
        return Err(format!(
            "`{new_name}` has no letters or digits, so its heading would have no anchor to link to"
        ));
    }
    // Every heading's slug again, with the new text: equal headings are numbered in order, so
    // a rename can move the suffixes of others.
    let mut slugger = AnchorSlugger::default();
    let mut moved_anchors: HashMap<String, String> = HashMap::new();
    for (i, h) in outline.headings.iter().enumerate() {
        let new_anchor = slugger.slug(if i == renamed { &new_plain } else { &h.text });
        if new_anchor != h.anchor {
            moved_anchors.insert(h.anchor.clone(), new_anchor);
        }
    }
    // Anchors that are not slugs (`<a id>`, `{#id}`) stay; a slug equal to one would make links
    // ambiguous.
    let slugs: BTreeSet<&str> = outline.headings.iter().map(|h| h.anchor.as_str()).collect();
    for new_anchor in moved_anchors.values() {
        if target_entry
            .sections
            .iter()
            .any(|s| s.anchor == *new_anchor && !slugs.contains(s.anchor.as_str()))
        {
            return Err(format!(
                "`#{new_anchor}` is already an anchor of {} (an HTML or custom id): links to it \
                 would become ambiguous",
                target.path
            ));
        }
    }

    // Wiki links may name the document by its title and the heading by its text: both as the
    // rename leaves them.
    let old_title = target_entry.title_key();
    let new_title = {
        let renamed_text = format!(
            "{}{new_name}{}",
            &target.text[..heading.content.start],
            &target.text[heading.content.end..]
        );
        fresh_entry(DocText {
            path: target.path,
            text: &renamed_text,
        })
        .0
        .title
    };
    let title_moved = new_title.as_deref().map(title_key) != old_title;
    let heading_key = title_key(&heading.text);

    let mut out = Vec::new();
    let docs =
        std::iter::once(target).chain(citing.iter().copied().filter(|d| d.path != target.path));
    for doc in docs {
        let is_target = doc.path == target.path;
        let (entry, doc_outline) = if is_target {
            (target_entry.clone(), outline.clone())
        } else {
            fresh_entry(doc)
        };
        let mut edits: BTreeMap<(usize, usize), String> = BTreeMap::new();
        if is_target {
            edits.insert(
                (heading.content.start, heading.content.end),
                new_name.to_string(),
            );
        }
        for reference in &entry.references {
            if let RefTarget::Wiki { name, anchor } = &reference.target
                && reference.form == RefForm::Wiki
                && resolve::resolve(index, &entry, &reference.target)
                    .doc()
                    .is_some_and(|d| d.path == target.path)
            {
                let written = split_destination(doc.text, reference.target_range, true);
                let mut by_text = false;
                // `[[Order search]]`: by the title, which the rename changes.
                if title_moved
                    && let Some(new_title) = &new_title
                    && !name.trim().is_empty()
                    && Some(title_key(name)) == old_title
                    && file_stem(name.trim()) != target_entry.stem()
                    && !written.path.is_empty()
                {
                    edits.insert((written.path.start, written.path.end), new_title.clone());
                }
                // `[[x#Context and Scope]]`: the heading by its text, not its slug.
                if let (Some(anchor), Some(range)) = (anchor, written.anchor)
                    && heading.level > 0
                    && title_key(anchor) == heading_key
                    && anchor.to_lowercase() != heading.anchor
                {
                    edits.insert((range.start, range.end), new_plain.clone());
                    by_text = true;
                }
                if by_text {
                    continue;
                }
            }
            let Some(written_anchor) = reference_anchor(&reference.target) else {
                continue;
            };
            let Some(new_anchor) = moved_anchors.get(&written_anchor.to_lowercase()) else {
                continue;
            };
            let leads_to_target = resolve::resolve(index, &entry, &reference.target)
                .doc()
                .is_some_and(|d| d.path == target.path);
            if !leads_to_target {
                continue;
            }
            let destination = destination_range(doc.text, &doc_outline, reference);
            let written = split_destination(doc.text, destination, reference.form == RefForm::Wiki);
            let Some(range) = written.anchor else {
                continue;
            };
            let old = range.slice(doc.text);
            if percent_decode(old).to_lowercase() != written_anchor.to_lowercase() {
                // Escapes inside the destination: not rewritten by offset.
                continue;
            }
            // The renamed heading's own text is replaced whole.
            if is_target && heading.content.contains_range(range) {
                continue;
            }
            let replacement = if old.contains('%') {
                percent_encode(new_anchor)
            } else {
                new_anchor.clone()
            };
            edits.insert((range.start, range.end), replacement);
        }
        out.extend(DocEdits::from_replacements(doc.path, edits));
    }
    Ok(out)
}

/// Percent-encodes what a link destination cannot hold bare (and non-ASCII, to match a
/// destination that was written encoded).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

// ---- Renaming a file from a link to it ---------------------------------------------------------

/// How the new name typed for a file renamed from a link is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewNameBase {
    /// As a link written in a document of this folder: the new name replaces the link's path.
    LinkFrom(String),
    /// As a file name in this folder (the renamed document's), `.md` added when it has none:
    /// for a wiki link by file name, an id, or a wiki link by title or id.
    TargetFolder(String),
}

/// A document renamed from a reference to it, found from the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileTarget {
    /// The document to rename (its index path).
    pub path: String,
    /// What the editor highlights: the link's path, the wiki name, or the whole reference.
    pub range: TextRange,
    /// What the editor offers to edit: the path or name as written, else the file name.
    pub placeholder: String,
    pub base: NewNameBase,
}

/// The document a reference under the cursor names as a whole (no section), for renaming the
/// file. `None` elsewhere: a section link renames the section, a URL or a broken reference
/// renames nothing.
pub fn file_at(index: &Index, entry: &DocEntry, text: &str, offset: usize) -> Option<FileTarget> {
    let reference = reference_at(entry, offset)?;
    if reference_anchor(&reference.target).is_some() {
        return None;
    }
    let doc = match resolve::resolve(index, entry, &reference.target) {
        resolve::Resolution::Found { doc, section: None } => doc,
        _ => return None,
    };
    let file_name = file_name(&doc.path).unwrap_or(&doc.path).to_string();
    let whole = |range: TextRange| FileTarget {
        path: doc.path.clone(),
        range,
        placeholder: file_name.clone(),
        base: NewNameBase::TargetFolder(doc.folder().to_string()),
    };
    match &reference.target {
        RefTarget::Link(link) if !link.path.is_empty() => {
            let outline = parse_outline_fast(text, file_name_of(&entry.path));
            let destination = destination_range(text, &outline, reference);
            let written = split_destination(text, destination, false);
            let as_written = written.path.slice(text);
            if written.path.is_empty() || percent_decode(as_written) != link.path {
                return Some(whole(reference.range));
            }
            Some(FileTarget {
                path: doc.path.clone(),
                range: written.path,
                placeholder: link.path.clone(),
                base: NewNameBase::LinkFrom(folder_of(&entry.path).to_string()),
            })
        }
        RefTarget::Wiki { name, .. } => {
            let written = split_destination(text, reference.target_range, true);
            let by_stem = !name.contains('/')
                && file_stem(name.trim()).to_lowercase() == doc.stem().to_lowercase()
                && percent_decode(written.path.slice(text)).trim() == name.trim();
            if by_stem {
                Some(FileTarget {
                    path: doc.path.clone(),
                    range: written.path,
                    placeholder: name.trim().to_string(),
                    base: NewNameBase::TargetFolder(doc.folder().to_string()),
                })
            } else {
                Some(whole(reference.range))
            }
        }
        RefTarget::Id { .. } => Some(whole(reference.range)),
        _ => None,
    }
}

fn file_name_of(path: &str) -> Option<&str> {
    file_name(path)
}

/// The index path `new_name` gives the renamed document, or why it cannot be one: empty, above
/// the workspace root, a section or query, not Markdown. Whether it exists is the edge's to ask.
pub fn new_file_path(target: &FileTarget, new_name: &str) -> Result<String, String> {
    let name = percent_decode(new_name.trim());
    if name.is_empty() {
        return Err(String::from("A file needs a name"));
    }
    if name.contains(['#', '?', '\n', '\r']) {
        return Err(format!(
            "`{name}` is not a file name (a section or a query is not part of it)"
        ));
    }
    let above_root = || format!("`{name}` lies outside the workspace; renamed files stay in it");
    let path = match &target.base {
        NewNameBase::LinkFrom(folder) => {
            if name.starts_with('/') || name.contains(':') {
                return Err(above_root());
            }
            resolve::join_path(folder, &name).ok_or_else(above_root)?
        }
        NewNameBase::TargetFolder(folder) => {
            if name.starts_with('/') || name.contains(':') {
                return Err(above_root());
            }
            let lower = name.to_ascii_lowercase();
            let name = if lower.ends_with(".md") || lower.ends_with(".markdown") {
                name.clone()
            } else {
                format!("{name}.md")
            };
            resolve::join_path(folder, &name).ok_or_else(above_root)?
        }
    };
    if path.is_empty() || path.starts_with('/') {
        return Err(above_root());
    }
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".md") || lower.ends_with(".markdown")) {
        return Err(format!(
            "`{path}` is not a Markdown file: the document would leave the workspace's index"
        ));
    }
    Ok(path)
}

// ---- Moving files -----------------------------------------------------------------------------

/// Moves as the editor announces them (a file or a folder, old and new workspace-relative path)
/// as the indexed documents they move: a folder becomes every document under it.
pub fn expand_moves(index: &Index, moves: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (old, new) in moves {
        let (old, new) = (old.trim_end_matches('/'), new.trim_end_matches('/'));
        if index.get(old).is_some() {
            out.push((old.to_string(), new.to_string()));
            continue;
        }
        let prefix = format!("{old}/");
        for doc in index.docs() {
            if let Some(rest) = doc.path.strip_prefix(&prefix) {
                out.push((doc.path.clone(), format!("{new}/{rest}")));
            }
        }
    }
    out
}

/// The documents whose text a move needs: the moved ones and every one that cites them.
pub fn move_candidates(index: &Index, moves: &[(String, String)]) -> Vec<String> {
    let mut paths = BTreeSet::new();
    for (old, _) in moves {
        paths.insert(old.clone());
        paths.extend(index.backlinks(old).into_iter().map(str::to_string));
    }
    paths.into_iter().collect()
}

/// The edits that keep links working once `moves` (expanded, see [`expand_moves`]) are done:
/// every relative link, wiki link and URL under a configured prefix that leads to a moved
/// document, and every relative link (and image) of a moved document whose folder changes.
/// Edits are on the documents' old paths: the editor applies them before it moves the files.
pub fn rename_files(index: &Index, moves: &[(String, String)], docs: &[DocText]) -> Vec<DocEdits> {
    let moved: HashMap<&str, &str> = moves
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    let mut out = Vec::new();
    for doc in docs {
        let (entry, outline) = fresh_entry(*doc);
        let old_folder = folder_of(doc.path);
        let new_self = moved.get(doc.path).copied().unwrap_or(doc.path);
        let new_folder = folder_of(new_self);
        let folder_changes = old_folder != new_folder;
        let mut edits: BTreeMap<(usize, usize), String> = BTreeMap::new();
        for reference in &entry.references {
            let resolved = resolve::resolve(index, &entry, &reference.target)
                .doc()
                .map(|d| d.path.as_str());
            let new_target = resolved.and_then(|p| moved.get(p).copied());
            let destination = destination_range(doc.text, &outline, reference);
            match &reference.target {
                RefTarget::Link(link) if !link.path.is_empty() => {
                    let to = match (new_target, resolved) {
                        (Some(new), _) => new.to_string(),
                        // Root-relative links do not depend on where the citing doc is.
                        _ if !folder_changes || link.path.starts_with('/') => continue,
                        (None, Some(same)) => same.to_string(),
                        (None, None) => match resolve::join_path(old_folder, &link.path) {
                            Some(path) => path,
                            None => continue,
                        },
                    };
                    let written = split_destination(doc.text, destination, false);
                    if let Some(new_text) =
                        rewritten_path(doc.text, &written, &link.path, new_folder, &to)
                    {
                        edits.insert((written.path.start, written.path.end), new_text);
                    }
                }
                RefTarget::Wiki { name, .. } => {
                    let Some(new) = new_target else { continue };
                    let written = split_destination(doc.text, destination, true);
                    let name_range = written.path;
                    if percent_decode(name_range.slice(doc.text)).trim() != name.trim() {
                        continue;
                    }
                    let new_text = if name.contains('/') {
                        let relative = resolve::relative_path(new_folder, new);
                        if name.ends_with(".md") {
                            relative
                        } else {
                            strip_markdown_extension(&relative).to_string()
                        }
                    } else if file_stem(name) == file_stem(resolved.unwrap_or(""))
                        && file_stem(new) != file_stem(name)
                    {
                        // Named by its file stem (`[[ADR-0007]]`, by id, stays).
                        // The file name as it will be written, not lower-cased.
                        strip_markdown_extension(file_name(new).unwrap_or(new)).to_string()
                    } else {
                        continue;
                    };
                    if new_text != name_range.slice(doc.text) {
                        edits.insert((name_range.start, name_range.end), new_text);
                    }
                }
                RefTarget::Url(url) => {
                    let (Some(new), Some(old)) = (new_target, resolved) else {
                        continue;
                    };
                    if let Some((range, new_text)) =
                        rewritten_url(index, doc.text, destination, url, old, new)
                    {
                        edits.insert((range.start, range.end), new_text);
                    }
                }
                _ => {}
            }
        }
        // Images are not references, but their paths break the same way when the doc moves.
        if folder_changes {
            for image in outline.links.iter().filter(|l| l.image) {
                let link = LinkTarget::parse(&image.target);
                if link.path.is_empty()
                    || link.path.starts_with('/')
                    || resolve::is_absolute_url(&image.target)
                    || image.target.contains(':')
                {
                    continue;
                }
                let Some(to) = resolve::join_path(old_folder, &link.path) else {
                    continue;
                };
                let to = moved.get(to.as_str()).map_or(to.clone(), |n| n.to_string());
                let written = split_destination(doc.text, image.target_range, false);
                if let Some(new_text) =
                    rewritten_path(doc.text, &written, &link.path, new_folder, &to)
                {
                    edits.insert((written.path.start, written.path.end), new_text);
                }
            }
        }
        out.extend(DocEdits::from_replacements(doc.path, edits));
    }
    out
}

fn strip_markdown_extension(path: &str) -> &str {
    path.strip_suffix(".md")
        .or_else(|| path.strip_suffix(".markdown"))
        .unwrap_or(path)
}

/// The path part of a destination rewritten to lead from `new_folder` to `to`, in the style it
/// was written: `./` kept, a leading `/` kept (root-relative), no extension if it had none,
/// spaces encoded unless in angle brackets. `None` when it is unchanged or not written verbatim.
fn rewritten_path(
    text: &str,
    written: &WrittenDestination,
    decoded_path: &str,
    new_folder: &str,
    to: &str,
) -> Option<String> {
    let old = written.path.slice(text);
    if percent_decode(old) != decoded_path {
        return None;
    }
    let mut new = if old.starts_with('/') {
        format!("/{to}")
    } else {
        let relative = resolve::relative_path(new_folder, to);
        if old.starts_with("./") && !relative.starts_with("../") {
            format!("./{relative}")
        } else {
            relative
        }
    };
    let old_name = old.rsplit('/').next().unwrap_or(old);
    if !old_name.contains('.') {
        new = strip_markdown_extension(&new).to_string();
    }
    if old.contains('%') {
        new = percent_encode(&new);
    } else if !written.angle_brackets && new.contains(' ') {
        new = new.replace(' ', "%20");
    }
    (new != old).then_some(new)
}

/// A URL under a configured prefix that names the old path (`…/text/0007-x.md`, or `.html` for
/// a rendered book), with that path replaced. URLs by number (`…/pull/2094`) stay.
fn rewritten_url(
    index: &Index,
    text: &str,
    destination: TextRange,
    url: &str,
    old: &str,
    new: &str,
) -> Option<(TextRange, String)> {
    let written = split_destination(text, destination, false);
    let raw = written.path.slice(text);
    let path_part = url.split(['?', '#']).next().unwrap_or(url);
    if raw != path_part {
        return None;
    }
    let prefix = index
        .settings()
        .url_prefixes
        .iter()
        .filter(|p| !p.is_empty())
        .find(|p| raw.starts_with(p.as_str()))?;
    let rest = raw[prefix.len()..].trim_start_matches('/');
    let offset = written.path.start + (raw.len() - rest.len());
    let range = TextRange::new(offset, written.path.end);
    let html = format!("{}.html", strip_markdown_extension(old));
    let new_text = if rest == old {
        new.to_string()
    } else if rest == html {
        format!("{}.html", strip_markdown_extension(new))
    } else {
        return None;
    };
    Some((range, new_text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::IndexSettings;
    use crate::kinds::detect::PathHints;

    fn index_of(docs: &[(&str, &str)]) -> Index {
        let config = Config::default();
        Index::build(IndexSettings::default(), docs.to_vec(), &config, &|_| {
            PathHints::default()
        })
    }

    fn apply(text: &str, edits: &[crate::diagnostic::TextEdit]) -> String {
        crate::authoring::apply_edits(text, edits)
    }

    fn texts<'a>(docs: &'a [(&'a str, &'a str)]) -> Vec<DocText<'a>> {
        docs.iter()
            .map(|(path, text)| DocText { path, text })
            .collect()
    }

    #[test]
    fn renaming_a_heading_renumbers_equal_headings_after_it() {
        let doc = "# T\n\n## Notes\n\n## Notes\n\nSee [first](#notes) and [second](#notes-1).\n";
        let docs = [("a.md", doc)];
        let index = index_of(&docs);
        let target = DocText {
            path: "a.md",
            text: doc,
        };
        let edits = rename_heading(&index, target, "notes", "Remarks", &[]).unwrap();
        assert_eq!(
            apply(doc, &edits[0].edits),
            "# T\n\n## Remarks\n\n## Notes\n\nSee [first](#remarks) and [second](#notes).\n"
        );
    }

    #[test]
    fn a_new_anchor_equal_to_an_html_anchor_is_refused() {
        let doc = "# T\n\n<a id=\"old\"></a>\n\n## New\n";
        let docs = [("a.md", doc)];
        let index = index_of(&docs);
        let target = DocText {
            path: "a.md",
            text: doc,
        };
        let refused = rename_heading(&index, target, "new", "Old", &[]).unwrap_err();
        assert!(refused.contains("already an anchor"), "{refused}");
    }

    #[test]
    fn moving_a_doc_rewrites_links_both_ways() {
        let docs = [
            (
                "adr/0001-a.md",
                "# A\n\nSee [B](0002-b.md#why), [[0002-b]], [[ADR-0002]] and [img](./pic.png).\n",
            ),
            (
                "adr/0002-b.md",
                "# B\n\n## Why\n\nBack to [A](./0001-a.md).\n",
            ),
        ];
        let index = index_of(&docs);
        let moves = expand_moves(
            &index,
            &[(
                "adr/0002-b.md".to_string(),
                "old/0002-b-renamed.md".to_string(),
            )],
        );
        let candidates = move_candidates(&index, &moves);
        assert_eq!(candidates, ["adr/0001-a.md", "adr/0002-b.md"]);
        let edits = rename_files(&index, &moves, &texts(&docs));
        let by_path: HashMap<&str, &DocEdits> =
            edits.iter().map(|e| (e.path.as_str(), e)).collect();
        assert_eq!(
            apply(docs[0].1, &by_path["adr/0001-a.md"].edits),
            "# A\n\nSee [B](../old/0002-b-renamed.md#why), [[0002-b-renamed]], [[ADR-0002]] and [img](./pic.png).\n"
        );
        assert_eq!(
            apply(docs[1].1, &by_path["adr/0002-b.md"].edits),
            "# B\n\n## Why\n\nBack to [A](../adr/0001-a.md).\n"
        );
    }

    fn index_with_prefix(docs: &[(&str, &str)]) -> Index {
        Index::build(
            IndexSettings {
                url_prefixes: vec![String::from("https://example.com/repo/blob/main/")],
                ..IndexSettings::default()
            },
            docs.to_vec(),
            &Config::default(),
            &|_| PathHints::default(),
        )
    }

    #[test]
    fn links_of_every_form_follow_a_renamed_heading() {
        let target = "# A\n\n## Old name\n\nSelf: [here](#old-name).\n";
        let citing = "# B\n\n[x](a.md#old-name), [y][def], [[a#old-name|alias]], \
                      [z](https://example.com/repo/blob/main/docs/a.md#old-name), \
                      [w](<a.md#OLD-NAME>), [v](a.md#other).\n\n[def]: ./a.md#old-name\n";
        let docs = [("docs/a.md", target), ("docs/b.md", citing)];
        let index = index_with_prefix(&docs);
        let target = DocText {
            path: "docs/a.md",
            text: target,
        };
        let edits =
            rename_heading(&index, target, "old-name", "New *name*", &texts(&docs)).unwrap();
        assert_eq!(edits.len(), 2);
        assert_eq!(
            apply(docs[0].1, &edits[0].edits),
            "# A\n\n## New *name*\n\nSelf: [here](#new-name).\n"
        );
        assert_eq!(
            apply(docs[1].1, &edits[1].edits),
            "# B\n\n[x](a.md#new-name), [y][def], [[a#new-name|alias]], \
             [z](https://example.com/repo/blob/main/docs/a.md#new-name), \
             [w](<a.md#new-name>), [v](a.md#other).\n\n[def]: ./a.md#new-name\n"
        );
    }

    #[test]
    fn a_moved_doc_keeps_its_published_url_and_its_own_links() {
        let moved = "# A\n\nSee [c](../c.md), [img](pics/x.png) and [root](/c.md).\n";
        let citing = "# B\n\n[z](https://example.com/repo/blob/main/docs/a.md#top), \
                      [n](https://example.com/repo/pull/7), ADR-0001.\n";
        let docs = [
            ("docs/a.md", moved),
            ("docs/b.md", citing),
            ("c.md", "# C\n"),
        ];
        let index = index_with_prefix(&docs);
        let moves = [("docs/a.md".to_string(), "docs/deep/er/a2.md".to_string())];
        let edits = rename_files(&index, &moves, &texts(&docs));
        let by_path: HashMap<&str, &DocEdits> =
            edits.iter().map(|e| (e.path.as_str(), e)).collect();
        assert_eq!(
            apply(moved, &by_path["docs/a.md"].edits),
            "# A\n\nSee [c](../../../c.md), [img](../../pics/x.png) and [root](/c.md).\n"
        );
        assert_eq!(
            apply(citing, &by_path["docs/b.md"].edits),
            "# B\n\n[z](https://example.com/repo/blob/main/docs/deep/er/a2.md#top), \
             [n](https://example.com/repo/pull/7), ADR-0001.\n"
        );
        assert!(!by_path.contains_key("c.md"));
    }

    #[test]
    fn a_folder_move_expands_to_its_documents() {
        let docs = [("adr/0001-a.md", "# A\n"), ("adrs.md", "# x\n")];
        let index = index_of(&docs);
        let moves = expand_moves(&index, &[("adr".to_string(), "decisions".to_string())]);
        assert_eq!(
            moves,
            [(
                "adr/0001-a.md".to_string(),
                "decisions/0001-a.md".to_string()
            )]
        );
    }

    #[test]
    fn a_link_to_a_whole_document_renames_its_file() {
        let citing = "# B\n\nSee [A](../adr/0001-a.md), [[0001-a]], ADR-0001 and [s](../adr/0001-a.md#why).\n";
        let docs = [
            ("docs/adr/0001-a.md", "# 1. A\n\n## Why\n"),
            ("docs/notes/b.md", citing),
        ];
        let index = index_of(&docs);
        let (entry, _) = fresh_entry(DocText {
            path: "docs/notes/b.md",
            text: citing,
        });
        let at = |needle: &str| citing.find(needle).unwrap() + 2;
        let link = file_at(&index, &entry, citing, at("[A]")).unwrap();
        assert_eq!(link.path, "docs/adr/0001-a.md");
        assert_eq!(link.range.slice(citing), "../adr/0001-a.md");
        assert_eq!(
            new_file_path(&link, "../decisions/0001-b.md").unwrap(),
            "docs/decisions/0001-b.md"
        );
        assert!(new_file_path(&link, "../../../x.md").is_err());
        assert!(new_file_path(&link, "../adr/0001-a.txt").is_err());
        let wiki = file_at(&index, &entry, citing, at("[[0001-a]]")).unwrap();
        assert_eq!(wiki.range.slice(citing), "0001-a");
        assert_eq!(
            new_file_path(&wiki, "0001-b").unwrap(),
            "docs/adr/0001-b.md"
        );
        let id = file_at(&index, &entry, citing, at("ADR-0001")).unwrap();
        assert_eq!(id.placeholder, "0001-a.md");
        assert_eq!(
            new_file_path(&id, "0001-c.md").unwrap(),
            "docs/adr/0001-c.md"
        );
        assert!(new_file_path(&id, "/etc/passwd.md").is_err());
        assert_eq!(
            file_at(&index, &entry, citing, at("[s]")),
            None,
            "a section"
        );
    }
}
