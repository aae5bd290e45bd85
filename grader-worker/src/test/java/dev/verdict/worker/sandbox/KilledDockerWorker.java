package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A worker process for {@link DockerWorkerKillIT} to kill: it makes the Docker sandboxes of two
 * slots, runs one short program in slot b, then a program in slot a that sleeps until the process
 * is killed. Arguments: the owner label, a scratch directory, the first slot's uid.
 */
final class KilledDockerWorker {
  private KilledDockerWorker() {}

  public static void main(String[] args) throws Exception {
    String owner = args[0];
    Path scratch = Path.of(args[1]);
    int uid = Integer.parseInt(args[2]);
    DockerEngine engine = new DockerEngine(WorkerConfig.DEFAULT_DOCKER_HOST);
    DockerSandbox a = sandbox(engine, scratch, owner, "a", uid);
    DockerSandbox b = sandbox(engine, scratch, owner, "b", uid + 1);
    Path work = scratch.resolve("work");
    Files.createDirectories(work);
    Files.setAttribute(work, "unix:uid", uid);
    b.run(request("true", work));
    a.run(request("sleep 600", work));
  }

  static DockerSandbox sandbox(
      DockerEngine engine, Path scratch, String owner, String slot, int uid) {
    return new DockerSandbox(
        engine,
        scratch.resolve("sandbox-" + slot),
        WorkerConfig.DEFAULT_DOCKER_IMAGE,
        true,
        owner,
        "slot-" + slot,
        0,
        uid,
        new MetricRegistry());
  }

  static RunRequest request(String script, Path work) {
    return new RunRequest(
        List.of("/bin/sh", "-c", script),
        work,
        false,
        null,
        Limits.limits().cpuMs(700_000).wallMs(700_000).build(),
        List.of(),
        Map.of());
  }
}
