#!/usr/bin/env bash
# Measures how fast a freshly started Verdict grades against the raw sandbox limit: the cold-start
# curve, system/raw per 10 s from start.
#
# Each round: `./verdict up` (every service a fresh JVM: the MongoDB stand-in, api, dispatcher and
# a worker with a slot on each core), then at once `load-gen run` through the HTTP API for
# COLD_SECONDS; `./verdict down`; then `worker-bench baseline` (the worker's grading code in a tight
# loop, no control plane) on the same cores, its steady rate after RAW_WARMUP_SECONDS. The graded
# submissions of the load-gen run are counted per INTERVAL seconds by the time each was DONE
# (load-gen's submissions.csv, from the start of load-gen's run) and divided by the raw rate; the
# last line sums the first minute.
#
# Needs root, the jars built, and nothing of `./verdict up` running (the script starts and stops
# it; RabbitMQ and Redis may run):
#
#   bench/cold-start.sh WORKLOAD CLIENTS ROUNDS OUT_DIR [extra load-gen run options...]
#
# e.g. VERDICT_AOT=off bench/cold-start.sh python-sum 6 1 /tmp/cold-before
#      bench/cold-start.sh python-sum 6 1 /tmp/cold-after
#
# `./verdict up` trains the services' ahead-of-time caches first when they are missing or stale
# (its VERDICT_AOT settings pass through); that training is part of `up`, before the services
# that are measured start, and the time `up` took is printed with each round.
#
# Environment: COLD_SECONDS (150), INTERVAL (10), RAW_WARMUP_SECONDS (30), RAW_SECONDS (40).
set -euo pipefail
: "${COLD_SECONDS:=150}" "${INTERVAL:=10}" "${RAW_WARMUP_SECONDS:=30}" "${RAW_SECONDS:=40}"
WORKLOAD="${1:?workload}"; CLIENTS="${2:?clients}"; ROUNDS="${3:?rounds}"; OUT="${4:?out dir}"
shift 4
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.verdict/run"
mkdir -p "$OUT"

for name in api dispatcher worker mongo; do
  if [ -f "$RUN/$name.pid" ] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    echo "bench: $name of ./verdict up runs (pid $(cat "$RUN/$name.pid")): ./verdict down first" >&2
    exit 2
  fi
done

# Prints "interval-start count rate ratio" per INTERVAL of a submissions.csv, by doneAtMs.
curve() { # csv raw
  awk -F, -v every="$INTERVAL" -v raw="$2" -v last="$COLD_SECONDS" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["outcome"] == "GRADED" && $col["doneAtMs"] >= 0 {
      n[int($col["doneAtMs"] / 1000 / every)]++
    }
    END {
      for (b = 0; (b + 1) * every <= last; b++) {
        rate = n[b] / every
        printf "%4d-%-4d s %5d %7.2f/s %6.3f\n", b * every, (b + 1) * every, n[b], rate, rate / raw
        if ((b + 1) * every <= 60) minute += n[b]
      }
      printf "first minute %5d %7.2f/s %6.3f\n", minute, minute / 60, minute / 60 / raw
    }' "$1"
}

for round in $(seq "$ROUNDS"); do
  began=$SECONDS
  "$ROOT/verdict" up >"$OUT/up-$round.log" 2>&1
  up_seconds=$((SECONDS - began))
  # shellcheck source=bench/common.sh
  . "$ROOT/bench/common.sh"
  control_plane_processes
  "${LGJ[@]}" run --workload "$WORKLOAD" --clients "$CLIENTS" --duration "${COLD_SECONDS}s" \
    "${PROCESSES[@]}" --process "worker=$RUN/worker.pid" \
    --out "$OUT/system-$round" "$@" >"$OUT/system-$round.log" 2>&1 || true
  "$ROOT/verdict" down >"$OUT/down-$round.log" 2>&1
  "${WBJ[@]}" baseline --workload "$WORKLOAD" --duration "$((RAW_WARMUP_SECONDS + RAW_SECONDS))s" \
    --warmup "${RAW_WARMUP_SECONDS}s" --out "$OUT/raw-$round" >"$OUT/raw-$round.log" 2>&1
  raw=$(grep -oP 'raw limit\s+\K[0-9.]+' "$OUT/raw-$round.log")
  {
    printf 'round %d: %s, %s clients; ./verdict up took %d s (%s); raw %s/s\n' "$round" \
      "$WORKLOAD" "$CLIENTS" "$up_seconds" \
      "$(grep -c 'ahead-of-time cache)' "$OUT/up-$round.log" || true) services from an AOT cache" "$raw"
    curve "$OUT/system-$round/submissions.csv" "$raw"
    grep '^processes' "$OUT/system-$round.log" || true
  } | tee -a "$OUT/summary.txt"
done
