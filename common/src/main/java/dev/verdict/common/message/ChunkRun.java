package dev.verdict.common.message;

/**
 * How one part of a submission's tests was graded ({@link TestChunk}): where, when, and which
 * tests.
 *
 * @param first the position of the part's first test among all the submission's tests
 * @param tests how many tests the part has
 */
public record ChunkRun(int first, int tests, String workerId, long startedAt, long finishedAt) {}
