"""Heaviest parcels first, each one if it still fits: a valid load, often a little light.
ACCEPTED with less than 100 points."""
n, capacity = map(int, input().split())
weights = list(map(int, input().split()))
chosen, total = [], 0
for i in sorted(range(n), key=lambda i: -weights[i]):
    if total + weights[i] <= capacity:
        chosen.append(i + 1)
        total += weights[i]
print(len(chosen))
print(" ".join(map(str, sorted(chosen))))
