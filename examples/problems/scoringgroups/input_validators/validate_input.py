"""Input validator: one integer n per file, within the bounds of the group.

The bounds come as flags from input_validator_flags in testdata.yaml: "min=<a> max=<b>".
Exit 42 when valid.
"""
import re
import sys

bounds = {"min": 0, "max": 10**18}
for flag in sys.argv[1:]:
    key, _, value = flag.partition("=")
    bounds[key] = int(value)
data = sys.stdin.read()
ok = re.fullmatch(r"(0|[1-9][0-9]{0,18})\n", data) is not None
ok = ok and bounds["min"] <= int(data) <= bounds["max"]
sys.exit(42 if ok else 1)
