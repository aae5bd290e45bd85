#!/usr/bin/env bash
# What open event streams cost one API process: STREAMS streams (default 2000), each on a queued
# submission of its own, held for HOLD (default 60s) with no grader worker, so they only get their
# first event and keep-alives. Prints the API's resident memory, OS threads, heap, JVM threads and
# open streams before and while they are open. Starts and stops its own Verdict (./verdict up
# --no-worker) in the namespace streams-bench, and removes that namespace's queues and keys after.
# Run as root on a quiet machine:
#
#   bench/streams.sh [STREAMS] [HOLD]
set -euo pipefail
STREAMS="${1:-2000}"
HOLD="${2:-60s}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
export VERDICT_NAMESPACE=streams-bench
cleanup() {
  "$ROOT/verdict" down >/dev/null 2>&1 || true
  rabbitmqctl -q list_queues name 2>/dev/null | grep "^$VERDICT_NAMESPACE\." |
    while read -r queue; do rabbitmqctl -q delete_queue "$queue" >/dev/null; done || true
  redis-cli --scan --pattern "$VERDICT_NAMESPACE:*" | xargs -r -n 500 redis-cli del >/dev/null || true
}
trap cleanup EXIT
"$ROOT/verdict" up --no-worker >/dev/null
eval "$("$ROOT/verdict" token)"
echo "$(date -u +%FT%TZ) $STREAMS streams for $HOLD; api: ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k}"
"$JAVA" -jar "$ROOT/load-gen/target/load-gen-0.1.0-SNAPSHOT-all.jar" streams --token "$ADMIN" \
  --streams "$STREAMS" --submissions "$STREAMS" --hold "$HOLD" --api-pid "$ROOT/.verdict/run/api.pid"
