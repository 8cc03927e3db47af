//! The `docwright` binary, run for real on fixture workspaces.
//!
//! Fixtures live in `tests/fixtures/cli/`; every test that writes, or that needs a `.gitignore`
//! (which must not be committed inside the repository, where git would obey it), works on a copy
//! in a temporary folder. Output is snapshotted with insta; the SARIF output is also validated
//! against the OASIS SARIF 2.1.0 schema in `tests/fixtures/sarif/`.

use crate::common;
use serde_json::Value;

use common::cli::{BIN, copy_tree, docwright};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

/// A copy of the `workspace` fixture, with a `.gitignore` that ignores its `scratch/` folder.
fn workspace_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("workspace"), dir.path());
    std::fs::write(dir.path().join(".gitignore"), "scratch/\n").unwrap();
    dir
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The paths of the files listed in `--format json` output.
fn json_paths(output: &Value) -> Vec<String> {
    output
        .as_array()
        .expect("an array of files")
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// Every (path, rule) reported in `--format json` output.
fn json_findings(output: &Value) -> Vec<(String, String)> {
    let mut findings = Vec::new();
    for file in output.as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            findings.push((
                file["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            ));
        }
    }
    findings
}

/// (id, default severity, summary, docs) of every rule, document rules then workspace rules: the
/// order `docwright rules` lists them in.
fn every_rule() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    let document = docwright::analysis::rules::all_rules()
        .iter()
        .map(|r| (r.id(), r.default_severity().as_str(), r.summary(), r.docs()));
    let workspace = docwright::analysis::workspace_rules::all_workspace_rules()
        .iter()
        .map(|r| (r.id(), r.default_severity().as_str(), r.summary(), r.docs()));
    document.chain(workspace).collect()
}

fn first_doc_line(docs: &str) -> &str {
    docs.lines().find(|l| !l.trim().is_empty()).unwrap().trim()
}

#[test]
fn human_output_points_at_each_problem() {
    let dir = workspace_copy();
    let run = docwright(dir.path(), &["check", "--no-color"]);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    insta::assert_snapshot!("human", run.stdout);
}

#[test]
fn json_output_lists_every_file_in_path_order() {
    let dir = workspace_copy();
    let run = docwright(dir.path(), &["check", "--format", "json"]);
    let output = json(&run.stdout);
    assert_eq!(
        json_paths(&output),
        [
            "README.md",
            "docs/adr/0001-record-architecture-decisions.md",
            "docs/adr/0002-store-sessions-in-redis.md",
            "docs/adr/0003-café-menu-service.md",
        ]
    );
    assert_eq!(output[1]["kind"], "adr");
    assert_eq!(output[0]["kind"], Value::Null);
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
fn json_columns_count_characters_and_byte_ranges_count_bytes() {
    let dir = workspace_copy();
    let run = docwright(dir.path(), &["check", "--format", "json"]);
    let output = json(&run.stdout);
    let cafe = output
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "docs/adr/0003-café-menu-service.md")
        .unwrap();
    let todo = cafe["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "placeholder-text")
        .expect("the TODO in the Decision is reported");
    let text =
        std::fs::read_to_string(dir.path().join("docs/adr/0003-café-menu-service.md")).unwrap();
    let line = text.lines().find(|l| l.contains("TODO")).unwrap();
    let line_number = text.lines().position(|l| l.contains("TODO")).unwrap() + 1;
    let byte_start = text.find("TODO").unwrap();
    let char_column = line[..line.find("TODO").unwrap()].chars().count() + 1;
    assert_eq!(todo["range"]["start"]["line"], line_number);
    assert_eq!(todo["range"]["start"]["column"], char_column);
    assert_eq!(todo["byte_range"]["start"], byte_start);
    // "Le menu du café — " has two multi-byte characters: bytes and characters differ.
    assert_ne!(
        byte_start - text[..byte_start].rfind('\n').unwrap(),
        char_column
    );
}

fn sarif_validator() -> jsonschema::Validator {
    // The OASIS SARIF 2.1.0 schema (errata 01); see tests/fixtures/sarif/README.md for its origin.
    let schema = json(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/sarif/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let dir = workspace_copy();
    let run = docwright(dir.path(), &["check", "--format", "sarif"]);
    let mut log = json(&run.stdout);
    let validator = sarif_validator();
    assert_eq!(schema_errors(&validator, &log), Vec::<String>::new());

    let sarif_run = &log["runs"][0];
    let rules = sarif_run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = sarif_run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the rule"
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"docs/adr/0003-caf%C3%A9-menu-service.md"),
        "{uris:?}"
    );

    // Every rule is described, with its documentation as help. The docs themselves are the
    // rules' business (and `explain`'s test's): the snapshot keeps only their place.
    let driver_rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap();
    let all_rules = every_rule();
    assert_eq!(driver_rules.len(), all_rules.len());
    for (descriptor, (id, _, summary, docs)) in driver_rules.iter_mut().zip(all_rules) {
        assert_eq!(descriptor["id"], id);
        assert_eq!(descriptor["shortDescription"]["text"], summary);
        let help = descriptor["help"]["markdown"].as_str().unwrap();
        assert!(help.contains(first_doc_line(docs)), "{help}");
        for field in ["fullDescription", "help"] {
            descriptor[field] = serde_json::json!("[the rule's documentation]");
        }
    }

    // The absolute folder differs on every run.
    let root = &mut log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    assert!(root.as_str().unwrap().starts_with("file:///"));
    *root = Value::String("file:///[workspace]/".to_string());
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&log).unwrap());
}

#[test]
fn the_sarif_schema_rejects_what_code_scanning_would() {
    // Guards the test above against a validator that accepts anything.
    let validator = sarif_validator();
    let no_version = serde_json::json!({"runs": []});
    assert!(!schema_errors(&validator, &no_version).is_empty());
    let bad_level = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]
    });
    assert!(!schema_errors(&validator, &bad_level).is_empty());
}

#[test]
fn exit_code_is_0_when_clean_or_warnings_only() {
    let dir = workspace_copy();
    let clean = docwright(
        dir.path(),
        &["check", "docs/adr/0001-record-architecture-decisions.md"],
    );
    assert_eq!(clean.code, 0, "{}{}", clean.stdout, clean.stderr);
    assert!(
        clean.stdout.ends_with("0 errors, 0 warnings in 1 file\n"),
        "{}",
        clean.stdout
    );

    let warnings = docwright(
        dir.path(),
        &["check", "docs/adr/0002-store-sessions-in-redis.md"],
    );
    assert!(
        warnings.stdout.contains("warning[missing-section]"),
        "{}",
        warnings.stdout
    );
    assert_eq!(warnings.code, 0, "{}", warnings.stdout);
}

#[test]
fn exit_code_is_1_when_an_error_is_found() {
    let dir = workspace_copy();
    let run = docwright(dir.path(), &["check", "docs/adr/0003-café-menu-service.md"]);
    assert!(run.stdout.contains("error["), "{}", run.stdout);
    assert_eq!(run.code, 1);
}

#[test]
fn exit_code_is_2_for_usage_errors_and_unreadable_paths() {
    let dir = workspace_copy();
    let missing = docwright(dir.path(), &["check", "docs", "no/such/folder"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("no/such/folder: no such file or folder"),
        "{}",
        missing.stderr
    );
    // The paths that exist are still checked.
    assert!(
        missing
            .stdout
            .contains("docs/adr/0002-store-sessions-in-redis.md")
    );

    let bad_flag = docwright(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(bad_flag.code, 2);
    assert!(bad_flag.stderr.contains("xml"), "{}", bad_flag.stderr);

    let no_command = docwright(dir.path(), &[]);
    assert_eq!(no_command.code, 2);

    let help = docwright(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("check"));
}

#[test]
fn a_file_that_is_not_utf8_is_reported_and_the_rest_checked() {
    let dir = workspace_copy();
    std::fs::write(
        dir.path().join("docs/adr/0009-latin1.md"),
        b"# 9. Caf\xe9\n",
    )
    .unwrap();
    let run = docwright(dir.path(), &["check", "docs"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("docs/adr/0009-latin1.md: not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("in 3 files"), "{}", run.stdout);
}

#[test]
fn a_broken_config_is_reported_with_its_location_and_checking_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("broken-config"), dir.path());
    let run = docwright(dir.path(), &["check", "--no-color"]);
    let first_line = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with("docwright.toml:4:"),
        "{}",
        run.stderr
    );
    assert!(first_line.contains("loud"), "{}", run.stderr);
    assert!(
        run.stdout.contains("in 1 file"),
        "the files are checked with the defaults: {}",
        run.stdout
    );
    assert_eq!(run.code, 2);
}

#[test]
fn config_ignore_globs_and_gitignore_are_honoured_in_folders_but_named_files_are_checked() {
    let dir = workspace_copy();
    let all = json(&docwright(dir.path(), &["check", "--format", "json"]).stdout);
    assert!(
        !json_paths(&all).iter().any(|p| p.starts_with("scratch/")),
        ".gitignore keeps scratch/ out: {:?}",
        json_paths(&all)
    );

    let named = json(
        &docwright(
            dir.path(),
            &["check", "--format", "json", "scratch/0004-half-written.md"],
        )
        .stdout,
    );
    assert_eq!(json_paths(&named), ["scratch/0004-half-written.md"]);

    std::fs::write(
        dir.path().join("docwright.toml"),
        "ignore = [\"docs/adr/0002-*\"]\n",
    )
    .unwrap();
    let ignored = json(&docwright(dir.path(), &["check", "--format", "json"]).stdout);
    assert!(
        !json_paths(&ignored).contains(&"docs/adr/0002-store-sessions-in-redis.md".to_string()),
        "{:?}",
        json_paths(&ignored)
    );
    assert!(
        json_paths(&ignored)
            .contains(&"docs/adr/0001-record-architecture-decisions.md".to_string())
    );
}

#[test]
fn fix_rewrites_fixable_files_and_leaves_the_rest_byte_identical() {
    let dir = workspace_copy();
    let fixable = dir.path().join("docs/adr/0002-store-sessions-in-redis.md");
    let untouched = dir
        .path()
        .join("docs/adr/0001-record-architecture-decisions.md");
    let before_fixable = std::fs::read(&fixable).unwrap();
    let before_untouched = std::fs::read(&untouched).unwrap();
    let before = json(&docwright(dir.path(), &["check", "--format", "json"]).stdout);
    assert!(json_findings(&before).contains(&(
        "docs/adr/0002-store-sessions-in-redis.md".to_string(),
        "missing-section".to_string()
    )));

    let run = docwright(dir.path(), &["check", "--fix", "--no-color"]);
    assert!(
        run.stdout
            .contains("Fixed 1 problem in docs/adr/0002-store-sessions-in-redis.md"),
        "{}",
        run.stdout
    );

    let after_fixable = std::fs::read_to_string(&fixable).unwrap();
    assert_ne!(after_fixable.as_bytes(), before_fixable.as_slice());
    assert!(after_fixable.contains("## Consequences"), "{after_fixable}");
    assert_eq!(std::fs::read(&untouched).unwrap(), before_untouched);

    let again = json(&docwright(dir.path(), &["check", "--format", "json"]).stdout);
    assert!(!json_findings(&again).iter().any(|(path, rule)| {
        path.ends_with("0002-store-sessions-in-redis.md") && rule == "missing-section"
    }));

    // Only the documents remain: no temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("docs/adr"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".md") && !n.starts_with('.')),
        "{names:?}"
    );
}

#[test]
fn rules_lists_every_rule_with_its_severity() {
    let run = docwright(&fixture("workspace"), &["rules"]);
    assert_eq!(run.code, 0);
    for (id, severity, summary, _) in every_rule() {
        let line = run
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("{id} is listed:\n{}", run.stdout));
        assert!(line.contains(severity), "{line}");
        assert!(line.contains(summary), "{line}");
    }
    insta::assert_snapshot!("rules", run.stdout);
}

#[test]
fn explain_prints_the_rule_documentation() {
    let run = docwright(&fixture("workspace"), &["explain", "missing-section"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("# missing-section\n"),
        "{}",
        run.stdout
    );
    let rule = docwright::analysis::rules::rule_by_id("missing-section").unwrap();
    assert!(
        run.stdout.contains(first_doc_line(rule.docs())),
        "{}",
        run.stdout
    );

    // Workspace rules are explained too.
    let (id, _, _, docs) = *every_rule().last().unwrap();
    let run = docwright(&fixture("workspace"), &["explain", id]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(first_doc_line(docs)), "{}", run.stdout);
}

#[test]
fn explain_of_an_unknown_rule_suggests_the_closest() {
    let run = docwright(&fixture("workspace"), &["explain", "missng-section"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("did you mean `missing-section`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_kind_names_the_kind_and_the_reason() {
    let run = docwright(
        &fixture("workspace"),
        &[
            "check",
            "--explain-kind",
            "docs/adr/0001-record-architecture-decisions.md",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("docs/adr/0001-record-architecture-decisions.md: adr ("),
        "{}",
        run.stdout
    );

    let readme = docwright(
        &fixture("workspace"),
        &["check", "--explain-kind", "README.md"],
    );
    assert!(
        readme.stdout.starts_with("README.md: no kind ("),
        "{}",
        readme.stdout
    );
}

#[test]
fn the_projects_own_decision_records_check_clean() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let run = docwright(&repo, &["check", "--no-color", "docs/"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("0 errors, 0 warnings in "),
        "{}",
        run.stdout
    );
}

#[test]
fn the_examples_show_real_faults() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let run = docwright(&repo, &["check", "--format", "json", "examples/"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let output = json(&run.stdout);
    let kinds: std::collections::BTreeSet<&str> = output
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["adr", "design-doc", "madr", "postmortem", "rfc", "strategy"]
    );
    let findings = json_findings(&output);
    for (file, rule) in [
        (
            "examples/docs/adr/0003-adopt-event-sourcing-for-order-history.md",
            "placeholder-text",
        ),
        (
            "examples/docs/adr/0003-adopt-event-sourcing-for-order-history.md",
            "invalid-status",
        ),
        (
            "examples/docs/adr/0004-publish-order-events-to-the-message-bus.md",
            "missing-section",
        ),
        (
            "examples/docs/decisions/0006-choose-a-message-broker.md",
            "section-order",
        ),
        (
            "examples/rfcs/text/0002-deprecate-the-legacy-build-cache.md",
            "missing-section",
        ),
        (
            "examples/postmortems/2026-11-02-search-latency.md",
            "missing-section",
        ),
    ] {
        assert!(
            findings.contains(&(file.to_string(), rule.to_string())),
            "{rule} in {file}: {findings:?}"
        );
    }
    // The clean examples are clean.
    for clean in [
        "examples/docs/adr/0001-record-architecture-decisions.md",
        "examples/docs/adr/0002-use-postgresql-for-order-storage.md",
        "examples/docs/decisions/0005-use-markdown-architectural-decision-records.md",
        "examples/docs/design/search-indexing-pipeline.md",
        "examples/postmortems/2026-10-14-checkout-outage.md",
        "examples/rfcs/text/0001-workspace-lint-levels.md",
        "examples/strategy/developer-platform-2027.md",
    ] {
        assert!(
            !findings.iter().any(|(path, _)| path == clean),
            "{clean}: {findings:?}"
        );
    }
    // Most clean examples are decided records, whose structural checks pause by default; every
    // fault is on a live document: strict history finds exactly the same.
    let strict = docwright(
        &repo,
        &["check", "--strict-history", "--format", "json", "examples/"],
    );
    let strict_findings = json_findings(&json(&strict.stdout));
    assert_eq!(strict_findings, findings);
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap()
}

#[test]
fn the_readme_lists_every_rule_with_its_default_severity() {
    let readme = readme();
    for (id, severity, summary, _) in every_rule() {
        let row = format!("| `{id}` | {severity} | {summary} |");
        assert!(readme.contains(&row), "README.md lacks the row {row}");
    }
}

#[test]
fn the_readme_configuration_example_is_a_valid_config() {
    let readme = readme();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("docwright.toml"), example).unwrap();
    let run = docwright(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn colour_is_used_only_when_asked_for_and_no_color_wins() {
    let dir = workspace_copy();
    let forced = Command::new(BIN)
        .args(["check"])
        .current_dir(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let forced = String::from_utf8(forced.stdout).unwrap();
    assert!(
        forced.contains("\u{1b}["),
        "CLICOLOR_FORCE colours a pipe:\n{forced}"
    );

    let plain = Command::new(BIN)
        .args(["check", "--no-color"])
        .current_dir(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(!plain.contains('\u{1b}'), "{plain}");
    // Stripping the styles leaves exactly the plain text.
    let stripped = anstream::adapter::strip_str(&forced).to_string();
    assert_eq!(stripped, plain);
}

/// One LSP message with its `Content-Length` header.
fn lsp_frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// Reads one LSP message body from `reader`.
fn read_lsp_frame(reader: &mut impl std::io::BufRead) -> String {
    let mut length = None;
    loop {
        let mut header = String::new();
        assert!(
            reader.read_line(&mut header).unwrap() > 0,
            "the server closed its output"
        );
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            length = Some(value.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

#[test]
fn lsp_subcommand_serves_the_protocol_on_stdio() {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["lsp", "--stdio"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A server that hangs must fail this test, not stall the suite: kill it after a minute.
    let pid = child.id().to_string();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let done = done.clone();
        std::thread::spawn(move || {
            for _ in 0..600 {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if done.load(std::sync::atomic::Ordering::SeqCst) {
                    return;
                }
            }
            let _ = Command::new("kill").arg("-9").arg(&pid).status();
        })
    };
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    // As a client does: wait for each answer before going on.
    let initialize =
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
    stdin.write_all(lsp_frame(initialize).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let answer = json(&read_lsp_frame(&mut stdout));
    assert_eq!(answer["id"], 1);
    assert!(answer["result"]["capabilities"].is_object(), "{answer}");

    let initialized = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
    let shutdown = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
    stdin.write_all(lsp_frame(initialized).as_bytes()).unwrap();
    stdin.write_all(lsp_frame(shutdown).as_bytes()).unwrap();
    stdin.flush().unwrap();
    loop {
        // Notifications (log messages) may come first.
        let message = json(&read_lsp_frame(&mut stdout));
        if message["id"] == 2 {
            assert!(message.get("error").is_none(), "{message}");
            break;
        }
    }
    stdin
        .write_all(lsp_frame(r#"{"jsonrpc":"2.0","method":"exit"}"#).as_bytes())
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    watchdog.join().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "exit after shutdown is a clean exit"
    );
}

#[test]
fn references_between_documents_are_checked_and_siblings_resolve_when_one_file_is_checked() {
    let dir = workspace_copy();
    std::fs::write(
        dir.path().join("docs/adr/0005-cache-sessions.md"),
        "# 5. Cache sessions\n\nDate: 2026-04-01\n\n## Status\n\nAccepted\n\n## Context\n\n\
         [ADR-0002](0002-store-sessions-in-redis.md) moved sessions to Redis; \
         [the old plan](0009-no-such-plan.md) is gone.\n\n## Decision\n\nWe will cache them.\n\n\
         ## Consequences\n\nFewer round trips.\n",
    )
    .unwrap();
    // Only this file is named: its sibling 0002 is still indexed, so only 0009 is broken.
    let run = docwright(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "docs/adr/0005-cache-sessions.md",
        ],
    );
    let output = json(&run.stdout);
    let broken: Vec<&Value> = output[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "broken-reference")
        .collect();
    assert_eq!(broken.len(), 1, "{}", run.stdout);
    assert!(
        broken[0]["message"]
            .as_str()
            .unwrap()
            .contains("0009-no-such-plan.md"),
        "{}",
        run.stdout
    );
    assert_eq!(json_paths(&output), ["docs/adr/0005-cache-sessions.md"]);
}

#[test]
fn sarif_of_a_clean_run_and_of_a_fixed_run_is_valid_and_stdout_stays_parseable() {
    let dir = workspace_copy();
    let validator = sarif_validator();
    let clean = docwright(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "docs/adr/0001-record-architecture-decisions.md",
        ],
    );
    let log = json(&clean.stdout);
    assert_eq!(schema_errors(&validator, &log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));

    // With --fix, what was fixed goes to stderr so that stdout is still one SARIF log.
    let fixed = docwright(dir.path(), &["check", "--format", "sarif", "--fix"]);
    let log = json(&fixed.stdout);
    assert_eq!(schema_errors(&validator, &log), Vec::<String>::new());
    assert!(
        fixed
            .stderr
            .contains("Fixed 1 problem in docs/adr/0002-store-sessions-in-redis.md"),
        "{}",
        fixed.stderr
    );
}
