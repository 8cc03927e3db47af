#!/usr/bin/env bash
# Copies the shared test corpus into fuzz/corpus/outline/ as the outline target's seeds (the
# corpus is not committed: fuzz/.gitignore lists it), and writes a few framing seeds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
shared="${1:-../../shared/corpus}"
mkdir -p corpus/outline corpus/jsonrpc_framing
find "${shared}" -name '*.md' -size -64k -print0 | while IFS= read -r -d '' file; do
    cp "${file}" "corpus/outline/$(echo "${file}" | md5sum | cut -c1-16).md"
done
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}' > corpus/jsonrpc_framing/initialize
{ frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'; frame '{"jsonrpc":"2.0","id":2,"result":null}'; } > corpus/jsonrpc_framing/two
printf 'Content-Length: 5\r\nContent-Type: x\r\n\r\n{"a":' > corpus/jsonrpc_framing/truncated
printf 'Content-Length: nope\r\n\r\n{}Content-Length: 2\r\n\r\n{}' > corpus/jsonrpc_framing/bad-header
echo "seeds: $(ls corpus/outline | wc -l) outline, $(ls corpus/jsonrpc_framing | wc -l) framing"
