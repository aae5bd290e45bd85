package dev.verdict.system;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoClient;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.verdict.api.ApiServer;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.dispatcher.Dispatcher;
import dev.verdict.mongostandin.MongoStandIn;
import dev.verdict.worker.GraderWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A whole Verdict in this JVM: the MongoDB stand-in, the API on a free port, the dispatcher and a
 * grader worker, all in a namespace of their own on the machine's real RabbitMQ and Redis.
 */
final class VerdictCluster implements AutoCloseable {
  final VerdictConfig config;
  final MongoStandIn mongo;
  final ApiServer api;
  final Dispatcher dispatcher;

  /** The worker in this JVM, or null when the test runs its workers as processes. */
  final GraderWorker worker;

  private VerdictCluster(
      VerdictConfig config,
      MongoStandIn mongo,
      ApiServer api,
      Dispatcher dispatcher,
      GraderWorker worker) {
    this.config = config;
    this.mongo = mongo;
    this.api = api;
    this.dispatcher = dispatcher;
    this.worker = worker;
  }

  static VerdictCluster start(Path temp, List<String> overrides) {
    return start(temp, overrides, true);
  }

  /**
   * The same without a grader worker in this JVM: the tests that run workers as processes of their
   * own (on hosts of their own) start them.
   */
  static VerdictCluster startWithoutWorker(Path temp, List<String> overrides) {
    return start(temp, overrides, false);
  }

  private static VerdictCluster start(Path temp, List<String> overrides, boolean withWorker) {
    try {
      // why: the sandbox uids must be able to reach the work directory below the test's temp dir.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MongoStandIn mongo = MongoStandIn.inMemory();
    List<String> settings = new ArrayList<>();
    settings.add("namespace=verdict-it-" + UUID.randomUUID().toString().substring(0, 8));
    settings.add("mongo.uri=" + mongo.uri());
    settings.add("api.port=0");
    settings.add("dispatcher.adminPort=0");
    settings.add("worker.adminPort=0");
    settings.add(
        "api.problemsDir=" + Path.of("..", "examples", "problems").toAbsolutePath().normalize());
    settings.add("worker.workDir=" + temp.resolve("work"));
    settings.add("worker.cacheDir=" + temp.resolve("cache"));
    settings.addAll(overrides);
    VerdictConfig config = ConfigLoader.load(null, Map.of(), settings);
    ApiServer api = ApiServer.start(config, Metrics.of("verdict-it.api"));
    Dispatcher dispatcher = Dispatcher.start(config, Metrics.of("verdict-it.dispatcher"));
    GraderWorker worker =
        withWorker ? GraderWorker.start(config, Metrics.of("verdict-it.worker")) : null;
    return new VerdictCluster(config, mongo, api, dispatcher, worker);
  }

  /** A new token of {@code role} for this cluster's API, named {@code name}. */
  String token(String name, Role role) {
    try (MongoClient client = MongoConnections.open(config.mongo(), "verdict-it-tokens")) {
      return new TokenStore(client.getDatabase(config.mongo().database()), new MetricRegistry())
          .create(name, role, null, System.currentTimeMillis())
          .token();
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + api.port();
  }

  @Override
  public void close() throws Exception {
    if (worker != null) {
      worker.close();
    }
    dispatcher.close();
    api.close();
    try (Connection rabbit = RabbitConnections.open(config.rabbitmq(), "verdict-it-cleanup");
        Channel channel = rabbit.createChannel()) {
      new Topology(config.namespace()).delete(channel);
    }
    mongo.close();
  }
}
