//! Running the real `docwright` binary and preparing fixture folders, for the CLI tests.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_docwright");

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `docwright ARGS` in `dir`, with no colour-forcing environment and two threads.
pub fn docwright(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .expect("the docwright binary runs");
    Run {
        code: output.status.code().expect("docwright exits normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Asserts that `docwright check --format json PATH`, run in `dir`, reports no broken reference
/// and writes nothing to stderr: the command line agrees that an edit left every link resolved.
pub fn assert_no_broken_reference(dir: &Path, path: &str) {
    let check = docwright(dir, &["check", "--format", "json", path]);
    assert!(
        !check.stdout.contains("broken-reference") && check.stderr.is_empty(),
        "{}{}",
        check.stdout,
        check.stderr
    );
}

/// A temporary copy of the fixture folder `server/tests/fixtures/<relative>`, for a test that
/// edits files.
pub fn fixture_copy(relative: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    copy_tree(&fixture, dir.path());
    dir
}

/// Copies the folder `from` into `to`, recursively (fixtures are copied before a test edits them).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `docwright ARGS` in `dir`, which must exit 0; its standard output.
pub fn docwright_ok(dir: &Path, args: &[&str]) -> String {
    let run = docwright(dir, args);
    assert_eq!(
        run.code, 0,
        "docwright {args:?}: {}{}",
        run.stdout, run.stderr
    );
    run.stdout
}

/// Every file under `dir` but `.git`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|name| name == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy();
                out.insert(
                    relative.replace('\\', "/"),
                    std::fs::read_to_string(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}
