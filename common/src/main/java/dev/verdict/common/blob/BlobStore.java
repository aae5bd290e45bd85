package dev.verdict.common.blob;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoGridFSException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.BsonString;

/**
 * Files in MongoDB GridFS, keyed by the SHA-256 of their content: a file is stored once however
 * many submissions or problems contain it, and every read is verified against its id.
 */
public final class BlobStore implements BlobSource {
  private static final int KNOWN_CAPACITY = 10_000;
  private final GridFSBucket bucket;
  private final MongoDatabase database;
  private final String bucketName;
  private final Timer putTimer;
  private final Timer getTimer;
  private final Set<String> known =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<String, Boolean>(1_024, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > KNOWN_CAPACITY;
                }
              }));

  public BlobStore(MongoDatabase database, MetricRegistry metrics) {
    this(database, "blobs", metrics);
  }

  public BlobStore(MongoDatabase database, String bucketName, MetricRegistry metrics) {
    this.database = database;
    this.bucketName = bucketName;
    this.bucket = GridFSBuckets.create(database, bucketName);
    this.putTimer = metrics.timer("verdict.mongo.blob.put");
    this.getTimer = metrics.timer("verdict.mongo.blob.get");
  }

  /** Stores the content unless a file with the same SHA-256 is already there; returns the id. */
  public String put(byte[] content) {
    String sha = Sha256.hex(content);
    // why: files are immutable and never replaced, so one this process stored or saw stored
    // recently needs no round trip at all (a class submitting the same starter file, load tests).
    if (known.contains(sha)) {
      return sha;
    }
    try (Timer.Context ignored = putTimer.time()) {
      if (exists(sha)) {
        known.add(sha);
        return sha;
      }
      bucket.uploadFromStream(
          new BsonString(sha),
          sha,
          new ByteArrayInputStream(content),
          new GridFSUploadOptions().chunkSizeBytes(255 * 1024));
    } catch (MongoWriteException e) {
      // why: two writers storing the same content race on the unique _id; the loser's content is
      // identical to the winner's, so losing is success.
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
    known.add(sha);
    return sha;
  }

  public boolean exists(String sha) {
    return database
            .getCollection(bucketName + ".files")
            .find(Filters.eq("_id", sha))
            .limit(1)
            .first()
        != null;
  }

  /**
   * @throws BlobNotFoundException when nothing is stored under the id
   * @throws BlobCorruptedException when the stored bytes do not hash to the id
   */
  @Override
  public byte[] get(String sha) {
    String id = sha.toLowerCase(Locale.ROOT);
    try (Timer.Context ignored = getTimer.time()) {
      if (!exists(id)) {
        throw new BlobNotFoundException(id);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        bucket.downloadToStream(new BsonString(id), out);
      } catch (MongoGridFSException e) {
        throw incompleteOrRethrow(id, e);
      }
      byte[] content = out.toByteArray();
      String actual = Sha256.hex(content);
      if (!actual.equals(id)) {
        throw new BlobCorruptedException("stored file " + id + " has content hashing to " + actual);
      }
      return content;
    }
  }

  /**
   * The first {@code maxBytes} of a file and its length, read without fetching the rest: for
   * showing the start of a large file. Not verified against the id, which only the whole content
   * can be.
   *
   * @throws BlobNotFoundException when nothing is stored under the id
   */
  public BlobHead head(String sha, int maxBytes) {
    String id = sha.toLowerCase(Locale.ROOT);
    try (Timer.Context ignored = getTimer.time()) {
      if (!exists(id)) {
        throw new BlobNotFoundException(id);
      }
      try (GridFSDownloadStream in = bucket.openDownloadStream(new BsonString(id))) {
        long length = in.getGridFSFile().getLength();
        return new BlobHead(in.readNBytes((int) Math.min(maxBytes, length)), length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The driver reports a chunk that is missing or of the wrong length as a MongoGridFSException,
   * wrapped in another one while streaming. That is corrupted content, which no retry fixes.
   */
  private static RuntimeException incompleteOrRethrow(String id, MongoGridFSException e) {
    // why: the driver wraps every failure while streaming, a lost connection too, in a
    // MongoGridFSException; only one caused by another MongoGridFSException is about the content.
    if (e.getCause() instanceof MongoGridFSException cause) {
      return new BlobCorruptedException(
          "stored file " + id + " is incomplete: " + cause.getMessage(), e);
    }
    return e;
  }

  /** Removes a file; for tests and for operators cleaning up. */
  public void delete(String sha) {
    known.remove(sha);
    if (exists(sha)) {
      bucket.delete(new BsonString(sha));
    }
  }

  /** How many distinct files are stored. */
  public long count() {
    return database.getCollection(bucketName + ".files").countDocuments();
  }
}
