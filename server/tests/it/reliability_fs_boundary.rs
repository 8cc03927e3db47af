//! The file-system boundary (issue 18, ADR 0010), through the real binary: nothing outside the
//! workspace is read or written, whatever the repository carries (symbolic links, a template or
//! an `.adr-dir` naming outside paths, a FIFO or a device where a marker should be) or the client
//! sends (command arguments naming outside files); and `--fix` never loses or mangles what is on
//! disk (a byte-order mark, CR line endings, a read-only file, a hard link).

use crate::common;

use common::LspClient;
use common::cli::{BIN, fixture_copy};
use serde_json::{Value, json};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "PLANTED-SECRET-51c2";

/// An adr-tools record with a fixable fault (`Acepted`).
const ADR: &str = "# 1. Use Postgres\n\nDate: 2024-01-02\n\n## Status\n\nAcepted\n\n## Context\n\nWe need a database.\n\n## Decision\n\nPostgres.\n\n## Consequences\n\nWe run Postgres.\n";

/// The same record with the secret in the line the fault is reported on.
fn secret_adr() -> String {
    ADR.replace("Acepted", &format!("Acepted {SECRET}"))
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `docwright ARGS` in `dir`, killing it after 20 seconds (the test then fails on the
/// messages it expected, not on a hang).
fn run(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", "2")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the docwright binary runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_symlinked_record_leading_outside_is_neither_printed_nor_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let outside = dir.path().join("outside/secret.md");
    write(&outside, secret_adr());
    write(&root.join("docs/adr/0002-inside.md"), ADR);
    symlink(&outside, root.join("docs/adr/0001-link.md")).unwrap();

    let checked = run(&root, &["check", "--no-color", "docs"]);
    assert!(!checked.stdout.contains(SECRET), "{}", checked.stdout);
    assert!(
        checked
            .stderr
            .contains("docs/adr/0001-link.md: leads outside the workspace"),
        "{}",
        checked.stderr
    );
    assert_eq!(checked.code, Some(2));

    let fixed = run(&root, &["check", "--fix", "--no-color", "docs"]);
    assert!(!fixed.stdout.contains(SECRET), "{}", fixed.stdout);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), secret_adr());
    assert!(
        std::fs::symlink_metadata(root.join("docs/adr/0001-link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // The record inside was fixed as usual.
    let inside = std::fs::read_to_string(root.join("docs/adr/0002-inside.md")).unwrap();
    assert!(inside.contains("\nAccepted\n"), "{inside}");
    // Named on the command line, the link is refused all the same.
    let named = run(&root, &["check", "--fix", "docs/adr/0001-link.md"]);
    assert!(
        named.stderr.contains("leads outside the workspace"),
        "{}",
        named.stderr
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), secret_adr());
}

#[test]
fn a_template_or_adr_dir_naming_an_outside_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let outside = dir.path().join("outside");
    write(&outside.join("template.md"), format!("# {SECRET}\n"));
    write(&root.join("docs/decisions/0001-a.md"), "# A\n");
    write(
        &root.join("docwright.toml"),
        format!(
            "[kinds.madr]\ntemplate = \"{}\"\n",
            outside.join("template.md").display()
        ),
    );
    let new = run(&root, &["new", "madr", "Use", "PostgreSQL"]);
    assert_eq!(new.code, Some(2), "{}{}", new.stdout, new.stderr);
    assert!(
        new.stderr.contains("lies outside the workspace; refused"),
        "{}",
        new.stderr
    );
    assert!(!root.join("docs/decisions/0002-use-postgresql.md").exists());

    // A relative template that climbs out is refused the same way.
    write(
        &root.join("docwright.toml"),
        "[kinds.madr]\ntemplate = \"../outside/template.md\"\n",
    );
    let new = run(&root, &["new", "madr", "Use", "PostgreSQL"]);
    assert!(
        new.stderr.contains("lies outside the workspace; refused"),
        "{}",
        new.stderr
    );

    // `.adr-dir` naming a folder outside: no record is created there.
    let adr_tools = tempfile::tempdir().unwrap();
    let repo = adr_tools.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    write(&repo.join(".adr-dir"), "../x\n");
    let new = run(&repo, &["new", "adr", "Escape"]);
    assert_eq!(new.code, Some(2), "{}{}", new.stdout, new.stderr);
    assert!(
        new.stderr.contains("leads outside the workspace"),
        "{}",
        new.stderr
    );
    assert!(!adr_tools.path().join("x").exists(), "created outside");
    // A link inside the root to a folder outside is no way out either.
    write(&repo.join(".adr-dir"), "records\n");
    symlink(adr_tools.path(), repo.join("records")).unwrap();
    let new = run(&repo, &["new", "adr", "Escape"]);
    assert!(
        new.stderr.contains("leads outside the workspace"),
        "{}",
        new.stderr
    );
    let names: Vec<_> = std::fs::read_dir(adr_tools.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("repo")], "created outside");
}

#[test]
fn authoring_commands_refuse_documents_and_folders_outside() {
    let repo = fixture_copy("authoring/adr-tools");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("0001-secret.md");
    std::fs::write(&secret, secret_adr()).unwrap();
    symlink(&secret, repo.path().join("doc/adr/0003-link.md")).unwrap();
    let secret_path = secret.display().to_string();
    let outside_folder = outside.path().display().to_string();
    for args in [
        vec!["set-status", secret_path.as_str(), "accepted"],
        vec!["set-status", "doc/adr/0003-link.md", "accepted"],
        vec!["link", "2", secret_path.as_str(), "--relation", "amends"],
        vec!["supersede", secret_path.as_str(), "2"],
        vec!["index", outside_folder.as_str()],
    ] {
        let refused = run(repo.path(), &args);
        assert_eq!(refused.code, Some(2), "{args:?}: {}", refused.stdout);
        assert!(
            refused.stderr.contains("leads outside the workspace"),
            "{args:?}: {}",
            refused.stderr
        );
        assert!(!refused.stderr.contains(SECRET), "{}", refused.stderr);
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), secret_adr());
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[test]
fn fifo_and_device_markers_and_a_named_fifo_never_block() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("doc/adr/0001-use-postgres.md"), ADR);
    if !mkfifo(&root.join(".adr-dir")) {
        return; // no mkfifo here
    }
    let checked = run(root, &["check", "--no-color"]);
    assert!(
        checked.stdout.contains("1 file checked") || checked.stdout.contains("in 1 file"),
        "{}{}",
        checked.stdout,
        checked.stderr
    );
    assert_ne!(checked.code, None, "killed: it hung on the FIFO");
    let new = run(root, &["new", "adr", "Next"]);
    assert_ne!(new.code, None, "killed: it hung on the FIFO");

    std::fs::remove_file(root.join(".adr-dir")).unwrap();
    symlink("/dev/zero", root.join(".adr-dir")).unwrap();
    let checked = run(root, &["check", "--no-color"]);
    assert_ne!(checked.code, None, "killed: it read /dev/zero");
    assert!(
        checked.stdout.contains("0001-use-postgres.md"),
        "{}",
        checked.stdout
    );

    // The walk's own ignore files: a FIFO `.gitignore` leaves its folder out, said, not a hang.
    mkfifo(&root.join("doc/adr/.gitignore"));
    let checked = run(root, &["check", "--no-color"]);
    assert_eq!(
        checked.code,
        Some(2),
        "{}{}",
        checked.stdout,
        checked.stderr
    );
    assert!(
        checked
            .stderr
            .contains("doc/adr/.gitignore: not a regular file of at most 1 MB, so"),
        "{}",
        checked.stderr
    );
    std::fs::remove_file(root.join("doc/adr/.gitignore")).unwrap();

    mkfifo(&root.join("pipe.md"));
    let named = run(root, &["check", "--no-color", "pipe.md"]);
    assert_eq!(named.code, Some(2));
    assert!(
        named
            .stderr
            .contains("pipe.md: not a regular file (a FIFO); not read"),
        "{}",
        named.stderr
    );
}

#[test]
fn fix_keeps_the_byte_order_mark_and_cr_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let adr = dir.path().join("doc/adr");
    let bom = adr.join("0001-bom.md");
    write(&bom, format!("\u{feff}{ADR}"));
    let cr = adr.join("0002-cr.md");
    write(&cr, ADR.replace("1. Use", "2. Use").replace('\n', "\r"));
    let crlf = adr.join("0003-crlf.md");
    write(&crlf, ADR.replace("1. Use", "3. Use").replace('\n', "\r\n"));
    let fixed = run(dir.path(), &["check", "--fix", "--no-color"]);

    // The heading behind the mark is the title: no title is inserted.
    assert!(!fixed.stdout.contains("missing-title"), "{}", fixed.stdout);
    let text = std::fs::read_to_string(&bom).unwrap();
    assert!(text.starts_with("\u{feff}# 1. Use Postgres\n"), "{text:?}");
    assert_eq!(text.matches('\u{feff}').count(), 1, "{text:?}");
    assert!(text.contains("\nAccepted\n"), "{text:?}\n{}", fixed.stdout);

    let text = std::fs::read_to_string(&cr).unwrap();
    assert!(!text.contains('\n'), "mixed line endings: {text:?}");
    assert!(text.contains("\rAccepted\r"), "{text:?}\n{}", fixed.stdout);

    let text = std::fs::read_to_string(&crlf).unwrap();
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "mixed line endings: {text:?}"
    );
    assert!(text.contains("\r\nAccepted\r\n"), "{text:?}");
}

#[test]
fn fix_reports_read_only_and_hard_linked_files_and_leaves_them() {
    let dir = tempfile::tempdir().unwrap();
    let adr = dir.path().join("doc/adr");
    let read_only = adr.join("0001-read-only.md");
    write(&read_only, ADR);
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
    let linked = adr.join("0002-linked.md");
    write(&linked, ADR.replace("1. Use", "2. Use"));
    let other_name = dir.path().join("elsewhere.md");
    std::fs::hard_link(&linked, &other_name).unwrap();

    let fixed = run(dir.path(), &["check", "--fix", "--no-color"]);
    assert_eq!(fixed.code, Some(2), "{}{}", fixed.stdout, fixed.stderr);
    assert!(
        fixed.stderr.contains(
            "doc/adr/0001-read-only.md: cannot write the fixed file: read-only; not rewritten"
        ),
        "{}",
        fixed.stderr
    );
    assert!(
        fixed
            .stderr
            .contains("doc/adr/0002-linked.md: cannot write the fixed file: has 2 hard links"),
        "{}",
        fixed.stderr
    );
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), ADR);
    assert_eq!(
        std::fs::metadata(&read_only).unwrap().permissions().mode() & 0o777,
        0o444
    );
    assert_eq!(
        std::fs::read_to_string(&linked).unwrap(),
        std::fs::read_to_string(&other_name).unwrap()
    );
    assert!(
        std::fs::read_to_string(&linked)
            .unwrap()
            .contains("Acepted")
    );
    // Their faults are still reported.
    assert!(
        fixed.stdout.contains("0001-read-only.md"),
        "{}",
        fixed.stdout
    );
    assert!(fixed.stdout.contains("0002-linked.md"), "{}", fixed.stdout);
}

fn start(dir: &Path) -> LspClient {
    let capabilities = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } },
    });
    LspClient::start(Some(dir), capabilities, json!({})).0
}

fn refused(client: &mut LspClient, command: &str, argument: Value) -> String {
    let error = client
        .request(
            "workspace/executeCommand",
            json!({ "command": command, "arguments": [argument] }),
        )
        .expect_err("the command is refused");
    let message = error["message"].as_str().unwrap_or_default().to_string();
    assert!(!message.contains(SECRET), "{message}");
    message
}

#[test]
fn commands_with_arguments_outside_the_workspace_are_refused() {
    let repo = fixture_copy("authoring/adr-tools");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("0001-secret.md");
    std::fs::write(&secret, secret_adr()).unwrap();
    symlink(&secret, repo.path().join("doc/adr/0003-link.md")).unwrap();
    let secret_uri = common::file_uri(&secret);
    let secret_path = secret.display().to_string();
    let climb = format!(
        "{}{}",
        "../".repeat(repo.path().components().count() - 1),
        secret_path.trim_start_matches('/')
    );

    let mut client = start(repo.path());
    for document in [
        secret_uri.as_str(),
        secret_path.as_str(),
        climb.as_str(),
        "doc/adr/0003-link.md",
    ] {
        let message = refused(
            &mut client,
            "docwright.setStatus",
            json!({ "document": document, "status": "accepted" }),
        );
        assert!(
            message.contains("leads outside the workspace"),
            "{document}: {message}"
        );
    }
    for (command, argument) in [
        (
            "docwright.link",
            json!({ "from": "2", "to": secret_uri, "relation": "amends" }),
        ),
        (
            "docwright.link",
            json!({ "from": secret_uri, "to": "1", "relation": "relates-to" }),
        ),
        (
            "docwright.supersede",
            json!({ "old": secret_uri, "new": "2" }),
        ),
        (
            "docwright.supersede",
            json!({ "old": "1", "new": "doc/adr/0003-link.md" }),
        ),
        (
            "docwright.index",
            json!({ "folder": common::file_uri(outside.path()) }),
        ),
        (
            "docwright.index",
            json!({ "folder": outside.path().display().to_string() }),
        ),
    ] {
        let message = refused(&mut client, command, argument.clone());
        assert!(
            message.contains("leads outside the workspace"),
            "{command} {argument}: {message}"
        );
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), secret_adr());
    let names: Vec<_> = std::fs::read_dir(outside.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("0001-secret.md")]);
    // Inside, the commands still work.
    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "docwright.setStatus", "arguments": [{ "document": "2", "status": "deprecated" }] }),
        )
        .expect("setStatus inside the workspace");
    assert!(!answer["edit"].is_null(), "{answer}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_server_answers_with_a_fifo_or_dev_stdin_as_adr_dir() {
    for marker in ["fifo", "/dev/stdin", "/dev/zero"] {
        let repo = fixture_copy("authoring/adr-tools");
        let adr_dir = repo.path().join(".adr-dir");
        std::fs::remove_file(&adr_dir).unwrap();
        if marker == "fifo" {
            if !mkfifo(&adr_dir) {
                continue;
            }
        } else {
            symlink(marker, &adr_dir).unwrap();
        }
        let mut client = start(repo.path());
        let path = repo.path().join("doc/adr/0002-use-mysql.md");
        let uri = common::file_uri(&path);
        client.open(&uri, &std::fs::read_to_string(&path).unwrap());
        client.diagnostics_for(&uri, 1);
        let hover = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
        );
        assert!(hover.is_ok(), "{marker}: {hover:?}");
        // The marker is ignored; the conventional folder is used.
        let answer = client
            .request(
                "workspace/executeCommand",
                json!({ "command": "docwright.new", "arguments": [{ "kind": "adr", "title": "Next" }] }),
            )
            .expect("docwright.new answers");
        let created = answer["uri"].as_str().unwrap_or_default();
        assert!(
            created.starts_with(&common::file_uri(repo.path())),
            "{marker}: {answer}"
        );
        assert_eq!(client.shutdown(), Some(0), "{marker}");
    }
}
