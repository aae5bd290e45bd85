"""Spools the input to a file in the working directory, then sums what it reads back.

Fails loudly if a file of an earlier run is still there: every run starts afresh.
"""
import os
import sys

if os.path.exists("spool.txt"):
    raise SystemExit("spool.txt of an earlier run is visible")
with open("spool.txt", "w") as spool:
    spool.write(sys.stdin.read())
with open("spool.txt") as spool:
    print(sum(int(word) for word in spool.read().split()))
os.remove("spool.txt")
os.mkdir("left-behind")
