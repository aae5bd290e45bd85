"""Multi-pass output validator of "multipasssum" (Kattis/ICPC conventions).

Run as: validate.py input_file answer_file feedback_dir/ < submission_output
The answer file holds "k value": the 1-based position of the number taken away in pass 2
and that number. In pass 1 (input starts with "1") the submission's output is a memo; the
validator copies it into feedback_dir/nextpass.in with the remaining numbers and exits 42,
which asks the judge for another pass. In pass 2 (input starts with "2") it checks the
recovered number and exits 42 or 43 without writing nextpass.in, which ends the test.
"""
import os
import re
import sys

ACCEPTED, WRONG_ANSWER = 42, 43


def note(feedback, message):
    # why: the feedback directory persists across passes, so messages are appended.
    with open(os.path.join(feedback, "judgemessage.txt"), "a") as out:
        out.write(message + "\n")


def reject(feedback, message):
    note(feedback, message)
    sys.exit(WRONG_ANSWER)


def main():
    input_file, answer_file, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(input_file) as f:
        lines = f.read().split("\n")
    with open(answer_file) as f:
        position, value = map(int, f.read().split())
    tokens = sys.stdin.read().split()
    if lines[0] == "1":
        numbers = lines[2].split()
        if len(tokens) != 1 or not re.fullmatch(r"[-+0-9A-Za-z]{1,40}", tokens[0]):
            reject(feedback, "pass 1: expected one memo word of at most 40 characters, got %d tokens" % len(tokens))
        rest = numbers[: position - 1] + numbers[position:]
        with open(os.path.join(feedback, "nextpass.in"), "w") as out:
            out.write("2\n%s\n%d\n%s\n" % (tokens[0], len(rest), " ".join(rest)))
        note(feedback, "pass 1: memo '%s', number %d taken away" % (tokens[0], position))
        sys.exit(ACCEPTED)
    if lines[0] != "2":
        raise SystemExit("validator failure: unknown pass marker %r" % lines[0][:20])
    if len(tokens) != 1 or not re.fullmatch(r"-?[0-9]{1,19}", tokens[0]):
        reject(feedback, "pass 2: expected one integer, got %d tokens" % len(tokens))
    if int(tokens[0]) != value:
        reject(feedback, "pass 2: recovered %s, the number taken away was %d" % (tokens[0], value))
    note(feedback, "pass 2: recovered %d" % value)
    sys.exit(ACCEPTED)


main()
