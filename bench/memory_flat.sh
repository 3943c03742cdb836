#!/usr/bin/env bash
# Memory over simulated time: the same busy generated grid run for 1 hour, 24 hours and 7 days. Trips, signal
# rows and lane intervals are streamed to disk as they are produced, so the peak resident memory of the long
# runs must stay within 10 % of the 1-hour run's (issue 14). Outputs go to a temporary folder.
# The default demand keeps the 8x8 grid busy (about 1,500 vehicles in the network) without gridlock: a grid
# that locks up holds its growing insertion backlog in memory, as SUMO does (the `waiting` column).
#   bench/memory_flat.sh [build-dir] [rows] [rate_vph]     defaults: build 8 400
set -euo pipefail
build=${1:-build}
rows=${2:-8}
rate=${3:-400}
ampel="$(cd "$build" && pwd)/apps/ampel/ampel"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %10s %9s %9s %10s %9s %9s\n' run sim_s wall_s peak_MB trips_MB waiting peak/1h
base=""
status=0
for run in 1h:3600 24h:86400 7d:604800; do
  name=${run%%:*}
  seconds=${run##*:}
  "$ampel" generate grid --rows "$rows" --cols "$rows" --constant --rate "$rate" --duration "$seconds" \
    --out "$work/$name.json" >/dev/null
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$ampel" run "$work/$name.json" --out "$work/$name" --quiet
  read -r wall kb <"$work/$name.time"
  trips_mb=$(du -m "$work/$name/trips.csv" | cut -f1)
  waiting=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["vehicles"]["waiting_to_insert"])' \
    "$work/$name/summary.json")
  [[ -z "$base" ]] && base=$kb
  ratio=$(awk -v a="$kb" -v b="$base" 'BEGIN { printf "%.3f", a / b }')
  printf '%-8s %10d %9.1f %9.1f %10d %9d %9s\n' "$name" "$seconds" "$wall" "$(awk -v k="$kb" 'BEGIN{print k/1024}')" \
    "$trips_mb" "$waiting" "$ratio"
  awk -v r="$ratio" 'BEGIN { exit !(r > 1.10) }' && status=1
  rm -rf "${work:?}/$name"
done
exit $status
