#!/usr/bin/env bash
# Builds a hostile workspace in a temporary folder and measures `docwright check` on it with
# /usr/bin/time -v: peak memory (maximum resident set size) and wall time.
#
# The workspace: 50,000 small files in 100 folders, a 100 MB Markdown file, a folder symlink
# loop, a self-referencing symlink, a dangling symlink, Latin-1 and binary `.md` files, a mode-000
# file (unreadable unless run as root), paths with spaces and non-ASCII characters, and a
# docwright.toml with wrong types.
#
# Usage: scripts/hostile-workspace.sh [path/to/docwright]   (default: target/release/docwright)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bin="${1:-target/release/docwright}"
if [ ! -x "${bin}" ]; then
    echo "no ${bin}: run 'cargo build --release' first, or pass the binary" >&2
    exit 2
fi
bin="$(realpath "${bin}")"

work="$(mktemp -d)"
trap 'chmod -R u+rwX "${work}" 2>/dev/null; rm -rf "${work}"' EXIT
root="${work}/hostile workspace"
adr="${root}/docs/adr"
mkdir -p "${adr}"

echo "building the workspace in ${root}"
python3 - "${root}" <<'PY'
import os, sys
root = sys.argv[1]
for folder in range(100):
    path = os.path.join(root, "docs", "many", f"f{folder:03}")
    os.makedirs(path, exist_ok=True)
    for file in range(500):
        number = folder * 500 + file + 1
        with open(os.path.join(path, f"{number:05}-note.md"), "w") as out:
            out.write(f"# {number}. Note\n\nText with a [link](../f000/00001-note.md).\n")
section = "## Section\n\nSome text with a [link](other.md) and `code`.\n\n" * 1000
with open(os.path.join(root, "docs", "huge.md"), "w") as out:
    out.write("# 1. Huge\n\n")
    written = 0
    while written < 100 << 20:
        out.write(section)
        written += len(section)
PY
printf '# 1. Use Postgres\n\nDate: 2024-01-02\n\n## Status\n\nAcepted\n' > "${adr}/0001-use postgres ünïcödé 日本.md"
ln -s "${root}/docs" "${adr}/loop"
ln -s "${adr}/0009-self.md" "${adr}/0009-self.md"
ln -s "${root}/nowhere.md" "${adr}/0008-dangling.md"
printf '# 2. Caf\xe9\n\n## Status\n\nAccepted\n' > "${adr}/0002-latin1.md"
head -c 4096 /dev/urandom > "${adr}/0003-binary.md"
printf '# 4. Secret\n' > "${adr}/0004-unreadable.md"
chmod 000 "${adr}/0004-unreadable.md"
printf 'ignore = 5\n[rules]\nmissing-section = [1, 2]\n[kinds.adr]\nsections = "Status"\n' > "${root}/docwright.toml"

echo "running: ${bin} check --no-color (in the workspace)"
set +e
(cd "${root}" && /usr/bin/time -v "${bin}" check --no-color >"${work}/out.txt" 2>"${work}/err.txt")
status=$?
set -e
grep -v '^\s*\(Page size\|Exit status\|Swaps\|Socket\|Signals\|Average\|Minor\|Major\|Voluntary\|Involuntary\|File system\|Percent\)' \
    "${work}/err.txt" | grep -E 'Maximum resident|Elapsed|User time|System time' || true
echo "exit status: ${status}"
echo "--- messages about the hostile files (stderr and stdout, first lines) ---"
grep -v -E '^\s+(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)' "${work}/err.txt" | head -20
grep -E 'latin1|binary|unreadable|docwright.toml|loop|dangling|self' "${work}/out.txt" | head -20
tail -1 "${work}/out.txt"

# The language server on the same folder: discovery to the end of its progress, and the
# server's peak memory. Needs the benchmark example beside the binary.
bench="$(dirname "${bin}")/examples/bench_lsp_index"
if [ -x "${bench}" ]; then
    echo "--- the language server indexing it (${bench}) ---"
    "${bench}" "${root}" only
else
    echo "(no ${bench}: 'cargo build --release --example bench_lsp_index' to measure the server too)"
fi
