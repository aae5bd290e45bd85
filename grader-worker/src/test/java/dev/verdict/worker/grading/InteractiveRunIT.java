package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SlotSandboxes;
import dev.verdict.worker.sandbox.WorkArea;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An interactive run's two programs, each in a sandbox of the slot as the worker makes them: what
 * each can learn of the pipes between them.
 */
class InteractiveRunIT {
  /** Prints what the shell's standard input and output and its mounts show, to its stderr. */
  private static final String LOOK =
      "fds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1); echo \"$fds\" >&2; cat /proc/self/mountinfo >&2;";

  @TempDir Path temp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "worker.sandbox=builtin",
        "worker.sandbox=bubblewrap",
        "worker.sandbox=bubblewrap,worker.launcher=shell",
        "worker.sandbox=docker"
      })
  void neither_program_sees_the_host_path_of_the_pipes_between_them(String settings)
      throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> overrides =
        new ArrayList<>(List.of("worker.uidBase=63400", "worker.cgroupFavorDynmods=false"));
    overrides.addAll(List.of(settings.split(",")));
    VerdictConfig config = ConfigLoader.load(null, Map.of(), overrides);
    MetricRegistry metrics = new MetricRegistry();
    Path data = Files.createDirectories(temp.resolve("verdict-data"));
    CgroupDriver cgroups = CgroupDriver.detect("verdict-interactive-test");
    try (SlotSandboxes sandboxes =
            new SlotSandboxes(
                config.worker(), "verdict-it-ia", cgroups, data.resolve("bin"), metrics);
        Sandbox submission = sandboxes.forSlot(0, 0, data.resolve("scratch"));
        Sandbox validator = sandboxes.forPeer(0, 0, data.resolve("peer-scratch"));
        WorkArea area = WorkArea.mount(data.resolve("runs"), 16L << 20, 1_024);
        ExecutorService peer = Executors.newSingleThreadExecutor()) {
      Path box = boxOf(area.dir().resolve("submission"), sandboxes.uid(0));
      Path check = boxOf(area.dir().resolve("check"), sandboxes.uid(0));
      ResourceLimits limits = config.limits().runDefaults();

      InteractiveRun.Pair pair =
          InteractiveRun.run(
              area.dir().resolve("passes").resolve("pipes"),
              submission,
              request(LOOK + " read a b; echo $((a + b))", box, false, limits),
              validator,
              request(
                  LOOK + " echo 3 4; read s; [ \"$s\" = 7 ] && exit 42; exit 43",
                  check,
                  true,
                  limits),
              peer);

      assertThat(pair.validator().exitCode()).as(err(pair.validator())).isEqualTo(42);
      assertThat(pair.submission().succeeded()).as(err(pair.submission())).isTrue();
      assertThat(err(pair.submission()))
          .startsWith("/pipes/to-submission\n/pipes/to-validator\n")
          .doesNotContain(temp.toString())
          .doesNotContain("verdict-data");
      assertThat(err(pair.validator()))
          .startsWith("/pipes/to-validator\n/pipes/to-submission\n")
          .doesNotContain(temp.toString())
          .doesNotContain("verdict-data");
    } finally {
      cgroups.close();
    }
  }

  private static RunRequest request(
      String script, Path box, boolean writable, ResourceLimits limits) {
    return new RunRequest(
        List.of("/bin/sh", "-c", script), box, writable, null, limits, List.of(), Map.of());
  }

  private static Path boxOf(Path dir, int uid) throws IOException {
    Files.createDirectories(dir);
    Files.setAttribute(dir, "unix:uid", uid);
    Files.setAttribute(dir, "unix:gid", uid);
    return dir;
  }

  private static String err(RunResult result) {
    return new String(result.stderr(), StandardCharsets.UTF_8);
  }
}
