//! Generated workspaces of ADRs, and writing them to disk.

use docwright::analysis::config::Config;
use docwright::analysis::index::{Index, IndexSettings};
use docwright::analysis::kinds::detect::PathHints;
use std::path::Path;

/// A deterministic pseudo-random sequence (no dependency for a benchmark).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Where ADR `n` of a generated workspace lives, a thousand to a folder.
pub fn adr_path(n: usize) -> String {
    format!("area-{:03}/{:05}-decision-{n}.md", n / 1000, n)
}

/// A Nygard ADR of about 1.5 KB citing a few others by id, link, anchor and wiki link; every
/// tenth is superseded by the next.
pub fn generated_adr(n: usize, total: usize, rng: &mut Lcg) -> String {
    let status = if n % 10 == 3 && n + 1 < total {
        format!("Superseded by [ADR-{:05}](../{})", n + 1, adr_path(n + 1))
    } else if n % 10 == 4 {
        format!("Accepted\n\nSupersedes ADR-{:05}", n - 1)
    } else {
        "Accepted".to_string()
    };
    let a = rng.below(total);
    let b = rng.below(total);
    let c = rng.below(total);
    format!(
        "# {n}. Decision number {n}\n\nDate: 2024-03-04\n\n## Status\n\n{status}\n\n## Context\n\n\
         This builds on ADR-{a:05} and [the decision of {b}](../{}#decision); see also \
         [[{:05}-decision-{c}]]. The team met several times over the quarter to weigh the \
         options, and the notes of those meetings are kept with the project's minutes. Cost, \
         operability and the skills of the team all mattered.\n\n## Decision\n\nWe will do \
         thing {n}, and measure it. The rollout is staged over two releases so that it can be \
         reverted if the measurements disappoint.\n\n## Consequences\n\nEveryone must learn \
         thing {n}. Documentation and training follow; the previous approach stays supported \
         for one more release.\n",
        adr_path(b),
        c
    )
}

/// `total` generated ADRs as (path, text), the same for the same `total`.
pub fn generated_adrs(total: usize) -> Vec<(String, String)> {
    let mut rng = Lcg(total as u64);
    (0..total)
        .map(|n| (adr_path(n), generated_adr(n, total, &mut rng)))
        .collect()
}

/// Writes each (path relative to `root`, text), making the folders on the way.
pub fn write_workspace(root: &Path, documents: &[(String, String)]) {
    for (path, text) in documents {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

/// The index of (path, text) documents, built in parallel with default settings and no path hints.
pub fn build_index(documents: &[(String, String)], config: &Config) -> Index {
    use rayon::prelude::*;
    Index::build(
        IndexSettings::default(),
        documents.par_iter().map(|(p, t)| (p.as_str(), t.as_str())),
        config,
        &|_| PathHints::default(),
    )
}
