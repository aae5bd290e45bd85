# The machine's Docker engine, for ./verdict and images/build.sh (sourced, not run).
#
# One engine per machine: a running engine (the socket answers) is used as it is. Only when none
# runs is Debian's docker.io installed (if missing) and dockerd started, with no default bridge,
# no iptables rules and no IP forwarding, so that it never touches the host's network; its PID is
# written to $ENGINE_PIDFILE so that the caller can stop it, and only it.
#
# Needs from the caller: say, die, as_root, ensure_packages, and ENGINE_PIDFILE, ENGINE_LOG.

ENGINE_LOCK="${ENGINE_LOCK:-/tmp/verdict-dockerd.lock}"
ENGINE_DAEMON_PIDFILE=/var/run/docker.pid

engine_running() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# The storage driver for this machine: overlay2 on a normal file system; when /var/lib/docker
# itself lies on an overlay (an engine inside a container), overlay2 cannot nest, so
# fuse-overlayfs where /dev/fuse exists, else vfs (slow and large, but works everywhere).
engine_storage_driver() {
  if [ -n "${VERDICT_DOCKER_STORAGE_DRIVER:-}" ]; then
    echo "$VERDICT_DOCKER_STORAGE_DRIVER"
    return 0
  fi
  local dir=/var/lib/docker
  while [ ! -d "$dir" ]; do dir="$(dirname "$dir")"; done
  case "$(stat -f -c %T "$dir")" in
    overlayfs | overlay)
      if [ -e /dev/fuse ]; then echo fuse-overlayfs; else echo vfs; fi
      ;;
    *) echo overlay2 ;;
  esac
}

# Installs Debian's docker.io without letting its install start the engine with Debian's defaults
# (a bridge and iptables rules): a policy-rc.d that refuses every start, for the install only.
install_engine() {
  local policy=/usr/sbin/policy-rc.d made=0 status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    made=1
  fi
  ensure_packages docker.io || status=$?
  [ "$made" -eq 0 ] || as_root rm -f "$policy"
  return "$status"
}

# Makes sure an engine answers on the default socket; starts one only when none runs.
ensure_engine() {
  if engine_running; then return 0; fi
  command -v dockerd >/dev/null && command -v docker >/dev/null || install_engine
  local driver
  driver="$(engine_storage_driver)"
  [ "$driver" != fuse-overlayfs ] || command -v fuse-overlayfs >/dev/null || ensure_packages fuse-overlayfs
  exec 8>"$ENGINE_LOCK"
  flock 8
  # why: another script may have started the engine while this one waited for the lock.
  if engine_running; then
    exec 8>&-
    return 0
  fi
  mkdir -p "$(dirname "$ENGINE_PIDFILE")" "$(dirname "$ENGINE_LOG")"
  say "starting dockerd (storage driver $driver, no bridge, no iptables; log $ENGINE_LOG)"
  rm -f "$ENGINE_PIDFILE"
  # why: in a session of its own, so that an interrupt of this script does not reach the engine;
  # and with every descriptor above 2 closed, so that the engine, which outlives this script, does
  # not hold this script's lock files (the engine lock, or a caller's flock) for as long as it runs.
  as_root setsid bash -c 'for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -le 2 ] || eval "exec $n>&-"; done
    exec "$@"' dockerd dockerd --bridge=none --iptables=false --ip6tables=false --ip-forward=false \
    --ip-masq=false --storage-driver="$driver" --pidfile="$ENGINE_DAEMON_PIDFILE" \
    >"$ENGINE_LOG" 2>&1 </dev/null &
  local i starter=$!
  for ((i = 0; i < 600; i++)); do
    if engine_running; then
      # why: the engine's own pid file names dockerd itself, whatever setsid or sudo forked.
      cp "$ENGINE_DAEMON_PIDFILE" "$ENGINE_PIDFILE"
      exec 8>&-
      return 0
    fi
    kill -0 "$starter" 2>/dev/null || break
    sleep 0.1
  done
  exec 8>&-
  die "dockerd did not answer within 60 s or stopped; see $ENGINE_LOG"
}

# Stops the engine ensure_engine started (by its PID), unless containers still run on it.
stop_engine() {
  [ -f "$ENGINE_PIDFILE" ] || return 0
  local pid running i
  pid="$(cat "$ENGINE_PIDFILE")"
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$ENGINE_PIDFILE"
    return 0
  fi
  running="$(docker ps -q 2>/dev/null | wc -l)"
  if [ "$running" -gt 0 ]; then
    say "dockerd (pid $pid) still runs $running containers; leaving it running"
    return 0
  fi
  say "stopping dockerd (pid $pid)"
  as_root kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "dockerd did not stop in 30 s; killing it"
    as_root kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$ENGINE_PIDFILE"
}

# Runs Docker Compose: the `docker compose` plugin where installed, else Debian's docker-compose
# (1.29, which reads the same files).
compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  else
    command -v docker-compose >/dev/null || ensure_packages docker-compose
    docker-compose "$@"
  fi
}
