#!/usr/bin/env bash
# `docwright site` in headless Chromium: builds the release binary if missing, installs the test's
# node dependencies (playwright-core, axe-core) from its lockfile and opens the fixture monorepo's
# site from disk (tests/site/site-test.mjs). SCREENSHOTS=docs/screenshots refreshes the README's
# screenshots. Prints PASS or FAIL; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 chromium
fi
if [ ! -x target/release/docwright ]; then
    cargo build --release --bin docwright
fi
(cd tests/site && npm ci --no-audit --no-fund)
args=(--docwright "$(pwd)/target/release/docwright")
if [ -n "${SCREENSHOTS:-}" ]; then
    args+=(--screenshots "${SCREENSHOTS}")
fi
timeout 300 node tests/site/site-test.mjs "${args[@]}"
