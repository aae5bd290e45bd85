#!/usr/bin/env python3
"""Closed-loop load on a Jobe REST API (Jobe itself or Verdict's facade): CLIENTS threads each send
one POST runs, wait for its answer, check it and send the next, for SECONDS. Prints one JSON line:
jobs/s, latency percentiles, outcome counts, and how many answers were wrong.

  bench/jobe-load.py --url http://127.0.0.1:4080 --lang python3 --clients 4 --seconds 20 [--key K]

With --unique each job's source differs (a comment with a fresh number at its end), so that no
compiled program or cached file of an earlier job can serve it: a compile on every job.
"""
import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse

PROGRAMS = {
    "python3": ("prog.py", "a, b = map(int, input().split())\nprint(a + b)\n"),
    "c": ("prog.c", "#include <stdio.h>\nint main(void) {\n  long a, b;\n"
          "  if (scanf(\"%ld %ld\", &a, &b) != 2) return 1;\n  printf(\"%ld\\n\", a + b);\n"
          "  return 0;\n}\n"),
    "java": ("Main.java", "import java.util.Scanner;\npublic class Main {\n"
             "  public static void main(String[] args) {\n    Scanner in = new Scanner(System.in);\n"
             "    long a = in.nextLong(), b = in.nextLong();\n    System.out.println(a + b);\n"
             "  }\n}\n"),
}


COMMENTS = {"python3": "# {}\n", "c": "/* {} */\n", "java": "// {}\n"}


def worker(url, lang, key, deadline, results, lock, unique):
    parsed = urllib.parse.urlparse(url)
    name, source = PROGRAMS[lang]
    headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
    if key:
        headers["X-API-KEY"] = key
    conn = None
    while time.monotonic() < deadline:
        a, b = random.randint(1, 10**6), random.randint(1, 10**6)
        text = source + COMMENTS[lang].format(random.getrandbits(64)) if unique else source
        body = json.dumps({"run_spec": {"language_id": lang, "sourcecode": text,
                                        "sourcefilename": name, "input": f"{a} {b}\n"}})
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
            conn.request("POST", "/jobe/index.php/restapi/runs", body, headers)
            response = conn.getresponse()
            text = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as e:
            conn = None
            with lock:
                results["errors"].append(repr(e))
            continue
        elapsed = time.monotonic() - started
        if status != 200:
            with lock:
                results["status"][status] = results["status"].get(status, 0) + 1
            continue
        answer = json.loads(text)
        outcome = answer.get("outcome")
        right = outcome == 15 and answer.get("stdout") == f"{a + b}\n"
        with lock:
            results["outcomes"][outcome] = results["outcomes"].get(outcome, 0) + 1
            if right:
                if time.monotonic() <= deadline:
                    results["latencies"].append(elapsed)
            elif outcome == 15:
                results["wrong"] += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--lang", required=True, choices=sorted(PROGRAMS))
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--key", default=None)
    parser.add_argument("--label", default="")
    parser.add_argument("--unique", action="store_true", help="a different source for every job")
    args = parser.parse_args()
    lock = threading.Lock()
    if args.warmup > 0:
        warm = {"latencies": [], "outcomes": {}, "status": {}, "errors": [], "wrong": 0}
        run(args, time.monotonic() + args.warmup, warm, lock)
    results = {"latencies": [], "outcomes": {}, "status": {}, "errors": [], "wrong": 0}
    started = time.monotonic()
    run(args, started + args.seconds, results, lock)
    latencies = sorted(results["latencies"])

    def pct(p):
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]) if latencies else None

    print(json.dumps({
        "label": args.label, "url": args.url, "lang": args.lang, "clients": args.clients,
        "unique": args.unique,
        "seconds": args.seconds, "jobs": len(latencies),
        "jobs_per_s": round(len(latencies) / args.seconds, 2),
        "p50_ms": pct(0.50), "p95_ms": pct(0.95),
        "outcomes": results["outcomes"], "http_errors": results["status"],
        "io_errors": len(results["errors"]), "wrong": results["wrong"],
    }), flush=True)


def run(args, deadline, results, lock):
    threads = [threading.Thread(target=worker, args=(args.url, args.lang, args.key, deadline, results, lock, args.unique))
               for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
