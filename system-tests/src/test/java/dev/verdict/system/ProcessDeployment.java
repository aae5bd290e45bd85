package dev.verdict.system;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.worker.sandbox.WorkArea;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Verdict whose components are processes of their own ({@link Component}), on the services of a
 * {@link ServicesExtension}, with the short fault-test timings: outbox sweeps every second, a 3 s
 * grace, 3 s core leases, one core per worker. Closing it kills whatever it still runs.
 */
final class ProcessDeployment implements AutoCloseable {
  private final ServicesExtension services;
  private final Path temp;
  private final List<Component> running = new ArrayList<>();

  ProcessDeployment(ServicesExtension services, Path temp) {
    this.services = services;
    this.temp = temp;
  }

  /** Starts {@code module} (api, dispatcher, grader-worker) with {@code extra} settings on top. */
  synchronized Component start(String module, List<String> extra) {
    List<String> overrides = new ArrayList<>();
    overrides.add("api.port=0");
    overrides.add("dispatcher.adminPort=0");
    overrides.add("worker.adminPort=0");
    overrides.add(
        "api.problemsDir=" + Path.of("..", "examples", "problems").toAbsolutePath().normalize());
    overrides.add("rabbitmq.confirmTimeoutMs=5000");
    overrides.add("dispatcher.outboxSweepIntervalMs=1000");
    overrides.add("dispatcher.outboxGraceMs=3000");
    overrides.add("api.publishedFlagIntervalMs=500");
    overrides.add("worker.cores=1");
    overrides.add("worker.reserveCores=0");
    overrides.add("worker.coreLeaseTtlMs=3000");
    overrides.addAll(extra);
    Component component = Component.start(module, services.settings(overrides));
    running.add(component);
    return component;
  }

  /** The work and cache directories of a worker named {@code name}, kept across its restarts. */
  List<String> workerDirs(String name) {
    return List.of(
        "worker.workDir=" + temp.resolve(name).resolve("work"),
        "worker.cacheDir=" + temp.resolve(name).resolve("cache"));
  }

  /** A new staff token for the API. */
  String staffToken() {
    return new TokenStore(services.mongo().database(), new MetricRegistry())
        .create("faults-staff", Role.STAFF, null, System.currentTimeMillis())
        .token();
  }

  /** The worker slot that last started submission {@code id} (its live status), or "" if none. */
  String runnerOf(String id) {
    StatusStore status =
        new StatusStore(
            services.redis().client(), services.namespace(), 3_600, new MetricRegistry());
    String worker = services.redis().client().hgetAll(status.key(id)).get("worker");
    return worker == null ? "" : worker;
  }

  /** SIGKILL of {@code component}, by its pid. */
  void kill(Component component) {
    try {
      component.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    synchronized (this) {
      running.remove(component);
    }
  }

  /** SIGTERM of {@code component}; returns its exit status. */
  int stop(Component component) throws InterruptedException {
    int status = component.stop();
    synchronized (this) {
      running.remove(component);
    }
    return status;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    for (Component component : running) {
      component.close();
    }
    running.clear();
    // why: a killed worker leaves its slots' work areas mounted until a worker takes over its
    // cores; none will once the test ends, and the temporary directory cannot be removed with
    // mounts in it.
    WorkArea.release(temp);
    removeNetworkNamespaces(services.namespace() + "-");
  }

  /**
   * Removes the network namespaces named {@code prefix...}: a worker killed with SIGKILL cannot
   * remove its slots' ({@code SlotNetwork}); a restarted worker of the same deployment replaces
   * them by name, but this deployment's names are the test's alone, so none would.
   */
  private static void removeNetworkNamespaces(String prefix) throws InterruptedException {
    File[] left = new File("/run/netns").listFiles((dir, name) -> name.startsWith(prefix));
    for (File netns : left == null ? new File[0] : left) {
      try {
        Process ip =
            new ProcessBuilder("/usr/sbin/ip", "netns", "delete", netns.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!ip.waitFor(10, TimeUnit.SECONDS) || ip.exitValue() != 0) {
          throw new IllegalStateException("ip netns delete " + netns.getName() + " failed");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
