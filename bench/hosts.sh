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
#
# `measure` needs a running api, dispatcher and stores without a worker (./verdict up
# --no-worker); environment: ROUNDS (3), WARMUP_SECONDS (60), MEASURE_SECONDS (60).
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

# Starts a worker in host $1 on CPUs $2 (its stores at the link, MongoDB at port $3), logging to
# $4; adds its PID to pids and returns once it is ready.
start_host_worker() {
  local i="$1" cpus="$2" mongo_port="$3" log="$4"
  "$0" worker "$i" "$cpus" --set "mongo.uri=mongodb://$(link_addr "$i"):$mongo_port" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 600); do grep -q "ready" "$log" && return 0; sleep 0.1; done
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
  -h | --help | help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "usage: bench/hosts.sh add|remove|exec|worker|measure ... (--help)" ;;
esac
