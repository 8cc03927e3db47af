#!/usr/bin/env bash
# The layers the compiler and this script hold (ARCHITECTURE.md, "Crates and what each may use"):
#   - no crate depends on what its layer must not (`cargo tree`, normal dependencies);
#   - the core names no file system, process, network or environment outside its tests;
#   - no cycle among the modules (files) of any crate.
# Exits non-zero, naming each breach, when one holds no longer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
# forbid CRATE DEP...: fails when CRATE depends on any DEP, directly or through another crate.
forbid() {
    local crate="$1"
    shift
    local tree
    tree="$(cargo tree --offline -q -p "${crate}" -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u)"
    for dep in "$@"; do
        if grep -qx -- "${dep}" <<<"${tree}"; then
            echo "layers: ${crate} depends on ${dep} (cargo tree -p ${crate} -i ${dep})" >&2
            status=1
        fi
    done
}

# The core: text and paths in, values out. No runtime, protocol, walker, command line or terminal
# writer (anstyle, a table of colours, may come in through serde-saphyr's error snippets).
forbid docwright-core tokio tower-lsp-server tower-service ignore clap anstream libc \
    docwright-host docwright-lsp docwright
# The host: the file system under the core. No protocol, no runtime, no command line.
forbid docwright-host tokio tower-lsp-server tower-service clap anstream \
    docwright-lsp docwright
# The language server: never the command line.
forbid docwright-lsp clap anstream docwright

python3 scripts/module-cycles.py --pure server/core/src \
    server/host/src server/lsp/src server/src || status=1

if [ "${status}" -eq 0 ]; then
    echo "layers: every crate keeps to its layer; no module cycle"
fi
exit "${status}"
