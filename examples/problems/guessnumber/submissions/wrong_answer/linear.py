"""Guesses 1, 2, 3, ...: right only for tiny numbers, out of guesses otherwise.

When the validator gives up after ten guesses it exits (wrong answer) first; this program
then crashes on the end of its input. The validator's rejection stands: WRONG_ANSWER.
"""
guess = 1
while True:
    print(guess, flush=True)
    if input().strip() == "correct":
        break
    guess += 1
