"""Finds the number, then sleeps with stdout still open. The validator waits for more
output, this program waits for nothing: both are stopped at the interaction's wall-clock
limit. Little CPU is used, yet the verdict is TIME_LIMIT_EXCEEDED, not a judge error."""
import time

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
time.sleep(10**6)
