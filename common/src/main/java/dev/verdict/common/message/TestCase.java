package dev.verdict.common.message;

/**
 * One test of a problem version.
 *
 * @param name e.g. {@code secret/02-negative}
 * @param inputSha256 GridFS id of the input
 * @param answerSha256 GridFS id of the expected answer
 * @param weight points for passing it
 */
public record TestCase(String name, String inputSha256, String answerSha256, int weight) {}
