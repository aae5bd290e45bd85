#!/usr/bin/env bash
# Where the CPU of one Jobe facade job goes: bench/jobe-load.py drives POST runs on the stack that
# ./verdict up started (one-test jobs, a closed loop of CLIENTS), and over a measured window the CPU
# time of every process is read from /proc and divided by the jobs the dispatcher finished in it:
# api, dispatcher, MongoDB stand-in, RabbitMQ, Redis, the client, the worker's JVM, the slots'
# spawners and the sandboxes they start. Also how busy the grader slots were over the window.
#
#   flock /tmp/verdict-it.lock env LANG_ID=python3 CLIENTS=4 bench/jobe-cpu.sh
#
# Starts ./verdict up (and stops it again) unless the API answers on 127.0.0.1:8080. Environment:
# LANG_ID (python3), CLIENTS (4), WARMUP_SECONDS (10), MEASURE_SECONDS (20), UNIQUE=1 for a fresh
# source every job.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/process-cpu.sh
. bench/process-cpu.sh
LANG_ID=${LANG_ID:-python3}
CLIENTS=${CLIENTS:-4}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
MEASURE_SECONDS=${MEASURE_SECONDS:-20}
RUN=.verdict/run
URL=http://127.0.0.1:8080

started=0
if ! curl -sf "$URL/readyz" >/dev/null; then
  ./verdict up >/dev/null
  started=1
fi
trap '[ "$started" = 0 ] || ./verdict down >/dev/null' EXIT

python3 bench/jobe-load.py --url "$URL" --key "$(cat .verdict/admin.token)" --lang "$LANG_ID" \
  --clients "$CLIENTS" --warmup "$WARMUP_SECONDS" --seconds "$((MEASURE_SECONDS + 2))" \
  ${UNIQUE:+--unique} >/tmp/jobe-cpu-load.json &
client=$!
declare -A WATCH=([api]="$(cat $RUN/api.pid)" [dispatcher]="$(cat $RUN/dispatcher.pid)"
  [worker]="$(cat $RUN/worker.pid)" [client]="$client")
[ -f "$RUN/mongo.pid" ] && WATCH[mongo]="$(cat "$RUN/mongo.pid")"
WATCH[rabbitmq]="$(pgrep -f 'beam.smp.*rabbit' | head -n 1)"
WATCH[redis]="$(pgrep -x redis-server | head -n 1)"
sleep "$((WARMUP_SECONDS + 1))"
# why: the slots start their spawners with their first task.
i=0
for child in $(pgrep -P "${WATCH[worker]}"); do WATCH[spawner$i]="$child"; i=$((i + 1)); done
a="$(snapshot)"
sleep "$MEASURE_SECONDS"
b="$(snapshot)"
wait "$client"
echo "$LANG_ID, $CLIENTS clients: $(per_job "$a" "$b")"
cat /tmp/jobe-cpu-load.json
