package dev.verdict.common.config;

/**
 * The dispatcher. Key prefix {@code dispatcher.}.
 *
 * @param submissionPrefetch unacknowledged submissions the dispatcher holds at once
 * @param resultPrefetch unacknowledged final results the dispatcher holds at once
 * @param outboxSweepIntervalMs how often to look for stored but unpublished submissions
 * @param outboxGraceMs how old an unpublished submission must be before the sweeper publishes it
 *     (the API normally publishes within milliseconds)
 * @param adminHost address of the admin port ({@code /metrics}, {@code /healthz})
 * @param adminPort the admin port; 0 picks a free one
 * @param rejudge how rejudges are run
 * @param bulkQueue rejudges and batch submissions go to the bulk task queue, which slots take from
 *     only when no interactive task waits (or every {@code worker.bulkEvery} tasks); false puts
 *     every task in the one interactive queue, first come first served
 * @param testChunkSize 0 grades a submission as one task on one slot; N splits the tests of a
 *     submission with more than N into tasks of N tests each, graded on several slots at once (a
 *     problem with test groups is never split)
 */
public record DispatcherConfig(
    Integer submissionPrefetch,
    Integer resultPrefetch,
    Integer outboxSweepIntervalMs,
    Integer outboxGraceMs,
    String adminHost,
    Integer adminPort,
    DispatcherRejudgeConfig rejudge,
    Boolean bulkQueue,
    Integer testChunkSize) {

  public static final int DEFAULT_SUBMISSION_PREFETCH = 64;
  public static final int DEFAULT_RESULT_PREFETCH = 256;
  public static final int DEFAULT_OUTBOX_SWEEP_INTERVAL_MS = 30_000;
  public static final int DEFAULT_OUTBOX_GRACE_MS = 30_000;
  public static final int DEFAULT_ADMIN_PORT = 9091;
  public static final int DEFAULT_TEST_CHUNK_SIZE = 0;

  public DispatcherConfig {
    submissionPrefetch =
        Check.intIn(
            "dispatcher.submissionPrefetch",
            submissionPrefetch,
            DEFAULT_SUBMISSION_PREFETCH,
            1,
            10_000);
    resultPrefetch =
        Check.intIn(
            "dispatcher.resultPrefetch", resultPrefetch, DEFAULT_RESULT_PREFETCH, 1, 10_000);
    outboxSweepIntervalMs =
        Check.intIn(
            "dispatcher.outboxSweepIntervalMs",
            outboxSweepIntervalMs,
            DEFAULT_OUTBOX_SWEEP_INTERVAL_MS,
            100,
            3_600_000);
    outboxGraceMs =
        Check.intIn(
            "dispatcher.outboxGraceMs", outboxGraceMs, DEFAULT_OUTBOX_GRACE_MS, 100, 86_400_000);
    adminHost = Check.host("dispatcher.adminHost", adminHost, "127.0.0.1");
    adminPort = Check.intIn("dispatcher.adminPort", adminPort, DEFAULT_ADMIN_PORT, 0, 65535);
    rejudge = rejudge == null ? DispatcherRejudgeConfig.defaults() : rejudge;
    bulkQueue = Check.bool(bulkQueue, true);
    testChunkSize =
        Check.intIn("dispatcher.testChunkSize", testChunkSize, DEFAULT_TEST_CHUNK_SIZE, 0, 10_000);
  }

  public static DispatcherConfig defaults() {
    return new DispatcherConfig(null, null, null, null, null, null, null, null, null);
  }
}
