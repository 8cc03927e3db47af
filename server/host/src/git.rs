//! What git knows that a check needs: which files changed since a ref. Run by the host (the
//! core never starts a process).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The files under `root` added, modified, copied or renamed (by their new name) since
/// `reference`, in the working tree as it is (uncommitted changes and untracked files that git
/// does not ignore count as changed), as absolute paths. An error names the ref or says why git
/// could not answer.
pub fn changed_since(root: &Path, reference: &str) -> Result<Vec<PathBuf>, String> {
    let verified = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    );
    if verified.is_err() {
        return Err(format!(
            "`{reference}` is not a git commit, branch or tag here"
        ));
    }
    let diff = git(
        root,
        &[
            "diff",
            "--name-status",
            "--relative",
            "-M",
            "-z",
            reference,
            "--",
        ],
    )?;
    let untracked = git(root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    let mut changed = Vec::new();
    let mut fields = diff.split('\0').filter(|field| !field.is_empty());
    while let Some(status) = fields.next() {
        // Renames and copies name the old path, then the new one.
        let path = match status.as_bytes().first() {
            Some(b'R' | b'C') => fields.nth(1),
            _ => fields.next(),
        };
        let Some(path) = path else { break };
        if !status.starts_with('D') {
            changed.push(root.join(path));
        }
    }
    changed.extend(
        untracked
            .split('\0')
            .filter(|path| !path.is_empty())
            .map(|path| root.join(path)),
    );
    changed.sort();
    changed.dedup();
    Ok(changed)
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|error| format!("git could not be run: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.first().unwrap_or(&""),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "git printed a path that is not UTF-8".to_string())
}

/// The commits of the first-parent history of `HEAD`, newest first, each with its committer
/// time (Unix seconds): the states the branch was in, one after another.
pub fn first_parent_commits(root: &Path) -> Result<Vec<(String, i64)>, String> {
    let log = git(root, &["log", "--first-parent", "--format=%H %ct", "HEAD"])?;
    Ok(log
        .lines()
        .filter_map(|line| {
            let (hash, time) = line.split_once(' ')?;
            Some((hash.to_string(), time.trim().parse().ok()?))
        })
        .collect())
}

/// The commit a ref names, or an error naming the ref.
pub fn resolve_commit(root: &Path, reference: &str) -> Result<String, String> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .map(|out| out.trim().to_string())
    .map_err(|_| format!("`{reference}` is not a git commit, branch or tag here"))
}

/// The files under `root` (relative to it, `/` separators) that differ between two commits, or
/// every file of `to` when `from` is `None` (the window starts before the first commit).
pub fn files_changed_between(
    root: &Path,
    from: Option<&str>,
    to: &str,
) -> Result<Vec<String>, String> {
    let out = match from {
        Some(from) => git(
            root,
            &[
                "diff",
                "--name-only",
                "--no-renames",
                "--relative",
                "-z",
                from,
                to,
                "--",
            ],
        )?,
        None => git(root, &["ls-tree", "-r", "--name-only", "-z", to, "--", "."])?,
    };
    Ok(out
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect())
}

/// The texts of `paths` (relative to `root`) at `commit`, in order: `None` for a path the commit
/// does not have, a blob over `limit` bytes, or one that is not UTF-8. One `git cat-file`
/// process for them all.
pub fn read_at_commit(
    root: &Path,
    commit: &str,
    paths: &[String],
    limit: u64,
) -> Result<Vec<Option<String>>, String> {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("git could not be run: {error}"))?;
    let mut input = String::new();
    for path in paths {
        // A path with a newline cannot be asked for on one line; it reads as missing.
        let path = if path.contains('\n') { "" } else { path };
        input.push_str(&format!("{commit}:./{path}\n"));
    }
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    // Written from a thread: git answers while it reads, and a full pipe would block both.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let stdout = child.stdout.take().ok_or("git cat-file has no output")?;
    let mut reader = BufReader::new(stdout);
    let mut texts = Vec::with_capacity(paths.len());
    for _ in paths {
        let mut header = String::new();
        if reader.read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            break;
        }
        let fields: Vec<&str> = header.split_whitespace().collect();
        let size = match fields.as_slice() {
            [_, "blob", size] => size.parse::<u64>().ok(),
            _ => None,
        };
        let Some(size) = size else {
            // `missing`, or a tree: nothing follows the header.
            texts.push(None);
            continue;
        };
        // The blob and the line break after it; one over the limit is skipped, never kept.
        if size > limit {
            std::io::copy(&mut (&mut reader).take(size + 1), &mut std::io::sink())
                .map_err(|e| e.to_string())?;
            texts.push(None);
            continue;
        }
        let mut content = Vec::new();
        (&mut reader)
            .take(size + 1)
            .read_to_end(&mut content)
            .map_err(|e| e.to_string())?;
        content.truncate(size as usize);
        texts.push(String::from_utf8(content).ok());
    }
    let _ = writer.join();
    let _ = child.wait();
    texts.resize(paths.len(), None);
    Ok(texts)
}
