use crate::diagnostic::Diagnostic;
use crate::index::{DocEntry, RefForm, RefTarget};
use crate::resolve::Resolution;
use crate::workspace_rules::{FileOracle, WorkspaceContext, WorkspaceRule, nearest_anchor};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// A path into the repository, in a link or in backticks, names a file that no longer
    /// exists.
    ///
    /// Design docs point at the code they are about: "the cache lives in
    /// `src/cache/lru.rs`", "see [the parser](../../src/parse.rs)". Code moves and the docs stay;
    /// a reader who follows a dead path cannot tell whether the design was dropped, renamed or
    /// never built, and the doc loses the one link that tied it to the implementation. Update
    /// the path, or say in the text that the code is gone.
    ///
    /// Checked: relative link destinations that are not Markdown documents (those are
    /// `broken-reference`'s), resolved from the document's folder (a leading `/` from the
    /// repository root); and text in backticks that looks like a path: it contains a `/`, ends
    /// in a file extension or a `/`, and has no spaces, no URL scheme and no wildcard. A path in
    /// backticks is looked up from the repository root (the folder with `.git`, else the
    /// workspace root) and from the document's folder, and reported only when it is in neither
    /// while its first folder is in one of them: `src/cache/lru.rs` is reported in a repository
    /// that has a `src/`, but `src/libcore/clone.rs` in a repository of RFCs without one names
    /// another project's file and is left alone. Paths that start with `/` or `~` in backticks
    /// are someone's machine, not the repository, and are left alone, as are templates, and
    /// paths the sentence asks to create ("create `.github/workflows/publish.yml`", "we will
    /// add `src/cache/arc.rs`"). A link destination that names no file is left alone too: one
    /// in parentheses (`[x]((#a))`), a template's placeholder (`LINK_TO_THIS_RFC`, `<link>`,
    /// `XXXX-name.md`), a page of the hosting site (`./releases`, `../../issues`), a rendered
    /// `.html` page of a published site. A web address written without `https://`
    /// (`play.example.org/`), an email address without `mailto:`, a person's handle
    /// (`[Mona](@octocat)`) instead of their page's address, and a section linked without its
    /// `#`, are reported as such.
    /// References matched by `[workspace] ignore-references` are skipped here too.
    ///
    /// ```markdown
    /// The eviction policy is in `src/cache/lru.rs`.
    /// ```
    pub struct DanglingCodePath {
        id: "dangling-code-path",
        severity: Warning,
        summary: "A path into the repository, in a link or in backticks, no longer exists",
    }
}

impl WorkspaceRule for DanglingCodePath {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        // Without a view of the file system there is nothing to compare with.
        let Some(files) = ctx.files else { return };
        // A document outside the workspace root has an absolute path: its paths are not ours.
        if doc.is_template || doc.path.starts_with('/') {
            return;
        }
        for reference in &doc.references {
            if !matches!(reference.form, RefForm::InlineLink | RefForm::ReferenceLink)
                || ctx.is_ignored(reference)
            {
                continue;
            }
            let RefTarget::Link(link) = &reference.target else {
                continue;
            };
            if link.path.is_empty() || !matches!(ctx.resolve(doc, reference), Resolution::External)
            {
                continue;
            }
            let shape = destination_shape(&link.path);
            if shape == Shape::NotAPath {
                continue;
            }
            let exists = if let Some(from_root) = link.path.strip_prefix('/') {
                exists_under(files, "", from_root, true)
            } else {
                exists_under(files, doc.folder(), &link.path, false)
            };
            if exists == Some(false) {
                let written = match reference.written.trim() {
                    "" => link.path.as_str(),
                    written => written,
                };
                let section = (!link.path.contains(['/', '.']))
                    .then(|| nearest_anchor(doc, &link.path))
                    .flatten();
                let message = if shape == Shape::WebAddress {
                    format!(
                        "`{written}` names no file of the repository; a web address needs \
                         `https://` in front"
                    )
                } else if shape == Shape::EmailAddress {
                    format!(
                        "`{written}` names no file of the repository; an email address needs \
                         `mailto:` in front"
                    )
                } else if shape == Shape::Mention {
                    format!(
                        "`{written}` names no file of the repository; a link to a person needs the \
                         full address of their profile page"
                    )
                } else if let Some(anchor) = section {
                    format!(
                        "`{written}` names no file; a link to this document's section is written \
                         `#{anchor}`"
                    )
                } else if written == link.path {
                    format!("`{}` does not exist", link.path)
                } else {
                    format!(
                        "`{written}` points at `{}`, which does not exist",
                        link.path
                    )
                };
                out.push(Diagnostic {
                    rule: Self::ID,
                    severity: self.default_severity(),
                    range: reference.range,
                    message,
                    fix: None,
                });
            }
        }
        for code in &doc.code_paths {
            let from_root = exists_under(files, "", &code.path, true);
            let from_folder = exists_under(files, doc.folder(), &code.path, false);
            if from_root == Some(true) || from_folder == Some(true) {
                continue;
            }
            // `src/libcore/clone.rs` in a repository without `src/` is another project's path
            // (an RFC about the compiler, a doc about a dependency): only a path whose first
            // folder is here can have moved away.
            let first_folder = match code.path.split_once('/') {
                Some((first, _)) if first != "." && first != ".." => format!("{first}/"),
                _ => continue,
            };
            let anchored_at_root = exists_under(files, "", &first_folder, true) == Some(true);
            let anchored_beside =
                exists_under(files, doc.folder(), &first_folder, false) == Some(true);
            if !anchored_at_root && !anchored_beside {
                continue;
            }
            out.push(Diagnostic {
                rule: Self::ID,
                severity: self.default_severity(),
                range: code.range,
                message: format!(
                    "`{}` does not exist, though `{first_folder}` does{}",
                    code.path,
                    if anchored_at_root {
                        " in the repository"
                    } else {
                        " beside this document"
                    }
                ),
                fix: None,
            });
        }
    }
}

/// What a link's destination path is, read as its author meant it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// A path into the repository.
    Path,
    /// `play.example.org/x`: a web address written without its scheme, which as a link is a
    /// path that is not there.
    WebAddress,
    /// `iant@example.org`: an email address written without `mailto:`, which as a link is a
    /// path that is not there.
    EmailAddress,
    /// `@octocat`: a person's handle as a link (`[Mona](@octocat)`), which the hosting site
    /// resolves as a path that is not there, not as a mention.
    Mention,
    /// Not a claim about a file: punctuation (`(` of `[x]((#a))`), a destination in parentheses
    /// (`(https://…)`), a template placeholder (`LINK_TO_THIS_RFC`, `<link>`, `XXXX-name.md`,
    /// `TODO`), or a rendered page of a published site (`./guide.html`), whose source the
    /// repository may hold under another name.
    NotAPath,
}

fn destination_shape(path: &str) -> Shape {
    let path = path.trim();
    if !path.chars().any(char::is_alphanumeric)
        || path.starts_with('(')
        || path.contains("://")
        || is_placeholder_path(path)
        || is_hosting_route(path)
    {
        return Shape::NotAPath;
    }
    let lower = path.to_ascii_lowercase();
    let first = path.split('/').next().unwrap_or("");
    let host_like = first.contains('.')
        && !first.starts_with('.')
        && first
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if host_like && (path.contains('/') || lower.starts_with("www.")) {
        return Shape::WebAddress;
    }
    if let Some((user, host)) = path.split_once('@')
        && !user.is_empty()
        && !user.contains(['/', '@'])
        && host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Shape::EmailAddress;
    }
    if let Some(handle) = path.strip_prefix('@')
        && !handle.is_empty()
        && handle
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/'))
    {
        return Shape::Mention;
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return Shape::NotAPath;
    }
    Shape::Path
}

/// `./releases`, `../../issues`, `./actions/workflows/ci.yml/badge.svg`: a page of the
/// repository's hosting site (GitHub, GitLab and Gitea resolve these relative links to their own
/// pages), not a file in it.
pub(crate) fn is_hosting_route(path: &str) -> bool {
    const ROUTES: &[&str] = &[
        "actions",
        "releases",
        "issues",
        "pulls",
        "pull",
        "wiki",
        "discussions",
        "tags",
        "compare",
        "security",
        "projects",
        "milestones",
        "labels",
        "branches",
        "commits",
        "commit",
        "blob",
        "tree",
        "raw",
        "-",
    ];
    path.split('/')
        .find(|segment| !matches!(*segment, "" | "." | ".."))
        .is_some_and(|first| ROUTES.contains(&first))
}

/// A template's placeholder where a path will go: `LINK_TO_THIS_RFC`, `<link>`, `{path}`,
/// `XXXX-feature.md`, `NNNN-name.md`, `TODO`.
pub(crate) fn is_placeholder_path(path: &str) -> bool {
    if path.contains(['<', '>', '{', '}']) || crate::rules::support::looks_like_placeholder(path) {
        return true;
    }
    // `LINK_TO_THIS_RFC`, `URL_HERE`: words in capitals, alone (`CODE_OF_CONDUCT.md` is a file).
    let all_caps_words = path.contains('_')
        && path.starts_with(|c: char| c.is_ascii_uppercase())
        && path
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && path.split('_').all(|word| !word.is_empty());
    // `XXXX-feature.md`, `NNNN-name.md`: a record not numbered yet.
    let unnumbered = path.split('/').any(|segment| {
        let number = segment.split(['-', '.']).next().unwrap_or(segment);
        number.len() >= 3
            && (number.chars().all(|c| c == 'x' || c == 'X')
                || number.chars().all(|c| c == 'n' || c == 'N'))
    });
    all_caps_words || unnumbered
}

/// Whether `path`, relative to the workspace folder `folder` (or to the repository root when
/// `from_repository_root`), exists; `None` when it names no file (the root itself).
pub(crate) fn exists_under(
    files: &dyn FileOracle,
    folder: &str,
    path: &str,
    from_repository_root: bool,
) -> Option<bool> {
    let joined = join_climbing(folder, path);
    if joined.is_empty() || joined.split('/').all(|part| part == "..") {
        return None;
    }
    // `docs/` names a folder: keep the slash so the oracle checks for one.
    let joined = if path.ends_with('/') {
        format!("{joined}/")
    } else {
        joined
    };
    Some(if from_repository_root {
        files.exists_in_repository(&joined)
    } else {
        files.exists(&joined)
    })
}

/// `folder` joined with the relative `path`, `.` and `..` resolved, `/` separators; unlike
/// [`crate::resolve::join_path`] it keeps the `..` that climb above the start, since the
/// repository root may lie above the workspace root (the oracle refuses what leaves it).
fn join_climbing(folder: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in folder.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::{Index, IndexSettings};
    use crate::kinds::detect::PathHints;
    use crate::links::looks_like_repo_path;
    use std::collections::BTreeSet;

    #[test]
    fn joining_keeps_the_climb_above_the_start() {
        assert_eq!(join_climbing("docs/design", "../../src/x.rs"), "src/x.rs");
        assert_eq!(join_climbing("design", "../../src/x.rs"), "../src/x.rs");
        assert_eq!(join_climbing("", "./a/./b/../c.rs"), "a/c.rs");
    }

    #[test]
    fn what_looks_like_a_repository_path() {
        for path in [
            "src/cache/lru.rs",
            "server/src/",
            "server/src/analysis/",
            ".github/workflows/ci.yml",
            "../src/main.c",
            "crates/core/Cargo.toml",
            "web/@types/index.d.ts",
        ] {
            assert!(looks_like_repo_path(path), "{path}");
        }
        for text in [
            "lru.rs",
            "src/cache",
            "https://example.com/a.js",
            "example.com/a.js",
            "/etc/hosts.conf",
            "~/notes/today.txt",
            "src/*.rs",
            "src/{a,b}.rs",
            "a b/c.rs",
            "docs/adr/0001-x.md",
            "text/plain",
            "2024/01.05",
            "$HOME/x.rs",
            "a//b.rs",
            "src/",
            "target/",
        ] {
            assert!(!looks_like_repo_path(text), "{text}");
        }
    }

    /// A fixed set of workspace-relative paths; the repository root is the workspace's parent.
    struct Files {
        workspace: BTreeSet<&'static str>,
        repository: BTreeSet<&'static str>,
    }

    impl FileOracle for Files {
        fn exists(&self, workspace_relative: &str) -> bool {
            self.workspace.contains(workspace_relative)
        }
        fn exists_in_repository(&self, repository_relative: &str) -> bool {
            self.repository.contains(repository_relative)
        }
    }

    fn check(text: &str, files: Option<&Files>) -> Vec<String> {
        let config = Config::default();
        let mut index = Index::new(IndexSettings::from_config(&config));
        let entry =
            DocEntry::from_text("docs/design/cache.md", text, &config, &PathHints::default());
        index.update(entry.clone());
        let mut ctx = WorkspaceContext::new(&index, &config);
        if let Some(files) = files {
            ctx = ctx.with_files(files);
        }
        let mut out = Vec::new();
        DanglingCodePath.check(&ctx, &entry, &mut out);
        out.sort_by_key(|d| d.range.start);
        out.iter()
            .map(|d| format!("{}: {}", d.range.slice(text), d.message))
            .collect()
    }

    fn files() -> Files {
        Files {
            workspace: [
                "src/cache/lru.rs",
                "docs/design/diagram.svg",
                "src/",
                "docs/design/",
            ]
            .into_iter()
            .collect(),
            repository: ["server/src/main.rs", "src/cache/lru.rs", "src/", "server/"]
                .into_iter()
                .collect(),
        }
    }

    const TEXT: &str = "# Cache\n\n\
        The policy is in `src/cache/lru.rs`, once was in `src/cache/old.rs`; the server starts in \
        `server/src/main.rs` and draws [the diagram](diagram.svg). The compiler's \
        `compiler/rustc/src/main.rs` is another project's.\n\n\
        See [the parser](../../src/parse.rs), [the folder](../../src/), \
        [root-relative](/src/gone.rs), [a doc](../adr/0001-x.md), [a site](https://example.com/x.rs) \
        and `src/*.rs`.\n\n```\ncat src/not/checked.rs\n```\n";

    #[test]
    fn missing_paths_are_reported_where_they_are_written() {
        assert_eq!(
            check(TEXT, Some(&files())),
            vec![
                "`src/cache/old.rs`: `src/cache/old.rs` does not exist, though `src/` does in the repository",
                "[the parser](../../src/parse.rs): `../../src/parse.rs` does not exist",
                "[root-relative](/src/gone.rs): `/src/gone.rs` does not exist",
            ]
        );
    }

    #[test]
    fn destinations_that_name_no_file_are_left_alone() {
        // A destination wrapped in parentheses, a template's placeholders, a rendered page of a
        // published site: none of them claims a file of the repository.
        let text = "# Cache\n\n\
            As the [section]((#cache)) says, and the [thread]((https://example.com/t/1)) too, \
            see the [policy](LINK_TO_THIS_RFC), the [code](src/<name>.rs), the \
            [draft](XXXX-feature.rs), the [proposal](NNNN-name.swift), the [other](TODO), \
            the [guide](./guide.html), the [page](../../src/site/page.htm), the \
            [release](./releases) and the [build](../../actions/workflows/ci.yml).\n";
        assert_eq!(check(text, Some(&files())), Vec::<String>::new());
    }

    #[test]
    fn a_missing_path_is_named_as_written_and_a_web_address_as_one() {
        let text = "# Cache\n\n\
            See [the line](../../src/gone.rs#L10), [the playground](play.example.org/) and \
            [the reference](www.example.com/doc/reference.html#intro), as [the \
            section](eviction-policy) says; ask [Ann](ann@example.org) or \
            [Mona](@octo-cat).\n\n\
            ## Eviction policies\n\nLRU.\n";
        assert_eq!(
            check(text, Some(&files())),
            vec![
                "[the line](../../src/gone.rs#L10): `../../src/gone.rs#L10` points at \
                 `../../src/gone.rs`, which does not exist",
                "[the playground](play.example.org/): `play.example.org/` names no file of the \
                 repository; a web address needs `https://` in front",
                "[the reference](www.example.com/doc/reference.html#intro): \
                 `www.example.com/doc/reference.html#intro` names no file of the repository; a \
                 web address needs `https://` in front",
                "[the section](eviction-policy): `eviction-policy` names no file; a link to this \
                 document's section is written `#eviction-policies`",
                "[Ann](ann@example.org): `ann@example.org` names no file of the repository; an \
                 email address needs `mailto:` in front",
                "[Mona](@octo-cat): `@octo-cat` names no file of the repository; a link to a \
                 person needs the full address of their profile page",
            ]
        );
    }

    #[test]
    fn a_path_the_text_asks_to_create_is_not_missing() {
        let text = "# Cache\n\nFirst, create `src/cache/policy.rs` and adapt it. We will add \
            a new module, `src/cache/arc.rs`. The old one, `src/cache/old.rs`, is gone.\n";
        assert_eq!(
            check(text, Some(&files())),
            vec![
                "`src/cache/old.rs`: `src/cache/old.rs` does not exist, though `src/` does in the \
                 repository"
            ]
        );
    }

    #[test]
    fn a_badge_of_the_hosting_site_is_no_missing_image() {
        let config = Config::default();
        let mut index = Index::new(IndexSettings::from_config(&config));
        let text = "# Cache\n\n[![CI](./actions/workflows/ci.yml/badge.svg)](./actions) \
            ![flow](flow.png)\n";
        let entry =
            DocEntry::from_text("docs/design/cache.md", text, &config, &PathHints::default());
        index.update(entry.clone());
        let files = files();
        let ctx = WorkspaceContext::new(&index, &config).with_files(&files);
        let mut out = Vec::new();
        crate::workspace_rules::broken_reference::BrokenReference.check(&ctx, &entry, &mut out);
        let found: Vec<String> = out.into_iter().map(|d| d.message).collect();
        assert_eq!(found, ["the image `flow.png` does not exist"]);
    }

    #[test]
    fn placeholder_paths() {
        for path in [
            "LINK_TO_THIS_RFC",
            "URL_HERE",
            "<link>",
            "{path}",
            "XXXX-feature.md",
            "nnnn-safe-storage.md",
            "TODO",
        ] {
            assert!(is_placeholder_path(path), "{path}");
        }
        for path in [
            "LICENSE",
            "README.md",
            "CODE_OF_CONDUCT.md",
            "src/my_module.rs",
            "0000-template.md",
            "next-steps.md",
            "src/todo.rs",
        ] {
            assert!(!is_placeholder_path(path), "{path}");
        }
    }

    #[test]
    fn without_a_file_oracle_the_rule_is_silent() {
        assert!(check(TEXT, None).is_empty());
    }

    #[test]
    fn templates_are_left_alone() {
        let config = Config::default();
        let index = Index::new(IndexSettings::from_config(&config));
        let entry = DocEntry::from_text(
            "docs/adr/0000-template.md",
            "# Title\n\nSee `src/gone/file.rs`.\n",
            &config,
            &PathHints::default(),
        );
        let files = files();
        let ctx = WorkspaceContext::new(&index, &config).with_files(&files);
        let mut out = Vec::new();
        DanglingCodePath.check(&ctx, &entry, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
