package dev.verdict.loadgen.streams;

import dev.verdict.loadgen.cli.ApiOptions;
import dev.verdict.loadgen.cli.DurationConverter;
import dev.verdict.loadgen.client.SubmitResult;
import dev.verdict.loadgen.client.VerdictClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code load-gen streams}: holds many event streams open and reports what they cost the API. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Holds N event streams open on one API and reports its memory and threads.",
    description = {
      "Submits --submissions submissions, opens --streams event streams"
          + " (GET /api/v1/submissions/{id}/events) spread over them, holds them for --hold and"
          + " reports: streams opened, time to each stream's first event, events and keep-alives"
          + " received, streams that ended early; and the API process's resident memory and OS"
          + " threads (--api-pid) and heap, JVM threads and open streams (its /metrics) before and"
          + " while the streams are open. Run it against an API without a grader worker, so the"
          + " submissions stay queued and the streams idle.",
      "",
      "Example: load-gen streams --streams 2000 --hold 60s --api-pid .verdict/run/api.pid",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every stream stayed open", "1:some stream failed or ended early"})
public final class StreamsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ApiOptions api = new ApiOptions();

  @Option(
      names = "--streams",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Streams to open (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(
      names = "--submissions",
      paramLabel = "N",
      defaultValue = "2000",
      description = "Submissions the streams follow, round robin (default: ${DEFAULT-VALUE}).")
  int submissions;

  @Option(
      names = "--hold",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to hold every stream open (default: ${DEFAULT-VALUE}).")
  Duration hold;

  @Option(
      names = "--api-pid",
      paramLabel = "PID|FILE",
      description = "The API's PID, or a file holding it, for its memory and OS threads.")
  String apiPid;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (streams < 1 || submissions < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--streams and --submissions must be at least 1");
    }
    Long pid = apiPid == null ? null : pid(apiPid);
    String authorization = "Bearer " + (api.token() == null ? "" : api.token());
    List<String> ids = submit(out);
    ApiSample before = ApiSample.take(api.url(), pid);

    String base = api.url().toString().replaceAll("/+$", "");
    List<OpenStream> open = new ArrayList<>(streams);
    long opening = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      OpenStream stream =
          new OpenStream(
              URI.create(base + "/api/v1/submissions/" + ids.get(i % ids.size()) + "/events"),
              authorization);
      open.add(stream);
      stream.start();
    }
    int withEvent = 0;
    for (OpenStream stream : open) {
      if (stream.awaitFirstEvent(60_000) && stream.firstEventNanos() >= 0) {
        withEvent++;
      }
    }
    double openSeconds = (System.nanoTime() - opening) / 1e9;
    out.printf(
        "opened %d streams, %d with a first event, in %.1f s%n", streams, withEvent, openSeconds);
    out.flush();
    Thread.sleep(hold.toMillis());
    ApiSample during = ApiSample.take(api.url(), pid);
    long stillOpen = open.stream().filter(OpenStream::open).count();
    long keepAlives = open.stream().mapToLong(OpenStream::keepAlives).sum();
    long events = open.stream().mapToLong(OpenStream::events).sum();
    long[] firstMs =
        open.stream()
            .mapToLong(OpenStream::firstEventNanos)
            .filter(n -> n >= 0)
            .map(n -> n / 1_000_000)
            .sorted()
            .toArray();
    open.forEach(OpenStream::close);

    out.printf(
        "held %d s: %d of %d streams still open; %d events, %d keep-alives (%.1f per stream)%n",
        hold.toSeconds(), stillOpen, streams, events, keepAlives, (double) keepAlives / streams);
    out.printf(
        "first event: p50 %d ms, p99 %d ms, max %d ms%n",
        percentile(firstMs, 50), percentile(firstMs, 99), percentile(firstMs, 100));
    out.printf("api before: %s%n", describe(before));
    out.printf("api open:   %s%n", describe(during));
    if (before.rssKb() >= 0 && during.rssKb() >= 0) {
      out.printf(
          "per stream: %.1f KiB resident, %.1f KiB heap; OS threads %+d%n",
          (during.rssKb() - before.rssKb()) / (double) streams,
          (during.heapUsedBytes() - before.heapUsedBytes()) / 1024.0 / streams,
          during.osThreads() - before.osThreads());
    }
    List<String> failures =
        open.stream().map(OpenStream::failure).filter(f -> f != null).distinct().toList();
    if (!failures.isEmpty()) {
      out.printf("failures: %s%n", failures);
    }
    out.flush();
    return stillOpen == streams ? 0 : 1;
  }

  private List<String> submit(PrintWriter out) {
    String body =
        "{\"problem\": \"sum\", \"language\": \"python3\", \"files\": [{\"name\": \"main.py\","
            + " \"content\": \"a, b = map(int, input().split())\\nprint(a + b)\\n\"}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<String> ids = new ArrayList<>(submissions);
    try (VerdictClient client = new VerdictClient(api.url(), Duration.ofSeconds(30), api.token())) {
      for (int i = 0; i < submissions; i++) {
        SubmitResult result = client.submit(bytes);
        if (result instanceof SubmitResult.Accepted accepted) {
          ids.add(accepted.id());
        } else {
          throw new IllegalStateException("submission " + i + " was not accepted: " + result);
        }
      }
    }
    out.printf("submitted %d submissions%n", ids.size());
    return ids;
  }

  private static String describe(ApiSample sample) {
    return String.format(
        "RSS %s, OS threads %s, heap used %s, JVM threads %s, open streams %s",
        sample.rssKb() < 0 ? "?" : String.format("%.1f MiB", sample.rssKb() / 1024.0),
        sample.osThreads() < 0 ? "?" : sample.osThreads(),
        sample.heapUsedBytes() < 0
            ? "?"
            : String.format("%.1f MiB", sample.heapUsedBytes() / 1024.0 / 1024.0),
        sample.jvmThreads() < 0 ? "?" : sample.jvmThreads(),
        sample.openStreams() < 0 ? "?" : sample.openStreams());
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static long pid(String value) throws java.io.IOException {
    String text = value.strip();
    if (!text.chars().allMatch(Character::isDigit)) {
      text =
          Arrays.stream(Files.readString(Path.of(text)).strip().split("\\s+"))
              .findFirst()
              .orElse("");
    }
    return Long.parseLong(text);
  }
}
