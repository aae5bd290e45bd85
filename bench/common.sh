# Shared by the bench scripts (sourced, not run): the JDK, copies of the jars the benchmarks run
# from (so that a rebuild during a benchmark never replaces a jar under a running JVM), the
# configuration ./verdict up wrote, and the command lines of the load generator (the system from
# outside) and of the worker's benchmarks (the raw sandbox limit).
#
# Sets ROOT, JAVA, RUN, LG, WB, WORKER_JAR, LGJ, WBJ, TASKS and exports VERDICT_CONFIG and
# VERDICT_TOKEN.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
RUN="$ROOT/.verdict/run"
LG="$RUN/jars/load-gen.jar"
WB="$RUN/jars/worker-bench.jar"
WORKER_JAR="$RUN/jars/bench-grader-worker.jar"
mkdir -p "$RUN/jars"
cp "$ROOT/load-gen/target/load-gen-0.1.0-SNAPSHOT-all.jar" "$LG"
cp "$ROOT/worker-bench/target/worker-bench-0.1.0-SNAPSHOT-all.jar" "$WB"
cp "$ROOT/grader-worker/target/grader-worker-0.1.0-SNAPSHOT-all.jar" "$WORKER_JAR"
export VERDICT_CONFIG="$ROOT/.verdict/verdict.yaml"
# load-gen sends the admin token ./verdict up keeps (admins have no rate limit by default).
VERDICT_TOKEN="$(cat "$ROOT/.verdict/admin.token")"
export VERDICT_TOKEN
TASKS="${VERDICT_NAMESPACE:-verdict}.tasks"
# load-gen's own CPU stays small with the client compiler and the serial collector; the raw loop's
# JVM runs the same way, as it did when its figures in docs/benchmarks.md were measured.
LGJ=("$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$LG")
WBJ=("$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$WB")

# Fills PROCESSES with `load-gen run --process` options for the services ./verdict up started;
# with "all", also the machine's RabbitMQ and Redis.
control_plane_processes() {
  PROCESSES=(--process "api=$RUN/api.pid" --process "dispatcher=$RUN/dispatcher.pid")
  if [ -f "$RUN/mongo.pid" ]; then PROCESSES+=(--process "mongo=$RUN/mongo.pid"); fi
  if [ "${1:-}" = all ]; then
    local rabbit redis
    rabbit="$(pgrep -f 'beam.smp.*rabbit' | head -n 1 || true)"
    if [ -n "$rabbit" ]; then PROCESSES+=(--process "rabbitmq=$rabbit"); fi
    redis="$(pgrep -x redis-server | head -n 1 || true)"
    if [ -n "$redis" ]; then PROCESSES+=(--process "redis=$redis"); fi
  fi
}

# Stops the script (exit 2) unless the api and dispatcher are up and no worker takes tasks: the
# scripts start a worker of their own, and two would be measured at once. A worker stopped just
# before (by the previous script of bench/all.sh, say) is still listed by the broker for a moment,
# so consumers get 15 s to go. ALLOW_OTHER_WORKERS=1 measures anyway.
task_consumers() {
  rabbitmqctl -q list_queues name consumers 2>/dev/null | awk -v q="$TASKS" '$1 == q {print $2}'
}

refuse_other_workers() {
  local consumers
  consumers="$(task_consumers)"
  if [ -z "$consumers" ]; then
    echo "bench: the task queue $TASKS does not exist: start ./verdict up --no-worker first" >&2
    exit 2
  fi
  for _ in $(seq 30); do
    [ "$consumers" -eq 0 ] && return 0
    sleep 0.5
    consumers="$(task_consumers)"
  done
  if [ -z "${ALLOW_OTHER_WORKERS:-}" ]; then
    echo "bench: $consumers consumer(s) still take tasks from $TASKS after 15 s: another worker" \
      "runs. Stop it first (after ./verdict up: kill \$(cat .verdict/run/worker.pid)), or set" \
      "ALLOW_OTHER_WORKERS=1." >&2
    exit 2
  fi
}
