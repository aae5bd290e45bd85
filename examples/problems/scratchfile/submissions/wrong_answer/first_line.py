"""Sums only the first line."""
print(sum(int(word) for word in input().split()))
