//! Character masks: one bit per ASCII letter (case folded) and digit, so that a fuzzy search can
//! skip a text lacking one of the query's characters before the matcher scores it. Completion and
//! workspace symbols both narrow with them.

use nucleo_matcher::Utf32Str;

/// The bit of an ASCII letter (either case) or digit in a character mask; 0 for any other
/// character.
fn mask_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        'A'..='Z' => 1 << (c as u32 - 'A' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 0,
    }
}

/// The ASCII letters (case folded) and digits a haystack can offer the matcher. A non-ASCII
/// character counts with every form the matcher may compare it in (case folded, normalised
/// as `é` → `e`, both), so that a haystack the matcher accepts always holds the query's bits.
pub(crate) fn haystack_mask(haystack: Utf32Str) -> u64 {
    let mut mask = 0;
    for c in haystack.chars() {
        mask |= mask_bit(c);
        if !c.is_ascii() {
            let normalized = nucleo_matcher::chars::normalize(c);
            mask |= mask_bit(nucleo_matcher::chars::to_lower_case(c))
                | mask_bit(normalized)
                | mask_bit(nucleo_matcher::chars::to_lower_case(normalized));
        }
    }
    mask
}

/// The ASCII letters (case folded) and digits every match of `query` holds: those of the
/// characters the matcher keeps of it (the first of each grapheme). Its other characters
/// constrain nothing here.
pub(crate) fn query_mask(query: &str) -> u64 {
    nucleo_matcher::chars::graphemes(query)
        .map(mask_bit)
        .fold(0, |mask, bit| mask | bit)
}
