#!/usr/bin/env bash
# Unpacks the CommonMark specification (the npm package `commonmark-spec`, pinned) into
# target/commonmark-spec/, where server/tests/it/commonmark_conformance.rs reads its examples.
# Needs npm. Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=0.31.2
dest=target/commonmark-spec
if [ -f "${dest}/package/spec.txt" ] && grep -q "\"version\": \"${version}\"" "${dest}/package/package.json"; then
    exit 0
fi
rm -rf "${dest}"
mkdir -p "${dest}"
(cd "${dest}" && npm pack --silent "commonmark-spec@${version}" >/dev/null && tar xzf "commonmark-spec-${version}.tgz")
test -f "${dest}/package/spec.txt"
echo "CommonMark spec ${version} in ${dest}/package/spec.txt"
