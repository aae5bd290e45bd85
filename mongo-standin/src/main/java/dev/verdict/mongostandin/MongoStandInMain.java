package dev.verdict.mongostandin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  @Override
  public Integer call() throws Exception {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MongoStandIn server = MongoStandIn.persistent(file, host, port);
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
