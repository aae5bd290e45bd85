"""Halves the range, logging each guess to a file in its working directory.

A legacy package lets a run write its working directory (docs/problems.md §16): the log is
created afresh in every run, so a log left by another run would be a judge fault.
"""
import os

if os.path.exists("guesses.log"):
    raise SystemExit("a previous run's guesses.log is visible")
lo, hi = 1, 1000
with open("guesses.log", "w") as log:
    while True:
        guess = (lo + hi) // 2
        log.write(f"{guess}\n")
        print(guess, flush=True)
        answer = input().strip()
        if answer == "correct":
            break
        if answer == "higher":
            lo = guess + 1
        else:
            hi = guess - 1
