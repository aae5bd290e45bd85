package dev.verdict.api.health;

import com.codahale.metrics.health.HealthCheck;
import dev.verdict.api.access.Access;
import dev.verdict.common.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code GET /healthz}: the process is alive. {@code GET /readyz}: the health checks of RabbitMQ,
 * Redis and MongoDB pass, so submissions can be accepted; 503 naming what does not. {@code GET
 * /metrics}: every metric in the Prometheus text format. The three need no token: the API binds
 * loopback by default, and a deployment that exposes it keeps them behind its proxy. Once the node
 * {@link #drain drains}, {@code /readyz} answers 503 whatever the checks say, so that a load
 * balancer sends it nothing new while it finishes what it holds.
 */
public final class HealthRoutes {
  private final Metrics metrics;
  private volatile boolean draining;

  public HealthRoutes(Metrics metrics) {
    this.metrics = metrics;
  }

  public void register(Javalin app) {
    app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")), Access.PUBLIC);
    app.get("/readyz", this::ready, Access.PUBLIC);
    app.get("/metrics", this::metrics, Access.PUBLIC);
  }

  /** From now on {@code /readyz} answers 503 {@code "draining"}. */
  public void drain() {
    draining = true;
  }

  private void ready(Context ctx) {
    if (draining) {
      ctx.status(503).json(Map.of("status", "draining"));
      return;
    }
    SortedMap<String, HealthCheck.Result> results = metrics.health().runHealthChecks();
    Map<String, String> checks = new LinkedHashMap<>();
    results.forEach(
        (name, result) ->
            checks.put(
                name,
                result.isHealthy()
                    ? "ok"
                    : String.valueOf(
                        result.getMessage() != null
                            ? result.getMessage()
                            : result.getError() == null
                                ? "failing"
                                : result.getError().toString())));
    boolean ready = results.values().stream().allMatch(HealthCheck.Result::isHealthy);
    ctx.status(ready ? 200 : 503)
        .json(Map.of("status", ready ? "ready" : "not ready", "checks", checks));
  }

  private void metrics(Context ctx) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    metrics.writePrometheus(body);
    ctx.contentType(Metrics.PROMETHEUS_CONTENT_TYPE).result(body.toByteArray());
  }
}
