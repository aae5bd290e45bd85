package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.worker.cgroup.RunCgroup;
import dev.verdict.worker.cgroup.SlotCgroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each command in a fresh bubblewrap sandbox ({@code worker.sandbox: bubblewrap}): new user,
 * PID, IPC, UTS, mount and cgroup namespaces, and the slot's network namespace or a new one; no
 * network; /usr read-only; a private work directory and /tmp on size-capped tmpfs (see {@link
 * BubblewrapOptions}); as the slot's own unprivileged uid, which the launcher drops to before it
 * runs bubblewrap; in a fresh run cgroup that limits memory and processes, measures CPU time and
 * peak memory, and pins every process to the slot's core ({@link RunSupervisor}).
 *
 * <p>Any {@link Launch} can start it. Bubblewrap's monitor and init are the sandbox's own
 * processes: they share the run's cgroups and the slot's uid with the program, and their CPU time,
 * as far as the launcher measures it, is not the program's ({@link SandboxOwnCpu#ofBubblewrap}).
 */
public final class BubblewrapSandbox implements Sandbox {
  /** Bubblewrap's monitor and init, in the run's cgroups and as the slot's uid. */
  private static final int OWN_PROCESSES = 2;

  private final RunSupervisor supervisor;
  private final int uid;
  private final String bwrap;
  private final Launch launch;
  private final BubblewrapOptions options;
  private final RunSupervisor.SandboxCpu sandboxCpu;

  /**
   * A sandbox whose runs are started by the shell chain ({@link ShellChainLaunch}).
   *
   * @param cgroup the slot's cgroups, pinned to its core
   * @param scratch a directory for the sandbox's own files (never visible inside a run)
   * @param uid the slot's uid and gid, unprivileged (not 0) and used by no other slot
   * @param bwrap the bubblewrap binary
   */
  public BubblewrapSandbox(SlotCgroup cgroup, Path scratch, int uid, String bwrap) {
    this(cgroup, scratch, uid, bwrap, new ShellChainLaunch(), new MetricRegistry());
  }

  /**
   * @param launch how each run is started; closed with the sandbox
   */
  BubblewrapSandbox(
      SlotCgroup cgroup,
      Path scratch,
      int uid,
      String bwrap,
      Launch launch,
      MetricRegistry metrics) {
    this.uid = RunSupervisor.unprivileged(uid);
    this.supervisor = new RunSupervisor(cgroup, OWN_PROCESSES, scratch, metrics);
    this.bwrap = bwrap;
    this.launch = launch;
    this.options = new BubblewrapOptions(launch.entersSlotNetwork());
    this.sandboxCpu =
        launch.reportsSandboxCpu()
            ? SandboxOwnCpu::ofBubblewrap
            : RunSupervisor.SandboxCpu.NOT_MEASURED;
  }

  @Override
  public String kind() {
    return "bubblewrap";
  }

  @Override
  public boolean showsPipes() {
    return true;
  }

  @Override
  public RunResult run(RunRequest request) {
    return supervisor.run(request, this::start, sandboxCpu);
  }

  private Launched start(
      RunRequest request,
      RunCgroup cgroup,
      RunFiles files,
      BoundedOutput stdout,
      BoundedOutput stderr)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(bwrap);
    command.addAll(options.forRun(request));
    LaunchPlan plan =
        new LaunchPlan(
            uid,
            cgroup,
            files,
            request.limits(),
            request.stdin(),
            OWN_PROCESSES,
            List.of(),
            command);
    return launch.start(plan, stdout, stderr);
  }

  @Override
  public void close() {
    launch.close();
    supervisor.close();
  }
}
