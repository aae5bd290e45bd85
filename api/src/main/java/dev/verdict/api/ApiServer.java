package dev.verdict.api;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.rabbitmq.client.Connection;
import dev.verdict.api.health.HealthRoutes;
import dev.verdict.api.http.ErrorMapper;
import dev.verdict.api.http.HttpMetrics;
import dev.verdict.api.language.LanguageRoutes;
import dev.verdict.api.problem.CurrentProblems;
import dev.verdict.api.problem.ProblemAdminRoutes;
import dev.verdict.api.problem.ProblemRoutes;
import dev.verdict.api.submission.SubmissionRoutes;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.Json;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.DependencyChecks;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.problem.LoadReport;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.redis.RedisConnections;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The running HTTP API. Requests are served on virtual threads, so a request waiting on MongoDB,
 * Redis or a RabbitMQ confirm holds no platform thread and never queues other requests behind it.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Javalin app;
  private final List<AutoCloseable> resources;

  private ApiServer(Javalin app, List<AutoCloseable> resources) {
    this.app = app;
    this.resources = resources;
  }

  public static ApiServer start(VerdictConfig config, Metrics observability) {
    MetricRegistry metrics = observability.registry();
    ApiConfig api = config.api();
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      MongoClient mongo = MongoConnections.open(config.mongo(), "verdict-api");
      resources.add(mongo);
      JedisPooled redis = RedisConnections.open(config.redis());
      resources.add(redis);
      Connection rabbit = RabbitConnections.open(config.rabbitmq(), "verdict-api");
      resources.add(() -> rabbit.close(5_000));

      MongoDatabase database = mongo.getDatabase(config.mongo().database());
      BlobStore blobs = new BlobStore(database, metrics);
      ProblemStore problemStore = new ProblemStore(database, metrics);
      SubmissionStore submissions = new SubmissionStore(database, metrics);
      StatusStore status =
          new StatusStore(redis, config.namespace(), config.redis().statusTtlSeconds(), metrics);
      DependencyChecks.rabbitmq(observability.health(), rabbit);
      DependencyChecks.redis(observability.health(), redis);
      DependencyChecks.mongodb(observability.health(), database);
      Topology topology = new Topology(config.namespace());
      topology.declare(rabbit, config.rabbitmq().taskDeliveryLimit());
      ConfirmingPublisher publisher =
          new ConfirmingPublisher(
              rabbit, Duration.ofMillis(config.rabbitmq().confirmTimeoutMs()), metrics);
      resources.add(publisher);

      ProblemPackageLoader loader =
          new ProblemPackageLoader(blobs, problemStore, config.problems());
      if (!api.problemsDir().isEmpty()) {
        LoadReport report = loader.loadAll(Path.of(api.problemsDir()));
        LOG.info(
            "Loaded {} problems from {}: {}; skipped {}",
            report.loaded().size(),
            api.problemsDir(),
            report.loaded().stream().map(ProblemVersion::problemId).toList(),
            report.skipped().stream().map(LoadReport.Skipped::folder).toList());
      }

      ObjectMapper mapper = Json.mapper();
      CurrentProblems problems = new CurrentProblems(problemStore, 1_000);
      SubmissionRoutes submissionRoutes =
          new SubmissionRoutes(
              api,
              mapper,
              problems,
              config.enabledLanguages().keySet(),
              blobs,
              submissions,
              status,
              publisher,
              topology,
              new MessageCodec(),
              config.redis(),
              metrics);
      resources.add(submissionRoutes);

      Javalin app =
          Javalin.create(
              javalin -> {
                javalin.useVirtualThreads = true;
                javalin.showJavalinBanner = false;
                javalin.jsonMapper(new JavalinJackson(mapper, true));
                // why: JSON escaping can make content up to six times larger than the files.
                javalin.http.maxRequestSize = api.maxTotalBytes() * 6L + 64 * 1024;
                javalin.startupWatcherEnabled = false;
                long maxPackageBytes = config.problems().maxPackageBytes();
                javalin.jetty.multipartConfig.maxFileSize(maxPackageBytes, SizeUnit.BYTES);
                javalin.jetty.multipartConfig.maxTotalRequestSize(
                    maxPackageBytes + 64 * 1024, SizeUnit.BYTES);
                // why: Java's default listen backlog is 50; a burst of clients connecting at
                // once (a deadline) would see connections refused before the API even saw them.
                javalin.jetty.addConnector(
                    (server, http) -> {
                      ServerConnector connector =
                          new ServerConnector(server, new HttpConnectionFactory(http));
                      connector.setHost(api.host());
                      connector.setPort(api.port());
                      connector.setAcceptQueueSize(api.acceptBacklog());
                      return connector;
                    });
                javalin.requestLogger.http(
                    (ctx, millis) -> HttpMetrics.record(metrics, ctx, millis));
              });
      ErrorMapper.install(app);
      submissionRoutes.register(app);
      // why: until callers are known by their tokens, nobody is known to be staff, so no
      // caller sees secret test data.
      new ProblemRoutes(problems, blobs, config.limits(), config.problems(), ctx -> false)
          .register(app);
      new ProblemAdminRoutes(loader, problemStore, problems, config.problems(), config.limits())
          .register(app);
      new LanguageRoutes(config.enabledLanguages()).register(app);
      new HealthRoutes(observability).register(app);
      app.start();
      LOG.info("API listening on http://{}:{}", api.host(), app.port());
      return new ApiServer(app, resources);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    // why: stop taking requests first, then release what in-flight requests were using.
    app.stop();
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.debug("closing {}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
      }
    }
  }
}
