#!/usr/bin/env bash
# Packages the extension into docwright-<version>.vsix, offline: bundles with esbuild, copies the
# release binary into bin/ (so the extension works without docwright on PATH), and runs vsce from
# the locked devDependencies. Usage: scripts/package.sh [path/to/docwright]
set -euo pipefail
extension_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "${extension_dir}/../.." && pwd)"
binary="${1:-${repo_dir}/target/release/docwright}"
cd "${extension_dir}"

if [ ! -x "${binary}" ]; then
    echo "no docwright binary at ${binary}: run \`cargo build --release\` first" >&2
    exit 1
fi
if [ ! -d node_modules ]; then
    npm ci --no-audit --no-fund
fi

npx --no-install tsc --noEmit
node esbuild.mjs
mkdir -p bin
cp "${binary}" bin/docwright
chmod +x bin/docwright
# Debug symbols are four fifths of the release binary; users download the .vsix.
if command -v strip >/dev/null; then
    strip bin/docwright
fi

version="$(node -p 'require("./package.json").version')"
output="docwright-${version}.vsix"
# --no-dependencies: the bundle already contains vscode-languageclient.
npx --no-install vsce package --no-dependencies --skip-license --allow-missing-repository --out "${output}" >&2
echo "${extension_dir}/${output}"
