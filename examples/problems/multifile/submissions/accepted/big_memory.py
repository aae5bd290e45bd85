# Touches 600 MiB: more than Verdict's own 256 MiB default, within the 2048 MiB a package without
# limits.memory gets (docs/problems.md §12.3).
block = bytearray(600 * 2**20)
block[:: 4096] = b"\x01" * len(range(0, len(block), 4096))
a, b = map(int, input().split())
print(a + b + block[0] - 1)
