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

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

if [[ "${1:-}" != "--no-run" ]]; then
  ./build/apps/ampel/ampel run scenarios/grid4x4/scenario.json --out runs/grid4x4
fi
