#!/usr/bin/env bash
# Runs the fuzz targets one after the other, each for SECONDS (default 540),
# niced, with the seed corpora: scripts/fuzz.sh [SECONDS] [TARGET…]
# Needs nightly and cargo-fuzz (docs/fuzzing.md). Crashes go to
# fuzz/artifacts/<target>/, the growing corpus to fuzz/corpus/<target>/,
# each run's log to fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-540}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scheme expr csv sheet)
[ -d seeds ] || python3 make_seeds.py
for t in "${targets[@]}"; do
    nice cargo +nightly fuzz build -O "$t"
done
target_dir=${CARGO_TARGET_DIR:-target}
[[ $target_dir == /* ]] || target_dir=$PWD/$target_dir
mkdir -p logs
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== $t: ${seconds}s"
    nice "$target_dir/x86_64-unknown-linux-gnu/release/$t" "corpus/$t" "seeds/$t" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=262144 \
        -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"logs/$t.log" 2>&1 || true
    grep -E "^(stat::|Done|==[0-9]+==ERROR|SUMMARY)|#[0-9]+ *DONE" "logs/$t.log" | tail -12
    ls "artifacts/$t"
done
