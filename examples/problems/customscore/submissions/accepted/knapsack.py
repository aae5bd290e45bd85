"""Exact subset sum over bit sets (Python integers), then walks back to find the parcels."""
n, capacity = map(int, input().split())
weights = list(map(int, input().split()))
mask = (1 << (capacity + 1)) - 1
reach = [1]
for w in weights:
    reach.append((reach[-1] | (reach[-1] << w)) & mask)
total = reach[-1].bit_length() - 1
chosen = []
for i in range(n, 0, -1):
    if not (reach[i - 1] >> total) & 1:
        chosen.append(i)
        total -= weights[i - 1]
print(len(chosen))
print(" ".join(map(str, sorted(chosen))))
