"""Tries every subset: instant for a dozen parcels, hopeless for a hundred."""
n, capacity = map(int, input().split())
weights = list(map(int, input().split()))
best, best_mask = -1, 0
for mask in range(1 << n):
    total = sum(weights[i] for i in range(n) if mask >> i & 1)
    if best < total <= capacity:
        best, best_mask = total, mask
chosen = [i + 1 for i in range(n) if best_mask >> i & 1]
print(len(chosen))
print(" ".join(map(str, chosen)))
