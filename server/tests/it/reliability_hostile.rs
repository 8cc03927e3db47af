//! Hostile workspaces for `docwright check` and the server: symlink loops, unreadable files,
//! non-UTF-8 and binary `.md` files, paths with spaces and non-ASCII, a `docwright.toml` with wrong
//! types, 50,000 files, a 100 MB file; and the boundaries: nothing outside the checked roots is
//! read, and no network connection is ever opened.
//!
//! Peak memory on the hostile workspace is measured by `scripts/hostile-workspace.sh`, not here.

use crate::common;

use common::*;
use serde_json::json;
use std::net::TcpListener;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_docwright");

const ADR: &str = "# 1. Use Postgres\n\nDate: 2024-01-02\n\n## Status\n\nAcepted\n\n## Context\n\nWe need a database.\n\n## Decision\n\nPostgres.\n\n## Consequences\n\nWe run Postgres.\n";

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn check(dir: &Path, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let output = Command::new(BIN)
        .arg("check")
        .arg("--no-color")
        .args(args)
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .expect("the docwright binary runs");
    (output, started.elapsed())
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Whether permissions bind this process (they do not for root, which reads a mode-000 file).
fn permissions_apply(unreadable: &Path) -> bool {
    std::fs::read(unreadable).is_err()
}

/// Builds the hostile workspace of the tests and of `scripts/hostile-workspace.sh` (which builds
/// its own, larger one the same way).
fn hostile_workspace(root: &Path) {
    let adr = root.join("docs/adr");
    write(&adr.join("0001-use postgres ünïcödé 日本.md"), ADR);
    // A folder symlink back to its parent, and a file symlink to itself: loops.
    symlink(root.join("docs"), adr.join("loop")).unwrap();
    symlink(adr.join("0009-self.md"), adr.join("0009-self.md")).unwrap();
    // A dangling symlink.
    symlink(root.join("nowhere.md"), adr.join("0008-dangling.md")).unwrap();
    // Latin-1 bytes (not UTF-8), and a binary file with NULs and invalid sequences.
    write(
        &adr.join("0002-latin1.md"),
        b"# 2. Caf\xe9\n\n## Status\n\nAccepted\n",
    );
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    write(&adr.join("0003-binary.md"), binary);
    // Unreadable (only for a non-root user).
    let unreadable = adr.join("0004-unreadable.md");
    write(&unreadable, ADR);
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Wrong types everywhere in the configuration.
    write(
        &root.join("docwright.toml"),
        "ignore = 5\n[rules]\nmissing-section = [1, 2]\n[kinds.adr]\nsections = \"Status\"\n",
    );
}

#[test]
fn a_hostile_workspace_is_checked_to_the_end_with_a_message_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    hostile_workspace(dir.path());
    let (output, took) = check(dir.path(), &[]);
    let all = text(&output);
    let code = output.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "ended by {:?} after {took:?}:\n{all}",
        output.status
    );
    // The configuration's wrong types are named, not a crash.
    assert!(all.contains("docwright.toml"), "{all}");
    // Bad files are reported one by one, and the run goes on to the good one.
    for name in ["0002-latin1.md", "0003-binary.md"] {
        assert!(all.contains(name), "{name} not mentioned:\n{all}");
    }
    let unreadable = dir.path().join("docs/adr/0004-unreadable.md");
    if permissions_apply(&unreadable) {
        assert!(all.contains("0004-unreadable.md"), "{all}");
    }
    assert!(!all.contains("panicked"), "{all}");
    std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// A `file://` URI with every byte outside the unreserved set (and `/`) percent-encoded, as
/// editors send paths with spaces and non-ASCII characters.
fn percent_encoded_file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for &byte in path.to_str().unwrap().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[test]
fn the_server_opens_hostile_files_and_config_without_dying() {
    let dir = tempfile::tempdir().unwrap();
    hostile_workspace(dir.path());
    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let good = dir
        .path()
        .join("docs/adr/0001-use postgres ünïcödé 日本.md");
    let uri = percent_encoded_file_uri(&good);
    client.open(&uri, ADR);
    let diagnostics = client.diagnostics_for(&uri, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "invalid-status"),
        "{diagnostics:#?}"
    );
    // A document full of NULs and replacement characters, as an editor would send a binary file.
    let binary_uri = file_uri(&dir.path().join("docs/adr/0003-binary.md"));
    let binary: String = (0..4096u32)
        .map(|i| char::from_u32(i * 7919 % 0x3000).unwrap_or('\u{fffd}'))
        .collect();
    client.open(&binary_uri, &binary);
    client.diagnostics_for(&binary_uri, 1);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    assert_eq!(symbols[0]["name"], "1. Use Postgres", "{symbols:#}");
    std::fs::set_permissions(
        dir.path().join("docs/adr/0004-unreadable.md"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn fifty_thousand_files_are_checked_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    for folder in 0..100 {
        let folder_path = dir.path().join(format!("docs/f{folder:03}"));
        std::fs::create_dir_all(&folder_path).unwrap();
        for file in 0..500 {
            let number = folder * 500 + file + 1;
            std::fs::write(
                folder_path.join(format!("{number:05}-note.md")),
                format!("# {number}. Note\n\nText.\n"),
            )
            .unwrap();
        }
    }
    let (output, took) = check(dir.path(), &["--format", "json"]);
    assert!(
        matches!(output.status.code(), Some(0..=1)),
        "{:?}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert!(
        report.to_string().contains("50000"),
        "the report counts 50,000 files"
    );
    eprintln!("50,000 files checked in {took:?}");
    assert!(took < Duration::from_secs(180), "took {took:?}");
}

#[test]
fn a_hundred_megabyte_file_is_handled_or_refused_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs/huge.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let section = "## Section\n\nSome text with a [link](other.md) and `code`.\n\n".repeat(1000);
    let mut contents = String::from("# 1. Huge\n\n");
    while contents.len() < 100 << 20 {
        contents.push_str(&section);
    }
    std::fs::write(&path, &contents).unwrap();
    drop(contents);
    let (output, took) = check(dir.path(), &[]);
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "{:?} after {took:?}:\n{}",
        output.status,
        text(&output)
    );
    assert!(text(&output).contains("huge.md"), "{}", text(&output));
    eprintln!("a 100 MB file checked in {took:?}");
    assert!(took < Duration::from_secs(240), "took {took:?}");
}

/// Links pointing outside the root (`../../../../etc/passwd`, a sentinel folder beside the root)
/// never make the checker read there: the result does not depend on what the outside files hold,
/// and, where `strace` runs, no outside path is opened. Nor by the paths of issue 18: a record
/// that is a symbolic link to a file outside (with `check` and `check --fix`), a template and an
/// `.adr-dir` naming outside paths (with `new`).
#[test]
fn nothing_outside_the_checked_root_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let outside = dir.path().join("outside");
    write(
        &root.join("docs/adr/0001-links.md"),
        format!(
            "{ADR}\nSee [passwd](../../../../etc/passwd), [secret](../../../outside/secret.md#heading) \
             and [abs]({}).\n",
            outside.join("secret.md").display()
        ),
    );
    write(&outside.join("secret.md"), "# Heading\n");
    symlink(
        outside.join("secret.md"),
        root.join("docs/adr/0002-link.md"),
    )
    .unwrap();
    write(&outside.join("template.md"), "# {title}\n");
    write(
        &root.join("docwright.toml"),
        "[kinds.adr]\ntemplate = \"../outside/template.md\"\n",
    );
    let (with_heading, _) = check(&root, &["--format", "json"]);
    write(&outside.join("secret.md"), "# Something else\n\n[x]: y\n");
    let (without_heading, _) = check(&root, &["--format", "json"]);
    assert_eq!(
        with_heading.stdout, without_heading.stdout,
        "the result depends on a file outside the root"
    );

    let trace = dir.path().join("trace");
    let commands: [&[&str]; 4] = [
        &["check", "--no-color"],
        &["check", "--fix", "--no-color"],
        &["new", "adr", "Traced"],
        &["new", "adr", "Traced", "again"],
    ];
    for (i, args) in commands.into_iter().enumerate() {
        if i == 3 {
            // The template is refused; now `.adr-dir` names the folder outside.
            std::fs::remove_file(root.join("docwright.toml")).unwrap();
            write(&root.join(".adr-dir"), "../outside\n");
        }
        let traced = Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=open,openat,openat2", "-o"])
            .arg(&trace)
            .arg(BIN)
            .args(args)
            .current_dir(&root)
            .output();
        let Ok(traced) = traced else { return };
        let Ok(opened) = std::fs::read_to_string(&trace) else {
            return;
        };
        if traced.status.code().is_none_or(|code| code > 2) || opened.is_empty() {
            return; // strace cannot trace here (no ptrace in this container).
        }
        for line in opened.lines() {
            assert!(
                !line.contains("/etc/passwd") && !line.contains(&*outside.to_string_lossy()),
                "{args:?} opened outside the root: {line}"
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(outside.join("secret.md")).unwrap(),
        "# Something else\n\n[x]: y\n"
    );
    let outside_files = std::fs::read_dir(&outside).unwrap().count();
    assert_eq!(outside_files, 2, "a file was created outside the root");
}

/// Links to a local port that records connections: neither `check` nor the server connects.
#[test]
fn no_network_connection_is_ever_opened() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let doc = format!(
        "{ADR}\nSee <http://127.0.0.1:{port}/autolink>, [inline](http://127.0.0.1:{port}/inline), \
         ![image](http://127.0.0.1:{port}/image.png) and [ref].\n\n[ref]: http://127.0.0.1:{port}/ref\n"
    );
    let path = dir.path().join("docs/adr/0001-net.md");
    write(&path, &doc);
    write(
        &dir.path().join("docwright.toml"),
        format!("# extends = \"http://127.0.0.1:{port}/config.toml\"\n"),
    );
    check(dir.path(), &[]);
    check(dir.path(), &["--format", "sarif"]);

    let (mut client, _) = LspClient::start_default(Some(dir.path()));
    let uri = file_uri(&path);
    client.open(&uri, &doc);
    client.diagnostics_for(&uri, 1);
    let last_line = doc.lines().count() as u32 - 1;
    for (line, character) in [(last_line - 2, 12), (last_line, 3)] {
        let position = json!({ "line": line, "character": character });
        let _ = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position }),
        );
        let _ = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": position }),
        );
    }
    let _ = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": lsp_range(((0, 0), (last_line + 1, 0))),
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(client.shutdown(), Some(0));

    match listener.accept() {
        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, from)) => panic!("a connection was opened to the link target from {from}"),
        Err(err) => panic!("accept failed: {err}"),
    }
}
