//! The command line: `docwright check`, `rules`, `explain`, `lsp`.

pub fn main() -> i32 {
    0
}
