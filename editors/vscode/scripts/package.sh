#!/usr/bin/env bash
# Packages the extension into docwright-<version>.vsix, offline: bundles with esbuild, copies the
# release binary into bin/ (so the extension works without docwright on PATH), and runs vsce from
# the locked devDependencies. Usage: scripts/package.sh [path/to/docwright [vsce-target]]
#
# The package is platform-specific (`vsce --target`), since the binary inside is: the target is
# the machine's own unless given (for a binary cross-built for another platform, e.g.
# `scripts/package.sh target/aarch64-apple-darwin/release/docwright darwin-arm64`). The extension
# runs the bundled binary only after checking it starts, else it uses `docwright` on PATH.
set -euo pipefail
extension_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "${extension_dir}/../.." && pwd)"
binary="${1:-${repo_dir}/target/release/docwright}"
cd "${extension_dir}"

host_target() {
    local os arch
    case "$(uname -s)" in
        Linux) os=linux ;;
        Darwin) os=darwin ;;
        MINGW* | MSYS* | CYGWIN*) os=win32 ;;
        *) os="$(uname -s | tr '[:upper:]' '[:lower:]')" ;;
    esac
    case "$(uname -m)" in
        x86_64 | amd64) arch=x64 ;;
        aarch64 | arm64) arch=arm64 ;;
        armv7l) arch=armhf ;;
        *) arch="$(uname -m)" ;;
    esac
    echo "${os}-${arch}"
}
target="${2:-$(host_target)}"

if [ ! -x "${binary}" ]; then
    echo "no docwright binary at ${binary}: run \`cargo build --release\` first" >&2
    exit 1
fi
if [ ! -d node_modules ]; then
    npm ci --no-audit --no-fund
fi

npx --no-install tsc --noEmit
node scripts/test-server-path.mjs >&2
node esbuild.mjs
mkdir -p bin
cp "${binary}" bin/docwright
chmod +x bin/docwright
# Debug symbols are four fifths of the release binary; users download the .vsix.
if command -v strip >/dev/null; then
    strip bin/docwright
fi

version="$(node -p 'require("./package.json").version')"
output="docwright-${target}-${version}.vsix"
# --no-dependencies: the bundle already contains vscode-languageclient.
npx --no-install vsce package --target "${target}" --no-dependencies --skip-license --allow-missing-repository --out "${output}" >&2
echo "${extension_dir}/${output}"
