package dev.verdict.worker.artifact;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoGridFSException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonString;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled programs shared by the slots grading the parts of one split submission, so that its
 * program is compiled once: a record per {@link ArtifactKey} in the {@code artifacts} collection,
 * the program's directory ({@link ArtifactArchive}) in the GridFS bucket {@code artifactFiles}.
 *
 * <p>The first slot to ask claims the key (a unique insert), compiles, and stores the program, or
 * the compile error, or that the program is too large to share; the others poll the record with a
 * growing pause until it is stored. A claim lapses after the time its compile may take, so a slot
 * that died while compiling holds the others up only until then: the next to look takes the claim
 * over. Every claim carries a number, and only the holder of the newest stores, so a slow claimant
 * that lost its claim cannot overwrite its successor's result. A record lapses after {@code ttl},
 * and each store removes, at most once a minute, the records that lapsed a minute ago, with their
 * files.
 */
public final class CompiledArtifacts {
  private static final Logger LOG = LoggerFactory.getLogger(CompiledArtifacts.class);
  private static final long SWEEP_EVERY_MS = 60_000;
  private static final long FIRST_PAUSE_MS = 5;
  private static final long LONGEST_PAUSE_MS = 200;
  private static final String COMPILING = "compiling";
  private static final String READY = "ready";
  private static final String FAILED = "failed";
  private static final String UNSHARED = "unshared";

  private final MongoCollection<Document> records;
  private final GridFSBucket files;
  private final String toolchain;
  private final String owner;
  private final long maxBytes;
  private final long ttlMs;
  private final Clock clock;
  private final AtomicLong lastSweep = new AtomicLong();
  private final Counter compiled;
  private final Counter shared;
  private final Counter alone;
  private final Timer waits;

  /**
   * @param toolchain what compiled programs depend on besides the task: the machine kind, the
   *     sandbox, the JDK (part of every key)
   * @param owner who claims, for the record (the worker's id)
   */
  public CompiledArtifacts(
      MongoDatabase database,
      String toolchain,
      String owner,
      long maxBytes,
      Duration ttl,
      Clock clock,
      MetricRegistry metrics) {
    this.records = database.getCollection("artifacts");
    this.files = GridFSBuckets.create(database, "artifactFiles");
    this.toolchain = toolchain;
    this.owner = owner;
    this.maxBytes = maxBytes;
    this.ttlMs = ttl.toMillis();
    this.clock = clock;
    this.compiled = metrics.counter("verdict.worker.artifact.compiled");
    this.shared = metrics.counter("verdict.worker.artifact.shared");
    this.alone = metrics.counter("verdict.worker.artifact.alone");
    this.waits = metrics.timer("verdict.worker.artifact.wait");
  }

  /** The toolchain part of every key. */
  public String toolchain() {
    return toolchain;
  }

  /** What a task's compile gets from the store. */
  public sealed interface Share permits Stored, Claimed, Alone {}

  /**
   * Another slot's compile: a compile error ({@code succeeded} false), or a program to unpack.
   *
   * @param compileTimeMs the wall time of the compile that made it
   */
  public record Stored(boolean succeeded, String output, double compileTimeMs, byte[] archive)
      implements Share {
    /** Fills the work directory with the compiled program, owned by {@code uid}. */
    public void unpackInto(Path dir, int uid) {
      if (archive != null) {
        ArtifactArchive.unpack(archive, dir, uid);
      }
    }
  }

  /**
   * Compile alone, sharing nothing: the store failed, the program was too large, or time ran out.
   */
  public record Alone(String why) implements Share {}

  /** This slot holds the key's claim: it compiles and then {@link #store}s or {@link #abandon}s. */
  public final class Claimed implements Share {
    private final String key;
    private final int number;
    private boolean done;

    private Claimed(String key, int number) {
      this.key = key;
      this.number = number;
    }

    /**
     * Stores the compile's result for the other parts: its outcome and output, and when it
     * succeeded the work directory {@code dir}, unless that is larger than the cap. Never throws: a
     * store that fails leaves the claim to lapse, and the others compile themselves.
     */
    public void store(boolean succeeded, String output, double compileTimeMs, Path dir) {
      done = true;
      try {
        long now = clock.millis();
        Document result =
            new Document("output", output)
                .append("compileTimeMs", compileTimeMs)
                .append("expiresAt", now + ttlMs);
        if (!succeeded) {
          result.append("state", FAILED);
        } else {
          Optional<byte[]> archive = ArtifactArchive.pack(dir, maxBytes);
          if (archive.isEmpty()) {
            result.append("state", UNSHARED);
          } else {
            String file = key + "." + number;
            files.uploadFromStream(
                new BsonString(file),
                file,
                new ByteArrayInputStream(archive.get()),
                new GridFSUploadOptions().chunkSizeBytes(255 * 1024));
            result
                .append("state", READY)
                .append("file", file)
                .append("bytes", archive.get().length);
          }
        }
        long updated =
            records
                .updateOne(
                    Filters.and(Filters.eq("_id", key), Filters.eq("claim", number)),
                    new Document("$set", result))
                .getModifiedCount();
        if (updated == 0 && result.containsKey("file")) {
          deleteFile(result.getString("file"));
        }
        compiled.inc();
      } catch (MongoException | java.io.UncheckedIOException e) {
        LOG.warn("Artifact(key={}) not stored, giving its claim up", key, e);
        release();
        return;
      }
      try {
        sweep(clock.millis());
      } catch (MongoException e) {
        LOG.warn("Lapsed artifacts not removed; the next store tries again", e);
      }
    }

    /** Gives the claim up at once (the compile failed in the grader), so another slot compiles. */
    public void abandon() {
      if (done) {
        return;
      }
      done = true;
      release();
    }

    private void release() {
      try {
        records.updateOne(
            Filters.and(Filters.eq("_id", key), Filters.eq("claim", number)),
            Updates.set("expiresAt", 0L));
      } catch (MongoException e) {
        LOG.warn("Artifact(key={}) claim not given up; it lapses by itself", key, e);
      }
    }
  }

  /**
   * The compile of {@code key}: stored by another slot, claimed for this one to compile, or alone.
   * Waits while another slot holds the claim, at most {@code 2 * claimMs} in all.
   *
   * @param claimMs how long a claim lasts: longer than the compile and storing may take
   */
  public Share obtain(String key, long claimMs) {
    long start = System.nanoTime();
    long deadline = start + Duration.ofMillis(2 * claimMs).toNanos();
    long pause = FIRST_PAUSE_MS;
    try {
      while (true) {
        Document record = records.find(Filters.eq("_id", key)).first();
        long now = clock.millis();
        if (record == null) {
          if (insertClaim(key, now + claimMs)) {
            return new Claimed(key, 1);
          }
          continue;
        }
        long expiresAt = record.get("expiresAt", Number.class).longValue();
        if (expiresAt < now) {
          Optional<Claimed> claim = takeOver(record, now + claimMs);
          if (claim.isPresent()) {
            return claim.get();
          }
          continue;
        }
        String state = record.getString("state");
        if (!COMPILING.equals(state)) {
          waits.update(Duration.ofNanos(System.nanoTime() - start));
          return stored(key, record);
        }
        if (System.nanoTime() > deadline) {
          alone.inc();
          return new Alone("waited " + 2 * claimMs + " ms for another slot's compile");
        }
        Thread.sleep(pause);
        pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
      }
    } catch (MongoException e) {
      LOG.warn("Artifact(key={}) store failed, compiling alone", key, e);
      alone.inc();
      return new Alone("the artifact store failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      alone.inc();
      return new Alone("interrupted while waiting for another slot's compile");
    }
  }

  private Share stored(String key, Document record) {
    String state = record.getString("state");
    double compileTimeMs = record.get("compileTimeMs", Number.class).doubleValue();
    String output = record.getString("output");
    if (FAILED.equals(state)) {
      shared.inc();
      return new Stored(false, output, compileTimeMs, null);
    }
    if (UNSHARED.equals(state)) {
      alone.inc();
      return new Alone("the compiled program is larger than worker.artifactMaxMb");
    }
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    try {
      files.downloadToStream(new BsonString(record.getString("file")), archive);
    } catch (MongoGridFSException e) {
      LOG.warn("Artifact(key={}) file is gone, compiling alone", key, e);
      alone.inc();
      return new Alone("the stored program is gone");
    }
    shared.inc();
    return new Stored(true, output, compileTimeMs, archive.toByteArray());
  }

  private boolean insertClaim(String key, long expiresAt) {
    try {
      records.insertOne(
          new Document("_id", key)
              .append("state", COMPILING)
              .append("claim", 1)
              .append("owner", owner)
              .append("expiresAt", expiresAt));
      return true;
    } catch (MongoWriteException e) {
      // why: another slot claimed the key first; it compiles, this one waits for it.
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      return false;
    }
  }

  /** Takes over a lapsed claim or record, unless another slot just did. */
  private Optional<Claimed> takeOver(Document lapsed, long expiresAt) {
    int number = lapsed.getInteger("claim") + 1;
    Document before =
        records.findOneAndUpdate(
            Filters.and(
                Filters.eq("_id", lapsed.getString("_id")),
                Filters.eq("claim", lapsed.getInteger("claim"))),
            Updates.combine(
                Updates.set("state", COMPILING),
                Updates.set("claim", number),
                Updates.set("owner", owner),
                Updates.set("expiresAt", expiresAt),
                Updates.unset("file"),
                Updates.unset("output"),
                Updates.unset("compileTimeMs"),
                Updates.unset("bytes")),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
    if (before == null) {
      return Optional.empty();
    }
    if (before.getString("file") != null) {
      deleteFile(before.getString("file"));
    }
    return Optional.of(new Claimed(lapsed.getString("_id"), number));
  }

  /** Removes the records that lapsed more than a minute ago and their files. */
  private void sweep(long now) {
    long last = lastSweep.get();
    if (now - last < SWEEP_EVERY_MS || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    // why: a minute's grace, so that a slot that has just read a record before it lapsed still
    // finds its file.
    for (Document record :
        records.find(Filters.lt("expiresAt", now - SWEEP_EVERY_MS)).limit(1_000)) {
      long removed =
          records
              .deleteOne(
                  Filters.and(
                      Filters.eq("_id", record.getString("_id")),
                      Filters.eq("claim", record.getInteger("claim"))))
              .getDeletedCount();
      if (removed == 1 && record.getString("file") != null) {
        deleteFile(record.getString("file"));
      }
    }
  }

  private void deleteFile(String file) {
    try {
      files.delete(new BsonString(file));
    } catch (MongoGridFSException e) {
      // why: already removed, by a sweep of another worker.
      LOG.debug("Artifact file {} already removed", file);
    }
  }
}
