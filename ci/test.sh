#!/usr/bin/env bash
# Builds and runs every test: the whole suite in Release, then the runtime's
# tests under AddressSanitizer+UBSan and under ThreadSanitizer, then the
# libFuzzer targets for a short fixed time each (ci/fuzz/run.sh; "fuzz" below).
# Usage: ci/test.sh [preset...]   (default: release asan tsan fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium (and a font for its text) renders the HTML report in the browser test;
# erlang-nox and libcaf-dev let the beam and caf backends run in the workload
# tests; clang and its runtime libraries (libFuzzer) build the fuzz targets.
ci/deps.sh chromium fonts-liberation erlang-nox libcaf-dev clang libclang-rt-14-dev

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(release asan tsan fuzz)

# Sanitizer runtimes on recent kernels need fewer ASLR bits for TSan's shadow
# memory; lower them when we are allowed to (harmless otherwise).
if [ -w /proc/sys/vm/mmap_rnd_bits ] && [ "$(cat /proc/sys/vm/mmap_rnd_bits)" -gt 28 ]; then
  echo 28 > /proc/sys/vm/mmap_rnd_bits || true
fi

status=0
for preset in "${presets[@]}"; do
  if [ "$preset" = fuzz ]; then
    echo "=== fuzz: build and run each target" >&2
    ci/fuzz/run.sh "${FUZZ_SECONDS:-20}" || status=1
    continue
  fi
  echo "=== ${preset}: configure and build" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "=== ${preset}: test" >&2
  ctest --preset "$preset" -j "$(nproc)" || status=1
done
exit $status
