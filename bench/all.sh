#!/usr/bin/env bash
# Every system figure of docs/benchmarks.md in one go (about 45 minutes on two cores), each into
# its own folder of OUT_DIR. Run as root on a quiet machine:
#
#   ./verdict down; rm -f .verdict/data/mongo.h2     # a fresh store (see docs/benchmarks.md)
#   ./verdict up --no-worker
#   bench/all.sh OUT_DIR
set -euo pipefail
OUT="${1:?out dir}"
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
refuse_other_workers
mkdir -p "$OUT"

with_worker() { # log command... : runs the command while a fresh worker grades
  local log="$1" worker
  shift
  # shellcheck disable=SC2086
  "$JAVA" ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar "$WORKER_JAR" \
    >"$log.worker" 2>&1 &
  worker=$!
  for _ in $(seq 600); do grep -q "ready" "$log.worker" && break; sleep 0.1; done
  "$@" >"$log" 2>&1 || true
  kill -TERM "$worker"; wait "$worker" || true
}

echo "$(date -u +%FT%TZ) warming the control plane up (3 min, left out)"
with_worker "$OUT/warmup.log" "${LGJ[@]}" run --workload python-sum,c-sum --clients 6 --duration 180s

echo "$(date -u +%FT%TZ) system vs raw"
"$ROOT/bench/system-vs-raw.sh" python-sum 6 2 "$OUT/svr-python"
"$ROOT/bench/system-vs-raw.sh" c-sum 6 2 "$OUT/svr-c"

echo "$(date -u +%FT%TZ) latency at light load"
with_worker "$OUT/light.log" "${LGJ[@]}" run --workload python-sum --clients 1 --duration 90s \
  --warmup 30s --out "$OUT/light"
grep -E '^(throughput|first result|end to end|server e2e)' "$OUT/light.log"

echo "$(date -u +%FT%TZ) ingest and burst"
"$ROOT/bench/ingest.sh" "$OUT/ingest" "100 200 400" 5000 c-sum

echo "$(date -u +%FT%TZ) scale"
"$ROOT/bench/scale.sh" python-sum "1 2" "$OUT/scale"
echo "$(date -u +%FT%TZ) done"
