#!/usr/bin/env bash
# Benchmarks `docwright check --format json` over the Rust RFC corpus (639 files, the largest
# 172 KB): cold runs, one thread against two, half the corpus against all of it. Prints wall time
# and peak memory. Target: at most 0.6 s wall on 2 cores for the whole corpus.
#
#   bash scripts/bench-check.sh            # from the repository root, ../shared beside it
#   RUNS=20 bash scripts/bench-check.sh    # more runs per case
#
# Uses hyperfine when installed (`apt-get install -y hyperfine`), else a timed loop; peak memory
# comes from GNU time (`/usr/bin/time`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS="${RUNS:-10}"
CORPUS="${CORPUS:-../shared/corpus/rust-rfcs/text}"
BIN=./target/release/docwright

test -d "${CORPUS}" || { echo "corpus not found: ${CORPUS}" >&2; exit 1; }

echo "==> building release"
cargo build --release --quiet

# Half the corpus: the first half of the files by name, copied so the walk sees only them.
half="$(mktemp -d)"
results="$(mktemp)"
trap 'rm -rf "${half}" "${results}"' EXIT
mapfile -t all_files < <(find "${CORPUS}" -maxdepth 1 -name '*.md' | sort)
half_count=$(( ${#all_files[@]} / 2 ))
cp "${all_files[@]:0:${half_count}}" "${half}/"
echo "corpus: ${#all_files[@]} files, $(du -sh "${CORPUS}" | cut -f1); half: ${half_count} files"

# `check` exits 1 when it finds errors: that is a result, not a failure of the benchmark.
run_check() { "${BIN}" check "$1" --format json >/dev/null || [ $? -eq 1 ]; }
export -f run_check
export BIN

# Peak resident memory of one run, in MiB, from GNU time.
peak_rss() {
    local threads="$1" target="$2" kb
    if [ -x /usr/bin/time ]; then
        kb=$( { RAYON_NUM_THREADS="${threads}" /usr/bin/time -f '%M' bash -c 'run_check "$0"' "${target}" ; } 2>&1 >/dev/null | tail -1)
        awk -v kb="${kb}" 'BEGIN { printf "%.1f MiB", kb / 1024 }'
    else
        echo "n/a (install GNU time)"
    fi
}

# Mean wall time over RUNS runs, in seconds. Every run is a new process (a cold start of the
# binary, as CI runs it); the page cache is dropped before each run when this user may, else one
# warm-up run fills it so that all runs measure the same thing.
wall_time() {
    local threads="$1" target="$2"
    if command -v hyperfine >/dev/null; then
        local prepare='true'
        if [ -w /proc/sys/vm/drop_caches ]; then prepare='sync; echo 3 > /proc/sys/vm/drop_caches'; fi
        # --ignore-failure: exit status 1 (errors found) is a result, not a failed run.
        RAYON_NUM_THREADS="${threads}" hyperfine --style none --runs "${RUNS}" --warmup 1 \
            --ignore-failure --prepare "${prepare}" --export-json "${results}" \
            "${BIN} check ${target} --format json" >/dev/null
        python3 - "${results}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f s ± %.3f (min %.3f, max %.3f)" % (r["mean"], r["stddev"], r["min"], r["max"]))
PY
    else
        RAYON_NUM_THREADS="${threads}" run_check "${target}"
        local start end
        start=$(date +%s.%N)
        for _ in $(seq "${RUNS}"); do RAYON_NUM_THREADS="${threads}" run_check "${target}"; done
        end=$(date +%s.%N)
        awk -v s="${start}" -v e="${end}" -v n="${RUNS}" 'BEGIN { printf "%.3f s (mean of %d, warm cache)\n", (e - s) / n, n }'
    fi
}

printf '\n%-8s %-6s %-44s %s\n' threads files "wall time" "peak memory"
for threads in 1 2; do
    for target in "${half}" "${CORPUS}"; do
        if [ "${target}" = "${CORPUS}" ]; then label=all; else label=half; fi
        printf '%-8s %-6s %-44s %s\n' "${threads}" "${label}" "$(wall_time "${threads}" "${target}")" "$(peak_rss "${threads}" "${target}")"
    done
done
