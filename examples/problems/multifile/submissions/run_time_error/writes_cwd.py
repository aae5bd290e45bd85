"""Writes a scratch file into its working directory.

This package (2023-07) does not set allow_file_writing, so the working directory is read-only
to runs (docs/problems.md §16): the write fails and the program dies of it.
"""
with open("scratch.txt", "w") as scratch:
    scratch.write(input())
print(sum(map(int, open("scratch.txt").read().split())))
