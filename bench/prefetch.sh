#!/usr/bin/env bash
# The effect of the worker's prefetch on throughput and on fairness: for each prefetch value and
# each workload, a fresh worker with that prefetch grades a closed loop of clients, and the
# end-to-end latency of each workload entry is reported (a short submission stuck behind a long one
# on a busy slot shows in its p99).
#
# Needs root and a running api, dispatcher and stores without a worker:
#
#   ./verdict up --no-worker
#   bench/prefetch.sh OUT_DIR "1 2 4 8" WORKLOAD:CLIENTS [WORKLOAD:CLIENTS...]
#
# e.g. bench/prefetch.sh /tmp/prefetch "1 2 4 8" python-sum:6 cpu-bound:4 python-sum:3,cpu-bound:1:6
# (a workload with weights keeps its commas; the client count is after the last colon).
# Environment: WARMUP_SECONDS (30), MEASURE_SECONDS (60).
set -euo pipefail
OUT="${1:?out dir}"; PREFETCHES="${2:?prefetch values}"
shift 2
WARMUP_SECONDS="${WARMUP_SECONDS:-30}"
MEASURE_SECONDS="${MEASURE_SECONDS:-60}"
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
refuse_other_workers
mkdir -p "$OUT"

for spec in "$@"; do
  workload="${spec%:*}"; clients="${spec##*:}"
  for prefetch in $PREFETCHES; do
    name="$(echo "$workload" | tr ',:' '+=')-p$prefetch"
    # shellcheck disable=SC2086
    "$JAVA" ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar "$WORKER_JAR" --prefetch "$prefetch" \
      >"$OUT/$name.worker.log" 2>&1 &
    worker=$!
    for _ in $(seq 600); do grep -q "ready" "$OUT/$name.worker.log" && break; sleep 0.1; done
    "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$LG" run --workload "$workload" \
      --clients "$clients" --duration "$((WARMUP_SECONDS + MEASURE_SECONDS))s" \
      --warmup "${WARMUP_SECONDS}s" --timeout 300s --out "$OUT/$name" >"$OUT/$name.log" 2>&1 || true
    kill -TERM "$worker"; wait "$worker" || true
    python3 - "$OUT/$name" "$workload" "$clients" "$prefetch" <<'PY' | tee -a "$OUT/summary.txt"
import csv, sys, statistics
folder, workload, clients, prefetch = sys.argv[1:]
rows = [r for r in csv.DictReader(open(folder + "/submissions.csv"))
        if r["measured"] == "true" and r["outcome"] == "GRADED"]
import json
throughput = json.load(open(folder + "/report.json"))["figures"]["gradedPerSecond"]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")
parts = []
for entry in sorted({r["entry"] for r in rows}):
    e2e = [float(r["endToEndMs"]) for r in rows if r["entry"] == entry]
    parts.append(f"{entry} n={len(e2e)} e2e p50 {pct(e2e, .5):.0f} p99 {pct(e2e, .99):.0f} ms")
print(f"{workload} clients={clients} prefetch={prefetch}: {throughput:.2f} graded/s; " + "; ".join(parts))
PY
  done
done
