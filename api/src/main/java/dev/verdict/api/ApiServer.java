package dev.verdict.api;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.rabbitmq.client.Connection;
import dev.verdict.api.access.Access;
import dev.verdict.api.access.Authenticator;
import dev.verdict.api.access.RateLimiter;
import dev.verdict.api.access.SessionRoutes;
import dev.verdict.api.access.Sessions;
import dev.verdict.api.access.TokenRoutes;
import dev.verdict.api.access.TokenStore;
import dev.verdict.api.contract.ContractRoutes;
import dev.verdict.api.health.HealthRoutes;
import dev.verdict.api.http.ErrorMapper;
import dev.verdict.api.http.FrontDoor;
import dev.verdict.api.http.HttpMetrics;
import dev.verdict.api.http.JsonErrorHandler;
import dev.verdict.api.http.StrictJson;
import dev.verdict.api.jobe.JobeRoutes;
import dev.verdict.api.language.LanguageRoutes;
import dev.verdict.api.problem.CurrentProblems;
import dev.verdict.api.problem.ProblemAdminRoutes;
import dev.verdict.api.problem.ProblemRoutes;
import dev.verdict.api.rejudge.RejudgeRoutes;
import dev.verdict.api.submission.CallbackUrls;
import dev.verdict.api.submission.StatusEvents;
import dev.verdict.api.submission.SubmissionRoutes;
import dev.verdict.api.system.SystemRoutes;
import dev.verdict.api.web.WebAssets;
import dev.verdict.api.web.WebRoutes;
import dev.verdict.common.access.Role;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.Json;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.config.ApiHttpConfig;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.lifecycle.Closer;
import dev.verdict.common.metrics.DependencyChecks;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.problem.LoadReport;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.redis.RedisConnections;
import dev.verdict.common.rejudge.RejudgeStore;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
  private final Closer resources;

  private ApiServer(Javalin app, Closer resources) {
    this.app = app;
    this.resources = resources;
  }

  public static ApiServer start(VerdictConfig config, Metrics observability) {
    MetricRegistry metrics = observability.registry();
    ApiConfig api = config.api();
    Closer resources = new Closer("api");
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
          new ProblemPackageLoader(blobs, problemStore, config.problems(), config.limits());
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
      TokenStore tokens = new TokenStore(database, metrics);
      Authenticator authenticator =
          new Authenticator(tokens, api.access().tokenCacheMs(), api.retryAfterSeconds());
      RateLimiter rateLimiter = new RateLimiter(redis, config.namespace(), api.access(), metrics);
      CurrentProblems problems = new CurrentProblems(problemStore, 1_000);
      SubmissionRoutes submissionRoutes =
          new SubmissionRoutes(
              api,
              mapper,
              problems,
              problemStore,
              database,
              config.enabledLanguages(),
              blobs,
              submissions,
              status,
              publisher,
              topology,
              new MessageCodec(),
              config.redis(),
              rateLimiter,
              config.webhooks(),
              metrics);
      resources.add(submissionRoutes);
      ApiHttpConfig http = api.http();
      FrontDoor frontDoor =
          new FrontDoor(
              http.maxRequestsInFlight(), http.maxRequestBytes(), api.retryAfterSeconds(), metrics);
      JsonErrorHandler errors = new JsonErrorHandler(metrics);

      Javalin app =
          Javalin.create(
              javalin -> {
                javalin.useVirtualThreads = http.virtualThreads();
                javalin.jetty.threadPool = threadPool(http);
                javalin.showJavalinBanner = false;
                javalin.jsonMapper(new JavalinJackson(mapper, true));
                // why: FrontDoor caps every body, chunked or not, and lets a route set its own
                // cap; Javalin's own check would only see declared lengths.
                javalin.http.maxRequestSize = Long.MAX_VALUE;
                javalin.http.prefer405over404 = true;
                javalin.startupWatcherEnabled = false;
                javalin.jetty.modifyServer(server -> server.setErrorHandler(errors));
                javalin.jetty.modifyServletContextHandler(
                    context -> {
                      context.setErrorHandler(errors);
                      context.addFilter(
                          new FilterHolder(frontDoor), "/*", EnumSet.of(DispatcherType.REQUEST));
                    });
                long maxPackageBytes = config.problems().maxPackageBytes();
                javalin.jetty.multipartConfig.maxFileSize(maxPackageBytes, SizeUnit.BYTES);
                javalin.jetty.multipartConfig.maxTotalRequestSize(
                    maxPackageBytes + 64 * 1024, SizeUnit.BYTES);
                // why: Java's default listen backlog is 50; a burst of clients connecting at
                // once (a deadline) would see connections refused before the API even saw them.
                javalin.jetty.addConnector(
                    (server, httpConfig) -> {
                      ServerConnector connector =
                          new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                      connector.setHost(api.host());
                      connector.setPort(api.port());
                      connector.setAcceptQueueSize(api.acceptBacklog());
                      connector.setIdleTimeout(http.idleTimeoutMs());
                      return connector;
                    });
                javalin.requestLogger.http(
                    (ctx, millis) -> HttpMetrics.record(metrics, ctx, millis));
              });
      ErrorMapper.install(app);
      Sessions sessions = new Sessions(redis, config.namespace());
      new WebRoutes(WebAssets.load()).register(app);
      Access.install(app, authenticator, sessions);
      new TokenRoutes(
              tokens,
              authenticator,
              new StrictJson(mapper),
              new CallbackUrls(config.webhooks())::check)
          .register(app);
      new SessionRoutes(sessions, tokens).register(app);
      submissionRoutes.register(app);
      new ProblemRoutes(
              problems,
              blobs,
              config.limits(),
              config.problems(),
              ctx -> Access.caller(ctx).role().seesEverything())
          .register(app);
      new ProblemAdminRoutes(loader, problemStore, problems, config.problems(), config.limits())
          .register(app, ctx -> Access.require(ctx, Role.STAFF));
      new RejudgeRoutes(submissions, problemStore, new RejudgeStore(database, metrics))
          .register(app);
      new SystemRoutes(submissions, rabbit, topology)
          .register(app, ctx -> Access.require(ctx, Role.STAFF));
      new LanguageRoutes(config.enabledLanguages()).register(app);
      HealthRoutes health = new HealthRoutes(observability);
      health.register(app);
      ContractRoutes.load().register(app);
      if (config.jobe().enabled()) {
        StatusEvents jobeEvents = new StatusEvents(config.redis(), status);
        resources.add(jobeEvents);
        JobeRoutes.create(
                config,
                database,
                blobs,
                status,
                submissions,
                jobeEvents,
                submissionRoutes.service(),
                authenticator,
                rateLimiter,
                new StrictJson(mapper),
                metrics)
            .register(app);
      }
      // why: closed first, so requests stop before what in-flight requests use is released; but
      // first the node drains: it says it is not ready for as long as a load balancer needs to
      // notice, stops accepting, and lets the requests that change something finish.
      resources.add(app::stop);
      resources.add(() -> drain(app, health, frontDoor, http));
      app.start();
      LOG.info("API listening on http://{}:{}", api.host(), app.port());
      return new ApiServer(app, resources);
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  /**
   * Takes the node out of service without failing what it holds: {@code /readyz} answers 503 for
   * {@code api.http.drainDelayMs}, then the listener closes (a balancer's next connection is
   * refused and retried elsewhere) and the requests in flight that change something (a Jobe run
   * waiting for its result, a submission being stored) get up to {@code api.http.drainTimeoutMs} to
   * finish. Reads (long polls, event streams) are cut when the server stops: their clients read
   * again, as after any dropped connection.
   */
  private static void drain(
      Javalin app, HealthRoutes health, FrontDoor frontDoor, ApiHttpConfig http)
      throws InterruptedException {
    health.drain();
    if (http.drainDelayMs() > 0) {
      LOG.info("Draining: /readyz answers 503 for {} ms", http.drainDelayMs());
      // why: a load balancer learns of the drain only at its next health check; until then it
      // still sends requests, which this node serves.
      Thread.sleep(http.drainDelayMs());
    }
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof NetworkConnector network) {
        network.shutdown();
      }
    }
    if (!frontDoor.awaitNoWrites(Duration.ofMillis(http.drainTimeoutMs()))) {
      LOG.warn(
          "Draining: requests still in flight after api.http.drainTimeoutMs={} are cut",
          http.drainTimeoutMs());
    }
  }

  /**
   * The server's threads: with {@code virtual}, requests run on virtual threads and the pool only
   * accepts and reads connections; with {@code platform}, the pool's threads serve the requests.
   */
  private static QueuedThreadPool threadPool(ApiHttpConfig http) {
    QueuedThreadPool pool = new QueuedThreadPool(http.maxThreads(), 8, 60_000);
    pool.setName("api-http");
    if (http.virtualThreads()) {
      pool.setVirtualThreadsExecutor(
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-request-", 0).factory()));
    }
    return pool;
  }

  public int port() {
    return app.port();
  }

  /**
   * Every route the router answers, as {@code "METHOD path"} in Javalin's path syntax ({@code
   * {id}}, {@code <name>}, {@code *}); before and after handlers left out.
   */
  public List<String> routes() {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
        .map(ParsedEndpoint::getEndpoint)
        .filter(endpoint -> endpoint.getMethod().isHttpMethod())
        .map(endpoint -> endpoint.getMethod().name() + " " + endpoint.getPath())
        .toList();
  }

  @Override
  public void close() {
    resources.close();
  }
}
