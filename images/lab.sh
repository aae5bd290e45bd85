# The compose lab test (sourced by ./verdict: `./verdict lab-test`, and the last step of
# `./verdict test`). From the images `./verdict images` builds, with docker-compose.yml and
# docker-compose.offline.yml: bring the lab up, grade an accepted and a wrong submission, scale
# to two workers of one core each and see both grade, scale to three and see the third hold no
# core (two slots in all on two cores), check every container's rights as the engine reports them
# (none privileged; the workers with exactly the rights docs/deploy.md names), tear everything down.
#
# The lab gets ports of its own (LAB_PORT_BASE + n), a namespace of its own and a compose project
# of its own, so it never meets the machine's RabbitMQ and Redis or a `./verdict up`.
# Every API request carries `Authorization: Bearer $LAB_TOKEN`: the caller's, or an admin token the
# test makes in the api container once it is up.
#
# Needs from the caller: ROOT, STATE, LOGS, say, die, ensure_engine, stop_engine, build_images,
# compose.

LAB_PORT_BASE="${LAB_PORT_BASE:-18000}"
LAB_PROJECT="verdict-labtest"
LAB_NAMESPACE="verdict-labtest"
LAB_ENV="$STATE/lab-test.env"

# why: from the repository root, since compose reads the seccomp profile's path relative to it.
lab() {
  (cd "$ROOT" && compose -p "$LAB_PROJECT" --env-file "$LAB_ENV" -f docker-compose.yml \
    -f docker-compose.offline.yml "$@")
}

lab_api() { # curl arguments...
  local auth=()
  [ -z "${LAB_TOKEN:-}" ] || auth=(-H "Authorization: Bearer $LAB_TOKEN")
  curl -fsS --max-time 40 "${auth[@]}" "$@"
}

lab_redis() { docker exec "$(lab ps -q redis)" redis-cli -p "$((LAB_PORT_BASE + 379))" "$@"; }

# Every listening socket of the machine that is not on a loopback address.
public_listeners() {
  ss -Hltun | awk '{print $1, $5}' | grep -v -E ' (127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):[0-9]+$' |
    sort || true
}

# The non-loopback listeners that appeared since $1 (the listeners before the lab started) and are
# still there a few seconds later. why: a client's unconnected UDP socket (a name lookup, say) shows
# as a UDP listener on 0.0.0.0 for a moment; a server keeps listening, so only what persists counts.
lab_expect_loopback_only() {
  local before="$1" new round
  new="$(comm -13 <(echo "$before") <(public_listeners))"
  for round in 1 2 3 4 5; do
    [ -n "$new" ] || return 0
    sleep 1
    new="$(comm -12 <(echo "$new") <(comm -13 <(echo "$before") <(public_listeners)))"
  done
  [ -z "$new" ] || lab_fail "the lab listens beyond loopback: $(echo "$new" | tr '\n' ' '); $(ss -Hltunp | tr '\n' ' ')"
}

json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"; }

lab_fail() {
  say "lab test FAILED: $*"
  say "the lab's logs are in $LOGS/lab-test.log"
  lab logs --no-color >"$LOGS/lab-test.log" 2>&1 || true
  exit 1
}

lab_down() {
  say "tearing the lab down"
  lab down -v --remove-orphans -t 40 >>"$LOGS/lab-test-compose.log" 2>&1 || true
}

# Waits until COUNT containers of SERVICE report healthy.
lab_wait_healthy() { # service count seconds
  local i id healthy
  for ((i = 0; i < $3 * 2; i++)); do
    healthy=0
    for id in $(lab ps -q "$1"); do
      [ "$(docker inspect -f '{{.State.Health.Status}}' "$id")" != healthy ] || healthy=$((healthy + 1))
    done
    [ "$healthy" -lt "$2" ] || return 0
    sleep 0.5
  done
  lab_fail "$2 healthy $1 containers did not come within $3 s (have $healthy)"
}

# Submits a python3 program for the problem `sum`; prints the submission's id.
lab_submit() { # program
  local body
  body="$(python3 -c 'import json, sys; print(json.dumps({"problem": "sum", "language": "python3",
    "files": [{"name": "main.py", "content": sys.argv[1]}]}))' "$1")"
  lab_api -X POST -H 'Content-Type: application/json' -d "$body" \
    "http://127.0.0.1:$((LAB_PORT_BASE + 80))/api/v1/submissions" | json_field id
}

# Prints the verdict of a submission once it is done.
lab_verdict() { # id
  local i answer
  for ((i = 0; i < 6; i++)); do
    answer="$(lab_api "http://127.0.0.1:$((LAB_PORT_BASE + 80))/api/v1/submissions/$1?waitMs=30000&until=done")"
    if [ "$(echo "$answer" | json_field status)" = DONE ]; then
      echo "$answer" | json_field verdict
      return 0
    fi
  done
  lab_fail "submission $1 was not done within 3 minutes: $answer"
}

LAB_SUM_PROGRAM=$'a, b = map(int, input().split())\nprint(a + b)\n'

lab_expect_verdict() { # program verdict
  local id verdict
  id="$(lab_submit "$1")"
  verdict="$(lab_verdict "$id")"
  [ "$verdict" = "$2" ] || lab_fail "submission $id: expected $2, got $verdict"
  say "submission $id: $verdict, as expected"
}

lab_test() {
  local began=$SECONDS port
  mkdir -p "$STATE" "$LOGS"
  exec 9>/tmp/verdict-lab-test.lock
  flock 9
  [ -s /etc/machine-id ] || die "this host has no /etc/machine-id, which the workers share as their host id (systemd-machine-id-setup makes one)"
  ensure_engine
  build_images "$STATE/images.env"
  {
    echo "API_PORT=$((LAB_PORT_BASE + 80))"
    echo "MONGO_PORT=$((LAB_PORT_BASE + 17))"
    echo "RABBITMQ_PORT=$((LAB_PORT_BASE + 672))"
    echo "RABBITMQ_MANAGEMENT_PORT=$((LAB_PORT_BASE + 673))"
    echo "ERL_EPMD_PORT=$((LAB_PORT_BASE + 369))"
    echo "REDIS_PORT=$((LAB_PORT_BASE + 379))"
    echo "DISPATCHER_ADMIN_PORT=$((LAB_PORT_BASE + 91))"
    echo "VERDICT_NAMESPACE=$LAB_NAMESPACE"
    echo "WORKER_CORES=1"
    cat "$STATE/images.env"
  } >"$LAB_ENV"
  # why: a lab left by an interrupted run would hold the ports; it is this test's own project.
  lab down -v --remove-orphans -t 10 >"$LOGS/lab-test-compose.log" 2>&1 || true
  for port in 80 17 672 673 369 379 91 20672; do
    port_open "$((LAB_PORT_BASE + port))" && die "127.0.0.1:$((LAB_PORT_BASE + port)) is taken; set LAB_PORT_BASE to a free range"
  done
  trap 'lab_down; stop_engine' EXIT

  say "lab test: starting the lab (project $LAB_PROJECT, ports from $LAB_PORT_BASE)"
  local t0=$SECONDS listeners
  listeners="$(public_listeners)"
  lab up -d --no-build >>"$LOGS/lab-test-compose.log" 2>&1 || lab_fail "docker-compose up failed"
  lab_wait_healthy api 1 120
  lab_wait_healthy dispatcher 1 120
  lab_wait_healthy grader-worker 1 120
  say "lab test: the lab is up and healthy after $((SECONDS - t0)) s"
  # why: every API endpoint but the health checks needs a token; the lab's first one is made the
  # way docs/deploy.md tells an operator to, with the api jar's `token create` in its container.
  if [ -z "${LAB_TOKEN:-}" ]; then
    LAB_TOKEN="$(docker exec "$(lab ps -q api)" verdict-service token create --name lab-test \
      --role admin 2>>"$LOGS/lab-test-compose.log")" || lab_fail "could not create a token in the api container"
  fi
  curl -fsS --max-time 10 -u guest:guest "http://127.0.0.1:$((LAB_PORT_BASE + 673))/api/overview" |
    grep -q '"rabbitmq_version"' || lab_fail "RabbitMQ's management UI does not answer"

  lab_expect_verdict "$LAB_SUM_PROGRAM" ACCEPTED
  lab_expect_verdict $'print(0)\n' WRONG_ANSWER

  say "lab test: scaling to two workers of one core each"
  lab up -d --no-build --no-recreate --scale grader-worker=2 >>"$LOGS/lab-test-compose.log" 2>&1 ||
    lab_fail "scaling to two workers failed"
  lab_wait_healthy grader-worker 2 120
  local ids=() id workers
  for id in 1 2 3 4; do ids+=("$(lab_submit "$LAB_SUM_PROGRAM")"); done
  for id in "${ids[@]}"; do
    [ "$(lab_verdict "$id")" = ACCEPTED ] || lab_fail "submission $id was not accepted with two workers"
  done
  workers="$(for id in "${ids[@]}"; do lab_redis hget "$LAB_NAMESPACE:sub:$id" worker; done | sort -u | wc -l)"
  [ "$workers" -eq 2 ] || lab_fail "four submissions were graded by $workers workers, not by both"
  say "lab test: four submissions accepted, graded by both workers"

  say "lab test: scaling to three workers on two cores"
  lab up -d --no-build --no-recreate --scale grader-worker=3 >>"$LOGS/lab-test-compose.log" 2>&1 ||
    lab_fail "scaling to three workers failed"
  lab_wait_third_refused
  lab_expect_leases
  lab_expect_rights
  lab_expect_verdict "$LAB_SUM_PROGRAM" ACCEPTED
  lab_expect_loopback_only "$listeners"
  say "lab test: every server of the lab listens on loopback only"

  lab_down
  trap - EXIT
  say "lab test passed in $((SECONDS - began)) s"
}

# Waits until one worker container says every core is leased by another worker.
lab_wait_third_refused() {
  local i id
  for ((i = 0; i < 240; i++)); do
    for id in $(lab ps -q grader-worker); do
      if docker logs "$id" 2>&1 | grep -q 'is leased by another worker'; then
        say "lab test: the third worker found both cores leased"
        return 0
      fi
    done
    sleep 0.5
  done
  lab_fail "no third worker reported that every core is leased"
}

# Exactly two core leases, on cores 0 and 1 of this host's machine-id, held by two workers.
lab_expect_leases() {
  local host keys holders
  host="$(cat /etc/machine-id)"
  keys="$(lab_redis --scan --pattern "$LAB_NAMESPACE:cores:*" | sort | tr '\n' ' ')"
  [ "$keys" = "$LAB_NAMESPACE:cores:$host:0 $LAB_NAMESPACE:cores:$host:1 " ] ||
    lab_fail "expected the leases of cores 0 and 1 of host $host, found: $keys"
  holders="$(for key in $keys; do lab_redis get "$key"; done | sort -u | wc -l)"
  [ "$holders" -eq 2 ] || lab_fail "the two cores are held by $holders workers, not by two"
  say "lab test: three workers, two cores, two slots: $(for key in $keys; do lab_redis get "$key"; done | tr '\n' ' ')"
}

# The grader worker's rights, as docs/deploy.md ("The grader worker's rights") names them.
LAB_WORKER_CAPS="CAP_CHOWN CAP_DAC_OVERRIDE CAP_SETGID CAP_SETUID CAP_SYS_ADMIN"

# What the engine says of every container of the lab (docker inspect, not the compose files): none
# is privileged, shares the host's PID or IPC namespace, or has a device of the host's; only the
# workers have capabilities added, exactly the five documented, with every other one dropped, the
# project's seccomp profile, no new privileges and a read-only root.
lab_expect_rights() {
  local id name service caps drop
  for id in $(lab ps -q); do
    name="$(docker inspect -f '{{.Name}}' "$id")"
    service="$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$id")"
    [ "$(docker inspect -f '{{.HostConfig.Privileged}}' "$id")" = false ] ||
      lab_fail "$name is privileged"
    [ "$(docker inspect -f '{{.HostConfig.PidMode}}' "$id")" != host ] &&
      [ "$(docker inspect -f '{{.HostConfig.IpcMode}}' "$id")" != host ] ||
      lab_fail "$name shares the host's PID or IPC namespace"
    [ "$(docker inspect -f '{{len .HostConfig.Devices}}' "$id")" = 0 ] ||
      lab_fail "$name has host devices: $(docker inspect -f '{{json .HostConfig.Devices}}' "$id")"
    caps="$(docker inspect -f '{{range .HostConfig.CapAdd}}{{println .}}{{end}}' "$id" |
      sed '/^$/d; s/^\(CAP_\)\{0,1\}/CAP_/' | sort | tr '\n' ' ' | sed 's/ $//')"
    if [ "$service" != grader-worker ]; then
      [ -z "$caps" ] || lab_fail "$name ($service) has capabilities added: $caps"
      continue
    fi
    [ "$caps" = "$LAB_WORKER_CAPS" ] ||
      lab_fail "$name has capabilities '$caps' added, not '$LAB_WORKER_CAPS'"
    drop="$(docker inspect -f '{{range .HostConfig.CapDrop}}{{.}} {{end}}' "$id")"
    [ "$drop" = "ALL " ] || lab_fail "$name drops '$drop', not ALL"
    [ "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$id")" = true ] ||
      lab_fail "$name has a writable root"
    docker inspect -f '{{range .HostConfig.SecurityOpt}}{{println .}}{{end}}' "$id" |
      grep -qx 'no-new-privileges:true' || lab_fail "$name may gain privileges (no no-new-privileges)"
    lab_expect_seccomp "$id" "$name"
    lab_expect_process_caps "$id" "$name"
  done
  say "lab test: no container is privileged; each worker has $LAB_WORKER_CAPS, seccomp, no new privileges, no devices"
}

# The profile the engine applies to a worker container is the project's (compose hands the engine
# the file's JSON, which the engine keeps in the container's security options).
lab_expect_seccomp() { # id name
  docker inspect "$1" | python3 -c '
import json, sys
options = json.load(sys.stdin)[0]["HostConfig"]["SecurityOpt"] or []
profiles = [json.loads(o[len("seccomp="):]) for o in options
            if o.startswith("seccomp=") and o != "seccomp=unconfined"]
sys.exit(0 if profiles == [json.load(open(sys.argv[1]))] else 1)' "$ROOT/images/grader-worker/seccomp.json" ||
    lab_fail "$2 does not run under images/grader-worker/seccomp.json"
}

# From the host's side, as the kernel sees it: the capability bounding set of the worker
# container's first process holds the five capabilities and nothing else (CHOWN 0, DAC_OVERRIDE 1,
# SETGID 6, SETUID 7, SYS_ADMIN 21), and it may not gain privileges (NoNewPrivs).
lab_expect_process_caps() { # id name
  local pid bounding nnp
  pid="$(docker inspect -f '{{.State.Pid}}' "$1")"
  # why: the third worker, refused a core, may be between two of its restarts, with no process.
  [ "$pid" != 0 ] || return 0
  bounding="$(awk '/^CapBnd:/ {print $2}' "/proc/$pid/status")"
  nnp="$(awk '/^NoNewPrivs:/ {print $2}' "/proc/$pid/status")"
  [ "$((16#$bounding))" -eq "$(((1 << 0) | (1 << 1) | (1 << 6) | (1 << 7) | (1 << 21)))" ] ||
    lab_fail "$2's processes may hold capabilities $bounding, not exactly the five"
  [ "$nnp" = 1 ] || lab_fail "$2's processes may gain privileges (NoNewPrivs $nnp)"
}
