#!/usr/bin/env bash
# Core speed and memory, one process per benchmark so peak memory is each run's own (see bench_core.cpp).
#   bench/run_core.sh [build-dir]
set -euo pipefail
build=${1:-build}
bin="$build/bench/bench_core"
printf '%-34s %14s %10s %8s %10s\n' benchmark vehicle-steps/s vehicle-steps wall_s peak_MB
for filter in 'BM_GeneratedGrid16Hour/metrics:0' 'BM_GeneratedGrid16Hour/metrics:1' 'BM_SumoGrid16Hour/metrics:0' 'BM_SumoGrid16Hour/metrics:1'; do
  "$bin" --benchmark_filter="^$filter/" --benchmark_format=json 2>/dev/null | python3 -c '
import json, sys
b = json.load(sys.stdin)["benchmarks"][0]
print("%-34s %14.0f %10.0f %8.2f %10.1f" % (b["name"].split("/iter")[0], b["vehicle_steps_per_s"], b["vehicle_steps"], b["real_time"], b["peak_rss_MB"]))'
done
