#!/usr/bin/env bash
# The VS Code extension in the real workbench: builds the release binary if missing, installs the
# extension's and the test's node dependencies from their lockfiles, packages the .vsix, installs
# code-server into .cache/ (kept between runs, keyed by version) and drives it through Chromium.
# Prints PASS or FAIL and the total time; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
started=$(date +%s)
code_server_version="4.100.3"

finish() {
    local status=$?
    local elapsed=$(($(date +%s) - started))
    if [ "${status}" -eq 0 ]; then
        echo "editors-vscode: PASS in ${elapsed} s"
    else
        echo "editors-vscode: FAIL (exit ${status}) after ${elapsed} s" >&2
    fi
}
trap finish EXIT

need_packages=()
command -v chromium >/dev/null || need_packages+=(chromium)
command -v rg >/dev/null || need_packages+=(ripgrep)
command -v pkg-config >/dev/null || need_packages+=(pkg-config)
[ -f /usr/include/gssapi/gssapi.h ] || need_packages+=(libkrb5-dev)
if [ "${#need_packages[@]}" -gt 0 ]; then
    echo "installing ${need_packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 "${need_packages[@]}"
fi

if [ ! -x target/release/docwright ]; then
    cargo build --release --bin docwright
fi

(cd editors/vscode && npm ci --no-audit --no-fund)
vsix="$(bash editors/vscode/scripts/package.sh "${repo}/target/release/docwright" | tail -n 1)"
(cd tests/editors/vscode && npm ci --no-audit --no-fund)

code_server_dir="$(bash tests/editors/vscode/install-code-server.sh "${repo}/.cache" "${code_server_version}" | tail -n 1)"

timeout 600 node tests/editors/vscode/ui-test.mjs \
    --code-server "${code_server_dir}" \
    --vsix "${vsix}" \
    --docwright "${repo}/target/release/docwright" \
    --screenshots "${repo}/docs/screenshots"
