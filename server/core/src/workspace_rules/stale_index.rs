use crate::authoring::index_table::{index_edit, is_indexed_file_name, rows_of_entries};
use crate::diagnostic::{Diagnostic, Fix, TextEdit};
use crate::index::DocEntry;
use crate::position::TextRange;
use crate::workspace_rules::{WorkspaceContext, WorkspaceRule};
use crate::{declare_rule, rule_metadata};

declare_rule! {
    /// The decision index between `<!-- docwright:index -->` markers no longer matches the
    /// folder's documents.
    ///
    /// The index in a decision folder's README.md or index.md is where most readers start: they
    /// scan it for what was decided and whether it still holds. A table that still says
    /// "Proposed" for a decision accepted months ago, that lacks the last three records, or that
    /// links a renamed file, sends them to the wrong document or makes them believe a question is
    /// open. Nobody notices, because nobody re-reads the index after writing a record.
    ///
    /// The rule compares the marked table with what `docwright index` would write now (id, title,
    /// status and date of every Markdown document of the folder, templates and the index itself
    /// left out), and the fix replaces the table with exactly that text; `docwright index` does
    /// the same from the command line. Everything outside the markers is left alone.
    ///
    /// ```markdown
    /// <!-- docwright:index -->
    /// | ID | Title | Status | Date |
    /// | --- | --- | --- | --- |
    /// | ADR-0001 | [Record decisions](0001-record-decisions.md) | Proposed | 2024-01-01 |
    /// <!-- docwright:index-end -->
    /// ```
    pub struct StaleIndex {
        id: "stale-index",
        severity: Warning,
        summary: "The decision index table no longer matches the folder's documents",
        fix: Safe,
    }
}

impl WorkspaceRule for StaleIndex {
    rule_metadata!();

    fn check(&self, ctx: &WorkspaceContext, doc: &DocEntry, out: &mut Vec<Diagnostic>) {
        let Some(block) = &doc.index_block else {
            return;
        };
        let folder = doc.folder();
        let listed = ctx.index.docs().map(|d| &**d).filter(|other| {
            other.folder() == folder
                && is_indexed_file_name(other.path.rsplit('/').next().unwrap_or(&other.path))
        });
        let rows = rows_of_entries(listed, folder);
        // The block alone holds the markers, so the edit `index` would make to the whole file is
        // the edit of the block, shifted to where the block starts.
        let Some(edit) = index_edit(&block.text, &rows) else {
            return;
        };
        let written_rows = table_rows(&block.text);
        let message = if written_rows == rows.len() {
            format!(
                "the index is out of date: a title, status, date or link of its {} documents has \
                 changed; refresh it (`docwright index`)",
                rows.len()
            )
        } else {
            format!(
                "the index lists {written_rows} documents but the folder has {}; refresh it \
                 (`docwright index`)",
                rows.len()
            )
        };
        let shift = |range: TextRange| {
            TextRange::new(
                block.range.start + range.start,
                block.range.start + range.end,
            )
        };
        let reported = block.text.trim_end_matches(['\r', '\n']).len();
        out.push(Diagnostic {
            rule: Self::ID,
            severity: self.default_severity(),
            range: TextRange::new(block.range.start, block.range.start + reported),
            message,
            fix: Some(Fix {
                title: String::from("Refresh the index table"),
                edits: vec![TextEdit {
                    range: shift(edit.range),
                    new_text: edit.new_text,
                }],
            }),
        });
    }
}

/// How many documents a marked table lists: its rows after the header and the separator.
fn table_rows(block: &str) -> usize {
    block
        .lines()
        .filter(|line| line.trim_start().starts_with('|'))
        .count()
        .saturating_sub(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::apply_edits;
    use crate::config::Config;
    use crate::index::Index;
    use crate::kinds::detect::PathHints;

    const FIRST: &str = "# 1. Record decisions\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n";
    const SECOND: &str = "# 2. Use PostgreSQL\n\nDate: 2024-06-01\n\n## Status\n\nProposed\n";
    const CURRENT: &str = "# Decisions\n\nWhy we keep them.\n\n<!-- docwright:index -->\n\
        | ID | Title | Status | Date |\n| --- | --- | --- | --- |\n\
        | ADR-0001 | [Record decisions](0001-record-decisions.md) | Accepted | 2024-01-01 |\n\
        | ADR-0002 | [Use PostgreSQL](0002-use-postgresql.md) | Proposed | 2024-06-01 |\n\
        <!-- docwright:index-end -->\n\nMore prose.\n";

    fn check(docs: &[(&str, &str)], readme: &str) -> Vec<Diagnostic> {
        let config = Config::default();
        let mut index = Index::of_default_config(docs);
        let readme_entry =
            DocEntry::from_text("doc/adr/README.md", readme, &config, &PathHints::default());
        index.update(readme_entry.clone());
        let ctx = WorkspaceContext::new(&index, &config);
        let mut out = Vec::new();
        StaleIndex.check(&ctx, &readme_entry, &mut out);
        out
    }

    fn docs(second_status: &str) -> Vec<(&'static str, String)> {
        vec![
            ("doc/adr/0001-record-decisions.md", FIRST.to_string()),
            (
                "doc/adr/0002-use-postgresql.md",
                SECOND.replace("Proposed", second_status),
            ),
            // Another folder's documents are not this index's business.
            ("doc/rfc/0001-other.md", SECOND.to_string()),
        ]
    }

    fn run(docs: &[(&'static str, String)], readme: &str) -> Vec<Diagnostic> {
        let borrowed: Vec<(&str, &str)> = docs.iter().map(|(p, t)| (*p, t.as_str())).collect();
        check(&borrowed, readme)
    }

    #[test]
    fn a_current_index_is_left_alone() {
        assert!(run(&docs("Proposed"), CURRENT).is_empty());
        // Not an index file, or no markers: nothing to compare.
        assert!(run(&docs("Accepted"), "# Decisions\n\nNo table here.\n").is_empty());
    }

    #[test]
    fn a_changed_status_is_reported_on_the_table_and_fixed_in_place() {
        let found = run(&docs("Accepted"), CURRENT);
        assert_eq!(found.len(), 1, "{found:?}");
        let diagnostic = &found[0];
        assert_eq!(diagnostic.rule, "stale-index");
        assert!(
            diagnostic
                .range
                .slice(CURRENT)
                .starts_with("<!-- docwright:index -->")
        );
        assert!(
            diagnostic
                .range
                .slice(CURRENT)
                .ends_with("<!-- docwright:index-end -->")
        );
        assert!(
            diagnostic.message.contains("out of date"),
            "{}",
            diagnostic.message
        );
        let fixed = apply_edits(CURRENT, &diagnostic.fix.as_ref().unwrap().edits);
        assert_eq!(
            fixed,
            CURRENT.replace(
                "[Use PostgreSQL](0002-use-postgresql.md) | Proposed |",
                "[Use PostgreSQL](0002-use-postgresql.md) | Accepted |"
            )
        );
        assert!(
            run(&docs("Accepted"), &fixed).is_empty(),
            "the fix is stable"
        );
    }

    #[test]
    fn a_missing_document_is_counted_in_the_message() {
        let mut more = docs("Proposed");
        more.push((
            "doc/adr/0003-use-redis.md",
            "# 3. Use Redis\n\nDate: 2024-07-01\n\n## Status\n\nProposed\n".to_string(),
        ));
        let found = run(&more, CURRENT);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("lists 2 documents but the folder has 3"),
            "{}",
            found[0].message
        );
        let fixed = apply_edits(CURRENT, &found[0].fix.as_ref().unwrap().edits);
        assert!(
            fixed.contains("| ADR-0003 | [Use Redis](0003-use-redis.md) | Proposed | 2024-07-01 |")
        );
        assert!(fixed.ends_with("<!-- docwright:index-end -->\n\nMore prose.\n"));
    }
}
