#!/usr/bin/env bash
# The CI regression gate's time lane: runs the gate suite with
# `actorbench gate` and fails on a confirmed regression, against either
#   a baseline build (--paired): the baseline commit's actorbench, measured
#     in the same rounds as the current one, each round running every
#     benchmark on both builds in alternating order, so that a machine that
#     is slower today, or busier this minute, slows both alike; or
#   the committed reference of this machine,
#     results/reference/<machine>/gate.json, recorded earlier.
# On a shared machine only the paired mode keeps false alarms rare
# (ci/README.md has the figures).
#
# The gate suite: the workloads whose runs are long enough to time (tens of
# milliseconds and up) yet short enough that 9 rounds (30 paired), warm-ups
# and a confirming rerun fit in a minute or two; rt on one scheduler, where a
# hop or a spawn is not also a race between two cores of a shared machine;
# compared by CPU time (--metric cpu), which the neighbours on a shared
# runner disturb far less than wall-clock time.
#
# Usage: ci/gate.sh --paired BASELINE [actorbench gate options...]
#                                        gate ACTORBENCH against the build BASELINE
#        ci/gate.sh [actorbench gate options...]    gate against the reference
#        ci/gate.sh --record FILE [options...]      record a reference into FILE
# Environment: ACTORBENCH (default build/release/harness/actorbench), the
# build to gate (ci/gate_eval.sh points it at an injected build).
# Exit status: actorbench gate's: 0 pass, 1 confirmed regression, 2 bad input.
set -euo pipefail
cd "$(dirname "$0")/.."

actorbench="${ACTORBENCH:-build/release/harness/actorbench}"
# ping_pong keeps the size the references were recorded with (its default is
# smaller now): a benchmark's name carries its parameters.
gate_suite=(--workload ring,ping_pong,spawn_storm,big --size default --schedulers 1
            --param ping_pong.rounds=200000 --repetitions 9 --warmups 1 --metric cpu)

case "${1:-}" in
  --record)
    [ $# -ge 2 ] || { echo "usage: ci/gate.sh --record FILE [actorbench gate options...]" >&2; exit 2; }
    file="$2"
    shift 2
    exec "$actorbench" gate "${gate_suite[@]}" --json "$file" "$@"
    ;;
  --paired)
    [ $# -ge 2 ] || { echo "usage: ci/gate.sh --paired BASELINE_ACTORBENCH [actorbench gate options...]" >&2; exit 2; }
    baseline="$2"
    shift 2
    # 30 rounds: the runs are short, and with no drift left between the
    # builds, more rounds are what resolves a smaller change against the
    # noise of a busy machine (20 found the injected cost 18 times in 20,
    # 30 in 20 of 20; ci/README.md).
    exec "$actorbench" gate "${gate_suite[@]}" --repetitions 30 \
      --baseline-exe "$baseline" --current-exe "$actorbench" \
      --thresholds ci/gate_thresholds.txt "$@"
    ;;
esac
exec "$actorbench" gate "${gate_suite[@]}" --baseline results/reference \
  --thresholds ci/gate_thresholds.txt "$@"
