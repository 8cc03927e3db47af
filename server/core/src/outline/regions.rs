//! The editor's reading: the document cut into regions that CommonMark reads independently, each
//! read by [`read::read`] and kept for the next edit.
//!
//! A region ends before a line that starts at the left margin after a blank line. At such a line
//! CommonMark has closed every container (a list item or block quote cannot continue past a blank
//! line into an unindented line) and every leaf block (paragraphs, tables, indented code and HTML
//! blocks of types 6 and 7 end at a blank line), except two that only their own end closes: a
//! fenced code block and an HTML block of types 1–5 (`<pre>`, comments, `<?…?>`, `<!X…>`,
//! CDATA). Whether one of those is still open is learnt from the reading itself (a sentinel
//! paragraph appended after the region is swallowed); the region then runs to the end of the
//! line that closes it, after which nothing is open either. Link reference definitions are the
//! one thing that crosses regions: each region asks the document's other regions about the labels
//! it uses but does not define, and its reading holds while the answers do.
//!
//! So the regions' facts put together are the facts of the whole document read at once
//! ([`super::fast`]); `outline_differential.rs` checks it over the corpus, and the edit property
//! tests check that a reading reused after an edit is the reading a fresh one would give. An edit
//! re-reads only the regions whose text it changed (and those whose labels changed meaning).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use crate::outline::read::{self, Reading};
use crate::outline::{Facts, Outline, build};

/// The readings of one document's regions, by the region's text, for the next reading of the same
/// document. Holds what the last reading used, and at most a few readings more (those of regions
/// edited since, until there are an eighth as many as regions).
#[derive(Default)]
pub struct ReadingCache {
    readings: HashMap<RegionKey, Arc<Reading>>,
    /// The last reading's regions, by start, in the text it read.
    regions: Vec<Region>,
    /// Where the last reading's Markdown started (after the front matter).
    base: usize,
    /// What the edits since the last reading may have changed (see [`ReadingCache::note_edit`]);
    /// `None` when nothing was edited.
    changed: Option<Changed>,
    /// Whether an edit replaced the whole text: no region is known by position until the next
    /// reading.
    unknown: bool,
    /// Whether whoever owns the cache tells it every edit ([`ReadingCache::following_edits`]);
    /// without that, regions are found by their text only.
    follows_edits: bool,
    /// The length of the text the last reading read.
    text_len: usize,
    /// How many regions the last reading hashed (for tests and benchmarks).
    hashed: usize,
    /// How many regions the last reading cut from the text rather than took from the reading
    /// before (for tests and benchmarks).
    cut: usize,
}

/// The bytes the edits since the last reading may have changed, in the current text: before
/// `start` the text is the last reading's, and from `end` on it is the last reading's from
/// `end - growth`.
#[derive(Clone, Copy, Debug)]
struct Changed {
    start: usize,
    end: usize,
    growth: isize,
}

impl ReadingCache {
    /// A cache whose owner reports every edit to the text with [`ReadingCache::note_edit`] or
    /// [`ReadingCache::note_replaced`]: regions the edits did not touch are then known by their
    /// position, without hashing their text.
    pub fn following_edits() -> ReadingCache {
        ReadingCache {
            follows_edits: true,
            ..ReadingCache::default()
        }
    }

    /// How many regions the last reading had to hash to find their readings (the others were
    /// known by position).
    pub fn hashed(&self) -> usize {
        self.hashed
    }

    /// How many regions the last reading cut from the text (the others were the reading
    /// before's, before and after what the edits changed).
    pub fn cut(&self) -> usize {
        self.cut
    }

    /// Records an edit made to the text since the last reading: `replaced` (in the text before
    /// the edit) now holds `inserted_len` bytes. The next reading takes the regions that lie
    /// wholly outside what the edits touched by position, without hashing their text.
    pub fn note_edit(&mut self, replaced: std::ops::Range<usize>, inserted_len: usize) {
        let removed = replaced.end - replaced.start;
        let step = inserted_len as isize - removed as isize;
        self.changed = Some(match self.changed {
            None => Changed {
                start: replaced.start,
                end: replaced.start + inserted_len,
                growth: step,
            },
            Some(before) => {
                // The union of both changed ranges, in the text before this edit, then its end
                // moved by this edit (it is at or after the end of what this edit replaced).
                let end = before.end.max(replaced.end);
                Changed {
                    start: before.start.min(replaced.start),
                    end: end.saturating_add_signed(step),
                    growth: before.growth + step,
                }
            }
        });
    }

    /// Records that the whole text was replaced: nothing is known by position until the next
    /// reading (readings are still found by their text).
    pub fn note_replaced(&mut self) {
        self.unknown = true;
    }

    /// The key of the last reading's region that had exactly the bytes of `start..end` of the
    /// current text (of `len` bytes), when the edits since did not touch them.
    /// `last` is the last reading's regions (taken out of the cache for the time of a reading).
    fn known_at(&self, last: &[Region], start: usize, end: usize, len: usize) -> Option<RegionKey> {
        let growth = self.changed.map_or(0, |changed| changed.growth);
        if self.unknown
            || !self.follows_edits
            || len.checked_add_signed(-growth) != Some(self.text_len)
        {
            return None;
        }
        let old_start = match self.changed {
            None => start,
            Some(changed) if end <= changed.start => start,
            Some(changed) if start >= changed.end => start.checked_add_signed(-changed.growth)?,
            Some(_) => return None,
        };
        let at = last
            .binary_search_by_key(&old_start, |region| region.start)
            .ok()?;
        let key = last[at].key;
        (key.len == end - start && key.sentinel == (end < len)).then_some(key)
    }

    /// When the last reading's regions can be taken by their position in `len` bytes of text
    /// whose Markdown starts at `base`: `Some` of what the edits since may have changed (`None`
    /// inside when nothing was).
    fn by_position(&self, len: usize, base: usize) -> Option<Option<Changed>> {
        let growth = self.changed.map_or(0, |changed| changed.growth);
        (!self.unknown
            && self.follows_edits
            && self.base == base
            && len.checked_add_signed(-growth) == Some(self.text_len))
        .then_some(self.changed)
    }

    /// How many distinct readings the cache holds (after one reading by a fresh cache: how many
    /// distinct regions the text has; for tests and benchmarks).
    pub fn len(&self) -> usize {
        self.readings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.readings.is_empty()
    }
}

/// A region's text (by hash and length) and whether it was read with the sentinel (every region
/// but the last).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct RegionKey {
    hash: u64,
    len: usize,
    sentinel: bool,
}

#[derive(Clone)]
struct Region {
    start: usize,
    key: RegionKey,
    reading: Arc<Reading>,
}

/// The outline of `text` read region by region, reusing what `cache` kept from the last reading.
pub fn outline(text: &str, cache: &mut ReadingCache, file_name: Option<&str>) -> Outline {
    build::outline_from_facts(text, facts(text, cache), file_name)
}

/// The raw facts of `text`, read region by region.
pub fn facts(text: &str, cache: &mut ReadingCache) -> Facts {
    let front_matter = build::detect_front_matter(text);
    let base = build::markdown_start(text);
    // The last reading's regions that lie before what the edits changed are this text's first
    // regions (a region's end and reading depend only on its own bytes and the first byte after
    // it), and once the regions cut from the edits on reach the start of a last reading's region
    // after them (shifted), that region and every one after it are this text's too (ADR 31).
    let known = cache.by_position(text.len(), base);
    let last = std::mem::take(&mut cache.regions);
    let mut regions: Vec<Region> = Vec::with_capacity(last.len() + 1);
    if let Some(changed) = known {
        let before = changed.map_or(usize::MAX, |changed| changed.start);
        let unchanged = last
            .iter()
            .take_while(|region| region.start + region.key.len < before)
            .count();
        regions.extend_from_slice(&last[..unchanged]);
    }
    let mut used: HashMap<RegionKey, Arc<Reading>> = HashMap::new();
    let hashed = std::cell::Cell::new(0);
    let mut region_at = |start: usize, end: usize| {
        let source = &text[start..end];
        // A region the edits did not touch has the same bytes as one of the last reading: its
        // key is known without hashing them.
        let key = cache
            .known_at(&last, start, end, text.len())
            .filter(|key| cache.readings.contains_key(key))
            .unwrap_or_else(|| {
                hashed.set(hashed.get() + 1);
                RegionKey {
                    hash: hash_of(source),
                    len: source.len(),
                    sentinel: end < text.len(),
                }
            });
        let reading = used
            .get(&key)
            .or_else(|| cache.readings.get(&key))
            .cloned()
            .unwrap_or_else(|| Arc::new(read::read(source, key.sentinel, &|_| false)));
        used.insert(key, Arc::clone(&reading));
        Region {
            start,
            key,
            reading,
        }
    };

    let reused_before = regions.len();
    let mut reused_after = 0;
    let mut start = regions
        .last()
        .map_or(base, |region| region.start + region.key.len);
    while start < text.len() {
        if let Some(Some(changed)) = known
            && start >= changed.end
            && let Some(old_start) = start.checked_add_signed(-changed.growth)
            && let Ok(at) = last.binary_search_by_key(&old_start, |region| region.start)
        {
            reused_after = last.len() - at;
            regions.extend(last[at..].iter().map(|region| Region {
                start: region.start.saturating_add_signed(changed.growth),
                key: region.key,
                reading: Arc::clone(&region.reading),
            }));
            break;
        }
        let mut end = next_region_start(text, start);
        let mut region = region_at(start, end);
        if let Some(open) = region.reading.open_block {
            end = end_of_open_block(text, start + open, end);
            region = region_at(start, end);
            if region.reading.open_block.is_some() {
                // Not expected (the block's closing line ends everything open); the rest of the
                // document as one region is right whatever happened.
                end = text.len();
                region = region_at(start, end);
            }
        }
        regions.push(region);
        start = end;
    }
    drop(last);

    let defined: HashSet<String> = regions
        .iter()
        .flat_map(|region| &region.reading.facts.link_definitions)
        .map(|definition| build::normalize_label(&definition.label))
        .collect();
    let is_defined = |label: &str| defined.contains(label);
    for region in &mut regions {
        let still_holds = region
            .reading
            .lookups
            .iter()
            .all(|(label, answer)| defined.contains(label) == *answer);
        if !still_holds {
            let source = &text[region.start..region.start + region.key.len];
            region.reading = Arc::new(read::read(source, region.key.sentinel, &is_defined));
            used.insert(region.key, Arc::clone(&region.reading));
        }
    }
    if known.is_some() && cache.readings.len() + used.len() <= regions.len() + regions.len() / 8 {
        // Only the regions read anew were looked up by text; the others kept their readings.
        cache.readings.extend(used);
    } else {
        cache.readings = regions
            .iter()
            .map(|region| (region.key, Arc::clone(&region.reading)))
            .collect();
        // A reading made again for its labels replaces the one of the same key.
        cache.readings.extend(used);
    }
    cache.base = base;
    cache.changed = None;
    cache.unknown = false;
    cache.text_len = text.len();
    cache.hashed = hashed.get();
    cache.cut = regions.len() - reused_before - reused_after;

    // Made at the size they end with: the outline keeps them (ADR 30).
    let count = |of: fn(&Facts) -> usize| -> usize {
        regions.iter().map(|region| of(&region.reading.facts)).sum()
    };
    let mut facts = Facts {
        front_matter,
        headings: Vec::with_capacity(count(|f| f.headings.len())),
        code_blocks: Vec::with_capacity(count(|f| f.code_blocks.len())),
        code_spans: Vec::with_capacity(count(|f| f.code_spans.len())),
        html_blocks: Vec::with_capacity(count(|f| f.html_blocks.len())),
        links: Vec::with_capacity(count(|f| f.links.len())),
        link_definitions: Vec::with_capacity(count(|f| f.link_definitions.len())),
    };
    for region in &regions {
        facts.extend_shifted(&region.reading.facts, region.start);
    }
    // Kept at about its size (a first reading grows it by doubling); a keystroke's reading is
    // made with room for one more region than the last, which it keeps.
    if regions.capacity() > regions.len() + regions.len() / 64 + 8 {
        regions.shrink_to_fit();
    }
    cache.regions = regions;
    facts
}

fn hash_of(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// One line: its content `start..end` and where the next line starts (after `\n`, `\r\n` or a
/// lone `\r`).
fn line_at(bytes: &[u8], start: usize) -> (usize, usize) {
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| start + i);
    let next = match bytes.get(end) {
        Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
        Some(_) => end + 1,
        None => end,
    };
    (end, next)
}

fn is_space_or_tab(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// Where the region starting at `start` may end: the start of the first later line that begins
/// at the left margin (not with a space, a tab or a line break) after a blank line; the end of
/// the text when there is none.
fn next_region_start(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let (end, mut at) = line_at(bytes, start);
    let mut after_blank = bytes[start..end].iter().all(is_space_or_tab);
    while at < bytes.len() {
        let (end, next) = line_at(bytes, at);
        if after_blank && end > at && !is_space_or_tab(&bytes[at]) {
            return at;
        }
        after_blank = bytes[at..end].iter().all(is_space_or_tab);
        at = next;
    }
    bytes.len()
}

/// The block opened at `opener` is a fenced code block or an HTML block of types 1–5 still open
/// at `from` (a line start): the start of the line after the one that closes it, or the end of
/// the text when nothing does (or the block is of no kind that should have stayed open).
fn end_of_open_block(text: &str, opener: usize, from: usize) -> usize {
    let bytes = text.as_bytes();
    let (opener_end, _) = line_at(bytes, opener);
    let opening = text[opener..opener_end].trim_start_matches(' ');
    let closes: Box<dyn Fn(&str) -> bool> = if let Some(fence) = opening_fence(opening) {
        Box::new(move |line: &str| closes_fence(line, fence))
    } else if let Some(markers) = html_end_markers(opening) {
        Box::new(move |line: &str| {
            let line = line.to_ascii_lowercase();
            markers.iter().any(|marker| line.contains(marker))
        })
    } else {
        return text.len();
    };
    let mut at = from;
    while at < bytes.len() {
        let (end, next) = line_at(bytes, at);
        if closes(&text[at..end]) {
            return next;
        }
        at = next;
    }
    text.len()
}

/// The fence character and length of a line opening a fenced code block (indentation removed).
fn opening_fence(line: &str) -> Option<(u8, usize)> {
    let first = *line.as_bytes().first()?;
    let length = line.bytes().take_while(|&b| b == first).count();
    (matches!(first, b'`' | b'~') && length >= 3).then_some((first, length))
}

/// Whether `line` closes a fenced code block opened by `fence`: up to three spaces, at least as
/// many of the same fence character, then only spaces and tabs.
fn closes_fence(line: &str, (character, length): (u8, usize)) -> bool {
    let bytes = line.as_bytes();
    let indent = bytes.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return false;
    }
    let run = bytes[indent..]
        .iter()
        .take_while(|&&b| b == character)
        .count();
    run >= length && bytes[indent + run..].iter().all(is_space_or_tab)
}

/// For a line opening an HTML block of types 1–5, the texts (lower case) one of which ends it.
fn html_end_markers(line: &str) -> Option<&'static [&'static str]> {
    let lower = line.get(..line.len().min(12))?.to_ascii_lowercase();
    let raw_tag = ["<pre", "<script", "<style", "<textarea"]
        .iter()
        .any(|tag| {
            lower.starts_with(tag)
                && lower[tag.len()..]
                    .bytes()
                    .next()
                    .is_none_or(|b| matches!(b, b' ' | b'\t' | b'>'))
        });
    if raw_tag {
        Some(&["</pre>", "</script>", "</style>", "</textarea>"])
    } else if lower.starts_with("<!--") {
        Some(&["-->"])
    } else if lower.starts_with("<?") {
        Some(&["?>"])
    } else if lower.starts_with("<![cdata[") {
        Some(&["]]>"])
    } else if lower.starts_with("<!")
        && lower.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic)
    {
        Some(&[">"])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::fast;

    /// Regions and the whole reading agree, and the regions really are cut.
    fn agree(text: &str) -> usize {
        let mut cache = ReadingCache::default();
        assert_eq!(facts(text, &mut cache), fast::facts(text), "{text:?}");
        cache.len()
    }

    #[test]
    fn a_paragraph_after_a_blank_line_starts_a_region() {
        assert_eq!(agree("# Title\n\nText [a](b).\n\n## Next\n\n`code`\n"), 4);
        assert_eq!(
            next_region_start("a\n\n  b\n\nc\n", 0),
            "a\n\n  b\n\n".len(),
            "an indented line does not start a region"
        );
    }

    #[test]
    fn a_fence_open_across_blank_lines_keeps_its_region_open_to_its_closing_line() {
        let text = "Intro\n```\nfn main() {}\n\nlet x = 1;\n\n```\nafter\n\n[a]: /b\n";
        agree(text);
        let text = "~~~~\n\n~~~\n\nx\n~~~~~ \nnot code\n";
        agree(text);
        // Never closed: code to the end of the document.
        agree("```\n\nx\n\ny\n");
    }

    #[test]
    fn html_blocks_that_blank_lines_do_not_close() {
        agree("<!--\n\nhidden\n\n-->\n# Title\n");
        agree("<pre>\n\n# not a heading\n\n</pre>\n# Heading\n");
        agree("<?php\n\necho 1;\n\n?>\n\n# H\n");
        agree("<!DOCTYPE\n\nhtml>\n\ntext\n");
        agree("<![CDATA[\n\nx\n\n]]>\n\ny\n");
        agree("<div>\n\n# a heading: type 6 ends at the blank line\n");
    }

    #[test]
    fn labels_defined_in_another_region_resolve_and_are_rechecked_when_they_go() {
        let text = "See [the RFC].\n\nAnd [x][y].\n\n[the rfc]: /rfc\n\n[y]: /y\n";
        let mut cache = ReadingCache::default();
        let read = facts(text, &mut cache);
        assert_eq!(read.links.len(), 2);
        assert_eq!(read, fast::facts(text));
        let without = "See [the RFC].\n\nAnd [x][y].\n\n[the rfc]: /rfc\n\nno definition\n";
        let read = facts(without, &mut cache);
        assert_eq!(read, fast::facts(without));
        assert_eq!(read.links.len(), 1);
    }

    #[test]
    fn a_reused_reading_is_the_fresh_one() {
        let mut cache = ReadingCache::default();
        let before = "# T\n\npara `a`\n\n```\n\n```\n\nlast [l](x)\n";
        facts(before, &mut cache);
        let after = "# T\n\npara `a`\n\n```\n\nnew\n\nlast [l](x)\n";
        assert_eq!(facts(after, &mut cache), fast::facts(after));
    }

    #[test]
    fn line_endings_of_every_kind_cut_regions() {
        agree("a\r\n\r\nb [c](d)\r\n");
        agree("a\r\rb `c`\r");
        agree("```\r\rx\r```\r\ry\r");
    }

    /// Applies `replaced` → `inserted` to `text` and tells the cache.
    fn edit(
        text: &mut String,
        cache: &mut ReadingCache,
        replaced: std::ops::Range<usize>,
        inserted: &str,
    ) {
        cache.note_edit(replaced.clone(), inserted.len());
        text.replace_range(replaced, inserted);
    }

    #[test]
    fn regions_the_edits_did_not_touch_are_known_by_position() {
        let mut text: String = (0..40)
            .map(|i| {
                format!("## Part {i}\n\nText of part {i} with [a link](p{i}.md) and `code`.\n\n")
            })
            .collect();
        let mut cache = ReadingCache::following_edits();
        facts(&text, &mut cache);
        let regions = cache.hashed();
        assert_eq!(regions, 80);
        assert_eq!(cache.cut(), 80);
        // A character typed in the middle, then deleted: only its region is hashed, and only
        // its region is cut again (the others are taken from the reading before).
        let middle = text.find("Text of part 20").unwrap() + 4;
        edit(&mut text, &mut cache, middle..middle, "x");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        assert_eq!((cache.hashed(), cache.cut()), (1, 1));
        edit(&mut text, &mut cache, middle..middle + 1, "");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        assert_eq!((cache.hashed(), cache.cut()), (1, 1));
        // Two edits far apart before one reading: what lies between is hashed, the rest is not.
        let early = text.find("Text of part 5").unwrap();
        let late = text.find("Text of part 30").unwrap();
        edit(&mut text, &mut cache, late..late + 4, "Words");
        edit(&mut text, &mut cache, early..early, "More ");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        assert!(cache.hashed() < 55, "{}", cache.hashed());
        assert!(cache.hashed() > 40, "{}", cache.hashed());
        // Nothing edited: nothing hashed, nothing cut.
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        assert_eq!((cache.hashed(), cache.cut()), (0, 0));
        // A region boundary moved (a blank line removed) and a fence opened: still exact.
        let at = text.find("\n\n## Part 10").unwrap();
        edit(&mut text, &mut cache, at..at + 1, "");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        let at = text.find("## Part 12").unwrap();
        edit(&mut text, &mut cache, at..at, "```\n\n");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        edit(&mut text, &mut cache, at..at + 5, "");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        // Replaced whole: found by text only.
        cache.note_replaced();
        text = text.replace("Part", "Section");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
    }

    #[test]
    fn a_cache_not_told_of_edits_finds_regions_by_their_text_only() {
        let mut cache = ReadingCache::default();
        let before = "# T\n\naaaa\n\nlast\n";
        facts(before, &mut cache);
        // Same lengths and region starts, other bytes.
        let after = "# T\n\n`b`a\n\nlast\n";
        assert_eq!(facts(after, &mut cache), fast::facts(after));
        assert_eq!(cache.hashed(), 3);
    }

    #[test]
    fn random_edits_told_to_the_cache_read_as_a_fresh_reading() {
        let pieces = [
            "\n",
            "\n\n",
            "# H\n",
            "```\n",
            "<!--\n",
            "-->\n",
            "[l]: /x\n",
            "see [l]\n",
            "  indented\n",
            "`c`",
            "text ",
            "\r\n",
            "---\n",
            "+++\n",
            "### ",
            "#",
            "~~~\n",
            "<pre>\n",
            "</pre>\n",
            "Setext\n===\n",
        ];
        let mut text = String::from(
            "# Title\n\nIntro [l].\n\n## A\n\nBody `x`.\n\n```\ncode\n```\n\n[l]: /y\n",
        );
        let mut cache = ReadingCache::following_edits();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        for round in 0..400 {
            let edits = 1 + next(3);
            for _ in 0..edits {
                let boundaries: Vec<usize> = (0..=text.len())
                    .filter(|&i| text.is_char_boundary(i))
                    .collect();
                let start = boundaries[next(boundaries.len())];
                let end = (start + next(12)).min(text.len());
                let end = (end..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap();
                let inserted = if next(3) == 0 {
                    ""
                } else {
                    pieces[next(pieces.len())]
                };
                edit(&mut text, &mut cache, start..end, inserted);
            }
            assert_eq!(
                facts(&text, &mut cache),
                fast::facts(&text),
                "round {round}: {text:?}"
            );
            // The readings kept beside the regions' own stay bounded.
            assert!(cache.len() <= cache.regions.len() + cache.regions.len() / 8 + 1);
        }
    }

    #[test]
    fn keystrokes_keep_the_readings_bounded_and_front_matter_edits_exact() {
        let mut text = String::from("---\nstatus: draft\n---\n\n# Title\n\n");
        for i in 0..60 {
            text.push_str(&format!("## Part {i}\n\nText {i} [l] and ADR-{i}.\n\n"));
        }
        text.push_str("[l]: /x\n");
        let mut cache = ReadingCache::following_edits();
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        for round in 0..500 {
            let part = format!("Text {}", round % 60);
            let at = text.find(&part).unwrap() + part.len();
            edit(&mut text, &mut cache, at..at, "y");
            assert_eq!(facts(&text, &mut cache), fast::facts(&text), "{round}");
            assert!(cache.cut() <= 2, "{round}: {}", cache.cut());
            assert!(cache.len() <= cache.regions.len() + cache.regions.len() / 8);
        }
        // The front matter's closing line removed and put back, a heading's level changed, the
        // definition every region uses removed: exact each time.
        let close = text.find("---\n\n#").unwrap();
        edit(&mut text, &mut cache, close..close + 3, "");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        edit(&mut text, &mut cache, close..close, "---");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        let heading = text.find("## Part 30").unwrap();
        edit(&mut text, &mut cache, heading..heading, "#");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        let definition = text.find("[l]: /x").unwrap();
        edit(&mut text, &mut cache, definition..definition + 1, "(");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
        edit(&mut text, &mut cache, definition..definition + 1, "[");
        assert_eq!(facts(&text, &mut cache), fast::facts(&text));
    }
}
