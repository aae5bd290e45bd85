package dev.verdict.common.blob;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Files in MongoDB GridFS, keyed by the SHA-256 of their content: a file is stored once however
 * many submissions or problems contain it, and every read is verified against its id.
 */
public final class BlobStore implements BlobSource {
  private static final int KNOWN_CAPACITY = 10_000;
  private final GridFSBucket bucket;
  private final MongoCollection<Document> files;
  private final MongoCollection<Document> chunks;
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
    this.files = database.getCollection(bucketName + ".files");
    this.chunks = database.getCollection(bucketName + ".chunks");
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
    return files.find(Filters.eq("_id", sha)).limit(1).first() != null;
  }

  /**
   * @throws BlobNotFoundException when nothing is stored under the id
   * @throws BlobCorruptedException when the stored bytes do not hash to the id
   */
  @Override
  public byte[] get(String sha) {
    String id = sha.toLowerCase(Locale.ROOT);
    try (Timer.Context ignored = getTimer.time()) {
      Document file = file(id);
      byte[] content = read(id, file, length(file));
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
      Document file = file(id);
      long length = length(file);
      return new BlobHead(read(id, file, Math.min(maxBytes, length)), length);
    }
  }

  private Document file(String id) {
    Document file = files.find(Filters.eq("_id", id)).first();
    if (file == null) {
      throw new BlobNotFoundException(id);
    }
    return file;
  }

  private static long length(Document file) {
    return ((Number) file.get("length")).longValue();
  }

  /**
   * The first {@code bytes} of file {@code id}, chunk by chunk, each looked up by its whole key
   * ({@code files_id}, {@code n}).
   *
   * <p>why: that is the chunks' unique index, which every MongoDB serves, the stand-in included.
   * The driver's own download asks for {@code n >= 0}, a range the stand-in cannot serve from an
   * index: it reads every chunk of every file for each one it downloads, a cost that grows with
   * each file stored (a Jobe run's input is a new file every time).
   */
  private byte[] read(String id, Document file, long bytes) {
    long length = length(file);
    int chunkSize = ((Number) file.get("chunkSize")).intValue();
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes);
    for (int n = 0; out.size() < bytes; n++) {
      Document chunk = chunks.find(new Document("files_id", id).append("n", n)).first();
      if (chunk == null) {
        throw new BlobCorruptedException(
            "stored file " + id + " is incomplete: chunk " + n + " is missing");
      }
      byte[] data = chunk.get("data", Binary.class).getData();
      long expected = Math.min(chunkSize, length - (long) n * chunkSize);
      if (data.length != expected) {
        throw new BlobCorruptedException(
            "stored file "
                + id
                + " is incomplete: chunk "
                + n
                + " holds "
                + data.length
                + " bytes, not "
                + expected);
      }
      out.write(data, 0, (int) Math.min(data.length, bytes - out.size()));
    }
    return out.toByteArray();
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
    return files.countDocuments();
  }
}
