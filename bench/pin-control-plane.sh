#!/usr/bin/env bash
# Confines the control plane (the api, dispatcher and MongoDB stand-in of ./verdict up, and the
# machine's RabbitMQ and Redis), every thread of each, to a list of cores, and puts each process
# back on its former cores with --restore. Used by bench/scale.sh so that a measurement on N cores
# runs the whole system on those N cores and nothing spills onto the others.
#
#   bench/pin-control-plane.sh 0        # everything on core 0
#   bench/pin-control-plane.sh 0-1      # on cores 0 and 1
#   bench/pin-control-plane.sh --restore
#
# Only the CPU affinity changes (taskset -a -p); nothing is stopped or restarted. The former masks
# are kept in .verdict/run/affinity/ until --restore.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.verdict/run"
SAVED="$RUN/affinity"
CORES="${1:?cores (e.g. 0 or 0-1) or --restore}"

processes() { # name pid, one per line
  local name
  for name in api dispatcher mongo; do
    [ -f "$RUN/$name.pid" ] && echo "$name $(cat "$RUN/$name.pid")"
  done
  local pid
  pid="$(pgrep -f 'beam.smp.*rabbit' | head -n 1 || true)"
  [ -n "$pid" ] && echo "rabbitmq $pid"
  pid="$(pgrep -x redis-server | head -n 1 || true)"
  [ -n "$pid" ] && echo "redis $pid"
  return 0
}

if [ "$CORES" = "--restore" ]; then
  [ -d "$SAVED" ] || exit 0
  for file in "$SAVED"/*; do
    [ -f "$file" ] || continue
    read -r pid mask <"$file"
    if kill -0 "$pid" 2>/dev/null; then
      taskset -a -p "$mask" "$pid" >/dev/null
      echo "restored $(basename "$file") (pid $pid) to mask $mask"
    fi
    rm -f "$file"
  done
  exit 0
fi

mkdir -p "$SAVED"
while read -r name pid; do
  if [ ! -f "$SAVED/$name" ]; then
    echo "$pid $(taskset -p "$pid" | awk '{print $NF}')" >"$SAVED/$name"
  fi
  taskset -a -c -p "$CORES" "$pid" >/dev/null
  echo "pinned $name (pid $pid) to cores $CORES"
done < <(processes)
