//! A baseline: the findings a team already knows of, recorded once, so that a check reports only
//! new ones (as ESLint's, detekt's and Psalm's baselines do).
//!
//! A finding is recorded by its document (workspace-relative path), its rule and a fingerprint of
//! its content: the message and the text of the line it starts on, white space folded. Lines
//! inserted above it or edits elsewhere in the document do not change it; editing the line it is
//! on does, and the finding then counts as new. Identical findings are counted, so that a second
//! copy of a known fault is still reported.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// What `--write-baseline` writes and `--baseline` reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The file format's version; a file of another version is refused, not misread.
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

pub const BASELINE_VERSION: u32 = 1;

impl Baseline {
    /// The baseline of these findings: `(workspace-relative path, the document's text, its
    /// diagnostics)` per document.
    pub fn of<'a>(
        documents: impl IntoIterator<Item = (&'a str, &'a str, &'a [Diagnostic])>,
    ) -> Self {
        let mut findings: Vec<BaselineEntry> = documents
            .into_iter()
            .flat_map(|(path, text, diagnostics)| {
                diagnostics
                    .iter()
                    .map(move |diagnostic| entry(path, text, diagnostic))
            })
            .collect();
        findings.sort();
        Baseline {
            version: BASELINE_VERSION,
            findings,
        }
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|error| format!("not a baseline: {error}"))?;
        if baseline.version != BASELINE_VERSION {
            return Err(format!(
                "a baseline of version {}, where this Docwright reads version {BASELINE_VERSION}",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serialises");
        text.push('\n');
        text
    }

    /// A filter that hides, document by document, the findings this baseline records.
    pub fn filter(&self) -> BaselineFilter {
        let mut known: HashMap<BaselineEntry, usize> = HashMap::new();
        for entry in &self.findings {
            *known.entry(entry.clone()).or_default() += 1;
        }
        BaselineFilter { known }
    }
}

/// The known findings not yet matched: each recorded finding hides one finding.
pub struct BaselineFilter {
    known: HashMap<BaselineEntry, usize>,
}

impl BaselineFilter {
    /// Removes from `diagnostics` (of the document at `path` with `text`) the known findings.
    pub fn hide_known(&mut self, path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|diagnostic| {
            let key = entry(path, text, diagnostic);
            match self.known.get_mut(&key) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    false
                }
                _ => true,
            }
        });
    }
}

fn entry(path: &str, text: &str, diagnostic: &Diagnostic) -> BaselineEntry {
    BaselineEntry {
        path: path.to_string(),
        rule: diagnostic.rule.to_string(),
        fingerprint: fingerprint(text, diagnostic),
    }
}

/// FNV-1a over the message and the finding's line, white space folded: stable across runs,
/// platforms and versions of Rust (unlike the standard library's hasher).
fn fingerprint(text: &str, diagnostic: &Diagnostic) -> String {
    let start = diagnostic.range.start.min(text.len());
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in diagnostic
        .message
        .split_whitespace()
        .chain(std::iter::once("\u{0}"))
        .chain(line.split_whitespace())
    {
        for byte in word.bytes().chain(std::iter::once(b' ')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::position::TextRange;

    fn finding(text: &str, needle: &str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic {
            rule: "placeholder-text",
            severity: Severity::Warning,
            range: TextRange::new(start, start + needle.len()),
            message: "A placeholder is left".to_string(),
            fix: None,
        }
    }

    #[test]
    fn a_known_finding_stays_hidden_when_lines_move_and_a_copy_is_new() {
        let before = "# T\n\nTODO here\n";
        let baseline = Baseline::of([("a.md", before, &[finding(before, "TODO")][..])]);
        let after = "# T\n\nNew text.\n\nMore.\n\nTODO here\n\nTODO here\n";
        let first = after.find("TODO").unwrap();
        let second = after.rfind("TODO").unwrap();
        let mut diagnostics = vec![finding(after, "TODO"), {
            let mut copy = finding(after, "TODO");
            copy.range = TextRange::new(second, second + 4);
            copy
        }];
        assert_eq!(diagnostics[0].range.start, first);
        baseline
            .filter()
            .hide_known("a.md", after, &mut diagnostics);
        assert_eq!(diagnostics.len(), 1, "one of the two copies is new");
    }

    #[test]
    fn an_edited_line_or_another_file_is_a_new_finding() {
        let before = "# T\n\nTODO here\n";
        let baseline = Baseline::of([("a.md", before, &[finding(before, "TODO")][..])]);
        let edited = "# T\n\nTODO there\n";
        let mut diagnostics = vec![finding(edited, "TODO")];
        baseline
            .filter()
            .hide_known("a.md", edited, &mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        let mut elsewhere = vec![finding(before, "TODO")];
        baseline.filter().hide_known("b.md", before, &mut elsewhere);
        assert_eq!(elsewhere.len(), 1);
    }

    #[test]
    fn a_baseline_round_trips_and_refuses_another_version() {
        let text = "# T\n\nTODO\n";
        let baseline = Baseline::of([("a.md", text, &[finding(text, "TODO")][..])]);
        assert_eq!(Baseline::parse(&baseline.to_json()).unwrap(), baseline);
        assert!(Baseline::parse("{\"version\": 9, \"findings\": []}").is_err());
        assert!(Baseline::parse("not json").is_err());
    }
}
