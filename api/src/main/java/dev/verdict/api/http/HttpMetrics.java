package dev.verdict.api.http;

import com.codahale.metrics.MetricRegistry;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Per-endpoint request timers ({@code verdict.api.http.<method>.<route>}: rate and latency) and
 * response counts per status class ({@code verdict.api.http.responses.2xx}).
 */
public final class HttpMetrics {
  private HttpMetrics() {}

  public static void record(MetricRegistry metrics, Context ctx, float millis) {
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      // why: a request no route matched has no route path; asking for it throws.
      route = "";
    }
    String name =
        route.isEmpty() || route.equals("*")
            ? "unmatched"
            : route.replaceAll("[{}]", "").replace('/', '.').replaceAll("^\\.+", "");
    metrics
        .timer("verdict.api.http." + ctx.method().name().toLowerCase(Locale.ROOT) + "." + name)
        .update((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    metrics.meter("verdict.api.http.responses." + ctx.statusCode() / 100 + "xx").mark();
  }
}
