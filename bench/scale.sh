#!/usr/bin/env bash
# S(N) = Throughput_max(N cores) / Throughput_max(1 core) of the whole system beside S(N) of the raw
# sandbox loop, with the whole system confined to the N cores measured: for each N, the api,
# dispatcher, MongoDB stand-in, RabbitMQ, Redis, the worker (one slot per core), the raw loop and
# load-gen itself all run on cores 0..N-1 (bench/pin-control-plane.sh), so N = 1 is a one-core
# machine running everything and N = 2 a two-core one. Throughput_max comes from `load-gen sweep`
# (its report in OUT_DIR/system-N); the raw limit from `worker-bench baseline --cores N` (OUT_DIR/raw-N).
# This is the one tool for S(N): confining the control plane too is what keeps N = 1 from being
# helped by the cores not measured, and the target compares the system's S(N) with the raw loop's.
#
# Needs root and a running api, dispatcher and stores without a worker (it refuses, exit 2, when
# a worker already takes tasks; ALLOW_OTHER_WORKERS=1 overrides):
#
#   ./verdict up --no-worker
#   bench/scale.sh WORKLOAD "1 2" OUT_DIR          # e.g. "1 2 4 8" on a larger machine
#
# Environment: STEP_SECONDS (30, each sweep step), RAW_SECONDS (40, measured after
# RAW_WARMUP_SECONDS, 60: on one core a fresh JVM's compiler takes its share from the only slot),
# WARMUP_SECONDS (240, load before the sweep, left out of it: the worker's C2 compiler settles in
# minutes on a slow machine).
set -euo pipefail
WORKLOAD="${1:?workload}"; COUNTS="${2:?core counts, e.g. \"1 2\"}"; OUT="${3:?out dir}"
STEP_SECONDS="${STEP_SECONDS:-30}"
RAW_SECONDS="${RAW_SECONDS:-40}"
RAW_WARMUP_SECONDS="${RAW_WARMUP_SECONDS:-60}"
WARMUP_SECONDS="${WARMUP_SECONDS:-240}"
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
refuse_other_workers
mkdir -p "$OUT"
trap '"$ROOT/bench/pin-control-plane.sh" --restore' EXIT

for n in $COUNTS; do
  cores="0-$((n - 1))"
  LGJ=(taskset -c "$cores" "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$LG")
  WBJ=(taskset -c "$cores" "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$WB")
  "${WBJ[@]}" baseline --workload "$WORKLOAD" --cores "$n" --duration "$((RAW_WARMUP_SECONDS + RAW_SECONDS))s" \
    --warmup "${RAW_WARMUP_SECONDS}s" --out "$OUT/raw-$n" >"$OUT/raw-$n.log" 2>&1
  "$ROOT/bench/pin-control-plane.sh" "$cores" >"$OUT/pin-$n.log"
  # shellcheck disable=SC2086
  taskset -c "$cores" "$JAVA" ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar "$WORKER_JAR" \
    --cores "$n" >"$OUT/worker-$n.log" 2>&1 &
  worker=$!
  for _ in $(seq 600); do grep -q "ready" "$OUT/worker-$n.log" && break; sleep 0.1; done
  # why: a fresh worker's JIT takes a minute or two to settle; without this warm-up the first
  # steps of the sweep measure the compiler rather than the system.
  "${LGJ[@]}" run --workload "$WORKLOAD" --clients "$((2 * n))" --duration "${WARMUP_SECONDS}s" \
    >"$OUT/warmup-$n.log" 2>&1
  "${LGJ[@]}" sweep --workload "$WORKLOAD" --from "$n" --step "$n" --step-duration \
    "${STEP_SECONDS}s" --warmup 10s --out "$OUT/system-$n" >"$OUT/system-$n.log" 2>&1
  kill -TERM "$worker"; wait "$worker" || true
  "$ROOT/bench/pin-control-plane.sh" --restore >>"$OUT/pin-$n.log"
  raw=$(grep -oP 'raw limit\s+\K[0-9.]+' "$OUT/raw-$n.log")
  sys=$(grep -oP 'Throughput_max\s+\K[0-9.]+' "$OUT/system-$n.log")
  echo "$n $raw $sys" >>"$OUT/points.txt"
  printf 'N=%d: raw %s/s, system Throughput_max %s/s\n' "$n" "$raw" "$sys" | tee -a "$OUT/summary.txt"
done
awk 'NR == 1 {r1 = $2; s1 = $3}
  {printf "S(%d): raw %.2f, system %.2f (efficiency %.0f%%)\n", $1, $2 / r1, $3 / s1, 100 * $3 / s1 / $1}' \
  "$OUT/points.txt" | tee -a "$OUT/summary.txt"
