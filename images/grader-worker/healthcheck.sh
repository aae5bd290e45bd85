#!/bin/sh
# The worker's /healthz (RabbitMQ, Redis and every slot alive), on whatever port it listens:
# workers that share the host's network each bind a port of their own (worker.adminPort 0), so
# the port is found from the worker's listening sockets (/proc/net/tcp against its descriptors).
set -eu
pid="$(pgrep -o -f 'grader-worker.jar')"
inodes="$(ls -l "/proc/$pid/fd" | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ')"
for hex in $(awk -v inodes=" $inodes" '
  FNR > 1 && $4 == "0A" && index(inodes, " " $10 " ") { n = split($2, local, ":"); print local[n] }
  ' /proc/net/tcp /proc/net/tcp6); do
  if curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$((0x$hex))/healthz"; then exit 0; fi
done
exit 1
