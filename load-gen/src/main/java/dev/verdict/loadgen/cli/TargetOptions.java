package dev.verdict.loadgen.cli;

import dev.verdict.loadgen.client.PollSettings;
import dev.verdict.loadgen.client.VerdictClient;
import dev.verdict.loadgen.workload.Workload;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that sends submissions to the API: where, what and how. */
public final class TargetOptions {

  @Mixin ApiOptions api = new ApiOptions();

  @Mixin WorkloadOptions workload = new WorkloadOptions();

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      defaultValue = "20ms",
      converter = DurationConverter.class,
      description =
          "Wait before each status GET after any progress; end-to-end latencies are measured to"
              + " about this resolution (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--max-poll-interval",
      paramLabel = "DURATION",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description =
          "Longest wait between status GETs once backoff has grown it (default: ${DEFAULT-VALUE}).")
  Duration maxPollInterval;

  @Option(
      names = "--poll-backoff",
      paramLabel = "FACTOR",
      defaultValue = "1.5",
      description =
          "Per submission, each GET that shows no change multiplies the wait by FACTOR; progress"
              + " resets it (default: ${DEFAULT-VALUE}; 1 = fixed interval).")
  double pollBackoff;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Give up on a submission not DONE this long after its POST; counted as"
              + " timeout-waiting-for-done (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Longest wait for one HTTP answer (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "Open loop: most submissions followed at once; arrivals beyond are dropped and counted"
              + " (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Mixin ReportOptions report = new ReportOptions();

  @Option(
      names = "--long-poll",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Follow each submission with long polls (GET ...?until=result, then ?until=done, with"
              + " waitMs): the API answers the moment the first test result, then the final one,"
              + " exists, so a submission costs about three requests and no polling delay. 0 polls"
              + " on the --poll-interval schedule instead (default: ${DEFAULT-VALUE}).")
  Duration longPoll;

  @Option(
      names = "--progress-every",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "When not on a terminal, print a progress line this often (default: ${DEFAULT-VALUE};"
              + " 0 = never). On a terminal one line is updated every second.")
  int progressEvery;

  public Workload workload() {
    return workload.workload();
  }

  public String workloadSpec() {
    return workload.spec();
  }

  public PollSettings polling() {
    return new PollSettings(pollInterval, maxPollInterval, pollBackoff, longPoll);
  }

  /** The polling settings for a report, in milliseconds. */
  public Map<String, Object> pollingSummary() {
    Map<String, Object> polling = new LinkedHashMap<>();
    polling.put("intervalMs", pollInterval.toNanos() / 1e6);
    polling.put("maxIntervalMs", maxPollInterval.toNanos() / 1e6);
    polling.put("backoff", pollBackoff);
    return polling;
  }

  public Duration timeout() {
    return timeout;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  /** The seed given, or one picked now and kept for the report. */
  public long seed() {
    return workload.seed();
  }

  public Path out() {
    return report.out();
  }

  public URI url() {
    return api.url();
  }

  public int progressEvery() {
    return progressEvery;
  }

  public VerdictClient client() {
    return new VerdictClient(api.url(), requestTimeout, api.token());
  }
}
