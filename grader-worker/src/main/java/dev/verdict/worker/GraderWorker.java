package dev.verdict.worker;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoClient;
import com.rabbitmq.client.Connection;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.config.WorkerConfig;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.grading.Grader;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.BubblewrapSandbox;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SandboxSelfTest;
import dev.verdict.worker.slot.Cores;
import dev.verdict.worker.slot.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running grader worker: its slots, each pinned to a core, consuming the task queue. Built and
 * started by {@link #start}; {@link #close} stops consuming, finishes what is in hand and releases
 * everything.
 */
public final class GraderWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraderWorker.class);

  private final String workerId;
  private final MongoClient mongo;
  private final Connection rabbit;
  private final ConfirmingPublisher publisher;
  private final List<Slot> slots;
  private final List<Sandbox> sandboxes;

  private GraderWorker(
      String workerId,
      MongoClient mongo,
      Connection rabbit,
      ConfirmingPublisher publisher,
      List<Slot> slots,
      List<Sandbox> sandboxes) {
    this.workerId = workerId;
    this.mongo = mongo;
    this.rabbit = rabbit;
    this.publisher = publisher;
    this.slots = slots;
    this.sandboxes = sandboxes;
  }

  public static GraderWorker start(VerdictConfig config, MetricRegistry metrics) {
    WorkerConfig worker = config.worker();
    String workerId = hostName() + "-" + ProcessHandle.current().pid();
    List<Integer> cores = Cores.choose(Cores.allowed(), worker.cores(), worker.reserveCores());
    CgroupDriver cgroups = CgroupDriver.detect(config.namespace());
    LOG.info("Worker {} uses {}", workerId, cgroups.describe());
    String javaHome =
        worker.javaHome().isEmpty() ? System.getProperty("java.home") : worker.javaHome();
    Languages languages = new Languages(config.enabledLanguages(), javaHome);

    Path workDir = Path.of(worker.workDir());
    MongoClient mongo = MongoConnections.open(config.mongo(), "verdict-worker");
    Connection rabbit = null;
    List<Sandbox> sandboxes = new ArrayList<>();
    List<Slot> slots = new ArrayList<>();
    try {
      BlobStore blobs = new BlobStore(mongo.getDatabase(config.mongo().database()), metrics);
      FileCache cache =
          new FileCache(
              blobs, Path.of(worker.cacheDir()), worker.cacheMaxMb() * 1024L * 1024L, metrics);
      rabbit = RabbitConnections.open(config.rabbitmq(), "verdict-worker-" + workerId);
      Topology topology = new Topology(config.namespace());
      topology.declare(rabbit, config.rabbitmq().taskDeliveryLimit());
      ConfirmingPublisher publisher =
          new ConfirmingPublisher(rabbit, Duration.ofMillis(config.rabbitmq().confirmTimeoutMs()));
      MessageCodec codec = new MessageCodec();
      for (int i = 0; i < cores.size(); i++) {
        int core = cores.get(i);
        int uid = worker.uidBase() + core;
        Path slotDir = workDir.resolve("core-" + core);
        Grader.deleteTree(slotDir);
        Files.createDirectories(slotDir.resolve("runs"));
        BubblewrapSandbox sandbox =
            new BubblewrapSandbox(
                cgroups.forSlot(i, core), slotDir.resolve("sandbox"), uid, worker.bwrapPath());
        sandboxes.add(sandbox);
        SandboxSelfTest.check(sandbox, slotDir.resolve("self-test"), uid, config.limits());
        Grader grader =
            new Grader(
                sandbox,
                uid,
                cache,
                languages,
                config.limits(),
                slotDir.resolve("runs"),
                workerId,
                metrics);
        slots.add(
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
                metrics));
      }
      for (Slot slot : slots) {
        slot.start();
      }
      LOG.info(
          "Worker {} grading on cores {} with prefetch {}, languages {}",
          workerId,
          cores,
          worker.prefetch(),
          languages.all().keySet());
      return new GraderWorker(workerId, mongo, rabbit, publisher, slots, sandboxes);
    } catch (IOException e) {
      closeAll(slots, sandboxes, rabbit, mongo);
      throw new UncheckedIOException("worker start-up failed", e);
    } catch (RuntimeException e) {
      closeAll(slots, sandboxes, rabbit, mongo);
      throw e;
    }
  }

  public String workerId() {
    return workerId;
  }

  public List<Integer> cores() {
    return slots.stream().map(Slot::core).toList();
  }

  @Override
  public void close() {
    LOG.info("Worker {} stopping", workerId);
    publisher.close();
    closeAll(slots, sandboxes, rabbit, mongo);
  }

  private static void closeAll(
      List<Slot> slots, List<Sandbox> sandboxes, Connection rabbit, MongoClient mongo) {
    // why: slots first, so in-flight tasks finish and are acknowledged while the connection lives.
    for (Slot slot : slots) {
      slot.stop(Duration.ofSeconds(30));
    }
    for (Sandbox sandbox : sandboxes) {
      sandbox.close();
    }
    if (rabbit != null) {
      try {
        rabbit.close(5_000);
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing the RabbitMQ connection: {}", e.toString());
      }
    }
    mongo.close();
  }

  /** The kernel's host name; read locally so that naming ourselves needs no DNS lookup. */
  static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
