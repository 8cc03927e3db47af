#!/usr/bin/env bash
# Issue 14's editing figures, through the protocol, in one command: keystroke → diagnostics on the
# largest Rust RFC (172 KB) and on a generated 1 MB design doc, pushed (debounce excluded) and
# pulled as VS Code does (`didChange` then `textDocument/diagnostic` at once, a character typed at
# a random prose line and deleted again), median / p95 / max; then the memory of the 20 largest
# RFCs open (heap and resident set, × the text). Targets: pulled ≤ 5 ms median and ≤ 15 ms p95 on
# the RFC, ≤ 30 ms p95 on 1 MB; memory ≤ 10× the text.
#
#   bash scripts/bench-keystroke.sh          # from the repository root, ../shared beside it
#   KEYSTROKES=500 bash scripts/bench-keystroke.sh
#
# Timings need a quiet machine: on a loaded one, say so next to the figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

KEYSTROKES="${KEYSTROKES:-200}"
echo "==> building release"
cargo build --release --quiet --example bench_lsp
BIN="$(realpath "${CARGO_TARGET_DIR:-target}")/release/examples/bench_lsp"
cd server
"${BIN}" "${KEYSTROKES}" latency
echo
"${BIN}" "${KEYSTROKES}" memory
