package dev.verdict.api.jobe;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.verdict.common.blob.BlobStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Jobe's file cache, shared by every API node: a file's content goes into GridFS (content
 * addressed, so a file PUT twice, or under two ids, is stored once) and its id into the MongoDB
 * collection {@code jobe_files} ({@code _id} the client's file id, {@code sha256}, {@code size},
 * {@code storedAt}). A file PUT through one node is found by every other, so no load balancer needs
 * sticky sessions. Content is written before the id, so an id that is found always has its content.
 */
final class JobeFiles {
  private final BlobStore blobs;
  private final MongoCollection<Document> ids;
  private final Timer putTimer;
  private final Timer findTimer;

  /** A stored file: its content's GridFS id and size. */
  record Stored(String sha256, long size) {}

  JobeFiles(MongoDatabase database, BlobStore blobs, MetricRegistry metrics) {
    this.blobs = blobs;
    this.ids = database.getCollection("jobe_files");
    this.putTimer = metrics.timer("verdict.mongo.jobe-file.put");
    this.findTimer = metrics.timer("verdict.mongo.jobe-file.find");
  }

  /** Stores {@code content} as {@code id}, replacing what the id stood for before. */
  void put(String id, byte[] content) {
    try (Timer.Context ignored = putTimer.time()) {
      String sha = blobs.put(content);
      ids.replaceOne(
          Filters.eq("_id", id),
          new Document("_id", id)
              .append("sha256", sha)
              .append("size", (long) content.length)
              .append("storedAt", System.currentTimeMillis()),
          new ReplaceOptions().upsert(true));
    }
  }

  boolean exists(String id) {
    try (Timer.Context ignored = findTimer.time()) {
      return ids.find(Filters.eq("_id", id)).projection(new Document("_id", 1)).first() != null;
    }
  }

  /** The stored files among {@code fileIds}, by id; an id not stored is absent. */
  Map<String, Stored> find(List<String> fileIds) {
    Map<String, Stored> found = new HashMap<>();
    if (fileIds.isEmpty()) {
      return found;
    }
    try (Timer.Context ignored = findTimer.time()) {
      for (Document d : ids.find(Filters.in("_id", fileIds))) {
        found.put(
            d.getString("_id"),
            new Stored(d.getString("sha256"), ((Number) d.get("size")).longValue()));
      }
    }
    return found;
  }
}
