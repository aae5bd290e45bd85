"""Input validator: 'n W', then n weights in 1..W. Exit 42 when valid."""
import re
import sys

data = sys.stdin.read()
match = re.fullmatch(r"([1-9][0-9]*) ([1-9][0-9]*)\n((?:[1-9][0-9]*)(?: [1-9][0-9]*)*)\n", data)
ok = match is not None
if ok:
    n, w = int(match.group(1)), int(match.group(2))
    weights = [int(x) for x in match.group(3).split(" ")]
    ok = 1 <= n <= 100 and 1 <= w <= 10**5 and len(weights) == n and all(x <= w for x in weights)
sys.exit(42 if ok else 1)
