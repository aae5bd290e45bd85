package dev.verdict.worker;

import dev.verdict.common.cli.ConfigOptions;
import dev.verdict.common.config.ConfigException;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The grader worker process. */
@Command(
    name = "verdict-worker",
    mixinStandardHelpOptions = true,
    version = "verdict-worker 0.1.0",
    description = {
      "Grades submissions: one slot per CPU core, each pinned to its core, pulling grading tasks"
          + " from RabbitMQ, compiling and running them in a sandbox (worker.sandbox) and reporting"
          + " per-test verdicts.",
      "Needs root (or a delegated cgroup) to create cgroups and switch to the sandbox uids."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:failed at run time", "2:bad configuration or usage"})
public final class GraderWorkerMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(GraderWorkerMain.class);

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--cores",
      paramLabel = "N",
      description = "Grading slots, one per core; 0 = every allowed core (worker.cores).")
  Integer cores;

  @Option(
      names = "--reserve-cores",
      paramLabel = "N",
      description = "Cores left to the control plane (worker.reserveCores).")
  Integer reserveCores;

  @Option(
      names = "--prefetch",
      paramLabel = "N",
      description = "Tasks each slot holds unacknowledged (worker.prefetch).")
  Integer prefetch;

  @Override
  public Integer call() throws InterruptedException {
    List<String> extra = new ArrayList<>();
    if (cores != null) {
      extra.add("worker.cores=" + cores);
    }
    if (reserveCores != null) {
      extra.add("worker.reserveCores=" + reserveCores);
    }
    if (prefetch != null) {
      extra.add("worker.prefetch=" + prefetch);
    }
    VerdictConfig loaded;
    try {
      loaded = config.load(extra);
    } catch (ConfigException e) {
      System.err.println("verdict-worker: " + e.getMessage());
      return 2;
    }
    GraderWorker worker = GraderWorker.start(loaded, Metrics.of("verdict.worker"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                },
                "worker-shutdown"));
    LOG.info("Worker {} ready", worker.workerId());
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new GraderWorkerMain()).execute(args));
  }
}
