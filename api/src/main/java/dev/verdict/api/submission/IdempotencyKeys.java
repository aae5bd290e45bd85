package dev.verdict.api.submission;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.submission.SubmissionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key}s of {@code POST /api/v1/submissions}, per token, in MongoDB's {@code
 * idempotency_keys}: {@code _id} is the token's id and the key, so the unique {@code _id} lets
 * exactly one of any number of concurrent requests, on any API node, claim a key. A claim names the
 * submission id it will create before anything is stored; the key's request is done exactly when a
 * submission with that id exists, so a retry (or a concurrent duplicate) answers with that
 * submission and nothing else needs recording.
 *
 * <p>Why MongoDB and not Redis: a key must outlive whatever the submission outlives, and Redis is
 * this system's cache (a restart or failover without persistence forgets keys, and a retry after it
 * would make a second submission); MongoDB already holds the submission, and a key costs one insert
 * per keyed request. Expired keys are ignored when met and deleted in the background, since the
 * embedded MongoDB stand-in has no TTL indexes.
 */
final class IdempotencyKeys implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeys.class);
  private static final String HEADER = "Idempotency-Key";
  private static final long POLL_MS = 20;
  private static final ObjectMapper SORTED =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final MongoCollection<Document> keys;
  private final SubmissionStore submissions;
  private final long ttlMs;
  private final long staleMs;
  private final long waitMs;
  private final int retryAfterSeconds;
  private final Timer claimTimer;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "idempotency-key-sweeper"));

  /**
   * @param ttl how long a key is remembered
   * @param staleMs a claim this old whose submission does not exist was abandoned (its request
   *     died): longer than a request can take to store its submission
   */
  IdempotencyKeys(
      MongoDatabase database,
      SubmissionStore submissions,
      Duration ttl,
      long staleMs,
      int retryAfterSeconds,
      MetricRegistry metrics) {
    this.keys = database.getCollection("idempotency_keys");
    this.submissions = submissions;
    this.ttlMs = ttl.toMillis();
    this.staleMs = staleMs;
    this.waitMs = Math.min(staleMs, 30_000);
    this.retryAfterSeconds = retryAfterSeconds;
    this.claimTimer = metrics.timer("verdict.mongo.idempotency.claim");
    long sweepMs = Math.clamp(ttlMs / 10, 1_000, 600_000);
    var unused =
        sweeper.scheduleWithFixedDelay(this::sweep, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
  }

  /** What a keyed request is to do. */
  sealed interface Claim {}

  /** This request owns the key: it creates the submission {@code submissionId}. */
  record Owned(String key, String submissionId) implements Claim {}

  /** An earlier request with the key made the submission {@code submissionId}: answer with it. */
  record Done(String submissionId) implements Claim {}

  /**
   * @throws ApiException 400 for a key that is not 1..255 visible ASCII characters
   */
  static String check(String key) {
    if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw ApiException.badRequest(HEADER, "must be 1..255 visible ASCII characters");
    }
    return key;
  }

  /**
   * Claims {@code key} of token {@code tokenId} for a request whose body has {@code fingerprint},
   * or finds the submission an earlier request with it made. A concurrent request with the same key
   * waits for that one's submission.
   *
   * @throws ApiException 409 when the key was used with another body, or its request is still being
   *     processed after a wait
   */
  Claim claim(String tokenId, String key, String fingerprint) {
    String id = tokenId + ":" + key;
    long deadline = System.currentTimeMillis() + waitMs;
    try (Timer.Context ignored = claimTimer.time()) {
      while (true) {
        long now = System.currentTimeMillis();
        Document found = keys.find(Filters.eq("_id", id)).first();
        if (found == null) {
          Document mine = record(id, fingerprint, SubmissionIds.next(), now);
          if (insert(mine)) {
            return new Owned(id, mine.getString("submissionId"));
          }
          continue;
        }
        long expiresAt = found.getLong("expiresAt");
        long createdAt = found.getLong("createdAt");
        String submissionId = found.getString("submissionId");
        if (expiresAt <= now) {
          Document mine = record(id, fingerprint, SubmissionIds.next(), now);
          if (replace(id, createdAt, mine)) {
            return new Owned(id, mine.getString("submissionId"));
          }
          continue;
        }
        if (!fingerprint.equals(found.getString("fingerprint"))) {
          throw new ApiException(
              409,
              HEADER + " was used with another request body; use a new key for a new submission",
              HEADER);
        }
        if (submissions.find(submissionId).isPresent()) {
          return new Done(submissionId);
        }
        if (now - createdAt > staleMs) {
          // why: its request died before storing; the same submission id keeps a slow survivor
          // of that request and this one from both storing (the id is unique).
          if (replace(id, createdAt, record(id, fingerprint, submissionId, now))) {
            LOG.warn("Submission(id={}) taking over an abandoned {}", submissionId, HEADER);
            return new Owned(id, submissionId);
          }
          continue;
        }
        if (now >= deadline) {
          throw new ServiceUnavailableException(
              "a request with this " + HEADER + " is still being processed; retry later",
              retryAfterSeconds);
        }
        pause();
      }
    }
  }

  /** Gives the key up after its request failed without storing, so a retry may try again. */
  void release(Owned claim) {
    try {
      keys.deleteOne(
          Filters.and(
              Filters.eq("_id", claim.key()), Filters.eq("submissionId", claim.submissionId())));
    } catch (RuntimeException e) {
      // why: the claim goes stale and is taken over by the next retry after staleMs.
      LOG.warn("{} {} not released: {}", HEADER, claim.key(), e.toString());
    }
  }

  private Document record(String id, String fingerprint, String submissionId, long now) {
    return new Document("_id", id)
        .append("fingerprint", fingerprint)
        .append("submissionId", submissionId)
        .append("createdAt", now)
        .append("expiresAt", now + ttlMs);
  }

  private boolean insert(Document record) {
    try {
      keys.insertOne(record);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  private boolean replace(String id, long createdAt, Document record) {
    return keys.replaceOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("createdAt", createdAt)), record)
            .getModifiedCount()
        == 1;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("the server is stopping", 1);
    }
  }

  /**
   * What makes two requests "the same body": the route and the body's content as JSON with its
   * object keys sorted, so whitespace, key order and a multipart body's boundary do not count.
   */
  static String fingerprint(ObjectMapper mapper, String route, JsonNode body) {
    try {
      byte[] canonical = SORTED.writeValueAsBytes(mapper.convertValue(body, Object.class));
      MessageDigest digest = Sha256.digest();
      digest.update((route + "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(canonical));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed body always serialises", e);
    }
  }

  private void sweep() {
    try {
      keys.deleteMany(Filters.lt("expiresAt", System.currentTimeMillis()));
    } catch (RuntimeException e) {
      LOG.warn("expired {}s not removed: {}", HEADER, e.toString());
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
