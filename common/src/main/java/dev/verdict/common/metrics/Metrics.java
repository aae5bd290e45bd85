package dev.verdict.common.metrics;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import com.codahale.metrics.jvm.ThreadStatesGaugeSet;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One process's metrics: a Dropwizard registry (names {@code verdict.<module>.<what>}), its health
 * checks, its JMX exposure, and its Prometheus text rendering for {@code /metrics}.
 */
public final class Metrics implements AutoCloseable {
  public static final String PROMETHEUS_CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final MetricRegistry registry;
  private final HealthCheckRegistry health = new HealthCheckRegistry();
  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final JmxReporter jmx;

  /**
   * @param jmxDomain the JMX domain the metrics appear under, e.g. {@code verdict.api}
   */
  public Metrics(MetricRegistry registry, String jmxDomain) {
    this.registry = registry;
    registry.register("jvm.memory", new MemoryUsageGaugeSet());
    registry.register("jvm.gc", new GarbageCollectorMetricSet());
    registry.register("jvm.threads", new ThreadStatesGaugeSet());
    DropwizardExports.builder().dropwizardRegistry(registry).register(prometheus);
    this.jmx = JmxReporter.forRegistry(registry).inDomain(jmxDomain).build();
    jmx.start();
  }

  /** A registry and exposure for processes that do not care about the domain (tests, tools). */
  public static Metrics of(String jmxDomain) {
    return new Metrics(new MetricRegistry(), jmxDomain);
  }

  public MetricRegistry registry() {
    return registry;
  }

  public HealthCheckRegistry health() {
    return health;
  }

  /** Writes every metric in the Prometheus text exposition format. */
  public void writePrometheus(OutputStream out) throws IOException {
    writer.write(out, prometheus.scrape());
  }

  @Override
  public void close() {
    jmx.stop();
  }
}
