#!/usr/bin/env bash
# Measures the system against the raw sandbox limit, side by side, in rounds:
# each round runs `load-gen baseline` (the worker's grading code in a tight loop, no control
# plane) and then `load-gen run` through the HTTP API with a freshly started worker, on the same
# cores, and prints both and their ratio. The machine is noisy, so compare within rounds and quote
# medians. Needs root and a running api, dispatcher and stores without a worker:
#
#   ./verdict up --no-worker
#   bench/system-vs-raw.sh WORKLOAD CLIENTS ROUNDS OUT_DIR [extra load-gen run options...]
#
# e.g. bench/system-vs-raw.sh python-sum 6 3 /tmp/svr
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOAD="${1:?workload}"; CLIENTS="${2:?clients}"; ROUNDS="${3:?rounds}"; OUT="${4:?out dir}"
shift 4
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
LG="$ROOT/.verdict/run/jars/load-gen.jar"
mkdir -p "$OUT" "$(dirname "$LG")"
cp "$ROOT/load-gen/target/load-gen-0.1.0-SNAPSHOT-all.jar" "$LG"
WORKER_JAR="$ROOT/.verdict/run/jars/grader-worker.jar"
cp "$ROOT/grader-worker/target/grader-worker-0.1.0-SNAPSHOT-all.jar" "$WORKER_JAR"
LGJ=("$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$LG")
export VERDICT_CONFIG="$ROOT/.verdict/verdict.yaml"

for round in $(seq "$ROUNDS"); do
  "${LGJ[@]}" baseline --workload "$WORKLOAD" --duration 40s --warmup 5s --out "$OUT/raw-$round" \
    > "$OUT/raw-$round.log" 2>&1
  "$JAVA" ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar "$WORKER_JAR" > "$OUT/worker-$round.log" 2>&1 &
  worker=$!
  for _ in $(seq 600); do grep -q "ready" "$OUT/worker-$round.log" && break; sleep 0.1; done
  "${LGJ[@]}" run --workload "$WORKLOAD" --clients "$CLIENTS" --duration 90s --warmup 30s \
    --out "$OUT/system-$round" "$@" > "$OUT/system-$round.log" 2>&1
  kill -TERM "$worker"; wait "$worker" || true
  raw=$(grep -oP 'raw limit\s+\K[0-9.]+' "$OUT/raw-$round.log")
  sys=$(grep -oP 'throughput\s+\K[0-9.]+' "$OUT/system-$round.log")
  printf 'round %d: raw %s/s, system %s/s, system/raw %.3f\n' "$round" "$raw" "$sys" \
    "$(echo "$sys / $raw" | bc -l)" | tee -a "$OUT/summary.txt"
done
