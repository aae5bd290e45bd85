package dev.verdict.workerbench.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.verdict.common.config.WorkerConfig;
import dev.verdict.worker.sandbox.DockerEngine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The start cost of the three designs a Docker sandbox can have, through docker-java. */
@Command(
    name = "docker-designs",
    mixinStandardHelpOptions = true,
    header = "Wall time per run of /bin/true in three Docker sandbox designs (root, local engine).",
    description = {
      "Runs /bin/true RUNS times in each design, with the Docker sandbox's container settings (no"
          + " network, read-only root, every capability dropped, no new privileges, the host's"
          + " /usr read-only, pinned to one core), alternating the designs, and prints the median"
          + " and p90 wall time of a run as the worker would wait for it:",
      "  (a) container per run: create, start, wait, then remove (removal timed too);",
      "  (b) warm pool: the container created beforehand, untimed; start and wait timed;",
      "  (c) one long-lived container: exec create, start, wait for its end, inspect its exit.",
      "Then, for each bound in BOUNDS, creates and starts BATCH long-lived containers from BATCH"
          + " threads with at most the bound at once (worker.dockerCreateConcurrency), as the"
          + " worker's slots do at start-up, and prints the median time until all have started"
          + " over ROUNDS rounds (removal untimed).",
      "",
      "Example: worker-bench docker-designs --runs 50",
      ""
    })
public final class DockerDesignsCommand implements Callable<Integer> {
  private static final String LABEL = "dev.verdict.bench.docker-designs";

  @Spec CommandSpec spec;

  @Option(names = "--runs", defaultValue = "50", description = "Runs per design.")
  int runs;

  @Option(names = "--core", defaultValue = "0", description = "Core to pin to.")
  int core;

  @Option(
      names = "--image",
      defaultValue = WorkerConfig.DEFAULT_DOCKER_IMAGE,
      description = "The sandbox image (default: ${DEFAULT-VALUE}).")
  String image;

  @Option(
      names = "--batch",
      defaultValue = "8",
      description = "Containers created together per round (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--bounds",
      defaultValue = "1,2,4,8",
      split = ",",
      description = "Bounds on containers created at once (default: ${DEFAULT-VALUE}).")
  List<Integer> bounds;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Rounds per bound (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (DockerEngine engine = new DockerEngine(WorkerConfig.DEFAULT_DOCKER_HOST)) {
      engine.requireImage(image);
      DockerClient docker = engine.client();
      double[] perRun = new double[runs];
      double[] pool = new double[runs];
      double[] exec = new double[runs];
      String keeper = create(docker, List.of("/usr/bin/sleep", "infinity"));
      docker.startContainerCmd(keeper).exec();
      try {
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          String id = create(docker, List.of("/bin/true"));
          docker.startContainerCmd(id).exec();
          docker.waitContainerCmd(id).start().awaitStatusCode();
          docker.removeContainerCmd(id).withForce(true).exec();
          perRun[i] = (System.nanoTime() - t0) / 1e6;

          String warm = create(docker, List.of("/bin/true"));
          long t1 = System.nanoTime();
          docker.startContainerCmd(warm).exec();
          docker.waitContainerCmd(warm).start().awaitStatusCode();
          pool[i] = (System.nanoTime() - t1) / 1e6;
          docker.removeContainerCmd(warm).withForce(true).exec();

          long t2 = System.nanoTime();
          String execId =
              docker
                  .execCreateCmd(keeper)
                  .withUser("65533:65533")
                  .withAttachStdout(true)
                  .withAttachStderr(true)
                  .withCmd("/bin/true")
                  .exec()
                  .getId();
          docker
              .execStartCmd(execId)
              .exec(new ResultCallback.Adapter<Frame>())
              .awaitCompletion(30, TimeUnit.SECONDS);
          docker.inspectExecCmd(execId).exec().getExitCodeLong();
          exec[i] = (System.nanoTime() - t2) / 1e6;
        }
      } finally {
        docker.removeContainerCmd(keeper).withForce(true).exec();
      }
      out.printf("docker designs, /bin/true, %d runs each, core %d%n", runs, core);
      out.println("| design | p50 | p90 |");
      out.println("| --- | --- | --- |");
      row(out, "(a) container per run", perRun);
      row(out, "(b) warm pool (start + wait)", pool);
      row(out, "(c) exec in a slot's container", exec);
      out.println();
      out.printf(
          "%d containers created and started together, %d rounds per bound%n", batch, rounds);
      out.println("| at once | p50 all started | p50 per container |");
      out.println("| --- | --- | --- |");
      for (int bound : bounds) {
        double[] batches = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          batches[r] = createTogether(docker, bound);
        }
        Arrays.sort(batches);
        double median = batches[rounds / 2];
        out.printf("| %d | %.0f ms | %.1f ms |%n", bound, median, median / batch);
      }
    }
    return 0;
  }

  /** Milliseconds until {@code batch} containers have started, at most {@code bound} at once. */
  private double createTogether(DockerClient docker, int bound) throws Exception {
    Semaphore permits = new Semaphore(bound, true);
    List<String> made = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(batch);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> started = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        started.add(
            threads.submit(
                () -> {
                  permits.acquire();
                  try {
                    String id = create(docker, List.of("/usr/bin/sleep", "infinity"));
                    made.add(id);
                    docker.startContainerCmd(id).exec();
                  } finally {
                    permits.release();
                  }
                  return null;
                }));
      }
      for (Future<?> future : started) {
        future.get();
      }
      return (System.nanoTime() - t0) / 1e6;
    } finally {
      threads.shutdownNow();
      for (String id : made) {
        docker.removeContainerCmd(id).withForce(true).exec();
      }
    }
  }

  private String create(DockerClient docker, List<String> command) {
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode("none")
            .withReadonlyRootfs(true)
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges"))
            .withCpusetCpus(Integer.toString(core))
            .withPidsLimit(64L)
            .withBinds(new Bind("/usr", new Volume("/usr"), AccessMode.ro))
            .withTmpFs(Map.of("/tmp", "rw,size=67108864"));
    return docker
        .createContainerCmd(image)
        .withHostConfig(host)
        .withUser("65534:65534")
        .withLabels(Map.of(LABEL, "1"))
        .withEntrypoint(new ArrayList<>(command))
        .exec()
        .getId();
  }

  private static void row(PrintWriter out, String design, double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    out.printf(
        "| %s | %.1f ms | %.1f ms |%n",
        design,
        sorted[sorted.length / 2],
        sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.9) - 1)]);
  }
}
