"""Input validator: one line holding the hidden number, 1 <= x <= 1000. Exit 42 when valid."""
import re
import sys

data = sys.stdin.read()
if not re.fullmatch(r"[1-9][0-9]{0,3}\n", data) or not 1 <= int(data) <= 1000:
    sys.exit(1)
sys.exit(42)
