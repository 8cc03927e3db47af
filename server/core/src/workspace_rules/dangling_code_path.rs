use crate::diagnostic::Diagnostic;
use crate::index::{DocEntry, RefForm, RefTarget};
use crate::resolve::Resolution;
use crate::workspace_rules::{FileOracle, WorkspaceContext, WorkspaceRule};
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
    /// are someone's machine, not the repository, and are left alone, as are templates. References matched by `[workspace]
    /// ignore-references` are skipped here too.
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
            let exists = if let Some(from_root) = link.path.strip_prefix('/') {
                exists_under(files, "", from_root, true)
            } else {
                exists_under(files, doc.folder(), &link.path, false)
            };
            if exists == Some(false) {
                out.push(Diagnostic {
                    rule: Self::ID,
                    severity: self.default_severity(),
                    range: reference.range,
                    message: format!("`{}` does not exist", link.path),
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
