"""Closed form with Python's unbounded integers: every group."""
n = int(input())
print(n * (n + 1) // 2)
