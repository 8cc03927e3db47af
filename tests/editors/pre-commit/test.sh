#!/usr/bin/env bash
# The `docwright` hook of .pre-commit-hooks.yaml, used the way a project uses it: a throwaway git
# repository holding this manifest is the hook repository, and a second one, the project, names it
# in its .pre-commit-config.yaml and installs the hook. Committing an ADR with an error must fail;
# committing it once fixed must pass.
#
#   DOCWRIGHT_BIN=target/release/docwright bash tests/editors/pre-commit/test.sh
#
# Needs `pre-commit` on PATH (pip install pre-commit) and git. Prints PASS or FAIL; exits 0 or 1.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"

binary="${DOCWRIGHT_BIN:-}"
if [ -z "${binary}" ]; then
    for profile in release debug; do
        if [ -x "${repo}/target/${profile}/docwright" ]; then
            binary="${repo}/target/${profile}/docwright"
            break
        fi
    done
fi
fail() {
    echo "FAIL $*"
    echo "pre-commit: FAIL"
    exit 1
}
[ -n "${binary}" ] && [ -x "${binary}" ] || fail "no docwright binary: build it or set DOCWRIGHT_BIN"
binary="$(cd "$(dirname "${binary}")" && pwd)/$(basename "${binary}")"
command -v pre-commit >/dev/null || fail "pre-commit is not on PATH (pip install pre-commit)"
echo "pre-commit $(pre-commit --version | awk '{print $2}'), server ${binary}"

scratch="$(mktemp -d)"
trap 'rm -rf "${scratch}"' EXIT
# The hook's entry is `docwright …`: the binary under test is the `docwright` on PATH.
mkdir -p "${scratch}/bin"
ln -s "${binary}" "${scratch}/bin/docwright"
export PATH="${scratch}/bin:${PATH}"
export PRE_COMMIT_HOME="${scratch}/pre-commit-cache"
export GIT_CONFIG_NOSYSTEM=1 HOME="${scratch}/home"
mkdir -p "${HOME}"
git config --global user.name "Docwright Test"
git config --global user.email "test@example.invalid"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

hooks_repo="${scratch}/hooks"
git init -q "${hooks_repo}"
cp "${repo}/.pre-commit-hooks.yaml" "${hooks_repo}/"
git -C "${hooks_repo}" add .pre-commit-hooks.yaml
git -C "${hooks_repo}" commit -q -m "the docwright hook"
hooks_rev="$(git -C "${hooks_repo}" rev-parse HEAD)"

project="${scratch}/project"
git init -q "${project}"
cd "${project}"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: file://${hooks_repo}
    rev: ${hooks_rev}
    hooks:
      - id: docwright
YAML
# A misspelt status is a warning by default; this team makes it block commits.
cat > docwright.toml <<TOML
[rules]
invalid-status = "error"
TOML
git add .pre-commit-config.yaml docwright.toml
git commit -q -m "pre-commit configuration"
pre-commit install >/dev/null

mkdir -p docs/adr
write_adr() {
    cat > docs/adr/0001-use-postgresql.md <<ADR
# 1. Use PostgreSQL

Date: 2024-05-01

## Status

$1

## Context

We need a relational database that the whole team knows.

## Decision

We will use PostgreSQL 16 for every new service.

## Consequences

Everyone can read the schema; we run one more kind of server.
ADR
}

write_adr "Acceptd"
git add docs/adr/0001-use-postgresql.md
set +e
output="$(git commit -m "ADR 1 with a misspelt status" 2>&1)"
status=$?
set -e
echo "${output}" | sed 's/^/  | /'
[ "${status}" -ne 0 ] || fail "the commit of an ADR with an error went through"
grep -q "invalid-status" <<<"${output}" || fail "the hook's output does not name invalid-status"
[ "$(git rev-list --count HEAD)" -eq 1 ] || fail "a commit was recorded despite the failing hook"
echo "ok   committing an ADR with an unknown status fails, naming invalid-status"

write_adr "Accepted"
git add docs/adr/0001-use-postgresql.md
set +e
output="$(git commit -m "ADR 1" 2>&1)"
status=$?
set -e
echo "${output}" | sed 's/^/  | /'
[ "${status}" -eq 0 ] || fail "the commit of a clean ADR failed"
grep -q "docwright.*Passed" <<<"${output}" || fail "the docwright hook did not run on the clean ADR"
[ "$(git rev-list --count HEAD)" -eq 2 ] || fail "the clean ADR was not committed"
echo "ok   committing the corrected ADR passes"
echo "pre-commit: PASS"
