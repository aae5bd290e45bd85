"""Finds the number, then computes forever: the validator has accepted the guesses,
but the program is still running at its CPU time limit, so TIME_LIMIT_EXCEEDED."""
lo, hi = 1, 1000
while True:
    guess = (lo + hi) // 2
    print(guess, flush=True)
    answer = input().strip()
    if answer == "correct":
        break
    if answer == "higher":
        lo = guess + 1
    else:
        hi = guess - 1
while True:
    pass
