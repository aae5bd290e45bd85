#!/usr/bin/env bash
# Measures the system against the raw sandbox limit, side by side, in rounds.
#
# Each round runs `worker-bench baseline` (the worker's grading code in a tight loop, no control
# plane) and then `load-gen run` through the HTTP API with a freshly started worker on the same cores,
# and prints both and their ratio, with the CPU each control-plane process spent per graded
# submission. The machine is noisy, so compare within rounds and quote medians.
#
# Needs root and a running api, dispatcher and stores without a worker:
#
#   ./verdict up --no-worker
#   bench/system-vs-raw.sh WORKLOAD CLIENTS ROUNDS OUT_DIR [extra load-gen run options...]
#
# e.g. bench/system-vs-raw.sh python-sum 6 3 /tmp/svr
#
# Environment: WORKER_ARGS (extra worker options, e.g. "--prefetch 2"), RAW_SECONDS (40, measured
# after RAW_WARMUP_SECONDS, 60),
# WARMUP_SECONDS (300, the system run's warm-up: on a slow 2-core machine the JVMs' C2 compilers
# still spend several percent of the machine after a minute, and settle in about five),
# MEASURE_SECONDS (60).
set -euo pipefail
WORKLOAD="${1:?workload}"; CLIENTS="${2:?clients}"; ROUNDS="${3:?rounds}"; OUT="${4:?out dir}"
shift 4
RAW_SECONDS="${RAW_SECONDS:-40}"
RAW_WARMUP_SECONDS="${RAW_WARMUP_SECONDS:-60}"
WARMUP_SECONDS="${WARMUP_SECONDS:-300}"
MEASURE_SECONDS="${MEASURE_SECONDS:-60}"
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
refuse_other_workers
mkdir -p "$OUT"

# The control plane: the services ./verdict up started, and the machine's RabbitMQ and Redis.
control_plane_processes all

for round in $(seq "$ROUNDS"); do
  "${WBJ[@]}" baseline --workload "$WORKLOAD" --duration "$((RAW_WARMUP_SECONDS + RAW_SECONDS))s" \
    --warmup "${RAW_WARMUP_SECONDS}s" \
    --out "$OUT/raw-$round" > "$OUT/raw-$round.log" 2>&1
  # shellcheck disable=SC2086
  "$JAVA" ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar "$WORKER_JAR" ${WORKER_ARGS:-} \
    > "$OUT/worker-$round.log" 2>&1 &
  worker=$!
  for _ in $(seq 600); do grep -q "ready" "$OUT/worker-$round.log" && break; sleep 0.1; done
  "${LGJ[@]}" run --workload "$WORKLOAD" --clients "$CLIENTS" \
    --duration "$((WARMUP_SECONDS + MEASURE_SECONDS))s" --warmup "${WARMUP_SECONDS}s" \
    "${PROCESSES[@]}" --process "worker=$worker" \
    --out "$OUT/system-$round" "$@" > "$OUT/system-$round.log" 2>&1
  kill -TERM "$worker"; wait "$worker" || true
  raw=$(grep -oP 'raw limit\s+\K[0-9.]+' "$OUT/raw-$round.log")
  sys=$(grep -oP 'throughput\s+\K[0-9.]+' "$OUT/system-$round.log")
  printf 'round %d: raw %s/s, system %s/s, system/raw %.3f\n  %s\n' "$round" "$raw" "$sys" \
    "$(echo "$sys / $raw" | bc -l)" "$(grep '^processes' "$OUT/system-$round.log")" |
    tee -a "$OUT/summary.txt"
done
