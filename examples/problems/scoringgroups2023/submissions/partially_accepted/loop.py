"""Adds the numbers one by one: fine up to a million (groups 1 and 2, 50 points), far too
slow from 2^31 on (group 3). ACCEPTED with 50 of 100."""
n = int(input())
total = 0
for i in range(n + 1):
    total += i
print(total)
