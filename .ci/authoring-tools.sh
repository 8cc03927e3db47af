#!/usr/bin/env bash
# Installs the real decision-log tools the authoring tests compare Docwright against, pinned and
# cached between runs: adr-tools (Debian package), pyadr (a venv under .cache/), log4brains,
# @log4brains/core and madr (npm, from tests/authoring-tools/package-lock.json).
# Source it (`. .ci/authoring-tools.sh`) to get the variables the tests read:
#   DOCWRIGHT_ADR_TOOLS  the `adr` command          DOCWRIGHT_PYADR  the `pyadr` command
#   DOCWRIGHT_NODE_MODULES  tests/authoring-tools/node_modules (log4brains, @log4brains/core, madr)
set -euo pipefail
_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_adr_tools_version="3.0.0-2"
_pyadr_version="0.19.0"

if ! dpkg-query -W -f='${Version}' adr-tools 2>/dev/null | grep -qx "${_adr_tools_version}"; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 \
        "adr-tools=${_adr_tools_version}"
fi

_venv="${_repo}/.cache/pyadr-${_pyadr_version}"
if [ ! -x "${_venv}/bin/pyadr" ]; then
    python3 -m venv "${_venv}"
    "${_venv}/bin/pip" install -q "pyadr==${_pyadr_version}"
fi

_modules="${_repo}/tests/authoring-tools"
if [ ! -f "${_modules}/node_modules/.package-lock.json" ] ||
    ! cmp -s "${_modules}/package-lock.json" "${_modules}/.installed-lock.json"; then
    (cd "${_modules}" && npm ci --no-audit --no-fund --ignore-scripts)
    cp "${_modules}/package-lock.json" "${_modules}/.installed-lock.json"
fi

export DOCWRIGHT_ADR_TOOLS="$(command -v adr)"
export DOCWRIGHT_PYADR="${_venv}/bin/pyadr"
export DOCWRIGHT_NODE_MODULES="${_modules}/node_modules"
echo "authoring tools: adr ${_adr_tools_version} (${DOCWRIGHT_ADR_TOOLS}), pyadr ${_pyadr_version}, node modules in ${DOCWRIGHT_NODE_MODULES}"
