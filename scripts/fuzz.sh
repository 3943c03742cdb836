#!/usr/bin/env bash
# Builds the loaders' libFuzzer targets with Debian's clang-14 (ASan + UBSan) and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS] [RUNS]   default 22 s per target (CI); RUNS > 0: that many executions per target
#                                      instead (a long run: scripts/fuzz.sh 0 10000000)
# Seeds: tests/fuzz/seeds/<target> plus the real files in ../shared/data (read only; never copied into the repo).
# A crash leaves its input in build-fuzz/crashes/ and fails the script: turn it into a test in tests/io/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-22}"
runs="${2:-0}"
dir=build-fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAMPEL_FUZZ=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DAMPEL_BUILD_TESTS=OFF -DAMPEL_BUILD_BENCH=OFF -DAMPEL_BUILD_VIEWER=OFF \
  -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null  # unity batches: see scripts/test.sh
targets=(fuzz_scenario_json fuzz_experiment_json fuzz_sumo_net fuzz_sumo_routes fuzz_sumo_config
  fuzz_cityflow_roadnet fuzz_cityflow_flow fuzz_cityflow_config)
cmake --build "$dir" -j"$(nproc)" --target "${targets[@]}"
data=../shared/data
declare -A extra=(
  [fuzz_sumo_net]="$data/sumo/resco_ingolstadt1"
  [fuzz_sumo_routes]="$data/sumo/resco_ingolstadt1"
  [fuzz_cityflow_roadnet]="$data/cityflow/hangzhou_1x1_real"
  [fuzz_cityflow_flow]="$data/cityflow/hangzhou_1x1_real"
  [fuzz_scenario_json]="scenarios/arterial"
  [fuzz_experiment_json]="scenarios/experiments"
  [fuzz_sumo_config]="$data/sumo/resco_ingolstadt1"
  [fuzz_cityflow_config]="$data/cityflow/synthetic"
)
mkdir -p "$dir/crashes"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  corpus="$dir/corpus/$name"
  mkdir -p "$corpus"
  seeds=("tests/fuzz/seeds/$name")
  [[ -d "${extra[$t]}" ]] && seeds+=("${extra[$t]}")
  if [[ "$runs" -gt 0 ]]; then limit=(-runs="$runs"); echo "fuzzing $t for $runs executions"
  else limit=(-max_total_time="$seconds"); echo "fuzzing $t for ${seconds} s"; fi
  if ! "$dir/tests/fuzz/$t" "${limit[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="$dir/crashes/$name-" -print_final_stats=1 "$corpus" "${seeds[@]}" 2>"$dir/$t.log"; then
    echo "FAILED: $t (see $dir/$t.log and $dir/crashes/)"
    tail -40 "$dir/$t.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$dir/$t.log" | tail -2 || true
  fi
done
exit $status
