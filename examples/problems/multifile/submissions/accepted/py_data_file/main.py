# Reads a data file submitted beside it, from the working directory.
with open("offset.txt") as f:
    offset = int(f.read())
a, b = map(int, input().split())
print(a + b + offset)
