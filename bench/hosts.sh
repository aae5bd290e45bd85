#!/usr/bin/env bash
# Worker hosts on one machine, for measuring and testing scale-out without a second machine.
#
# A host is a network namespace `verdict-hI` joined to this one by a veth pair: this side is
# 10.231.I.1, the host's side 10.231.I.2 (a /30 of the project's own, nothing else routes it). The
# broker, Redis and MongoDB listen on 127.0.0.1 here, as they must; for each of their ports a
# relay (socat) listens on 10.231.I.1, the only address the host can reach, and connects to
# 127.0.0.1, so a worker in the host reaches them over the link exactly as a worker on another
# machine reaches them over the network. A host also gets its own host name (a UTS namespace), so
# its workers' ids say which host graded what.
#
#   bench/hosts.sh add I PORT...         make host I (1..250) with a relay for each PORT
#   bench/hosts.sh exec I CPUS CMD...    run CMD in host I, pinned to CPUS (taskset list, e.g. 0)
#   bench/hosts.sh remove I              stop host I's relays and delete it (idempotent)
#   bench/hosts.sh cut I                 cut host I off: its link goes down, as a network failure;
#                                        its processes live on, and nothing they send arrives
#   bench/hosts.sh rejoin I              bring host I's link back up after `cut`
#   bench/hosts.sh worker I CPUS [OPTION...]
#                                        exec the grader worker jar in host I on CPUS with one slot
#                                        per CPU, its stores reached over the link; options go to
#                                        the worker (e.g. --set key=value)
#   bench/hosts.sh measure WORKLOAD CLIENTS OUT_DIR
#                                        throughput of 1 host with 1 core, 2 hosts with 1 core each
#                                        and 1 host with 2 cores, alternated over ROUNDS (3) rounds
#   bench/hosts.sh churn WORKLOAD CLIENTS OUT_DIR
#                                        hosts added and removed under one steady load: host 1
#                                        (core 0) grades alone; host 2 (core 1) is added; host 1
#                                        is stopped with SIGTERM and host 3 takes core 0; host 2
#                                        is killed with SIGKILL and started again. Reports when
#                                        the added host took work, how long each drain and
#                                        redelivery took, the throughput of each phase, and every
#                                        submission that was not graded
#
# `measure` and `churn` need a running api, dispatcher and stores without a worker (./verdict up
# --no-worker); environment: ROUNDS (3), WARMUP_SECONDS (60), MEASURE_SECONDS (60) for
# `measure`, PHASE_SECONDS (30) for `churn`.
# Everything needs root. Only what this script made is removed: the namespace verdict-hI, its
# veth pair and the relays whose PIDs it recorded.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOSTS_RUN="${VERDICT_HOSTS_RUN:-/run/verdict-hosts}"

die() { printf 'hosts: %s\n' "$*" >&2; exit 2; }

check_index() {
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 250 ] || die "host index must be 1..250, was '$1'"
}

host_addr() { echo "10.231.$1.2"; }
link_addr() { echo "10.231.$1.1"; }

cmd_add() {
  local i="$1" port ns="verdict-h$1"
  shift
  check_index "$i"
  command -v socat >/dev/null || die "socat is missing (apt-get install socat)"
  ip netns list | grep -qw "$ns" && die "host $i ($ns) already exists; remove it first"
  mkdir -p "$HOSTS_RUN/$i"
  ip netns add "$ns"
  ip link add "vdh$i" type veth peer name "vdn$i"
  ip link set "vdn$i" netns "$ns"
  ip addr add "$(link_addr "$i")/30" dev "vdh$i"
  ip link set "vdh$i" up
  ip -n "$ns" addr add "$(host_addr "$i")/30" dev "vdn$i"
  ip -n "$ns" link set "vdn$i" up
  ip -n "$ns" link set lo up
  for port in "$@"; do
    [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number, was '$port'"
    # why: in a session of its own and with no descriptor of the caller's, so that it neither
    # gets the caller's signals nor holds the caller's locks or pipes open.
    setsid socat "TCP-LISTEN:$port,bind=$(link_addr "$i"),reuseaddr,fork" "TCP:127.0.0.1:$port" \
      </dev/null >/dev/null 2>&1 &
    echo $! >"$HOSTS_RUN/$i/relay-$port.pid"
  done
  # why: a relay is usable once it listens; the caller connects right after this returns.
  for port in "$@"; do
    for _ in $(seq 100); do
      ss -Hltn "src $(link_addr "$i"):$port" | grep -q . && break
      sleep 0.05
    done
    ss -Hltn "src $(link_addr "$i"):$port" | grep -q . || die "relay for port $port did not start"
  done
  echo "host $i: $ns, address $(host_addr "$i"), stores at $(link_addr "$i") (ports $*)"
}

cmd_remove() {
  local i="$1" pidfile pid
  check_index "$i"
  for pidfile in "$HOSTS_RUN/$i"/relay-*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  ip link del "vdh$i" 2>/dev/null || true
  ip netns del "verdict-h$i" 2>/dev/null || true
  rmdir "$HOSTS_RUN/$i" 2>/dev/null || true
}

cmd_cut() {
  check_index "$1"
  ip link set "vdh$1" down
}

cmd_rejoin() {
  check_index "$1"
  ip link set "vdh$1" up
  # why: the link's address route comes back with the link; wait for it, as a caller reconnects next.
  for _ in $(seq 100); do
    ip route get "$(host_addr "$1")" 2>/dev/null | grep -q "dev vdh$1" && return 0
    sleep 0.05
  done
  die "host $1's link did not come back"
}

cmd_exec() {
  local i="$1" cpus="$2"
  shift 2
  check_index "$i"
  # why: nsenter enters the network namespace only; `ip netns exec` would also remount /sys in a
  # mount namespace of its own, hiding the cgroup file systems the worker's sandbox needs.
  exec nsenter --net="/run/netns/verdict-h$i" unshare --uts \
    bash -c 'hostname "$1"; shift; exec taskset -c "$@"' hosts "verdict-h$i" "$cpus" "$@"
}

# The worker jar and JVM: bench/common.sh's copies when measuring, else the build's own.
worker_command() {
  local java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
  local jar="${WORKER_JAR:-$(ls "$ROOT"/grader-worker/target/grader-worker-*-all.jar)}"
  # shellcheck disable=SC2086
  WORKER=("$java" ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar "$jar")
}

cmd_worker() {
  local i="$1" cpus="$2" link
  shift 2
  check_index "$i"
  link="$(link_addr "$i")"
  worker_command
  local count
  count="$(taskset -c "$cpus" nproc)"
  # why: a host's own identity leases its cores, as on a machine of its own; and its sandbox uids
  # are its own, since on this one machine two hosts' slots with one uid could signal each other's
  # programs, which two real machines cannot.
  cmd_exec "$i" "$cpus" "${WORKER[@]}" --cores "$count" \
    --set "rabbitmq.host=$link" --set "redis.host=$link" \
    --set "worker.hostId=verdict-h$i" --set "worker.uidBase=$((60000 + 1000 * i))" \
    --set "worker.adminPort=0" "$@"
}

cmd_measure() {
  local workload="${1:?workload}" clients="${2:?clients}" out="${3:?out dir}"
  local rounds="${ROUNDS:-3}" warmup="${WARMUP_SECONDS:-60}" measure="${MEASURE_SECONDS:-60}"
  # shellcheck source=bench/common.sh
  . "$ROOT/bench/common.sh"
  refuse_other_workers
  mkdir -p "$out"
  local mongo_port rabbit_port=5672 redis_port=6379
  mongo_port="$(grep -oP 'mongodb://127\.0\.0\.1:\K[0-9]+' "$VERDICT_CONFIG")"
  trap 'for h in 1 2; do "$0" remove "$h"; done' EXIT
  local h
  for h in 1 2; do
    "$0" remove "$h"
    "$0" add "$h" "$rabbit_port" "$redis_port" "$mongo_port" >/dev/null
  done
  local round layout pids
  for round in $(seq "$rounds"); do
    for layout in 1x1 2x1 1x2; do
      pids=()
      local log="$out/$layout-$round"
      case "$layout" in
        1x1) start_host_worker 1 0 "$mongo_port" "$log-h1.log" ;;
        2x1)
          start_host_worker 1 0 "$mongo_port" "$log-h1.log"
          start_host_worker 2 1 "$mongo_port" "$log-h2.log"
          ;;
        1x2) start_host_worker 1 0,1 "$mongo_port" "$log-h1.log" ;;
      esac
      "${LGJ[@]}" run --workload "$workload" --clients "$clients" \
        --duration "$((warmup + measure))s" --warmup "${warmup}s" --out "$log" >"$log.log" 2>&1
      kill -TERM "${pids[@]}"
      wait "${pids[@]}" || true
      printf '%s round %d: %s/s\n' "$layout" "$round" \
        "$(grep -oP 'throughput\s+\K[0-9.]+' "$log.log")" | tee -a "$out/summary.txt"
    done
  done
}

cmd_churn() {
  local workload="${1:?workload}" clients="${2:?clients}" out="${3:?out dir}"
  local phase="${PHASE_SECONDS:-30}"
  # shellcheck source=bench/common.sh
  . "$ROOT/bench/common.sh"
  refuse_other_workers
  mkdir -p "$out"
  local mongo_port rabbit_port=5672 redis_port=6379 h
  mongo_port="$(grep -oP 'mongodb://127\.0\.0\.1:\K[0-9]+' "$VERDICT_CONFIG")"
  # why: global, for the exit trap, which runs after this function's locals are gone.
  pids=()
  trap 'kill -TERM "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true
    for h in 1 2 3; do "$0" remove "$h"; done' EXIT
  for h in 1 2 3; do
    "$0" remove "$h"
    "$0" add "$h" "$rabbit_port" "$redis_port" "$mongo_port" >/dev/null
  done
  local events="$out/events.txt"
  : >"$events"
  start_host_worker 1 0 "$mongo_port" "$out/h1.log"
  local one="${pids[0]}"
  local began
  began="$(now_ms)"
  echo "load $began $phase" >>"$events"
  "${LGJ[@]}" run --workload "$workload" --clients "$clients" --duration "$((4 * phase))s" \
    --warmup 0s --out "$out/load" >"$out/load.log" 2>&1 &
  local load=$!

  sleep "$phase"
  # A host added under load: how long from its start to being ready, and to its first graded
  # submission.
  echo "add $(now_ms)" >>"$events"
  start_host_worker 2 1 "$mongo_port" "$out/h2.log"
  local two="${pids[-1]}"
  echo "ready $(now_ms)" >>"$events"
  await_graded "$out/h2.log" 1
  echo "first-graded $(now_ms)" >>"$events"

  sleep "$phase"
  # SIGTERM: host 1 finishes what it holds, then exits; host 3 takes core 0.
  local before status
  before="$(graded_count "$out/h1.log")"
  echo "sigterm $(now_ms)" >>"$events"
  kill -TERM "$one"
  status=0
  wait "$one" || status=$?
  echo "drained $(now_ms) status $status graded-after-sigterm $(($(graded_count "$out/h1.log") - before))" >>"$events"
  start_host_worker 3 0 "$mongo_port" "$out/h3.log"

  sleep "$phase"
  # SIGKILL: host 2 dies mid-run; its tasks go back to the queue. It is started again on its core.
  echo "sigkill $(now_ms) running $(running_on 2)" >>"$events"
  kill -KILL "$two"
  wait "$two" || true
  start_host_worker 2 1 "$mongo_port" "$out/h2-again.log"
  echo "restarted $(now_ms)" >>"$events"

  wait "$load" || true
  echo "end $(now_ms)" >>"$events"
  churn_report "$out" | tee "$out/summary.txt"
}

now_ms() { date +%s%3N; }

graded_count() { grep -c ') graded on core' "$1" || true; }

# Waits until the log $1 shows at least $2 graded submissions.
await_graded() {
  for _ in $(seq 1200); do
    [ "$(graded_count "$1")" -ge "$2" ] && return 0
    sleep 0.05
  done
  die "no submission graded in $1 within 60 s"
}

# Submissions that workers of host $1 are running, from their live status in Redis.
running_on() {
  # shellcheck disable=SC2016
  redis-cli -p 6379 --raw eval '
    local n = 0
    for _, key in ipairs(redis.call("keys", ARGV[1])) do
      if redis.call("type", key).ok == "hash" then
        local live = redis.call("hmget", key, "state", "worker")
        if live[1] == "RUNNING" and live[2] and string.sub(live[2], 1, #ARGV[2]) == ARGV[2] then
          n = n + 1
        end
      end
    end
    return n' 0 "${VERDICT_NAMESPACE:-verdict}:sub:*" "verdict-h$1-"
}

# The phases' throughput from load-gen's samples (the time each submission was seen DONE), the
# events' times relative to the load's start, and what was not graded.
churn_report() {
  python3 - "$1" <<'PY'
import csv, os, sys
out = sys.argv[1]
events = {}
for line in open(os.path.join(out, "events.txt")):
    parts = line.split()
    events[parts[0]] = (int(parts[1]), parts[2:])
t0 = events["load"][0]
rel = lambda name: (events[name][0] - t0) / 1000
rows = list(csv.DictReader(open(os.path.join(out, "load", "submissions.csv"))))
done = sorted(float(r["doneAtMs"]) / 1000 for r in rows if r["outcome"] == "GRADED")
first = min(float(r["submittedAtMs"]) for r in rows) / 1000
done = [d - first for d in done]
def rate(a, b):
    n = sum(1 for d in done if a <= d < b)
    return f"{n / (b - a):.2f}/s ({n} in {b - a:.0f} s)"
print(f"host 2 added at {rel('add'):.1f} s: ready after {rel('ready') - rel('add'):.1f} s, "
      f"first graded after {rel('first-graded') - rel('add'):.1f} s")
print(f"host 1 SIGTERM at {rel('sigterm'):.1f} s: exited after {rel('drained') - rel('sigterm'):.1f} s, "
      f"{' '.join(events['drained'][1])}")
print(f"host 2 SIGKILL at {rel('sigkill'):.1f} s with {events['sigkill'][1][1]} submission(s) in hand; "
      f"started again, ready after {rel('restarted') - rel('sigkill'):.1f} s")
print("throughput, host 1 alone (core 0):", rate(5, rel("add")))
print("throughput, hosts 1 and 2 (cores 0, 1):", rate(rel("first-graded"), rel("sigterm")))
print("throughput, hosts 3 and 2 after the drain:", rate(rel("drained") + 5, rel("sigkill")))
print("throughput, from the kill to the end of sending (host 2's restart included):",
      rate(rel("sigkill"), 4 * int(events["load"][1][0])))
outcomes = {}
for r in rows:
    outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
print("submissions:", len(rows), "outcomes:", outcomes)
lost = [r for r in rows if r["outcome"] not in ("GRADED",)]
print("not graded:", len(lost))
PY
}

# Starts a worker in host $1 on CPUs $2 (its stores at the link, MongoDB at port $3, its work and
# cache directories under VERDICT_HOSTS_DATA/hI), logging to $4; adds its PID to pids and returns
# once it is ready.
start_host_worker() {
  local i="$1" cpus="$2" mongo_port="$3" log="$4"
  # why: a host's disk is its own: a worker empties its work directory when it starts, which must
  # not touch another host's runs, and a new host starts with an empty file cache.
  local data="${VERDICT_HOSTS_DATA:-/var/lib/verdict/hosts}/h$i"
  "$0" worker "$i" "$cpus" --set "mongo.uri=mongodb://$(link_addr "$i"):$mongo_port" \
    --set "worker.workDir=$data/work" --set "worker.cacheDir=$data/cache" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 600); do grep -q "ready" "$log" 2>/dev/null && return 0; sleep 0.1; done
  die "the worker in host $i did not start; see $log"
}

[ "$(id -u)" -eq 0 ] || die "network namespaces need root"
case "${1:-}" in
  add) shift; [ $# -ge 1 ] || die "usage: add I PORT..."; cmd_add "$@" ;;
  remove) shift; [ $# -eq 1 ] || die "usage: remove I"; cmd_remove "$1" ;;
  cut) shift; [ $# -eq 1 ] || die "usage: cut I"; cmd_cut "$1" ;;
  rejoin) shift; [ $# -eq 1 ] || die "usage: rejoin I"; cmd_rejoin "$1" ;;
  exec) shift; [ $# -ge 3 ] || die "usage: exec I CPUS CMD..."; cmd_exec "$@" ;;
  worker) shift; [ $# -ge 2 ] || die "usage: worker I CPUS [OPTION...]"; cmd_worker "$@" ;;
  measure) shift; cmd_measure "$@" ;;
  churn) shift; cmd_churn "$@" ;;
  -h | --help | help) sed -n '2,39p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "usage: bench/hosts.sh add|remove|exec|worker|measure ... (--help)" ;;
esac
