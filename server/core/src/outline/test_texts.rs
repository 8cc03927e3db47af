//! Test inputs shared by the outline's text scanners (normalize, metadata, refs, placeholder).

/// Deterministic pseudo-random texts over an alphabet of the characters these scanners
/// care about, multi-byte ones and line breaks included: no input may panic or yield a
/// range off a character boundary.
pub(crate) fn generated_texts() -> impl Iterator<Item = String> {
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "`",
        "``",
        "*",
        "_",
        "~~",
        "<",
        ">",
        "!",
        "\\",
        "&",
        "&amp;",
        "&#x1F600;",
        "<!--",
        "-->",
        "#",
        ":",
        "|",
        "-",
        "…",
        "...",
        "???",
        "TODO",
        "ADR-",
        "RFC ",
        "7",
        "0",
        "a",
        "é",
        "e\u{301}",
        "決",
        "🎉",
        "\u{A0}",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "* ",
        "- ",
        "Status: ",
        "<<[UNRESOLVED]>>",
        "Why should we *not* do this?",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    (0..400).map(move |_| {
        let mut text = String::new();
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = (state >> 33) % 60;
        for _ in 0..len {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(PIECES[((state >> 33) as usize) % PIECES.len()]);
        }
        text
    })
}
