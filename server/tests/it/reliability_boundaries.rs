//! Boundaries (issue 7 §5): navigation never reads or shows what lies outside the workspace, and
//! never opens a network connection. A file planted beside the workspace is linked by relative
//! paths that climb out of it (`../../../../etc/passwd`, and one that names the planted file
//! exactly), and reached through a file symlink and a folder symlink inside the workspace; links
//! point at a local port this test listens on. After hover, definition, references and completion
//! all over the document, and its documentLinks, the planted text appears in no response and the
//! listener saw no connection.

use crate::common;

use common::workspace::*;
use serde_json::{Value, json};
use std::net::TcpListener;

const SECRET: &str = "PLANTED-SECRET-7f3a";

#[test]
fn nothing_outside_the_workspace_is_read_shown_or_fetched() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        format!("# {SECRET}\n\n## Summary\n\n{SECRET} summary.\n"),
    )
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();

    let dir = prepare();
    // From the citing document's folder up to `/`, then down to the planted file: a relative link
    // that names exactly that file.
    let folder = dir.path("docs/adr");
    let climb = format!(
        "{}{}",
        "../".repeat(folder.components().count() - 1),
        outside
            .path()
            .join("secret.md")
            .strip_prefix("/")
            .unwrap()
            .display()
    );
    let doc = "docs/adr/0005-boundaries.md";
    let text = format!(
        "# 5. Boundaries\n\nDate: 2024-08-01\n\n## Status\n\nAccepted\n\n## Context\n\n\
         [passwd](../../../../etc/passwd) and [[../../../../etc/passwd]]\n\
         [climb]({climb}#summary) and [abs](/{}/secret.md)\n\
         [leak](leak.md#summary) and [[leak]] and [folder](linked/secret.md)\n\
         [local](http://127.0.0.1:{port}/x) and <http://127.0.0.1:{port}/y>\n\n\
         Inside: [ADR-1](0001-record-architecture-decisions.md).\n",
        outside.path().display().to_string().trim_start_matches('/'),
    );
    std::fs::write(dir.path(doc), &text).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path("docs/adr/leak.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path("docs/adr/linked")).unwrap();
    }

    let mut ws = start_in(dir, "utf-8");
    ws.open(doc);
    let uri = ws.uri(doc);
    let mut answers: Vec<Value> = Vec::new();
    for (line, content) in text.lines().enumerate() {
        for character in (0..content.len()).step_by(4) {
            let position = json!({ "line": line, "character": character });
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
            ] {
                answers.push(ws.at(method, doc, position.clone(), json!({})));
            }
            answers.push(ws.at(
                "textDocument/references",
                doc,
                position,
                json!({ "context": { "includeDeclaration": true } }),
            ));
        }
    }
    let links = ws
        .client
        .request(
            "textDocument/documentLink",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    answers.push(links.clone());
    answers.push(
        ws.client
            .request("workspace/symbol", json!({ "query": "" }))
            .unwrap_or(Value::Null),
    );

    // The symlinked file is not in the index: a wiki link to it names a missing document.
    let leak_hover = ws.at(
        "textDocument/hover",
        doc,
        ws.position(doc, "[[leak]]", 0, 3),
        json!({}),
    );
    assert_eq!(
        leak_hover["contents"]["value"],
        json!("No document `leak` in this workspace")
    );
    answers.push(leak_hover);

    let everything = serde_json::to_string(&answers).unwrap();
    assert!(
        !everything.contains(SECRET),
        "a response shows the planted file"
    );
    assert!(
        !everything.contains("root:"),
        "a response shows /etc/passwd"
    );
    // The one link that stays inside the workspace still works: the checks are not vacuous.
    let targets: Vec<&str> = links
        .as_array()
        .expect("document links")
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        vec![ws.uri("docs/adr/0001-record-architecture-decisions.md")]
    );
    let hovers_naming_missing = everything.matches("in this workspace").count();
    assert!(hovers_naming_missing > 0, "no hover answered at all");
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the server connected to the linked port"
    );
    let log = ws.client.stderr();
    assert!(!log.contains(SECRET), "the log shows the planted file");
    assert_eq!(ws.client.shutdown(), Some(0));
}
