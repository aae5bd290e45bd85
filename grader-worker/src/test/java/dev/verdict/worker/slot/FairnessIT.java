package dev.verdict.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.testing.HostGcc;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.sandbox.BubblewrapSandbox;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Termination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test whose time limit is twice what the program needs on an idle machine never times out when
 * every slot is busy and the host is loaded besides: CPU time, not wall time, is what is limited,
 * and each slot's runs have their core to themselves among slots.
 */
class FairnessIT {
  private static final String SPIN =
      """
      #include <stdio.h>
      int main(void) {
        volatile unsigned long x = 0;
        for (unsigned long i = 0; i < 150000000UL; i++) x += i * i;
        printf("%lu\\n", x);
        return 0;
      }
      """;

  @TempDir Path temp;

  private Path compile() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path box = temp.resolve("box");
    Files.createDirectories(box);
    HostGcc.compile(SPIN, box.resolve("spin"), "-O2");
    return box;
  }

  private static RunResult run(BubblewrapSandbox sandbox, Path box, ResourceLimits limits) {
    return sandbox.run(
        new RunRequest(List.of("./spin"), box, false, null, limits, List.of(), Map.of()));
  }

  @Test
  void a_time_limit_at_twice_the_idle_cpu_time_holds_under_full_load() throws Exception {
    Path box = compile();
    try (CgroupDriver cgroups = CgroupDriver.detect("verdict-fairness-test")) {
      measure(box, cgroups);
    }
  }

  private void measure(Path box, CgroupDriver cgroups) throws Exception {
    List<Integer> cores = Cores.allowed();
    List<BubblewrapSandbox> sandboxes = new ArrayList<>();
    for (int i = 0; i < cores.size(); i++) {
      sandboxes.add(
          new BubblewrapSandbox(
              cgroups.forSlot(i, cores.get(i)),
              temp.resolve("scratch-" + i),
              62_000 + cores.get(i),
              "/usr/bin/bwrap"));
    }
    try {
      ResourceLimits generous = LimitsConfig.defaults().runDefaults().withTime(20_000, 60_000);
      List<Double> idle = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RunResult result = run(sandboxes.get(0), box, generous);
        assertThat(result.succeeded()).isTrue();
        idle.add(result.cpuTimeMs());
      }
      idle.sort(null);
      long limitMs = Math.round(idle.get(1) * 2);
      ResourceLimits tight = generous.withTime(limitMs, limitMs * 4 + 2_000);

      AtomicBoolean loading = new AtomicBoolean(true);
      List<Thread> hostLoad = new ArrayList<>();
      for (int i = 0; i < cores.size(); i++) {
        // why: unpinned busy threads stand for the control plane competing for every core.
        hostLoad.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      long x = 0;
                      while (loading.get()) {
                        x += System.nanoTime() % 7;
                      }
                      assertThat(x).isNotNegative();
                    }));
      }
      List<RunResult> loaded = new ArrayList<>();
      try (ExecutorService slots = Executors.newFixedThreadPool(sandboxes.size())) {
        List<Future<List<RunResult>>> perSlot = new ArrayList<>();
        for (BubblewrapSandbox sandbox : sandboxes) {
          perSlot.add(
              slots.submit(
                  () -> {
                    List<RunResult> results = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                      results.add(run(sandbox, box, tight));
                    }
                    return results;
                  }));
        }
        for (Future<List<RunResult>> results : perSlot) {
          loaded.addAll(results.get());
        }
      } finally {
        loading.set(false);
        for (Thread thread : hostLoad) {
          thread.join();
        }
      }

      assertThat(loaded)
          .as("limit %d ms, idle CPU times %s", limitMs, idle)
          .allSatisfy(
              result -> {
                assertThat(result.termination()).isEqualTo(Termination.EXITED);
                assertThat(result.cpuTimeMs()).isLessThan((double) limitMs);
              });
    } finally {
      sandboxes.forEach(BubblewrapSandbox::close);
    }
  }
}
