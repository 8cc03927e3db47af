#!/usr/bin/env bash
# Every figure of issue 14 in one run, with the release build, printed at the end as one table
# beside the issue's targets:
#
#   bash scripts/bench.sh                       # from the repository root, ../shared beside it
#   SIZES="1000 50000" bash scripts/bench.sh    # other generated workspace sizes
#   KEYSTROKES=500 REQUESTS=1000 bash scripts/bench.sh
#
# - server/examples/bench_workspace.rs: generated workspaces of ADRs through the real server
#   over stdio (cold index, restart from the persisted index, completion, peak RSS);
# - server/examples/bench_lsp.rs: keystroke → diagnostics on the largest Rust RFC and a 1 MB
#   doc, and the memory of the 20 largest RFCs open;
# - any other `server/examples/bench_keystroke*.rs` / `bench_memory*.rs` present is run too.
#
# Measure with the machine otherwise quiet: the figures are wall times.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIZES="${SIZES:-1000 10000 50000}"
KEYSTROKES="${KEYSTROKES:-200}"
REQUESTS="${REQUESTS:-400}"
EXAMPLES=(bench_workspace bench_lsp)
for extra in server/examples/bench_keystroke*.rs server/examples/bench_memory*.rs; do
    [[ -e "${extra}" ]] && EXAMPLES+=("$(basename "${extra}" .rs)")
done

echo "==> building release: docwright ${EXAMPLES[*]}" >&2
cargo build --release --quiet --bin docwright $(printf -- '--example %s ' "${EXAMPLES[@]}")

out="$(mktemp -d)"
trap 'rm -rf "${out}"' EXIT

echo "==> bench_workspace ${SIZES}"
# shellcheck disable=SC2086
target/release/examples/bench_workspace ${SIZES} --requests "${REQUESTS}" | tee "${out}/workspace"
echo
echo "==> bench_lsp ${KEYSTROKES}"
target/release/examples/bench_lsp "${KEYSTROKES}" | tee "${out}/lsp"
for example in "${EXAMPLES[@]:2}"; do
    echo
    echo "==> ${example}"
    "target/release/examples/${example}" | tee "${out}/${example}"
done

# ---- The summary ------------------------------------------------------------------------------
# Columns of bench_workspace's table: | docs | text | cold | restart symbol | revalidated |
# completion p50 / p99 | peak RSS | cache |
largest="$(awk -F'|' '$2 ~ /^ *[0-9]+ *$/ { last = $0 } END { print last }' "${out}/workspace")"
smallest="$(awk -F'|' '$2 ~ /^ *[0-9]+ *$/ { print; exit }' "${out}/workspace")"
field() { awk -F'|' -v n="$2" '{ gsub(/^ +| +$/, "", $n); print $n }' <<<"$1"; }
docs="$(field "${largest}" 2)"
p99="$(field "${largest}" 7 | sed 's|.*/ *||')"
growth="$(sed -n 's/.*(growth \(.*\) the linear).*/\1/p' "${out}/workspace")"
# bench_lsp: the rows after "keystroke → publishDiagnostics" (name size median p95 max) and the
# memory row of the 20 largest RFCs (text, heap, heap ×text: the 3rd number).
keystroke() {
    awk -v name="$1" '/keystroke → publishDiagnostics/ { on = 1 } on && index($0, name) == 1 { print; exit }' "${out}/lsp"
}
rfc="$(keystroke 3935-Project-Goals-2026.md)"
big="$(keystroke 'generated design doc')"
memory="$(grep -m1 '^the 20 largest Rust RFCs' "${out}/lsp" || true)"
num() { grep -oE '[0-9]+(\.[0-9]+)?' <<<"$1" | sed -n "$2p"; }

echo
echo "## Issue 14 figures"
echo
echo "| figure | target | measured |"
echo "|---|---|---|"
echo "| keystroke → diagnostics, 172 KB RFC, median / p95 | ≤ 5 / ≤ 15 ms | $(num "${rfc#3935-Project-Goals-2026.md}" 2) / $(num "${rfc#3935-Project-Goals-2026.md}" 3) ms |"
echo "| keystroke → diagnostics, 1 MB doc, p95 | ≤ 30 ms | $(num "${big#generated design doc}" 3) ms |"
echo "| memory, 20 largest RFCs open (heap) | ≤ 10× the text | $(num "${memory#the 20 largest Rust RFCs}" 3)× |"
echo "| cold index, ${docs} docs | ≤ 1 s | $(field "${largest}" 4) |"
echo "| restart → first workspace symbol, ${docs} docs | ≤ 200 ms | $(field "${largest}" 5) |"
echo "| completion p99, ${docs} docs | ≤ 5 ms | ${p99} |"
echo "| server peak RSS, ${docs} docs | ≤ 250 MB | $(field "${largest}" 8) |"
echo "| cold index growth, $(field "${smallest}" 2) → ${docs} docs | linear or better (≤ 1×) | ${growth:-?} |"
