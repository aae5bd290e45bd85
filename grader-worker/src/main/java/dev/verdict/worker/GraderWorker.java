package dev.verdict.worker;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.rabbitmq.client.Connection;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.SandboxBackend;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.config.WorkerConfig;
import dev.verdict.common.lifecycle.Closer;
import dev.verdict.common.metrics.AdminServer;
import dev.verdict.common.metrics.DependencyChecks;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.redis.RedisConnections;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.worker.artifact.CompiledArtifacts;
import dev.verdict.worker.artifact.RecentCompiles;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.compiler.WarmCompilers;
import dev.verdict.worker.grading.Grader;
import dev.verdict.worker.grading.Validators;
import dev.verdict.worker.language.AotCaches;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SandboxSelfTest;
import dev.verdict.worker.sandbox.SlotSandboxes;
import dev.verdict.worker.sandbox.WorkArea;
import dev.verdict.worker.slot.CoreLeases;
import dev.verdict.worker.slot.Cores;
import dev.verdict.worker.slot.Slot;
import dev.verdict.worker.slot.StartRecorder;
import dev.verdict.worker.slot.WorkerIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * A running grader worker: its slots, each pinned to a core it leased, consuming the task queue.
 * Built and started by {@link #start}; {@link #close} stops consuming, finishes what is in hand and
 * releases everything.
 */
public final class GraderWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraderWorker.class);

  private final String workerId;
  private final List<Integer> cores;
  private final List<Slot> slots;
  private final Closer resources;
  private final int adminPort;

  private GraderWorker(
      String workerId, List<Integer> cores, List<Slot> slots, Closer resources, int adminPort) {
    this.workerId = workerId;
    this.cores = cores;
    this.slots = slots;
    this.resources = resources;
    this.adminPort = adminPort;
  }

  /** The port of {@code /metrics} and {@code /healthz}. */
  public int adminPort() {
    return adminPort;
  }

  public static GraderWorker start(VerdictConfig config, Metrics observability) {
    MetricRegistry metrics = observability.registry();
    WorkerConfig worker = config.worker();
    // why: unique even for two workers in one process (tests), since leases are keyed by it; and
    // naming host and pid, so a successor can tell when it was killed and take its cores over.
    String workerId = WorkerIds.next(WorkerIds.localHostName());
    List<Integer> usable = Cores.usable(Cores.allowed(), worker.reserveCores());
    int wanted = Cores.wanted(usable, worker.cores());
    CgroupDriver cgroups = CgroupDriver.detect(config.namespace());
    String javaHome =
        worker.javaHome().isEmpty() ? System.getProperty("java.home") : worker.javaHome();
    Languages languages = new Languages(config.enabledLanguages(), javaHome);

    // why: closed in reverse order on failure or shutdown, so nothing outlives what it uses.
    Closer resources = new Closer("worker");
    List<Slot> slots = new ArrayList<>();
    // why: the driver's group directory goes last, after every slot's cgroups are gone.
    resources.add(cgroups);
    try {
      JedisPooled redis = RedisConnections.open(config.redis());
      resources.add(redis);
      String hostId = worker.hostId().isEmpty() ? Cores.hostId() : worker.hostId();
      CoreLeases leases =
          new CoreLeases(
              redis,
              config.namespace(),
              hostId,
              workerId,
              Duration.ofMillis(worker.coreLeaseTtlMs()));
      resources.add(leases);
      List<Integer> cores = leases.acquire(usable, wanted);
      if (cores.isEmpty()) {
        throw new IllegalStateException(
            "every usable core " + usable + " of host " + hostId + " is leased by another worker");
      }
      if (cores.size() < wanted) {
        LOG.warn("Worker {} wanted {} cores but got only {}", workerId, wanted, cores);
      }

      MongoClient mongo = MongoConnections.open(config.mongo(), "verdict-worker");
      resources.add(mongo);
      MongoDatabase database = mongo.getDatabase(config.mongo().database());
      BlobStore blobs = new BlobStore(database, metrics);
      StartRecorder starts = new StartRecorder(new SubmissionStore(database, metrics), metrics);
      // why: closed after the slots (which record starts) and before the client (which it uses).
      resources.add(starts);
      FileCache cache =
          new FileCache(
              blobs, Path.of(worker.cacheDir()), worker.cacheMaxMb() * 1024L * 1024L, metrics);
      // why: a program compiled on one machine kind, in one sandbox, with one JDK, is shared only
      // with slots that would have compiled the same: those of the same host's workers.
      CompiledArtifacts artifacts =
          new CompiledArtifacts(
              database,
              String.join(
                  "|",
                  hostId,
                  System.getProperty("os.arch"),
                  worker.sandbox().name(),
                  worker.sandbox() == SandboxBackend.DOCKER ? worker.dockerImage() : "",
                  javaHome),
              workerId,
              worker.artifactMaxMb() * 1024L * 1024L,
              Duration.ofSeconds(worker.artifactTtlSeconds()),
              Clock.systemUTC(),
              metrics);
      // why: one for the worker's slots, so that a program sent once per test (as Jobe's clients
      // send it) compiles once, whichever slot grades each of its runs.
      RecentCompiles recentCompiles =
          new RecentCompiles(worker.compileCacheMb() * 1024L * 1024L, metrics);
      Connection rabbit = RabbitConnections.open(config.rabbitmq(), "verdict-worker-" + workerId);
      resources.add(() -> rabbit.close(5_000));
      Topology topology = new Topology(config.namespace());
      topology.declare(rabbit, config.rabbitmq().taskDeliveryLimit());
      ConfirmingPublisher publisher =
          new ConfirmingPublisher(
              rabbit, Duration.ofMillis(config.rabbitmq().confirmTimeoutMs()), metrics);
      resources.add(publisher);
      MessageCodec codec = new MessageCodec();
      StatusStore status =
          new StatusStore(redis, config.namespace(), config.redis().statusTtlSeconds(), metrics);
      DependencyChecks.rabbitmq(observability.health(), rabbit);
      DependencyChecks.redis(observability.health(), redis);

      Path workDir = Path.of(worker.workDir());
      // why: before any slot runs a program, so every run of a language starts the same way.
      AotCaches.prepare(languages, workDir.resolve("aot-caches"), config.limits().runDefaults());
      long workAreaBytes = worker.workAreaMb() * 1024L * 1024L;
      for (int core : cores) {
        // why: the core is ours now, so whatever a crashed predecessor left on it goes, its work
        // areas unmounted first so that their mount points can go too.
        WorkArea.release(workDir.resolve("core-" + core));
        Grader.deleteTree(workDir.resolve("core-" + core));
        // why: compile steps and validators write only on the slot's capped tmpfs, never on the
        // host's disk, which every slot's launches need.
        WorkArea runs =
            WorkArea.mount(
                workDir.resolve("core-" + core).resolve("runs"),
                workAreaBytes,
                worker.workAreaInodes());
        resources.add(runs);
      }
      // why: under a core this worker leased, so no other worker on the host touches it; the
      // validators' builds are compile steps too, so on a capped work area of their own.
      WorkArea validatorArea =
          WorkArea.mount(
              workDir.resolve("core-" + cores.get(0)).resolve("validators"),
              workAreaBytes,
              worker.workAreaInodes());
      resources.add(validatorArea);
      Validators validators =
          new Validators(validatorArea.dir(), languages, cache, config.limits());
      SlotSandboxes sandboxes =
          new SlotSandboxes(worker, config.namespace(), cgroups, workDir.resolve("bin"), metrics);
      resources.add(sandboxes);
      for (int i = 0; i < cores.size(); i++) {
        int core = cores.get(i);
        int uid = sandboxes.uid(core);
        Path slotDir = workDir.resolve("core-" + core);
        Sandbox sandbox = sandboxes.forSlot(i, core, slotDir.resolve("sandbox"));
        resources.add(sandbox);
        SandboxSelfTest.check(sandbox, slotDir.resolve("self-test"), uid, config.limits());
        // why: an interactive problem's validator runs beside the submission, so in a sandbox of
        // its own in the slot's cgroups.
        Sandbox peer = sandboxes.forPeer(i, core, slotDir.resolve("peer-sandbox"));
        resources.add(peer);
        int slotIndex = i;
        WarmCompilers warmCompilers =
            new WarmCompilers(
                scratch -> sandboxes.forCompiler(slotIndex, core, scratch),
                worker.compilerUid(core),
                slotDir.resolve("compilers"),
                config.limits(),
                worker.warmCompilerMaxCompiles(),
                worker.warmCompilerStartTimeoutMs(),
                worker.warmCompilerWarmUps(),
                metrics);
        // why: closed before the slot's sandbox, which removes the cgroups the compilers run in.
        resources.add(warmCompilers);
        Grader grader =
            new Grader(
                sandbox,
                peer,
                uid,
                cache,
                languages,
                config.limits(),
                slotDir.resolve("runs"),
                validators,
                workerId,
                metrics,
                warmCompilers,
                artifacts,
                recentCompiles);
        Slot slot =
            new Slot(
                i,
                core,
                rabbit,
                topology,
                worker.prefetch(),
                grader,
                publisher,
                codec,
                workerId,
                worker.progressIntervalMs(),
                status,
                starts,
                worker.bulkEvery(),
                metrics);
        slots.add(slot);
        resources.add(() -> slot.stop(Duration.ofSeconds(30)));
      }
      for (Slot slot : slots) {
        slot.start();
      }
      observability
          .health()
          .register(
              "slots",
              new HealthCheck() {
                @Override
                protected Result check() {
                  long dead = slots.stream().filter(slot -> !slot.alive()).count();
                  return dead == 0
                      ? Result.healthy()
                      : Result.unhealthy(dead + " of " + slots.size() + " slots stopped");
                }
              });
      metrics.register(
          "verdict.worker.slots-busy",
          (Gauge<Long>) () -> slots.stream().filter(Slot::busy).count());
      AdminServer admin = new AdminServer(worker.adminHost(), worker.adminPort(), observability);
      resources.add(admin);
      LOG.info(
          "Worker {} grading on cores {} with prefetch {}, sandbox {} (launcher {}), languages {},"
              + " admin port {}:{}",
          workerId,
          cores,
          worker.prefetch(),
          worker.sandbox(),
          worker.launcher(),
          languages.all().keySet(),
          worker.adminHost(),
          admin.port());
      return new GraderWorker(workerId, cores, slots, resources, admin.port());
    } catch (IOException e) {
      resources.close();
      throw new UncheckedIOException("worker start-up failed", e);
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  public String workerId() {
    return workerId;
  }

  public List<Integer> cores() {
    return cores;
  }

  public int slotCount() {
    return slots.size();
  }

  /**
   * Closes in reverse start order: slots first, so in-flight tasks finish and are acknowledged
   * while the connection and the publisher still live; the core leases last.
   */
  @Override
  public void close() {
    LOG.info("Worker {} stopping", workerId);
    resources.close();
  }
}
