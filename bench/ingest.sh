#!/usr/bin/env bash
# The API's ingest, and a burst:
#  1. with no worker, open-loop accept-only runs at rising rates: the accepted rate and the accept
#     latency at each (the submissions are queued, not graded; the task queue is purged after);
#  2. with no worker, a closed loop of accept-only clients: the most the API accepts per second;
#  3. with a worker, BURST submissions sent at once (one client each) and followed until every one
#     is graded: no error, no loss.
#
# Needs root and a running api, dispatcher and stores without a worker:
#
#   ./verdict up --no-worker
#   bench/ingest.sh OUT_DIR "100 200 400" BURST BURST_WORKLOAD
#
# e.g. bench/ingest.sh /tmp/ingest "100 200 400" 5000 c-sum
set -euo pipefail
OUT="${1:?out dir}"; RATES="${2:?rates}"; BURST="${3:?burst size}"; BURST_WORKLOAD="${4:?workload}"
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
refuse_other_workers
mkdir -p "$OUT"
control_plane_processes

purge_tasks() {
  # why: accept-only submissions are queued for grading; nobody will grade them in this run.
  rabbitmqctl -q purge_queue verdict.tasks >/dev/null 2>&1 || true
  rabbitmqctl -q purge_queue verdict.submissions >/dev/null 2>&1 || true
}

for rate in $RATES; do
  "${LGJ[@]}" run --accept-only --rate "$rate" --duration 25s --warmup 5s "${PROCESSES[@]}" \
    --out "$OUT/rate-$rate" >"$OUT/rate-$rate.log" 2>&1 || true
  purge_tasks
  printf 'offered %s/s: %s | %s | %s\n' "$rate" "$(grep '^throughput' "$OUT/rate-$rate.log")" \
    "$(grep '^accept' "$OUT/rate-$rate.log")" "$(grep '^problems' "$OUT/rate-$rate.log")" |
    tee -a "$OUT/summary.txt"
done

"${LGJ[@]}" run --accept-only --clients 16 --duration 25s --warmup 5s "${PROCESSES[@]}" \
  --out "$OUT/closed-16" >"$OUT/closed-16.log" 2>&1 || true
purge_tasks
printf 'closed loop, 16 clients: %s | %s | %s\n' "$(grep '^throughput' "$OUT/closed-16.log")" \
  "$(grep '^accept' "$OUT/closed-16.log")" "$(grep '^problems' "$OUT/closed-16.log")" |
  tee -a "$OUT/summary.txt"

# shellcheck disable=SC2086
"$JAVA" ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar "$WORKER_JAR" >"$OUT/worker.log" 2>&1 &
worker=$!
for _ in $(seq 600); do grep -q "ready" "$OUT/worker.log" && break; sleep 0.1; done
"${LGJ[@]}" run --workload "$BURST_WORKLOAD" --clients "$BURST" --count "$BURST" \
  --timeout 3600s --request-timeout 120s --long-poll 30s --out "$OUT/burst" \
  >"$OUT/burst.log" 2>&1 || true
kill -TERM "$worker"; wait "$worker" || true
printf 'burst of %s: %s\n%s\n%s\n%s\n' "$BURST" "$(grep '^closed loop' "$OUT/burst.log")" \
  "$(grep '^accept' "$OUT/burst.log")" "$(grep '^verdicts' "$OUT/burst.log")" \
  "$(grep '^problems' "$OUT/burst.log")" | tee -a "$OUT/summary.txt"
