#!/usr/bin/env bash
# First command of the README: install what is missing (Debian 12, as root), build a Release build, and run
# the main job on the bundled default scenario.
#   scripts/setup.sh            install + build + main job
#   scripts/setup.sh --no-run   install + build only (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh

missing=()
for p in "${AMPEL_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]}; run this script as root (or install them)" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Unity batches: a clean build in about a quarter of the CPU time (scripts/test.sh says more).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
cmake --build build -j"$(nproc)"

if [[ "${1:-}" != "--no-run" ]]; then
  # Every strategy, 10 paired seeds: a table here, the report in runs/compare_grid4x4/report.html. Exit code 1
  # means some runs failed (gridlock, named in the table and report), which is a result, not a setup error.
  ./build/apps/ampel/ampel compare scenarios/grid4x4/scenario.json || [[ $? -eq 1 ]]
fi
