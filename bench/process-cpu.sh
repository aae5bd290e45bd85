# Per-process CPU accounting over a measured window, for the bench scripts (sourced, not run).
#
# The caller fills the associative array WATCH (name -> PID); jobs are counted by the dispatcher
# (admin port 9091) and the slots' busy time by the worker (admin port 9092). A
# watched name starting with "spawner" is a slot's spawner: its own CPU counts as "spawners", its
# reaped children's (launcher, bubblewrap, the program) as "sandboxes".
#
#   a="$(snapshot)"; sleep 30; b="$(snapshot)"; per_job "$a" "$b"

# The dispatcher's count of recorded results (its verdict meters, summed).
graded() {
  curl -fsS http://127.0.0.1:9091/metrics |
    awk '/^verdict_dispatcher_verdict_[A-Z_]+_total / {s += $2} END {printf "%d\n", s}'
}

# The worker's slots' busy milliseconds, summed.
busy_ms() {
  curl -fsS http://127.0.0.1:9092/metrics |
    awk '/^verdict_worker_slot_[0-9]+_busy_ms(_total)? / {s += $2} END {printf "%d\n", s}'
}

# utime+stime and cutime+cstime of a process, in clock ticks: "own reaped".
ticks() { awk '{print $14 + $15, $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo "0 0"; }

# One line: name=own,reaped for every watched process, then the machine's busy and total ticks.
snapshot() {
  local name line=""
  for name in "${!WATCH[@]}"; do line+="$name=$(ticks "${WATCH[$name]}" | tr ' ' ,) "; done
  echo "$line machine=$(awk '/^cpu / {b = $2 + $3 + $4 + $7 + $8 + $9; print b "," b + $5 + $6}' /proc/stat) graded=$(graded) busy=$(busy_ms) at=$(date +%s%N)"
}

# Prints CPU ms per finished job of each part between two snapshots, the machine's busy CPU per
# job, and how busy the slots ($SLOTS of them, default 2) were over the window's wall time.
per_job() {
  python3 - "$1" "$2" "$(getconf CLK_TCK)" "${SLOTS:-2}" <<'PY'
import sys
def parse(line):
    d = {}
    for item in line.split():
        k, v = item.split("=")
        d[k] = [int(x) for x in v.split(",")]
    return d
a, b, hz, slots = parse(sys.argv[1]), parse(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
n = b["graded"][0] - a["graded"][0]
wall = (b["at"][0] - a["at"][0]) / 1e9
ms = lambda t: t * 1000.0 / hz / n
parts = {}
spawner_own = spawner_reaped = 0
for k in a:
    if k in ("graded", "machine", "busy", "at"):
        continue
    own = b[k][0] - a[k][0]
    reaped = b[k][1] - a[k][1]
    if k.startswith("spawner"):
        spawner_own += own
        spawner_reaped += reaped
    else:
        parts[k] = ms(own)
parts["spawners"] = ms(spawner_own)
parts["sandboxes"] = ms(spawner_reaped)
slots_busy = (b["busy"][0] - a["busy"][0]) / 1000.0
busy = b["machine"][0] - a["machine"][0]
total = b["machine"][1] - a["machine"][1]
order = ["api", "dispatcher", "mongo", "rabbitmq", "redis", "load-gen", "client", "worker",
         "spawners", "sandboxes"]
text = ", ".join(f"{k} {parts[k]:.2f}" for k in order if k in parts)
print(f"graded {n} in {wall:.1f} s ({n / wall:.2f}/s); CPU ms per job: {text};"
      f" sum {sum(parts.values()):.2f}; machine busy {ms(busy):.2f} ({100.0 * busy / total:.1f}%);"
      f" slots grading {1000.0 * slots_busy / n:.1f} ms per job, busy {100.0 * slots_busy / wall / slots:.0f}%")
PY
}
