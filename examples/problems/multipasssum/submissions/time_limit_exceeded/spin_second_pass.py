"""Right in pass 1, then loops forever in pass 2: the time limit applies to each pass."""
import sys

lines = sys.stdin.read().split("\n")
if lines[0] == "1":
    print(sum(map(int, lines[2].split())))
else:
    while True:
        pass
