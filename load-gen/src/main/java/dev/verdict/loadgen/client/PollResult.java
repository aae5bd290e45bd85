package dev.verdict.loadgen.client;

/** What came of one status {@code GET}. */
public sealed interface PollResult {

  /** 200 with a readable body. */
  record Status(StatusView view) implements PollResult {}

  /**
   * No usable answer: {@code kind} is {@code poll-http-<status>}, {@code poll-timeout}, {@code
   * poll-connection} or {@code poll-bad-body}.
   */
  record Failed(String kind) implements PollResult {}
}
