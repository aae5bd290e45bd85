"""Halves the range with every guess: at most 10 guesses for 1..1000."""
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
