"""Input validator of a first pass: '1', n, then n integers. Exit 42 when valid."""
import re
import sys

lines = sys.stdin.read().split("\n")
ok = len(lines) == 4 and lines[0] == "1" and lines[3] == ""
if ok and re.fullmatch(r"[1-9][0-9]*", lines[1]):
    n = int(lines[1])
    numbers = lines[2].split(" ")
    ok = (
        1 <= n <= 10**5
        and len(numbers) == n
        and all(re.fullmatch(r"-?(0|[1-9][0-9]{0,9})", x) for x in numbers)
        and all(abs(int(x)) <= 10**9 for x in numbers)
        and all(x != "-0" for x in numbers)
    )
else:
    ok = False
sys.exit(42 if ok else 1)
