package dev.verdict.dispatcher.result;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.mongo.Documents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The results of the parts of split submissions (collection {@code submission_chunks}), kept until
 * the submission's result is decided: one document per part and grading, {@code _id} = {@code
 * <submission>/<grading>/<part>}, so a redelivered part's result replaces its first one instead of
 * counting twice. In MongoDB, not Redis, because an acknowledged part's result must survive what
 * the submission's does.
 */
final class ChunkResults {
  private final MongoCollection<Document> collection;
  private final Timer putTimer;
  private final Timer readTimer;

  ChunkResults(MongoDatabase database, MetricRegistry metrics) {
    this.collection = database.getCollection("submission_chunks");
    this.putTimer = metrics.timer("verdict.mongo.chunk.put");
    this.readTimer = metrics.timer("verdict.mongo.chunk.read");
  }

  /** Records part {@code index}'s outcome, replacing one recorded before. */
  void put(String submissionId, int grading, int index, GradingOutcome outcome) {
    try (Timer.Context ignored = putTimer.time()) {
      String id = id(submissionId, grading, index);
      collection.replaceOne(
          Filters.eq("_id", id),
          new Document("_id", id)
              .append("at", System.currentTimeMillis())
              .append("outcome", Documents.toDocument(outcome)),
          new ReplaceOptions().upsert(true));
    }
  }

  /** The outcomes recorded of the grading's {@code count} parts, by part. */
  Map<Integer, GradingOutcome> all(String submissionId, int grading, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      ids.add(id(submissionId, grading, index));
    }
    Map<Integer, GradingOutcome> found = new TreeMap<>();
    try (Timer.Context ignored = readTimer.time()) {
      for (Document document : collection.find(Filters.in("_id", ids))) {
        int index = ids.indexOf(document.getString("_id"));
        found.put(
            index,
            Documents.fromDocument(document.get("outcome", Document.class), GradingOutcome.class));
      }
    }
    return found;
  }

  /** Forgets the grading's parts once its result is recorded. */
  void remove(String submissionId, int grading, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      ids.add(id(submissionId, grading, index));
    }
    collection.deleteMany(Filters.in("_id", ids));
  }

  private static String id(String submissionId, int grading, int index) {
    return submissionId + "/" + Math.max(1, grading) + "/" + index;
  }
}
