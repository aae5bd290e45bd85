#!/usr/bin/env python3
"""CPU time per run of a program outside any sandbox: runs it N times with INPUT on stdin and
prints the children's user and system CPU per run, and the wall time.

    bench/unsandboxed-cpu.py N INPUT COMMAND...
    e.g. bench/unsandboxed-cpu.py 300 bench/problems/sum1/data/secret/1.in python3 /tmp/main.py
"""
import resource
import subprocess
import sys
import time

n, stdin, command = int(sys.argv[1]), open(sys.argv[2], "rb").read(), sys.argv[3:]
start = time.monotonic()
for _ in range(n):
    subprocess.run(command, input=stdin, stdout=subprocess.DEVNULL, check=True)
wall = time.monotonic() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(
    f"{n} runs: {1000 * (used.ru_utime + used.ru_stime) / n:.2f} ms CPU per run"
    f" (user {1000 * used.ru_utime / n:.2f}, system {1000 * used.ru_stime / n:.2f}),"
    f" wall {1000 * wall / n:.2f} ms"
)
