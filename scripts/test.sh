#!/usr/bin/env bash
# Second command of the README: build and run the whole test suite.
#   scripts/test.sh              Release build, every test
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build, every test
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--sanitize" ]]; then
  dir=build-asan
  # -O1 -g1: line tables for the reports at a fraction of the compile time of full debug info (CI has 2 cores).
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DAMPEL_SANITIZE=ON -DAMPEL_BUILD_BENCH=OFF >/dev/null
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  dir=build
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$dir" -j"$(nproc)"
ctest --test-dir "$dir" -j"$(nproc)" --output-on-failure --timeout 600
