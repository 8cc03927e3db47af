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
