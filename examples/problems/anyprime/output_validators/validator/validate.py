"""Output validator for 'anyprime' (Kattis conventions).

Run as: validate.py input answer feedback_dir < team_output
Exit 42 when the output is one prime in [a, b], 43 otherwise, with the reason in
feedback_dir/judgemessage.txt.
"""
import os
import sys


def wrong(feedback, message):
    with open(os.path.join(feedback, "judgemessage.txt"), "w") as out:
        out.write(message + "\n")
    sys.exit(43)


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def main():
    input_file, _answer_file, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(input_file) as f:
        a, b = map(int, f.read().split())
    tokens = sys.stdin.read().split()
    if len(tokens) != 1:
        wrong(feedback, "expected exactly one number, got %d tokens" % len(tokens))
    try:
        p = int(tokens[0])
    except ValueError:
        wrong(feedback, "'%s' is not an integer" % tokens[0][:40])
    if not a <= p <= b:
        wrong(feedback, "%d is outside [%d, %d]" % (p, a, b))
    if not is_prime(p):
        wrong(feedback, "%d is not prime" % p)
    sys.exit(42)


main()
