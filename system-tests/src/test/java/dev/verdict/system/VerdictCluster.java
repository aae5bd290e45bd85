package dev.verdict.system;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoDatabase;
import dev.verdict.api.ApiServer;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.Dispatcher;
import dev.verdict.worker.GraderWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole Verdict in this JVM: the API on a free port, the dispatcher and a grader worker, on the
 * services of a {@link ServicesExtension} (the MongoDB stand-in and the machine's real RabbitMQ and
 * Redis, in the extension's namespace). Closing it stops the three; the extension removes what they
 * stored.
 */
final class VerdictCluster implements AutoCloseable {
  final VerdictConfig config;
  final ServicesExtension services;
  final ApiServer api;
  final Dispatcher dispatcher;

  /** The worker in this JVM, or null when the test runs its workers as processes. */
  final GraderWorker worker;

  /** The metrics of {@link #worker}. */
  final MetricRegistry workerMetrics;

  private VerdictCluster(
      VerdictConfig config,
      ServicesExtension services,
      ApiServer api,
      Dispatcher dispatcher,
      GraderWorker worker,
      MetricRegistry workerMetrics) {
    this.config = config;
    this.services = services;
    this.api = api;
    this.dispatcher = dispatcher;
    this.worker = worker;
    this.workerMetrics = workerMetrics;
  }

  static VerdictCluster start(ServicesExtension services, Path temp, List<String> overrides) {
    return start(services, temp, overrides, true);
  }

  /**
   * The same without a grader worker in this JVM: the tests that run workers as processes of their
   * own (on hosts of their own) start them.
   */
  static VerdictCluster startWithoutWorker(
      ServicesExtension services, Path temp, List<String> overrides) {
    return start(services, temp, overrides, false);
  }

  private static VerdictCluster start(
      ServicesExtension services, Path temp, List<String> overrides, boolean withWorker) {
    try {
      // why: the sandbox uids must be able to reach the work directory below the test's temp dir.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> settings = new ArrayList<>();
    settings.add("api.port=0");
    settings.add("dispatcher.adminPort=0");
    settings.add("worker.adminPort=0");
    settings.add(
        "api.problemsDir=" + Path.of("..", "examples", "problems").toAbsolutePath().normalize());
    settings.add("worker.workDir=" + temp.resolve("work"));
    settings.add("worker.cacheDir=" + temp.resolve("cache"));
    settings.addAll(overrides);
    VerdictConfig config = services.config(settings);
    ApiServer api = ApiServer.start(config, Metrics.of("verdict-it.api"));
    Dispatcher dispatcher = Dispatcher.start(config, Metrics.of("verdict-it.dispatcher"));
    Metrics workerMetrics = Metrics.of("verdict-it.worker");
    GraderWorker worker = withWorker ? GraderWorker.start(config, workerMetrics) : null;
    return new VerdictCluster(config, services, api, dispatcher, worker, workerMetrics.registry());
  }

  /** A new token of {@code role} for this cluster's API, named {@code name}. */
  String token(String name, Role role) {
    return new TokenStore(database(), new MetricRegistry())
        .create(name, role, null, System.currentTimeMillis())
        .token();
  }

  /** The cluster's MongoDB database. */
  MongoDatabase database() {
    return services.mongo().database();
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
  }
}
