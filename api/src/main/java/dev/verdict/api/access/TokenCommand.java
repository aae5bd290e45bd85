package dev.verdict.api.access;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoClient;
import dev.verdict.common.cli.ConfigOptions;
import dev.verdict.common.config.ConfigException;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.mongo.MongoConnections;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code verdict-api token create|list|revoke|ensure}: manages the API's tokens directly in
 * MongoDB, so the first admin token can be made before anyone can call the API.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke the API's bearer tokens (in MongoDB, as mongo.* says).",
    subcommands = {
      TokenCreateCommand.class,
      TokenListCommand.class,
      TokenRevokeCommand.class,
      TokenEnsureCommand.class
    })
public final class TokenCommand implements Callable<Integer> {
  @Mixin ConfigOptions config = new ConfigOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Runs {@code work} against the token store; exit 2 on bad configuration. */
  int withStore(PrintWriter err, Function<TokenStore, Integer> work) {
    VerdictConfig loaded;
    try {
      loaded = config.load(List.of());
    } catch (ConfigException e) {
      err.println("verdict-api token: " + e.getMessage());
      return 2;
    }
    try (MongoClient mongo = MongoConnections.open(loaded.mongo(), "verdict-api-token")) {
      return work.apply(
          new TokenStore(mongo.getDatabase(loaded.mongo().database()), new MetricRegistry()));
    }
  }
}
