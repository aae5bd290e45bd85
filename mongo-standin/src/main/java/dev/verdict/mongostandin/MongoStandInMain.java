package dev.verdict.mongostandin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the MongoDB stand-in as its own process for the single-machine mode of ./verdict up. */
@Command(
    name = "verdict-mongo-standin",
    mixinStandardHelpOptions = true,
    version = "verdict-mongo-standin 0.1.0",
    description = {
      "Serves the MongoDB wire protocol on 127.0.0.1 from an H2 file, for machines where no"
          + " mongod can be installed. Not for production: point mongo.uri at a real MongoDB there."
    })
public final class MongoStandInMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(MongoStandInMain.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "27017",
      description = "Port to bind (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--file",
      defaultValue = ".verdict/data/mongo.h2",
      description = "H2 file holding the data (default: ${DEFAULT-VALUE}).")
  Path file;

  @Option(
      names = "--page-split-bytes",
      defaultValue = "" + MongoStandIn.DEFAULT_PAGE_SPLIT_BYTES,
      description =
          "Size in bytes above which a page of the H2 file's B-trees is split; smaller pages mean"
              + " less rewritten at each autosave (default: ${DEFAULT-VALUE}; H2's own: 49152).")
  int pageSplitBytes;

  @Override
  public Integer call() throws Exception {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (pageSplitBytes < 512) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--page-split-bytes must be at least 512, not " + pageSplitBytes);
    }
    MongoStandIn server = MongoStandIn.persistent(file, host, port, pageSplitBytes);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "mongo-standin-shutdown"));
    LOG.info("MongoDB stand-in listening on {} (data in {})", server.uri(), file);
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new MongoStandInMain()).execute(args));
  }
}
