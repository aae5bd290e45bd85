package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PropagationMode;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs each command in the slot's own long-lived container on the local Docker engine ({@code
 * worker.sandbox: docker}), through docker-java: the container is made once per slot and each run
 * is a {@code docker exec} in it, as the slot's uid, with the run's work directory bound at /box
 * ({@link BoxMount}); between runs every process of the run is killed, the work directory is
 * unbound and everything else the run could have written (/tmp, /dev/shm, /dev/mqueue, System V IPC
 * objects) is wiped. Of the three designs measured (a container per run, a warm pool of created
 * containers, one container per slot with runs exec'd in it; docs/benchmarks.md, "The Docker
 * sandbox"), this one costs the least per run, about a fifth of a container start.
 *
 * <p>The container: no network, a read-only root (an empty one with the host's /usr bound
 * read-only, see {@link DockerEngine}), /box as above, size-capped tmpfs /tmp and /dev/shm, an
 * empty /sys, every capability dropped, no new privileges, {@link SeccompPolicy}'s rules as its
 * seccomp profile ({@link DockerSeccompProfile}), pinned to the slot's core, a pids limit, and
 * memory with swap equal to memory. Its pid 1 is the engine host's docker-init (tini) waiting on a
 * sleep, both as a keeper uid that no run uses, so a run can neither signal nor outlive them.
 *
 * <p>What differs from the other backends, each said by the contract tests: /tmp is emptied from
 * the host after the run, so what the run left there is charged to nobody; and the read-only paths,
 * /tmp's size and the pids limit are the container's: a run that asks for others gets a new
 * container.
 *
 * <p>The worker must run on the engine's host, as root: it reads and resets the container's cgroup
 * counters, mounts the work directories that the container sees, and wipes its tmpfs through
 * /proc/&lt;pid&gt;/root. An image other than the default one needs /usr/bin/prlimit, /usr/bin/env,
 * /usr/bin/docker-init, /usr/bin/mount and /bin/sh (Debian's util-linux, tini, mount and dash).
 */
public final class DockerSandbox implements Sandbox {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The uid and gid of the container's own processes: nobody, which no slot uses. */
  static final int KEEPER_UID = 65534;

  static final String LABEL_OWNER = "dev.verdict.sandbox.owner";
  static final String LABEL_SLOT = "dev.verdict.sandbox.slot";

  private static final String SANDBOX_ROOT_PATH = "/usr/local/bin:/usr/bin:/bin";
  private static final long MIN_WAIT_NANOS = 1_000_000;

  /**
   * Runs its arguments, then kills every process it may signal (kill(-1) spares itself), which is
   * whatever the program left, and exits with the program's status (128 + n when killed by signal
   * n, as the other backends report it).
   */
  private static final String ENDING_WITH_PROGRAM = "\"$@\"; code=$?; kill -KILL -1; exit $code";

  /** What a run may write to besides its work directory, below the container's root. */
  private static final List<String> WRITABLE = List.of("tmp", "dev/shm", "dev/mqueue");

  /** What must be empty between runs: the writable directories, and /box with nothing bound. */
  private static final List<String> EMPTY_BETWEEN_RUNS =
      List.of("box", "tmp", "dev/shm", "dev/mqueue");

  private final DockerEngine engine;
  private final DockerClient docker;
  private final String image;
  private final boolean bindHostSystem;
  private final String owner;
  private final String slot;
  private final int core;
  private final int uid;
  private final ReentrantLock runLock = new ReentrantLock();
  private final Timer setupTimer;
  private final Timer executionTimer;
  private final Timer teardownTimer;
  private final String seccomp;
  private final BoxMount boxMount;
  private final BoxMount pipesMount;
  private SlotContainer container;

  /**
   * @param owner names this worker on the containers' labels; a sandbox that starts removes the
   *     containers an earlier one of the same owner and slot left
   * @param slot names the slot's sandbox on the container's labels, unique within the owner
   * @param uid the slot's uid and gid, unprivileged and used by no other slot
   * @param scratch the sandbox's own directory on the host, where its /box is mounted
   */
  DockerSandbox(
      DockerEngine engine,
      Path scratch,
      String image,
      boolean bindHostSystem,
      String owner,
      String slot,
      int core,
      int uid,
      MetricRegistry metrics) {
    this.engine = engine;
    this.docker = engine.client();
    this.image = image;
    this.bindHostSystem = bindHostSystem;
    this.owner = owner;
    this.slot = slot;
    this.core = core;
    this.uid = RunSupervisor.unprivileged(uid);
    if (uid == KEEPER_UID) {
      throw new IllegalArgumentException("the sandbox uid must not be nobody's, " + KEEPER_UID);
    }
    this.setupTimer = metrics.timer("verdict.worker.sandbox.setup");
    this.executionTimer = metrics.timer("verdict.worker.sandbox.execution");
    this.teardownTimer = metrics.timer("verdict.worker.sandbox.teardown");
    try {
      this.seccomp = new ObjectMapper().writeValueAsString(DockerSeccompProfile.profile());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    removeLeftovers();
    this.boxMount = BoxMount.at(scratch.resolve("box"));
    this.pipesMount = BoxMount.at(scratch.resolve("pipes"), RunRequest.PIPES);
  }

  /** Runs see their request's pipes at /pipes, bound like /box. */
  @Override
  public boolean showsPipes() {
    return true;
  }

  @Override
  public String kind() {
    return "docker";
  }

  /** The id of the slot's container while it has one, else null. */
  String containerId() {
    SlotContainer current = container;
    return current == null ? null : current.id;
  }

  /** Containers of this sandbox's owner and slot that the engine still has. */
  List<String> containers() {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(LABEL_OWNER, owner, LABEL_SLOT, slot))
        .exec()
        .stream()
        .map(Container::getId)
        .toList();
  }

  /**
   * What of earlier runs the slot's container still holds: processes other than its keeper's, ended
   * ones not yet reaped, and entries of its writable directories. Empty between runs.
   */
  List<String> leftovers() {
    SlotContainer current = container;
    List<String> left = new ArrayList<>();
    if (current == null || !current.alive()) {
      return left;
    }
    current.cgroup.processesBut(KEEPER_UID).forEach(pid -> left.add("process " + pid));
    long unreaped = current.cgroup.unreaped();
    if (unreaped > 0) {
      left.add(unreaped + " ended processes not yet reaped");
    }
    for (String dir : EMPTY_BETWEEN_RUNS) {
      try (var entries = Files.list(current.root.resolve(dir))) {
        entries
            .filter(entry -> current.mounted(entry) == BoxFiles.Keep.NONE)
            .forEach(entry -> left.add("/" + dir + "/" + entry.getFileName()));
      } catch (IOException e) {
        left.add("unreadable /" + dir + ": " + e);
      }
    }
    return left;
  }

  private void removeLeftovers() {
    for (String id : containers()) {
      remove(id);
    }
  }

  private void remove(String id) {
    engine.hold(id, false);
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // why: already gone, which is what was wanted.
    }
  }

  @Override
  public RunResult run(RunRequest request) {
    runLock.lock();
    try {
      return runAlone(request);
    } catch (IOException e) {
      throw new SandboxStartException("the Docker sandbox failed: " + e, e);
    } catch (RuntimeException e) {
      if (e instanceof SandboxException) {
        throw e;
      }
      // why: docker-java reports the engine's refusals and lost connections unchecked; they are
      // the sandbox's failures, and another attempt (with a new container) may well succeed.
      dropContainer();
      throw new SandboxStartException("the Docker engine failed the run: " + e, e);
    } finally {
      runLock.unlock();
    }
  }

  private RunResult runAlone(RunRequest request) throws IOException {
    long setupStart = System.nanoTime();
    SlotContainer box = containerFor(request);
    boxMount.bind(request.workDir(), box.keeperPid, request.writableWorkDir());
    try {
      if (request.pipes() != null) {
        pipesMount.bind(request.pipes(), box.keeperPid, false);
      }
      return runBound(request, box, setupStart);
    } finally {
      pipesMount.unbind();
      boxMount.unbind();
    }
  }

  private RunResult runBound(RunRequest request, SlotContainer box, long setupStart)
      throws IOException {
    ResourceLimits limits = request.limits();
    long oomBefore = box.cgroup.oomKills();
    box.cgroup.resetCounters();

    BoundedOutput stdout = new BoundedOutput(limits.outputBytes(), box::killRun);
    // why: as in every backend, stderr beyond its cap is cut off, not a verdict of its own.
    BoundedOutput stderr = new BoundedOutput(limits.outputBytes(), () -> {});
    long start = System.nanoTime();
    ExecCreateCmdResponse exec =
        docker
            .execCreateCmd(box.id)
            .withUser(uid + ":" + uid)
            .withWorkingDir("/box")
            .withAttachStdout(true)
            .withAttachStderr(true)
            .withAttachStdin(request.stdin() != null)
            .withCmd(command(request).toArray(String[]::new))
            .exec();
    Output output = new Output(stdout, stderr);
    InputStream stdin = request.stdin() == null ? null : Files.newInputStream(request.stdin());
    try {
      var startCmd = docker.execStartCmd(exec.getId());
      if (stdin != null) {
        startCmd.withStdIn(stdin);
      }
      startCmd.exec(output);
      long started = System.nanoTime();
      setupTimer.update(started - setupStart, TimeUnit.NANOSECONDS);
      Termination stopped = await(output, box, limits, start);
      long exited = System.nanoTime();
      executionTimer.update(exited - started, TimeUnit.NANOSECONDS);
      double wallMs = (exited - start) / 1e6;
      box.killRun();
      Long code = docker.inspectExecCmd(exec.getId()).exec().getExitCodeLong();
      int exitCode = code == null ? 128 + 9 : code.intValue();
      if ((stopped != null || stdout.exceeded()) && exitCode < 128) {
        exitCode = 128 + 9;
      }
      long cpuNanos = box.cgroup.cpuNanos();
      long peak = box.cgroup.peakMemoryBytes();
      boolean oom = box.cgroup.oomKills() > oomBefore;
      // why: the files a run leaves (60,000 in /tmp, say) are deleted here, in the worker's own
      // thread, after the run's cgroup stopped counting; what deleting them costs this thread is
      // the run's, so that no program makes the worker do its work uncharged.
      long wipeStart = THREADS.getCurrentThreadCpuTime();
      boolean leftFiles = box.wipe();
      if (leftFiles) {
        cpuNanos += Math.max(0, THREADS.getCurrentThreadCpuTime() - wipeStart);
      }
      teardownTimer.update(System.nanoTime() - exited, TimeUnit.NANOSECONDS);
      Stops.Stop stop =
          Stops.classify(
              new Stops.Observed(stdout.exceeded(), stopped, cpuNanos, oom, exitCode), limits);
      return new RunResult(
          stop.termination(),
          exitCode,
          cpuNanos / 1e6,
          wallMs,
          peak,
          stdout.bytes(),
          stderr.bytes(),
          stop.reason());
    } finally {
      output.close();
      if (stdin != null) {
        stdin.close();
      }
    }
  }

  /**
   * The run's command behind prlimit (the run's own rlimits: an exec does not take the container's)
   * and env -i (nothing of the container's environment reaches it); for a run that ends with its
   * program, behind a shell that kills every other process of the slot's uid when the program ends
   * (the container's keeper runs as another uid, and the container holds one run at a time).
   */
  static List<String> command(RunRequest request) {
    ResourceLimits l = request.limits();
    long fileBytes = l.fileSizeKb() * 1024L;
    long stackBytes = l.stackMb() * 1024L * 1024L;
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "/usr/bin/prlimit",
            "--fsize=" + fileBytes + ":" + fileBytes,
            "--nofile=" + l.openFiles() + ":" + l.openFiles(),
            "--stack=" + stackBytes + ":" + stackBytes,
            "--core=0:0"));
    if (l.addressSpaceKb() > 0) {
      cmd.add("--as=" + l.addressSpaceBytes() + ":" + l.addressSpaceBytes());
    }
    cmd.addAll(
        List.of(
            "--",
            "/usr/bin/env",
            "-i",
            "PATH=" + SANDBOX_ROOT_PATH,
            "HOME=/box",
            "TMPDIR=/tmp",
            "LANG=C.UTF-8",
            "PWD=/box"));
    request.env().forEach((k, v) -> cmd.add(k + "=" + v));
    if (request.endsWithProgram()) {
      cmd.addAll(List.of("/bin/sh", "-c", ENDING_WITH_PROGRAM, "sh"));
    }
    cmd.addAll(request.command());
    return cmd;
  }

  /** Waits for the run's first process to end, killing the run at its CPU or wall time limit. */
  private static Termination await(
      Output output, SlotContainer box, ResourceLimits limits, long start) {
    long cpuLimitNanos = limits.timeLimitMs() * 1_000_000L;
    long wallDeadline = start + limits.wallTimeMs() * 1_000_000L;
    // why: the container is pinned to one core, so the run's CPU time grows no faster than the
    // wall clock: the CPU limit cannot be reached sooner than (limit - used) from now.
    long wait = Math.min(cpuLimitNanos, wallDeadline - System.nanoTime());
    try {
      // why: a run lasts until its last process has ended, not only its first: after the exec's
      // streams close, what it left running is waited for under the same limits.
      while (!output.awaitCompletion(Math.max(MIN_WAIT_NANOS, wait), TimeUnit.NANOSECONDS)
          || !box.cgroup.processesBut(KEEPER_UID).isEmpty()) {
        if (output.done()) {
          wait = MIN_WAIT_NANOS;
          LockSupport.parkNanos(MIN_WAIT_NANOS);
        }
        long cpu = box.cgroup.cpuNanos();
        long now = System.nanoTime();
        Termination stopped = Stops.timeLimitReached(cpu, cpuLimitNanos, now, wallDeadline);
        if (stopped != null) {
          box.killRun();
          output.awaitCompletion(10, TimeUnit.SECONDS);
          return stopped;
        }
        wait = output.done() ? MIN_WAIT_NANOS : Math.min(cpuLimitNanos - cpu, wallDeadline - now);
      }
      return null;
    } catch (InterruptedException e) {
      box.killRun();
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while running", true, e);
    }
  }

  /** The slot's container fit for the request: the current one, or a new one. */
  private SlotContainer containerFor(RunRequest request) {
    Shape shape = Shape.of(request);
    SlotContainer current = container;
    if (current != null && (!current.shape.equals(shape) || !current.alive())) {
      dropContainer();
      current = null;
    }
    if (current == null) {
      current = create(shape);
      container = current;
    }
    current.updateMemory(request.limits());
    return current;
  }

  private void dropContainer() {
    SlotContainer current = container;
    container = null;
    if (current != null) {
      remove(current.id);
    }
  }

  /**
   * What a container is made with and a run cannot change: the read-only paths and the limits that
   * are the container's.
   */
  record Shape(TreeSet<String> readOnlyPaths, int tmpMb, int processes) {
    static Shape of(RunRequest request) {
      ResourceLimits l = request.limits();
      TreeSet<String> paths = new TreeSet<>();
      for (String path : request.readOnlyPaths()) {
        if (!path.isEmpty() && !Path.of(path).startsWith("/usr")) {
          // why: the engine would create a missing bind source on the host, as root.
          if (!Files.exists(Path.of(path))) {
            throw new SandboxStartException("the read-only path " + path + " does not exist", null);
          }
          paths.add(path);
        }
      }
      return new Shape(paths, l.tmpMb(), l.processes());
    }
  }

  private SlotContainer create(Shape shape) {
    return engine.creating(() -> createAndStart(shape));
  }

  private SlotContainer createAndStart(Shape shape) {
    long tmpBytes = shape.tmpMb() * 1024L * 1024L;
    List<Bind> binds = new ArrayList<>();
    binds.add(
        new Bind(
            boxMount.point().toString(),
            new Volume("/box"),
            AccessMode.ro,
            SELContext.none,
            null,
            PropagationMode.SLAVE));
    // why: an interactive run's named pipes appear at /pipes as its work directory does at /box,
    // so nothing of their host path shows inside.
    binds.add(
        new Bind(
            pipesMount.point().toString(),
            new Volume(RunRequest.PIPES),
            AccessMode.ro,
            SELContext.none,
            null,
            PropagationMode.SLAVE));
    if (bindHostSystem) {
      binds.add(new Bind("/usr", new Volume("/usr"), AccessMode.ro));
      for (String entry : DockerEngine.boundRootEntries()) {
        binds.add(new Bind(entry, new Volume(entry), AccessMode.ro));
      }
      if (Files.exists(Path.of("/etc/ld.so.cache"))) {
        binds.add(new Bind("/etc/ld.so.cache", new Volume("/etc/ld.so.cache"), AccessMode.ro));
      }
    }
    for (String path : shape.readOnlyPaths()) {
      binds.add(new Bind(path, new Volume(path), AccessMode.ro));
    }
    String owned = ",uid=" + uid + ",gid=" + uid;
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode("none")
            .withReadonlyRootfs(true)
            .withCapDrop(Capability.ALL)
            .withSecurityOpts(List.of("no-new-privileges", "seccomp=" + seccomp))
            .withPidsLimit((long) shape.processes() + 2)
            .withCpusetCpus(Integer.toString(core))
            .withIpcMode("private")
            .withCgroupnsMode("private")
            .withShmSize(tmpBytes)
            .withBinds(binds)
            .withTmpFs(
                Map.of(
                    "/tmp",
                    "rw,exec,nosuid,nodev,size=" + tmpBytes + ",mode=0700" + owned,
                    // why: the engine shows the host's sysfs and cgroup hierarchy read-only in
                    // /sys; an empty read-only tmpfs hides both, as the other backends have no
                    // /sys at all.
                    "/sys",
                    "ro,nosuid,nodev,noexec,size=4k"));
    String id =
        docker
            .createContainerCmd(image)
            .withHostConfig(host)
            .withUser(KEEPER_UID + ":" + KEEPER_UID)
            .withHostName("verdict")
            .withNetworkDisabled(true)
            .withWorkingDir("/box")
            .withLabels(
                Map.of(
                    LABEL_OWNER,
                    owner,
                    LABEL_SLOT,
                    slot,
                    DockerEngine.LABEL_PROCESS,
                    engine.processLabel()))
            .withEntrypoint("/usr/bin/docker-init", "--", "/usr/bin/sleep", "infinity")
            .exec()
            .getId();
    engine.hold(id, true);
    try {
      docker.startContainerCmd(id).exec();
      InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
      Long pid = inspected.getState().getPidLong();
      if (pid == null || pid <= 0) {
        throw new SandboxStartException("the sandbox container " + id + " did not start", null);
      }
      return new SlotContainer(id, pid, shape, DockerCgroup.of(pid));
    } catch (RuntimeException e) {
      remove(id);
      throw e;
    }
  }

  /** The slot's container, its keeper's host pid and the cgroup of everything in it. */
  private final class SlotContainer {
    final String id;
    final long keeperPid;
    final Shape shape;
    final DockerCgroup cgroup;
    final Path root;
    long memoryBytes = -1;

    SlotContainer(String id, long keeperPid, Shape shape, DockerCgroup cgroup) {
      this.id = id;
      this.keeperPid = keeperPid;
      this.shape = shape;
      this.cgroup = cgroup;
      this.root = Path.of("/proc", Long.toString(keeperPid), "root");
    }

    boolean alive() {
      return ProcessHandle.of(keeperPid).map(ProcessHandle::isAlive).orElse(false);
    }

    void updateMemory(ResourceLimits limits) {
      long bytes = limits.memoryBytes();
      if (bytes != memoryBytes) {
        // why: swap equal to memory: a run may not page out to go past its limit.
        docker.updateContainerCmd(id).withMemory(bytes).withMemorySwap(bytes).exec();
        memoryBytes = bytes;
      }
    }

    /**
     * Whether an entry below the container's root is one of its read-only paths, or leads to one.
     */
    BoxFiles.Keep mounted(Path entry) {
      Path inside = Path.of("/").resolve(root.relativize(entry));
      for (String path : shape.readOnlyPaths()) {
        Path bound = Path.of(path);
        if (bound.equals(inside)) {
          return BoxFiles.Keep.MOUNT;
        }
        if (bound.startsWith(inside)) {
          return BoxFiles.Keep.PATH;
        }
      }
      return BoxFiles.Keep.NONE;
    }

    /** Kills every process in the container but the keeper's. */
    void killRun() {
      cgroup.killAllBut(KEEPER_UID);
    }

    /**
     * Empties what a run may write and removes its System V IPC objects.
     *
     * @return whether the run left anything behind in its writable directories
     */
    boolean wipe() throws IOException {
      int deleted = 0;
      for (String dir : WRITABLE) {
        deleted += BoxFiles.empty(root.resolve(dir), this::mounted);
      }
      SystemVIpc.removeAll(keeperPid);
      return deleted > 0;
    }
  }

  /** The exec's output frames, into the run's bounded outputs. */
  private static final class Output extends ResultCallback.Adapter<Frame> {
    private final BoundedOutput stdout;
    private final BoundedOutput stderr;

    private volatile boolean done;

    Output(BoundedOutput stdout, BoundedOutput stderr) {
      this.stdout = stdout;
      this.stderr = stderr;
    }

    boolean done() {
      return done;
    }

    @Override
    public void onComplete() {
      done = true;
      super.onComplete();
    }

    @Override
    public void onError(Throwable throwable) {
      done = true;
      super.onError(throwable);
    }

    @Override
    public void onNext(Frame frame) {
      byte[] payload = frame.getPayload();
      switch (frame.getStreamType()) {
        case STDOUT, RAW -> stdout.accept(payload, 0, payload.length);
        case STDERR -> stderr.accept(payload, 0, payload.length);
        default -> {}
      }
    }
  }

  @Override
  public void close() {
    runLock.lock();
    try {
      dropContainer();
      boxMount.close();
      pipesMount.close();
    } finally {
      runLock.unlock();
    }
  }
}
