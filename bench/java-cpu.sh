#!/usr/bin/env bash
# CPU time per submission of the worker's own grading path (worker-bench baseline on one core: the
# worker's JVM, the slot's spawner, the sandboxes, the warm compiler and the programs), with no
# control plane. The whole process tree runs in a cpuacct cgroup of its own, which the runs' cgroups
# nest in; the figure is marginal, (CPU for N2 submissions - CPU for N1) / (N2 - N1), so that the
# JVM's start, the warm compiler's start and the ahead-of-time cache's build drop out.
#
# Needs root and no worker grading on core 0:
#
#   bench/java-cpu.sh WORKLOAD N1 N2 [worker-bench baseline options, e.g. --set KEY=VALUE ...]
#
# e.g. bench/java-cpu.sh bench/workloads/java-sum1.yaml 5 25 --set languages.java.aotCache=false
set -euo pipefail
WORKLOAD="${1:?workload}"; N1="${2:?n1}"; N2="${3:?n2}"
shift 3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
WB="${WB_JAR:-$ROOT/worker-bench/target/worker-bench-0.1.0-SNAPSHOT-all.jar}"
# The one-test problem sum1 is among the bench problems, the others among the examples.
PROBLEMS="$ROOT/examples/problems"
if grep -q 'problem: sum1$' "$WORKLOAD"; then PROBLEMS="$ROOT/bench/problems"; fi
CPUACCT="$(awk '$3 == "cgroup" && $4 ~ /(^|,)cpuacct(,|$)/ {print $2; exit}' /proc/mounts)"
if [ -z "$CPUACCT" ]; then echo "java-cpu: no cgroup v1 cpuacct hierarchy" >&2; exit 2; fi

# Prints the CPU nanoseconds of one `baseline --count N`.
cpu_of() {
  local group="$CPUACCT/verdict-java-cpu-$$-$1"
  mkdir "$group"
  (
    echo "$BASHPID" > "$group/cgroup.procs"
    exec "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$WB" baseline --workload "$WORKLOAD" \
      --problems "$PROBLEMS" --cores 1 --count "$1" "${@:2}"
  ) > "/tmp/verdict-java-cpu-$$-$1.log" 2>&1 || { cat "/tmp/verdict-java-cpu-$$-$1.log" >&2; exit 1; }
  grep -E '^(compile|test runs|verdicts)' "/tmp/verdict-java-cpu-$$-$1.log" | sed "s/^/  n=$1 /" >&2
  cat "$group/cpuacct.usage"
  rmdir "$group"
}

c1="$(cpu_of "$N1" "$@")"
c2="$(cpu_of "$N2" "$@")"
echo "$WORKLOAD $*: $(echo "($c2 - $c1) / ($N2 - $N1) / 1000000" | bc -l | xargs printf '%.0f') ms CPU per submission (n=$N1: $(echo "$c1/1000000" | bc) ms, n=$N2: $(echo "$c2/1000000" | bc) ms)"
