#!/usr/bin/env bash
# The CI regression gate: runs the gate suite with `actorbench gate` and
# compares it with the committed reference of this machine,
# results/reference/<machine>/gate.json, failing on a confirmed regression.
#
# The gate suite: the workloads whose runs are long enough to time (tens of
# milliseconds and up) yet short enough that 9 interleaved rounds, warm-ups
# and a confirming rerun fit in 20-40 s; rt on one scheduler, where a hop or a
# spawn is not also a race between two cores of a shared machine; compared by
# CPU time (--metric cpu), which the neighbours on a shared runner disturb far
# less than wall-clock time (ci/README.md has the figures).
#
# Usage: ci/gate.sh [actorbench gate options...]    gate against the reference
#        ci/gate.sh --record FILE [options...]      record a baseline into FILE
# Environment: ACTORBENCH (default build/release/harness/actorbench), the
# binary to gate (ci/gate_eval.sh points it at an injected build).
# Exit status: actorbench gate's: 0 pass, 1 confirmed regression, 2 bad input.
set -euo pipefail
cd "$(dirname "$0")/.."

actorbench="${ACTORBENCH:-build/release/harness/actorbench}"
gate_suite=(--workload ring,ping_pong,spawn_storm,big --size default --schedulers 1
            --repetitions 9 --warmups 1 --metric cpu)

if [ "${1:-}" = "--record" ]; then
  [ $# -ge 2 ] || { echo "usage: ci/gate.sh --record FILE [actorbench gate options...]" >&2; exit 2; }
  file="$2"
  shift 2
  exec "$actorbench" gate "${gate_suite[@]}" --json "$file" "$@"
fi
exec "$actorbench" gate "${gate_suite[@]}" --baseline results/reference \
  --thresholds ci/gate_thresholds.txt "$@"
