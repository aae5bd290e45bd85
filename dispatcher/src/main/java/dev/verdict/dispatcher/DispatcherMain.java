package dev.verdict.dispatcher;

import dev.verdict.common.cli.ConfigOptions;
import dev.verdict.common.config.ConfigException;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The dispatcher process. */
@Command(
    name = "verdict-dispatcher",
    mixinStandardHelpOptions = true,
    version = "verdict-dispatcher 0.1.0",
    description = {
      "Turns queued submissions into grading tasks, records the workers' final results in"
          + " MongoDB (durable) and Redis (live), POSTs results to the submissions' callback URLs,"
          + " finishes abandoned tasks as INTERNAL_ERROR and publishes submissions whose publish"
          + " was never confirmed."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:failed at run time", "2:bad configuration or usage"})
public final class DispatcherMain implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Override
  public Integer call() throws InterruptedException {
    VerdictConfig loaded;
    try {
      loaded = config.load(List.of());
    } catch (ConfigException e) {
      System.err.println("verdict-dispatcher: " + e.getMessage());
      return 2;
    }
    Dispatcher dispatcher = Dispatcher.start(loaded, Metrics.of("verdict.dispatcher"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dispatcher.close();
                  stopped.countDown();
                },
                "dispatcher-shutdown"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DispatcherMain()).execute(args));
  }
}
