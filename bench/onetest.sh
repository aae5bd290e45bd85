#!/usr/bin/env bash
# One-test jobs: the system against the raw loop, and where each CPU millisecond of a submission
# goes, with builds compared side by side.
#
# Each round runs `worker-bench baseline` (the raw loop: the worker's grading code, its sandbox and
# spawner, no control plane) and then, for each build given, a freshly started api, dispatcher and
# worker from that build's jars, driven by `load-gen run` through the HTTP API. While load-gen
# measures, the CPU time of every process is read from /proc at the start and the end of its window
# and divided by the submissions graded in between (the dispatcher's count of finished results):
# api, dispatcher, MongoDB stand-in, RabbitMQ, Redis, load-gen, the worker's JVM, the slots'
# spawners and the sandboxes they start (the spawners' reaped children: launcher, bubblewrap and
# the program). Builds alternate their order from round to round.
#
# Needs root, RabbitMQ, Redis and the MongoDB stand-in of ./verdict up, and no api, dispatcher or
# worker running (the script starts its own):
#
#   ./verdict up --no-worker
#   kill $(cat .verdict/run/api.pid) $(cat .verdict/run/dispatcher.pid)
#   bench/onetest.sh ROUNDS OUT_DIR BUILD_DIR [BUILD_DIR...]
#
# A BUILD_DIR holds api.jar, dispatcher.jar and grader-worker.jar (e.g. copies of the -all jars of
# two commits), and optionally worker-args, the worker's options (e.g. --prefetch 2). Environment: WORKLOAD (bench/workloads/python-sum1.yaml), CLIENTS (6),
# RAW_WARMUP_SECONDS (20), RAW_SECONDS (30), WARMUP_SECONDS (90), MEASURE_SECONDS (45), NO_RAW=1
# to leave the raw loop out.
set -euo pipefail
ROUNDS="${1:?rounds}"; OUT="${2:?out dir}"
shift 2
[ $# -ge 1 ] || { echo "onetest: give at least one BUILD_DIR" >&2; exit 2; }
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=bench/process-cpu.sh
. "$(dirname "${BASH_SOURCE[0]}")/process-cpu.sh"
WORKLOAD="${WORKLOAD:-$ROOT/bench/workloads/python-sum1.yaml}"
CLIENTS="${CLIENTS:-6}"
RAW_WARMUP_SECONDS="${RAW_WARMUP_SECONDS:-20}"
RAW_SECONDS="${RAW_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-90}"
MEASURE_SECONDS="${MEASURE_SECONDS:-45}"
JOPTS=(${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k})
API="http://127.0.0.1:8080"
mkdir -p "$OUT"

for port in 8080 9091 9092; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "onetest: 127.0.0.1:$port is taken: stop the api, dispatcher and worker first" >&2
    exit 2
  fi
done

start_service() { # name jar log
  nohup "$JAVA" "${JOPTS[@]}" -jar "$2" >"$3" 2>&1 </dev/null &
  echo $!
}

wait_port() { for _ in $(seq 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

stop() { # pids...
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

ensure_problem() {
  if ! curl -fsS -o /dev/null -H "Authorization: Bearer $VERDICT_TOKEN" "$API/api/v1/problems/sum1"; then
    (cd "$ROOT/bench/problems/sum1" && python3 -c 'import zipfile, os
with zipfile.ZipFile("/tmp/verdict-onetest-sum1.zip", "w") as z:
    for d, _, fs in os.walk("."):
        for f in fs: z.write(os.path.join(d, f))')
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $VERDICT_TOKEN" \
      -H 'Content-Type: application/zip' --data-binary @/tmp/verdict-onetest-sum1.zip \
      "$API/api/v1/problems?id=sum1"
  fi
}

system_run() { # round build_dir
  local round="$1" build="$2" tag api dispatcher worker lg a b
  tag="$(basename "$build")-$round"
  api="$(start_service api "$build/api.jar" "$OUT/api-$tag.log")"
  dispatcher="$(start_service dispatcher "$build/dispatcher.jar" "$OUT/dispatcher-$tag.log")"
  wait_port 8080; wait_port 9091
  for _ in $(seq 600); do curl -fsS "$API/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  ensure_problem
  # shellcheck disable=SC2046
  nohup "$JAVA" "${JOPTS[@]}" -jar "$build/grader-worker.jar" $(cat "$build/worker-args" 2>/dev/null) \
    >"$OUT/worker-$tag.log" 2>&1 </dev/null &
  worker=$!
  for _ in $(seq 600); do grep -q "ready" "$OUT/worker-$tag.log" && break; sleep 0.1; done
  "${LGJ[@]}" run --workload "$WORKLOAD" --clients "$CLIENTS" \
    --duration "$((WARMUP_SECONDS + MEASURE_SECONDS))s" --warmup "${WARMUP_SECONDS}s" \
    --out "$OUT/system-$tag" >"$OUT/system-$tag.log" 2>&1 &
  lg=$!
  sleep "$WARMUP_SECONDS"
  declare -gA WATCH=([api]="$api" [dispatcher]="$dispatcher" [worker]="$worker" [load-gen]="$lg")
  [ -f "$RUN/mongo.pid" ] && WATCH[mongo]="$(cat "$RUN/mongo.pid")"
  WATCH[rabbitmq]="$(pgrep -f 'beam.smp.*rabbit' | head -n 1)"
  WATCH[redis]="$(pgrep -x redis-server | head -n 1)"
  local i=0 child
  for child in $(pgrep -P "$worker"); do WATCH[spawner$i]="$child"; i=$((i + 1)); done
  a="$(snapshot)"
  sleep "$MEASURE_SECONDS"
  b="$(snapshot)"
  wait "$lg" || true
  stop "$worker" "$dispatcher" "$api"
  unset WATCH
  printf 'round %s %s: system %s/s; %s\n' "$round" "$(basename "$build")" \
    "$(grep -oP 'throughput\s+\K[0-9.]+' "$OUT/system-$tag.log")" "$(per_job "$a" "$b")" |
    tee -a "$OUT/summary.txt"
}

builds=("$@")
for round in $(seq "$ROUNDS"); do
  if [ -z "${NO_RAW:-}" ]; then
    "${WBJ[@]}" baseline --workload "$WORKLOAD" --problems "$ROOT/bench/problems" \
      --duration "$((RAW_WARMUP_SECONDS + RAW_SECONDS))s" --warmup "${RAW_WARMUP_SECONDS}s" \
      --out "$OUT/raw-$round" >"$OUT/raw-$round.log" 2>&1
    printf 'round %s raw: %s/s\n' "$round" "$(grep -oP 'raw limit\s+\K[0-9.]+' "$OUT/raw-$round.log")" |
      tee -a "$OUT/summary.txt"
  fi
  # why: the machine's load drifts within a round; each build goes first in every other round.
  order=("${builds[@]}")
  if [ $((round % 2)) -eq 0 ]; then
    order=(); for ((j = ${#builds[@]} - 1; j >= 0; j--)); do order+=("${builds[$j]}"); done
  fi
  for build in "${order[@]}"; do system_run "$round" "$build"; done
done
