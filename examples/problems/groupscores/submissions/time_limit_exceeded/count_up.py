# Counts to 2n one by one: fine up to 10^6, far too slow beyond: 30 of 60 points.
n = int(input())
total = 0
for _ in range(2 * n):
    total += 1
print(total)
