//! Where the project and its rules' documentation are published, for the edges that link to
//! them (SARIF's `helpUri`, the editor's code description).

/// The project's public address: `repository` in `Cargo.toml`. `None` while it has none, so
/// that no output (SARIF, diagnostics) links to a page that does not exist.
pub fn repository_url() -> Option<&'static str> {
    let url = env!("CARGO_PKG_REPOSITORY");
    (!url.is_empty()).then_some(url)
}

/// Where a rule's documentation is published: `docs/rules/<rule>.md` of the repository, the
/// same text `docwright explain <rule>` prints (a test keeps the two equal).
pub fn rule_docs_url(rule: &str) -> Option<String> {
    repository_url().map(|repo| {
        format!(
            "{}/blob/main/docs/rules/{rule}.md",
            repo.trim_end_matches('/')
        )
    })
}
