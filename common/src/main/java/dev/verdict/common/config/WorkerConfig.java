package dev.verdict.common.config;

/**
 * A grader worker. Key prefix {@code worker.}.
 *
 * @param cores grading slots, one per core; 0 means every core this process may use, minus {@code
 *     reserveCores}
 * @param reserveCores cores left to the control plane when {@code cores} is 0
 * @param prefetch tasks each slot holds unacknowledged: 1 is fairest, more hides broker latency
 * @param sandbox what builds each run's sandbox: {@link SandboxBackend#BUILTIN} (the default) or
 *     {@link SandboxBackend#BUBBLEWRAP} (the default with {@link Launcher#SHELL}, which cannot
 *     start the built-in one)
 * @param workDir where runs' work directories live; emptied at start-up
 * @param cacheDir where fetched test data and sources are cached by SHA-256
 * @param cacheMaxMb size cap of the cache
 * @param uidBase slot i runs untrusted code as uid and gid {@code uidBase + i}
 * @param bwrapPath the bubblewrap binary
 * @param javaHome the JDK offered to submissions as {@code {javaHome}}; empty means the worker's
 * @param hostId the identity of the machine, shared by every worker on it, under which cores are
 *     leased; empty means /etc/machine-id, else the host name. Containers on one host must be given
 *     the same value.
 * @param coreLeaseTtlMs how long a core stays leased to a worker that stopped renewing it
 * @param adminHost address of the admin port ({@code /metrics}, {@code /healthz})
 * @param adminPort the admin port; 0 picks a free one. Two workers on one host need two ports.
 * @param launcher how each run's first process is started: {@link Launcher#SPAWNER} (the default),
 *     {@link Launcher#NATIVE} or {@link Launcher#SHELL}
 * @param slotNetwork with the spawner or the native launcher: each slot keeps one empty network
 *     namespace that its runs enter, instead of creating one per run
 * @param progressIntervalMs the least time between two progress writes of a task (the first test
 *     result is always written at once); 0 writes one per test
 * @param cgroupFavorDynmods turn on the kernel's favordynmods cgroup2 option at start-up, so moving
 *     each run into its cgroups does not wait for an RCU grace period (machine-wide, until reboot)
 * @param compilerUidBase the warm compiler of the slot on core i runs as uid and gid {@code
 *     compilerUidBase + i}, a uid no test run uses; empty means {@code uidBase + 10000}
 * @param warmCompilerMaxCompiles compiles after which a slot's warm compiler is replaced by a fresh
 *     one (it is also replaced whenever a compile hits a limit or fails inside the compiler)
 * @param warmCompilerStartTimeoutMs how long a warm compiler may take to start and warm up
 * @param warmCompilerWarmUps compiles of a small class a warm compiler runs on itself when it
 *     starts, before it takes its first submission
 * @param workAreaMb size cap of each slot's work area, the tmpfs on which its compile steps and
 *     validators write (the submission's files and what compiling makes of them)
 * @param workAreaInodes the most files and directories each slot's work area may hold
 * @param bulkEvery a slot takes a bulk task (a rejudge's, a batch's) only when no interactive one
 *     waits, except that after this many interactive tasks in a row taken while a bulk one waited
 *     it takes one bulk task, so neither starves; 0 never lets a bulk task pass an interactive one
 * @param dockerHost with {@code worker.sandbox: docker}: the engine's API, a {@code unix://} socket
 *     of the engine on this host
 * @param dockerImage with {@code worker.sandbox: docker}: the image of the slots' containers; the
 *     default is an empty root with /usr and /etc/ld.so.cache bound from the engine's host, which
 *     images/images.sh imports
 * @param dockerCreateConcurrency with {@code worker.sandbox: docker}: the most containers this
 *     worker creates and starts at once, so that a burst of starts does not queue inside the engine
 * @param artifactMaxMb the largest compiled program a slot grading one part of a split submission
 *     stores for the other parts' slots; a larger one is compiled by every part's slot
 * @param artifactTtlSeconds how long a stored compiled program (or compile error) is kept for the
 *     parts of split submissions; older ones are removed
 * @param compileCacheMb how much of the worker's memory its recent compiles may hold (their
 *     programs and compiler output), which a whole submission of the same files, language, options
 *     and limits reuses instead of compiling again; 0 keeps none
 */
public record WorkerConfig(
    Integer cores,
    Integer reserveCores,
    Integer prefetch,
    SandboxBackend sandbox,
    String workDir,
    String cacheDir,
    Integer cacheMaxMb,
    Integer uidBase,
    String bwrapPath,
    String javaHome,
    String hostId,
    Integer coreLeaseTtlMs,
    String adminHost,
    Integer adminPort,
    Launcher launcher,
    Boolean slotNetwork,
    Integer progressIntervalMs,
    Boolean cgroupFavorDynmods,
    Integer compilerUidBase,
    Integer warmCompilerMaxCompiles,
    Integer warmCompilerStartTimeoutMs,
    Integer warmCompilerWarmUps,
    Integer workAreaMb,
    Integer workAreaInodes,
    Integer bulkEvery,
    String dockerHost,
    String dockerImage,
    Integer dockerCreateConcurrency,
    Integer artifactMaxMb,
    Integer artifactTtlSeconds,
    Integer compileCacheMb) {

  public static final int DEFAULT_PREFETCH = 1;

  /** The sandbox unless configured: the built-in one, or bubblewrap with the shell launcher. */
  public static final SandboxBackend DEFAULT_SANDBOX = SandboxBackend.BUILTIN;

  public static final Launcher DEFAULT_LAUNCHER = Launcher.SPAWNER;

  public static final String DEFAULT_WORK_DIR = "/var/lib/verdict/work";
  public static final String DEFAULT_CACHE_DIR = "/var/lib/verdict/cache";
  public static final int DEFAULT_CACHE_MAX_MB = 2_048;
  public static final int DEFAULT_UID_BASE = 60_000;
  public static final String DEFAULT_BWRAP_PATH = "/usr/bin/bwrap";
  public static final int DEFAULT_CORE_LEASE_TTL_MS = 15_000;
  public static final int DEFAULT_ADMIN_PORT = 9092;
  public static final int DEFAULT_PROGRESS_INTERVAL_MS = 100;
  public static final int COMPILER_UID_OFFSET = 10_000;
  public static final int DEFAULT_WARM_COMPILER_MAX_COMPILES = 500;
  public static final int DEFAULT_WARM_COMPILER_START_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_WARM_COMPILER_WARM_UPS = 5;
  public static final int DEFAULT_BULK_EVERY = 4;
  public static final int DEFAULT_WORK_AREA_MB = 256;
  public static final int DEFAULT_WORK_AREA_INODES = 65_536;
  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
  public static final String DEFAULT_DOCKER_IMAGE = "verdict/sandbox-root:local";
  public static final int DEFAULT_DOCKER_CREATE_CONCURRENCY = 8;
  public static final int DEFAULT_ARTIFACT_MAX_MB = 64;
  public static final int DEFAULT_ARTIFACT_TTL_SECONDS = 3_600;
  public static final int DEFAULT_COMPILE_CACHE_MB = 32;

  public WorkerConfig {
    cores = Check.intIn("worker.cores", cores, 0, 0, 4096);
    reserveCores = Check.intIn("worker.reserveCores", reserveCores, 0, 0, 4095);
    prefetch = Check.intIn("worker.prefetch", prefetch, DEFAULT_PREFETCH, 1, 1000);
    bulkEvery = Check.intIn("worker.bulkEvery", bulkEvery, DEFAULT_BULK_EVERY, 0, 1000);
    workDir = Check.nonBlank("worker.workDir", workDir, DEFAULT_WORK_DIR);
    cacheDir = Check.nonBlank("worker.cacheDir", cacheDir, DEFAULT_CACHE_DIR);
    cacheMaxMb = Check.intIn("worker.cacheMaxMb", cacheMaxMb, DEFAULT_CACHE_MAX_MB, 16, 1 << 22);
    uidBase = Check.intIn("worker.uidBase", uidBase, DEFAULT_UID_BASE, 1_000, 2_000_000_000);
    bwrapPath = Check.nonBlank("worker.bwrapPath", bwrapPath, DEFAULT_BWRAP_PATH);
    javaHome = javaHome == null ? "" : javaHome;
    hostId = hostId == null ? "" : hostId;
    coreLeaseTtlMs =
        Check.intIn(
            "worker.coreLeaseTtlMs", coreLeaseTtlMs, DEFAULT_CORE_LEASE_TTL_MS, 1_000, 3_600_000);
    adminHost = Check.host("worker.adminHost", adminHost, "127.0.0.1");
    adminPort = Check.intIn("worker.adminPort", adminPort, DEFAULT_ADMIN_PORT, 0, 65535);
    launcher = launcher == null ? DEFAULT_LAUNCHER : launcher;
    if (sandbox == null) {
      sandbox = launcher.runsTheNativeLauncher() ? DEFAULT_SANDBOX : SandboxBackend.BUBBLEWRAP;
    }
    if (sandbox == SandboxBackend.BUILTIN && !launcher.runsTheNativeLauncher()) {
      throw new ConfigException(
          "worker.sandbox builtin needs worker.launcher spawner or native, was " + launcher);
    }
    if (sandbox == SandboxBackend.DOCKER && launcher != DEFAULT_LAUNCHER) {
      throw new ConfigException(
          "worker.sandbox docker starts its runs with the engine's exec; leave worker.launcher"
              + " unset, was "
              + launcher);
    }
    dockerHost = Check.nonBlank("worker.dockerHost", dockerHost, DEFAULT_DOCKER_HOST);
    if (!dockerHost.startsWith("unix://")) {
      throw new ConfigException(
          "worker.dockerHost must be a unix:// socket of this host's engine, was " + dockerHost);
    }
    dockerImage = Check.nonBlank("worker.dockerImage", dockerImage, DEFAULT_DOCKER_IMAGE);
    dockerCreateConcurrency =
        Check.intIn(
            "worker.dockerCreateConcurrency",
            dockerCreateConcurrency,
            DEFAULT_DOCKER_CREATE_CONCURRENCY,
            1,
            256);
    slotNetwork = Check.bool(slotNetwork, true);
    cgroupFavorDynmods = Check.bool(cgroupFavorDynmods, true);
    progressIntervalMs =
        Check.intIn(
            "worker.progressIntervalMs",
            progressIntervalMs,
            DEFAULT_PROGRESS_INTERVAL_MS,
            0,
            60_000);
    compilerUidBase =
        Check.intIn(
            "worker.compilerUidBase",
            compilerUidBase,
            uidBase + COMPILER_UID_OFFSET,
            1_000,
            2_000_000_000);
    if (compilerUidBase < uidBase + 4096 && compilerUidBase + 4096 > uidBase) {
      throw new ConfigException(
          "worker.compilerUidBase must be at least 4096 away from worker.uidBase "
              + uidBase
              + ", was "
              + compilerUidBase);
    }
    warmCompilerMaxCompiles =
        Check.intIn(
            "worker.warmCompilerMaxCompiles",
            warmCompilerMaxCompiles,
            DEFAULT_WARM_COMPILER_MAX_COMPILES,
            1,
            1_000_000);
    warmCompilerStartTimeoutMs =
        Check.intIn(
            "worker.warmCompilerStartTimeoutMs",
            warmCompilerStartTimeoutMs,
            DEFAULT_WARM_COMPILER_START_TIMEOUT_MS,
            1_000,
            600_000);
    warmCompilerWarmUps =
        Check.intIn(
            "worker.warmCompilerWarmUps",
            warmCompilerWarmUps,
            DEFAULT_WARM_COMPILER_WARM_UPS,
            0,
            1_000);
    workAreaMb = Check.intIn("worker.workAreaMb", workAreaMb, DEFAULT_WORK_AREA_MB, 16, 1 << 20);
    workAreaInodes =
        Check.intIn(
            "worker.workAreaInodes", workAreaInodes, DEFAULT_WORK_AREA_INODES, 1_024, 1 << 24);
    artifactMaxMb =
        Check.intIn("worker.artifactMaxMb", artifactMaxMb, DEFAULT_ARTIFACT_MAX_MB, 1, 4_096);
    artifactTtlSeconds =
        Check.intIn(
            "worker.artifactTtlSeconds",
            artifactTtlSeconds,
            DEFAULT_ARTIFACT_TTL_SECONDS,
            60,
            7 * 24 * 3_600);
    compileCacheMb =
        Check.intIn("worker.compileCacheMb", compileCacheMb, DEFAULT_COMPILE_CACHE_MB, 0, 4_096);
  }

  /** The uid and gid the warm compiler of the slot on {@code core} runs as. */
  public int compilerUid(int core) {
    return compilerUidBase + core;
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }
}
