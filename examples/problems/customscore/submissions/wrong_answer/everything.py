"""Loads every parcel: always too heavy on the secret tests, so every test is a wrong
answer and no score.txt is written."""
n, capacity = map(int, input().split())
print(n)
print(" ".join(str(i) for i in range(1, n + 1)))
