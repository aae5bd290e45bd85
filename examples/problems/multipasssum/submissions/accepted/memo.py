"""Pass 1 writes the sum as the memo; pass 2 subtracts what is left from it."""
import sys

lines = sys.stdin.read().split("\n")
if lines[0] == "1":
    print(sum(map(int, lines[2].split())))
else:
    print(int(lines[1]) - sum(map(int, lines[3].split())))
