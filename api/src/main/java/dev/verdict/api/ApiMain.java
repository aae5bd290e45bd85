package dev.verdict.api;

import dev.verdict.api.access.TokenCommand;
import dev.verdict.common.cli.ConfigOptions;
import dev.verdict.common.config.ConfigException;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The API process. */
@Command(
    name = "verdict-api",
    mixinStandardHelpOptions = true,
    version = "verdict-api 0.1.0",
    description = {
      "Serves the Verdict HTTP API on 127.0.0.1: POST and GET /api/v1/submissions,"
          + " GET /api/v1/submissions/{id}[/events], GET /api/v1/problems[/{id}[/versions]],"
          + " POST /api/v1/problems, PUT and DELETE /api/v1/problems/{id},"
          + " GET /api/v1/languages, POST, GET and DELETE /api/v1/tokens, /healthz and /readyz."
          + " Every endpoint but /healthz, /readyz and /metrics needs a bearer token: make the"
          + " first with 'token create --role admin'. Optionally loads problem packages at"
          + " start-up, skipping (and logging) those it cannot use."
    },
    subcommands = TokenCommand.class,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:failed at run time", "2:bad configuration or usage"})
public final class ApiMain implements Callable<Integer> {

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (api.port).")
  Integer port;

  @Option(
      names = "--problems",
      paramLabel = "DIR",
      description = "Load every problem package in DIR at start-up (api.problemsDir).")
  String problemsDir;

  @Override
  public Integer call() throws InterruptedException {
    List<String> extra = new ArrayList<>();
    if (port != null) {
      extra.add("api.port=" + port);
    }
    if (problemsDir != null) {
      extra.add("api.problemsDir=" + problemsDir);
    }
    VerdictConfig loaded;
    try {
      loaded = config.load(extra);
    } catch (ConfigException e) {
      System.err.println("verdict-api: " + e.getMessage());
      return 2;
    }
    Metrics metrics = Metrics.of("verdict.api");
    ApiServer server = ApiServer.start(loaded, metrics);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "api-shutdown"));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ApiMain()).execute(args));
  }
}
