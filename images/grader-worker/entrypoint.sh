#!/bin/sh
# Starts the grader worker in its container: makes the container's own cgroups writable, gives
# the container a host name of its own, then runs the worker (as PID 1's child under docker-init).
set -eu

# why: the engine mounts the container's cgroups read-only; the worker creates each run's cgroups
# below its own, so it remounts them writable. The mounts show only the container's own part of
# each hierarchy, so nothing above it (the host's or other containers' cgroups) becomes writable.
# This needs CAP_SYS_ADMIN, which the sandbox needs anyway.
awk '{
  split($0, halves, " - "); split(halves[2], right, " "); split(halves[1], left, " ")
  if ((right[1] == "cgroup" || right[1] == "cgroup2") && left[6] ~ /(^|,)ro(,|$)/) print left[5]
}' /proc/self/mountinfo | while read -r mountpoint; do
  mount -o remount,bind,rw "$mountpoint" 2>/dev/null || mount -o remount,rw "$mountpoint" ||
    echo "verdict-worker: cannot make $mountpoint writable" >&2
done

# why: a worker takes over the core leases of a dead worker of the same host name (its id is
# <host name>-<pid>-<random>), judged by whether that pid still runs in its own PID namespace.
# Workers in containers that share the host's network get the host's name; each gets its own
# here (the name plus the container's id), as separate containers on a bridge network already do.
container="$(sed -n 's#.*/containers/\([0-9a-f]\{64\}\)/hostname .*#\1#p' /proc/self/mountinfo | head -n 1)"
[ -n "$container" ] || container="$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
case "$container" in
  "$(hostname)"*) ;;
  *) hostname "$(hostname | cut -c1-40)-$(echo "$container" | cut -c1-12)" ;;
esac

exec java ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar /opt/verdict/grader-worker.jar "$@"
