//! The workspace index, resolution, the workspace rules and `docwright graph`, on the fixture
//! workspaces in `tests/fixtures/workspace/` (one per rule, plus `graph`) and on the Rust RFCs.

use docwright::analysis::config::Config;
use docwright::analysis::diagnostic::Diagnostic;
use docwright::analysis::fix::apply_edits;
use docwright::analysis::index::{DocEntry, Index, IndexSettings, RefTarget, Relation};
use docwright::analysis::kinds::detect::PathHints;
use docwright::analysis::resolve::{Resolution, decision_graph, resolve};
use docwright::analysis::workspace_rules::{WorkspaceContext, check_doc, check_workspace};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workspace");
const RFCS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/rust-rfcs/text"
);

/// A fixture workspace read into memory: (path, text) by workspace-relative path, and its
/// `docwright.toml`.
struct Workspace {
    texts: BTreeMap<String, String>,
    config: Config,
}

impl Workspace {
    fn load(name: &str) -> Workspace {
        let root = Path::new(FIXTURES).join(name);
        let mut texts = BTreeMap::new();
        collect(&root, &root, &mut texts);
        let config = match std::fs::read_to_string(root.join("docwright.toml")) {
            Ok(toml) => Config::from_toml(&toml).expect("the fixture's config is valid"),
            Err(_) => Config::default(),
        };
        Workspace { texts, config }
    }

    fn with_config(mut self, toml: &str) -> Workspace {
        self.config = Config::from_toml(toml).expect("valid config");
        self
    }

    fn index(&self) -> Index {
        Index::build(
            IndexSettings::from_config(&self.config),
            self.texts
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect::<Vec<_>>(),
            &self.config,
            &|_| PathHints::default(),
        )
    }

    fn entry(&self, path: &str, text: &str) -> DocEntry {
        DocEntry::from_text(path, text, &self.config, &PathHints::default())
    }

    /// Every workspace diagnostic as `path:line: rule: message`, and under it what its fix
    /// makes of the line.
    fn report(&self) -> String {
        let index = self.index();
        let mut out = String::new();
        for (path, diagnostics) in check_workspace(&index, &self.config) {
            let text = &self.texts[&path];
            for diagnostic in diagnostics {
                out.push_str(&render(&path, text, &diagnostic));
            }
        }
        out
    }
}

fn collect(root: &Path, folder: &Path, out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(relative, std::fs::read_to_string(&path).unwrap());
        }
    }
}

fn line_of(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    (text[..offset].matches('\n').count() + 1, &text[start..end])
}

fn render(path: &str, text: &str, diagnostic: &Diagnostic) -> String {
    let (line, _) = line_of(text, diagnostic.range.start);
    let mut out = format!(
        "{path}:{line}: {} {}: {} «{}»\n",
        diagnostic.severity.as_str(),
        diagnostic.rule,
        diagnostic.message,
        diagnostic.range.slice(text)
    );
    if let Some(fix) = &diagnostic.fix {
        let (fixed, skipped) = apply_edits(text, &fix.edits);
        assert_eq!(skipped, 0);
        let (_, fixed_line) = line_of(&fixed, diagnostic.range.start);
        out.push_str(&format!("    fix \"{}\": {fixed_line}\n", fix.title));
    }
    out
}

fn rules_reported(report: &str, rule: &str) -> usize {
    report
        .lines()
        .filter(|l| l.contains(&format!(" {rule}: ")))
        .count()
}

// ---- broken-reference ------------------------------------------------------------------------

#[test]
fn broken_reference_reports_missing_docs_anchors_and_ids_of_known_prefixes() {
    let workspace = Workspace::load("broken-reference");
    let report = workspace.report();
    insta::assert_snapshot!("broken_reference", report);
    let adr2 = "docs/adr/0002-use-postgres.md";
    let reported: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with(adr2))
        .filter_map(|l| l.rsplit_once('«').map(|(_, r)| r.trim_end_matches('»')))
        .collect();
    assert_eq!(
        reported,
        vec![
            "[its context](0001-record-architecture-decisions.md#contxt)",
            "[the missing one](0004-use-kafka.md)",
            "[[0009-nothing-here]]",
            "ADR-0042",
            "[this](#nowhere)",
        ]
    );
    // The typo'd anchor is corrected by its fix.
    assert!(report.contains("(0001-record-architecture-decisions.md#context)"));
}

#[test]
fn broken_reference_can_be_turned_off_and_ids_can_be_ignored() {
    let off = Workspace::load("broken-reference").with_config(
        "[rules]\nbroken-reference = \"off\"\n[workspace]\nignore-references = [\"ADR-0077\"]\n",
    );
    assert_eq!(rules_reported(&off.report(), "broken-reference"), 0);
    // Without the ignore list, ADR-0077 is reported like ADR-0042.
    let unignored = Workspace::load("broken-reference").with_config("");
    let report = unignored.report();
    assert!(report.contains("«ADR-0077»"), "{report}");
    assert_eq!(rules_reported(&report, "broken-reference"), 6);
}

// ---- duplicate-id ----------------------------------------------------------------------------

#[test]
fn duplicate_id_reports_both_claimants_and_not_templates() {
    let report = Workspace::load("duplicate-id").report();
    insta::assert_snapshot!("duplicate_id", report);
    assert_eq!(rules_reported(&report, "duplicate-id"), 2);
    assert!(report.contains("docs/adr/0002-use-async-std.md:1: error duplicate-id"));
    assert!(report.contains("docs/adr/0002-use-tokio.md:1: error duplicate-id"));
    assert!(!report.contains("template"));
}

// ---- supersede-mismatch ----------------------------------------------------------------------

#[test]
fn supersede_mismatch_reports_one_sided_and_dangling_supersessions() {
    let report = Workspace::load("supersede-mismatch").report();
    insta::assert_snapshot!("supersede_mismatch", report);
    let mismatches: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(" supersede-mismatch: "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    // 0001 → 0002 (0002 does not say it supersedes 0001), 0003 → missing ADR-0009, 0005 claims
    // to supersede 0004 whose status is Accepted; 0006 and 0007 agree.
    assert_eq!(
        mismatches,
        vec![
            "docs/adr/0001-use-mysql.md",
            "docs/adr/0003-use-xml.md",
            "docs/adr/0005-use-yaml.md",
        ]
    );
}

// ---- supersede-cycle -------------------------------------------------------------------------

#[test]
fn supersede_cycle_reports_every_document_of_the_cycle() {
    let report = Workspace::load("supersede-cycle").report();
    insta::assert_snapshot!("supersede_cycle", report);
    let in_cycle: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(" supersede-cycle: "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        in_cycle,
        vec![
            "docs/adr/0001-use-a.md",
            "docs/adr/0002-use-b.md",
            "docs/adr/0003-use-c.md"
        ]
    );
    assert!(report.contains("ADR-0001 → ADR-0002 → ADR-0003 → ADR-0001"));
}

// ---- cites-superseded ------------------------------------------------------------------------

#[test]
fn cites_superseded_points_references_at_the_latest_successor() {
    let workspace = Workspace::load("cites-superseded");
    let report = workspace.report();
    insta::assert_snapshot!("cites_superseded", report);
    let orm = "docs/adr/0004-use-orm.md";
    let from_orm: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with(orm) && l.contains("cites-superseded"))
        .collect();
    assert_eq!(from_orm.len(), 3, "{report}");
    // ADR-0001 → ADR-0002 → ADR-0003: each fix cites ADR-0003, written the way the reference was.
    assert!(report.contains("Our database is ADR-0003 ([the record](0001-use-mysql.md#decision))"));
    // A link to a section keeps it when the successor has one of that name.
    assert!(
        report.contains("Our database is ADR-0001 ([the record](0003-use-cockroach.md#decision))")
    );
    assert!(report.contains("and [[0003-use-cockroach]];"));
    // A link from another folder is repointed relative to it.
    assert!(report.contains("[the MySQL decision](../adr/0003-use-cockroach.md)"));
    // The successor discussing its predecessor is not reported; ADR-0003 itself is current.
    assert!(
        !report
            .lines()
            .any(|l| l.starts_with("docs/adr/0002") && l.contains("cites-superseded"))
    );
    assert_eq!(rules_reported(&report, "cites-superseded"), 4);
}

// ---- the index -------------------------------------------------------------------------------

#[test]
fn entries_carry_id_title_status_date_sections_and_relations() {
    let workspace = Workspace::load("graph");
    let index = workspace.index();
    let doc = index.get("docs/adr/0002-use-mysql.md").unwrap();
    assert_eq!(doc.kind.as_deref(), Some("adr"));
    assert_eq!(doc.id.as_ref().unwrap().to_string(), "ADR-0002");
    assert_eq!(doc.title.as_deref(), Some("Use MySQL"));
    assert_eq!(doc.status.as_deref(), Some("Superseded by ADR-0003"));
    assert_eq!(doc.status_name.as_deref(), Some("superseded"));
    assert!(
        doc.date
            .as_deref()
            .is_some_and(|d| d.starts_with("2024-03"))
    );
    let anchors: Vec<&str> = doc.sections.iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(
        anchors,
        vec![
            "2-use-mysql",
            "status",
            "context",
            "decision",
            "consequences"
        ]
    );
    let relations: Vec<(Relation, &str)> = doc
        .references
        .iter()
        .map(|r| (r.relation, r.written.as_str()))
        .collect();
    assert_eq!(
        relations,
        vec![
            (Relation::SupersededBy, "ADR-0003"),
            (Relation::Cites, "ADR-0001")
        ]
    );
    // Front matter relations, lists included.
    let rfc = index.get("rfcs/0001-front-matter.md").unwrap();
    let relations: Vec<(Relation, &str)> = rfc
        .references
        .iter()
        .map(|r| (r.relation, r.written.as_str()))
        .collect();
    assert_eq!(
        relations,
        vec![
            (Relation::Supersedes, "../docs/adr/0001-record-decisions.md"),
            (Relation::Amends, "ADR-0004"),
            (Relation::Cites, "../docs/adr/0003-use-postgres.md#decision"),
        ]
    );
}

#[test]
fn an_update_touches_only_the_updated_document() {
    let workspace = Workspace::load("cites-superseded");
    let mut index = workspace.index();
    let before: Vec<(String, Arc<DocEntry>)> =
        index.docs().map(|d| (d.path.clone(), d.clone())).collect();
    let orm = "docs/adr/0004-use-orm.md";
    let postgres = "docs/adr/0002-use-postgres.md";
    assert!(index.backlinks(postgres).contains(&orm));
    assert_eq!(
        index.supersede_claims(postgres),
        vec!["docs/adr/0003-use-cockroach.md"]
    );

    // The ORM record stops citing ADR-0002.
    let edited = workspace.texts[orm].replace("[[0002-use-postgres]]", "nothing");
    index.update(workspace.entry(orm, &edited));
    for (path, old) in &before {
        let now = index.get(path).unwrap();
        assert_eq!(Arc::ptr_eq(old, now), path != orm, "{path}");
    }
    assert!(!index.backlinks(postgres).contains(&orm));

    // Removing a document: what cited it is unchanged, but its references no longer resolve.
    let mysql = "docs/adr/0001-use-mysql.md";
    index.remove(mysql);
    let orm_entry = index.get(orm).unwrap().clone();
    let link = orm_entry
        .references
        .iter()
        .find(|r| matches!(&r.target, RefTarget::Link(l) if l.path == "0001-use-mysql.md"))
        .unwrap();
    assert_eq!(
        resolve(&index, &orm_entry, &link.target),
        Resolution::MissingDoc
    );
    // Adding it back: the incremental index equals one built cold from the same texts.
    index.update(workspace.entry(mysql, &workspace.texts[mysql]));
    let mut texts = workspace.texts.clone();
    texts.insert(orm.to_string(), edited);
    let cold = Workspace {
        texts,
        config: workspace.config.clone(),
    }
    .index();
    for doc in cold.docs() {
        assert_eq!(**index.get(&doc.path).unwrap(), **doc);
        assert_eq!(index.backlinks(&doc.path), cold.backlinks(&doc.path));
        assert_eq!(
            index.supersede_claims(&doc.path),
            cold.supersede_claims(&doc.path)
        );
    }
    assert_eq!(index.len(), cold.len());
}

#[test]
fn a_new_document_resolves_references_written_before_it_existed() {
    let workspace = Workspace::load("broken-reference");
    let mut index = workspace.index();
    let citing = "docs/adr/0002-use-postgres.md";
    let kafka = "docs/adr/0004-use-kafka.md";
    assert!(index.backlinks(kafka).is_empty());
    let ctx_before = {
        let ctx = WorkspaceContext::new(&index, &workspace.config);
        check_doc(&ctx, index.get(citing).unwrap()).len()
    };
    index.update(workspace.entry(
        kafka,
        "# 4. Use Kafka\n\n## Status\n\nAccepted\n\n## Context\n\nx\n",
    ));
    assert_eq!(index.backlinks(kafka), vec![citing]);
    let ctx = WorkspaceContext::new(&index, &workspace.config);
    assert_eq!(
        check_doc(&ctx, index.get(citing).unwrap()).len(),
        ctx_before - 1
    );
}

#[test]
fn resolution_of_every_reference_form() {
    let config = Config::from_toml(
        "[workspace]\nurl-prefixes = [\"https://github.com/org/repo/blob/main/\", \"https://org.github.io/rfcs/\"]\n",
    )
    .unwrap();
    let mut index = Index::new(IndexSettings::from_config(&config));
    let docs = [
        (
            "docs/adr/0007-use-postgres.md",
            "# 7. Use PostgreSQL\n\n## Status\n\nAccepted\n\n## Decision\n\nYes.\n",
        ),
        ("docs/adr/my doc.md", "# My doc\n\n## Part one\n"),
        (
            "rfcs/2094-nll.md",
            "# NLL\n\n## Summary\n\nx\n\n## Motivation\n\ny\n",
        ),
        (
            "docs/design/citing.md",
            "# Citing\n\nADR 7, ADR-0007, RFC #2094, KEP-1234.\n\
             [a](../adr/0007-use-postgres.md#decision) [b](../adr/my%20doc.md#part-one)\n\
             [[0007-use-postgres#decision]] [[ADR-0007]] [[rfcs/2094-nll]]\n\
             <https://github.com/org/repo/blob/main/rfcs/2094-nll.md#summary>\n\
             [book](https://org.github.io/rfcs/2094-nll.html) [pr](https://github.com/org/repo/blob/main/pull/2094)\n\
             [gone](https://github.com/org/repo/blob/main/rfcs/9999-gone.md) [web](https://example.com/)\n",
        ),
    ];
    for (path, text) in docs {
        index.update(DocEntry::from_text(
            path,
            text,
            &config,
            &PathHints::default(),
        ));
    }
    let citing = index.get("docs/design/citing.md").unwrap().clone();
    let resolved: Vec<(String, String)> = citing
        .references
        .iter()
        .map(|r| {
            let outcome = match resolve(&index, &citing, &r.target) {
                Resolution::Found { doc, section } => match section {
                    Some(section) => format!("{}#{}", doc.path, section.anchor),
                    None => doc.path.clone(),
                },
                other => format!("{other:?}"),
            };
            (r.written.clone(), outcome)
        })
        .collect();
    let expected = [
        ("ADR 7", "docs/adr/0007-use-postgres.md"),
        ("ADR-0007", "docs/adr/0007-use-postgres.md"),
        ("RFC #2094", "rfcs/2094-nll.md"),
        ("KEP-1234", "UnknownPrefix"),
        (
            "../adr/0007-use-postgres.md#decision",
            "docs/adr/0007-use-postgres.md#decision",
        ),
        ("../adr/my%20doc.md#part-one", "docs/adr/my doc.md#part-one"),
        (
            "0007-use-postgres#decision",
            "docs/adr/0007-use-postgres.md#decision",
        ),
        ("ADR-0007", "docs/adr/0007-use-postgres.md"),
        ("rfcs/2094-nll", "rfcs/2094-nll.md"),
        (
            "https://github.com/org/repo/blob/main/rfcs/2094-nll.md#summary",
            "rfcs/2094-nll.md#summary",
        ),
        (
            "https://org.github.io/rfcs/2094-nll.html",
            "rfcs/2094-nll.md",
        ),
        (
            "https://github.com/org/repo/blob/main/pull/2094",
            "rfcs/2094-nll.md",
        ),
        (
            "https://github.com/org/repo/blob/main/rfcs/9999-gone.md",
            "MissingDoc",
        ),
        ("https://example.com/", "External"),
    ];
    assert_eq!(
        resolved,
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    // Backlinks gather every form.
    assert_eq!(
        index.backlinks("rfcs/2094-nll.md"),
        vec!["docs/design/citing.md"]
    );
    assert_eq!(
        index.backlinks("docs/adr/my doc.md"),
        vec!["docs/design/citing.md"]
    );
}

#[test]
fn wiki_links_prefer_the_citing_folder_and_report_ambiguity() {
    let config = Config::default();
    let mut index = Index::new(IndexSettings::default());
    for (path, text) in [
        ("a/notes.md", "# A notes\n"),
        ("b/notes.md", "# B notes\n"),
        ("a/citing.md", "# Citing\n\n[[notes]]\n"),
        ("c/citing.md", "# Citing\n\n[[notes]] `[[in code]]`\n"),
    ] {
        index.update(DocEntry::from_text(
            path,
            text,
            &config,
            &PathHints::default(),
        ));
    }
    let near = index.get("a/citing.md").unwrap().clone();
    assert_eq!(
        resolve(&index, &near, &near.references[0].target)
            .doc()
            .map(|d| d.path.as_str()),
        Some("a/notes.md")
    );
    let far = index.get("c/citing.md").unwrap().clone();
    assert_eq!(far.references.len(), 1, "a wiki link in code is not one");
    assert!(matches!(
        resolve(&index, &far, &far.references[0].target),
        Resolution::Ambiguous(docs) if docs.len() == 2
    ));
}

// ---- configuration ---------------------------------------------------------------------------

#[test]
fn workspace_settings_and_rule_ids_are_configurable() {
    let config = Config::from_toml(
        "[rules]\ncites-superseded = \"off\"\nduplicate-id = \"warning\"\n\n[workspace]\nurl-prefixes = [\"https://x/\"]\nignore-references = [\"RFC *\"]\n",
    )
    .unwrap();
    assert_eq!(config.workspace.url_prefixes, vec!["https://x/"]);
    assert_eq!(config.workspace.ignore_references, vec!["RFC *"]);
    let error = Config::from_toml("[workspace]\nurl-prefix = []\n").unwrap_err();
    assert!(error.message.contains("url-prefix"), "{error}");
    let error = Config::from_toml("[workspace]\nignore-references = [\"a[\"]\n").unwrap_err();
    assert!(error.message.contains("invalid glob"), "{error}");
    // The severities apply.
    let report = Workspace::load("cites-superseded")
        .with_config("[rules]\ncites-superseded = \"off\"\nsupersede-mismatch = \"error\"\n")
        .report();
    assert_eq!(rules_reported(&report, "cites-superseded"), 0);
    let report = Workspace::load("duplicate-id")
        .with_config("[rules]\nduplicate-id = \"warning\"\n")
        .report();
    assert!(report.contains(": warning duplicate-id: "));
}

// ---- docwright graph -------------------------------------------------------------------------

#[test]
fn graph_as_dot_and_mermaid() {
    let index = Workspace::load("graph").index();
    let graph = decision_graph(&index);
    insta::assert_snapshot!("graph_dot", docwright::cli::graph::render_dot(&graph));
    insta::assert_snapshot!(
        "graph_mermaid",
        docwright::cli::graph::render_mermaid(&graph)
    );
}

#[test]
fn graph_command_prints_the_graph_of_a_folder() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_docwright"))
        .args(["graph", "--format", "mermaid"])
        .arg(Path::new(FIXTURES).join("graph"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let index = Workspace::load("graph").index();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        docwright::cli::graph::render_mermaid(&decision_graph(&index))
    );
}

// ---- the Rust RFCs ---------------------------------------------------------------------------

#[test]
fn named_rfc_references_in_the_rust_rfcs_resolve_to_their_files() {
    let mut texts = BTreeMap::new();
    collect(Path::new(RFCS), Path::new(RFCS), &mut texts);
    assert!(texts.len() > 600);
    // The corpus has no `0000-template.md` beside `text/`, so a few RFCs of unusual shape would
    // be of no kind; a repository says where its RFCs live.
    let workspace = Workspace {
        texts,
        config: Config::from_toml("[kinds.rfc]\npaths = [\"[0-9]*.md\"]\n").unwrap(),
    };
    // The edge's hints, as `docwright check` computes them.
    let root = Path::new(RFCS);
    let index = Index::build(
        IndexSettings::default(),
        workspace
            .texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect::<Vec<_>>(),
        &workspace.config,
        &|relative| docwright::host::path_hints(&root.join(relative), root),
    );
    let resolve_in = |citing: &str, written: &str| -> Vec<String> {
        let doc = index.get(citing).unwrap();
        doc.references
            .iter()
            .filter(|r| r.written == written)
            .map(|r| match resolve(&index, doc, &r.target) {
                Resolution::Found { doc, .. } => doc.path.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    };
    let first = |v: Vec<String>| v.into_iter().next().expect("the reference is there");
    assert_eq!(
        first(resolve_in("2094-nll.md", "RFC 2025")),
        "2025-nested-method-calls.md"
    );
    assert_eq!(
        first(resolve_in("2094-nll.md", "RFC 1327")),
        "1327-dropck-param-eyepatch.md"
    );
    assert_eq!(
        first(resolve_in("3058-try-trait-v2.md", "RFC #1859")),
        "1859-try-trait.md"
    );
    assert_eq!(
        first(resolve_in("1210-impl-specialization.md", "RFC 1122")),
        "1122-language-semver.md"
    );
    // RFC 396 was never merged: no document is RFC 396, but Rust RFCs take their pull request's
    // number, so a number the corpus lacks may be a proposal that was closed, and
    // broken-reference says nothing (it would in a log numbered one record after another).
    assert_eq!(first(resolve_in("2094-nll.md", "RFC 396")), "MissingDoc");
    assert!(!index.numbering_is_dense("RFC"));
    let ctx = WorkspaceContext::new(&index, &workspace.config);
    let nll = check_doc(&ctx, index.get("2094-nll.md").unwrap());
    assert!(
        !nll.iter()
            .any(|d| d.rule == "broken-reference" && d.message.contains("RFC 396"))
    );
    // Every RFC claims its number. The one number used twice (2071) is a renamed RFC and the
    // stub it left ("Moved to 2071-impl-trait-existential-types.md", no heading), which claims
    // nothing: no duplicate-id.
    let duplicates: Vec<String> = check_workspace(&index, &workspace.config)
        .into_iter()
        .filter(|(_, ds)| ds.iter().any(|d| d.rule == "duplicate-id"))
        .map(|(path, _)| path)
        .collect();
    assert!(
        duplicates.is_empty(),
        "{duplicates:?} {:?}",
        index
            .get("2071-impl-trait-type-alias.md")
            .map(|d| (&d.kind, &d.id))
    );
    assert!(
        index
            .backlinks("2025-nested-method-calls.md")
            .contains(&"2094-nll.md")
    );
}
