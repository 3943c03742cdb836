#!/bin/sh
# Cost of the per-road forecast (issue 12): recording and fitting 60 days of the Hamburg test field (first
# hour, as main runs it), then scoring 20 test days. Prints wall times; the target is under 5 minutes for the
# fit on 2 cores. Usage: bench/forecast_fit.sh [build dir] [data dir]
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
B=${1:-$HERE/../build}/apps/ampel/ampel
DATA=${2:-$HERE/../../shared/data}
CFG=$DATA/sumo/hamburg_tavf/run_simulation.sumocfg
[ -f "$CFG" ] || { echo "missing $CFG"; exit 1; }
OUT=$(mktemp -d)
t0=$(date +%s.%N)
"$B" fit "$CFG" --end 3600 --days-spec "$HERE/hamburg_tavf_days.json" --days 1-60 --out "$OUT/model.json"
t1=$(date +%s.%N)
"$B" forecast "$CFG" --end 3600 --days-spec "$HERE/hamburg_tavf_days.json" --days 61-80 --model "$OUT/model.json" \
  --out "$OUT/test"
t2=$(date +%s.%N)
echo "fit 60 days: $(echo "$t1 - $t0" | bc) s; forecast 20 days: $(echo "$t2 - $t1" | bc) s; outputs in $OUT"
