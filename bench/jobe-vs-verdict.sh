#!/usr/bin/env bash
# Side-by-side closed-loop throughput of Jobe and Verdict's Jobe facade on this machine: the same
# client (bench/jobe-load.py), the same one-test jobs (a+b in Python, C and Java: compile where the
# language does, then one run), Jobe and Verdict alternated round by round so that a drift of the
# machine touches both. Jobe must be installed (bench/jobe-install.sh) and answer on $JOBE_URL;
# Verdict is started with ./verdict up (one grader slot per core) unless it already answers on
# $VERDICT_URL, and stopped again at the end if this script started it.
#
#   flock /tmp/verdict-it.lock bench/jobe-vs-verdict.sh            # python3 c java, 4 and 1 clients
#   LANGS="python3" ROUNDS=3 SECONDS_PER_RUN=30 bench/jobe-vs-verdict.sh
#   UNIQUE=1 LANGS="c java" CLIENTS=4 bench/jobe-vs-verdict.sh     # a fresh source every job
#
# Before each language's runs, each server gets WARMUP_SECONDS (30; 0: none) of the same load,
# not recorded.
# Prints one JSON line per run (jobe-load.py's) and a summary of the medians per language.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBE_URL=${JOBE_URL:-http://127.0.0.1:4080}
VERDICT_URL=${VERDICT_URL:-http://127.0.0.1:${VERDICT_API_PORT:-8080}}
LANGS=${LANGS:-python3 c java}
CLIENTS=${CLIENTS:-4 1}
ROUNDS=${ROUNDS:-2}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
OUT=${OUT:-/tmp/jobe-vs-verdict.jsonl}
UNIQUE=${UNIQUE:-}

curl -sf "$JOBE_URL/jobe/index.php/restapi/languages" >/dev/null ||
  { echo "Jobe does not answer on $JOBE_URL (bench/jobe-install.sh)" >&2; exit 1; }
started=0
if ! curl -sf "$VERDICT_URL/readyz" >/dev/null; then
  ./verdict up >/dev/null
  started=1
fi
trap '[ "$started" = 0 ] || ./verdict down >/dev/null' EXIT
key=$(cat .verdict/admin.token)

: >"$OUT"
for lang in $LANGS; do
  # why: both servers run long in production; a first measured run right after ./verdict up would
  # time the JVMs' warm-up (just-in-time compilation) and Jobe's first PHP and Python starts.
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    for system in jobe verdict; do
      if [ "$system" = jobe ]; then url=$JOBE_URL; k=""; else url=$VERDICT_URL; k=$key; fi
      python3 bench/jobe-load.py --url "$url" ${k:+--key "$k"} --lang "$lang" \
        --clients "${CLIENTS%% *}" --seconds "$WARMUP_SECONDS" --label "warm-up $system" \
        ${UNIQUE:+--unique} >/dev/null
    done
  fi
  for clients in $CLIENTS; do
    for round in $(seq "$ROUNDS"); do
      for system in jobe verdict; do
        if [ "$system" = jobe ]; then url=$JOBE_URL; k=""; else url=$VERDICT_URL; k=$key; fi
        python3 bench/jobe-load.py --url "$url" ${k:+--key "$k"} --lang "$lang" \
          --clients "$clients" --seconds "$SECONDS_PER_RUN" --label "$system" ${UNIQUE:+--unique} |
          tee -a "$OUT"
      done
    done
  done
done

python3 - "$OUT" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
keys = sorted({(r["lang"], r["clients"]) for r in runs}, key=lambda k: (k[0], -k[1]))
print(f"{'lang':8} {'clients':>7} {'Jobe jobs/s':>11} {'Verdict jobs/s':>14} {'ratio':>6} {'Jobe p50':>9} {'Verdict p50':>11}")
for lang, clients in keys:
    def med(system, field):
        values = [r[field] for r in runs if (r["lang"], r["clients"], r["label"]) == (lang, clients, system) and r[field] is not None]
        return statistics.median(values) if values else None
    j, v = med("jobe", "jobs_per_s"), med("verdict", "jobs_per_s")
    ratio = f"{v / j:.1f}x" if j and v else "-"
    print(f"{lang:8} {clients:>7} {j:>11.1f} {v:>14.1f} {ratio:>6} {med('jobe', 'p50_ms'):>8.0f}ms {med('verdict', 'p50_ms'):>9.0f}ms")
bad = [r for r in runs if r["wrong"] or r["http_errors"] or r["io_errors"]]
print("runs with wrong answers or errors:", len(bad))
PY
