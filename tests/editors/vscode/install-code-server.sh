#!/usr/bin/env bash
# Installs code-server into a cache folder keyed by its version, offline from GitHub: code-server's
# npm postinstall downloads from GitHub, which is not reachable here, so the steps it would run are
# done by hand (the sequence in issue 6). Prints the path of the `code-server` launcher on its last line.
# Usage: install-code-server.sh CACHE_ROOT [VERSION]
set -euo pipefail

cache_root="${1:?usage: install-code-server.sh CACHE_ROOT [VERSION]}"
version="${2:-4.100.3}"
prefix="${cache_root}/code-server-${version}"
launcher="${prefix}/node_modules/code-server/out/node/entry.js"
done_marker="${prefix}/.installed"

if [ -f "${done_marker}" ] && [ -f "${launcher}" ]; then
    echo "code-server ${version} cached in ${prefix}" >&2
    echo "${prefix}"
    exit 0
fi

# A half-finished install (interrupted run) is not trusted: start again.
rm -rf "${prefix}"
mkdir -p "${prefix}"
cd "${prefix}"
echo '{ "name": "code-server-cache", "private": true }' > package.json

echo "installing code-server ${version} into ${prefix}" >&2
npm install --no-audit --no-fund --ignore-scripts "code-server@${version}" >&2
npm rebuild argon2 >&2

vscode="${prefix}/node_modules/code-server/lib/vscode"
(
    cd "${vscode}"
    npm install --no-audit --no-fund --unsafe-perm --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    ln -sfn "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm_config_yes=true npm rebuild --unsafe-perm
    ln -sfn node_modules node_modules.asar
    ln -sfn code-linux.sh bin/remote-cli/code-server
    ln -sfn browser-linux.sh bin/helpers/browser.sh
    (cd extensions && npm install --no-audit --no-fund --omit=dev)
) >&2

touch "${done_marker}"
echo "${prefix}"
