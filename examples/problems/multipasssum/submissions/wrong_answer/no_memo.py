"""Keeps nothing in its memo, so the second pass can only guess: wrong in pass 2."""
import sys

lines = sys.stdin.read().split("\n")
print("nothing" if lines[0] == "1" else 0)
