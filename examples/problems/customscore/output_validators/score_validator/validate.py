"""Output validator of "customscore": checks the load and writes its score.

Run as: validate.py input_file answer_file feedback_dir/ < submission_output
The answer file holds a best load, in the output format; B is its total. A valid load of
total T is accepted (exit 42) with feedback_dir/score.txt = 10 * T / B; anything else is a
wrong answer (exit 43) and writes no score.txt.
"""
import os
import sys

ACCEPTED, WRONG_ANSWER = 42, 43


def reject(feedback, message):
    with open(os.path.join(feedback, "judgemessage.txt"), "w") as out:
        out.write(message + "\n")
    sys.exit(WRONG_ANSWER)


def load(tokens, n, weights):
    """The total weight of a load given as "k p1 .. pk", or an error message."""
    try:
        numbers = [int(t) for t in tokens[:102]]
    except ValueError:
        return None, "the output holds something that is not an integer"
    if not numbers or numbers[0] < 0 or len(tokens) != numbers[0] + 1:
        return None, "expected k and then k positions"
    positions = numbers[1:]
    if len(set(positions)) != len(positions) or any(not 1 <= p <= n for p in positions):
        return None, "the positions must be distinct and within 1..%d" % n
    return sum(weights[p - 1] for p in positions), None


def main():
    input_file, answer_file, feedback = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(input_file) as f:
        n, capacity, *weights = map(int, f.read().split())
    with open(answer_file) as f:
        best, problem = load(f.read().split(), n, weights)
    if problem is not None or not 0 < best <= capacity:
        raise SystemExit("validator failure: bad answer file: %s" % problem)
    total, problem = load(sys.stdin.read().split(), n, weights)
    if problem is not None:
        reject(feedback, problem)
    if total > capacity:
        reject(feedback, "the load weighs %d, more than %d" % (total, capacity))
    with open(os.path.join(feedback, "score.txt"), "w") as out:
        out.write("%.6f\n" % (10.0 * total / best))
    with open(os.path.join(feedback, "judgemessage.txt"), "w") as out:
        out.write("total %d of best %d\n" % (total, best))
    sys.exit(ACCEPTED)


main()
