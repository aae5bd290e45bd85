package dev.verdict.common.message;

/**
 * One part of a submission's tests, graded as a task of its own so that several slots grade one
 * submission at once ({@code dispatcher.testChunkSize}); the dispatcher puts the parts' results
 * back in test order.
 *
 * @param index which part, from 0, in test order
 * @param count how many parts the submission's grading has
 * @param first the position of the part's first test among all the submission's tests
 * @param stopOnFailure whether the submission's grading stops at its first failing test, so that
 *     the parts after one with a failing test do not count
 * @param maxScore the submission's highest score, over every part
 */
public record TestChunk(int index, int count, int first, boolean stopOnFailure, double maxScore) {
  public TestChunk {
    if (count < 1 || index < 0 || index >= count || first < 0) {
      throw new IllegalArgumentException(
          "chunk " + index + " of " + count + " from test " + first + " is not a part");
    }
  }
}
