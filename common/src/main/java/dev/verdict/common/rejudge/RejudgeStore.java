package dev.verdict.common.rejudge;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.verdict.common.submission.RejudgeSelection;
import dev.verdict.common.submission.SubmissionQuery;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Rejudges in MongoDB (collection {@code rejudges}): created by the API, claimed and advanced by a
 * dispatcher under a lease, counted as their gradings finish. A dispatcher that stops mid-way
 * leaves its lease to expire, and another (or itself, restarted) claims the rejudge and goes on
 * from the last page it recorded.
 */
public final class RejudgeStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MongoCollection<Document> collection;
  private final Timer writeTimer;
  private final Timer readTimer;

  public RejudgeStore(MongoDatabase database, MetricRegistry metrics) {
    this.collection = database.getCollection("rejudges");
    this.writeTimer = metrics.timer("verdict.mongo.rejudge.write");
    this.readTimer = metrics.timer("verdict.mongo.rejudge.read");
    collection.createIndex(
        Indexes.ascending("state", "createdAt"), new IndexOptions().name("claim"));
  }

  /** A fresh rejudge id. */
  public static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "rj_" + HexFormat.of().formatHex(bytes);
  }

  public void insert(Rejudge rejudge) {
    Document document =
        new Document("_id", rejudge.id())
            .append("requestedBy", rejudge.requestedBy())
            .append("createdAt", rejudge.createdAt())
            .append("versions", new Document(new LinkedHashMap<>(rejudge.versions())))
            .append("state", rejudge.state().name())
            .append("afterIndex", 0)
            .append("selected", 0L)
            .append("requeued", 0L)
            .append("skipped", 0L)
            .append("finished", 0L)
            .append("changed", 0L)
            .append("leaseUntil", 0L);
    if (rejudge.ids() != null) {
      document.append("ids", rejudge.ids());
    } else {
      document.append("problemId", rejudge.selection().problemId());
      if (rejudge.selection().verdict() != null) {
        document.append("verdict", rejudge.selection().verdict());
      }
    }
    try (Timer.Context ignored = writeTimer.time()) {
      collection.insertOne(document);
    }
  }

  public Optional<Rejudge> find(String id) {
    try (Timer.Context ignored = readTimer.time()) {
      return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first())
          .map(RejudgeStore::fromDocument);
    }
  }

  /** The newest rejudges first, at most {@code limit}. */
  public List<Rejudge> newest(int limit) {
    List<Rejudge> found = new ArrayList<>();
    try (Timer.Context ignored = readTimer.time()) {
      for (Document document :
          collection.find().sort(Sorts.descending("createdAt", "_id")).limit(limit)) {
        found.add(fromDocument(document));
      }
    }
    return found;
  }

  /**
   * Claims the oldest rejudge no dispatcher works on (QUEUED, or RUNNING under an expired lease)
   * for {@code owner} until {@code now + leaseMillis}.
   */
  public Optional<Rejudge> claim(String owner, long now, long leaseMillis) {
    Bson claimable =
        Filters.or(
            Filters.eq("state", Rejudge.State.QUEUED.name()),
            Filters.and(
                Filters.eq("state", Rejudge.State.RUNNING.name()), Filters.lt("leaseUntil", now)));
    try (Timer.Context ignored = writeTimer.time()) {
      return Optional.ofNullable(
              collection.findOneAndUpdate(
                  claimable,
                  Updates.combine(
                      Updates.set("state", Rejudge.State.RUNNING.name()),
                      Updates.set("owner", owner),
                      Updates.set("leaseUntil", now + leaseMillis)),
                  new FindOneAndUpdateOptions()
                      .sort(Sorts.ascending("createdAt"))
                      .returnDocument(ReturnDocument.AFTER)))
          .map(RejudgeStore::fromDocument);
    }
  }

  /** One page of a rejudge handled: how far it got, what it found, and a renewed lease. */
  public record Page(
      int afterIndex, SubmissionQuery.Position after, long selected, long requeued, long skipped) {}

  /**
   * Records {@code page} of rejudge {@code id} and extends {@code owner}'s lease to {@code
   * leaseUntil}; with {@code last}, the rejudge is SELECTED.
   *
   * @return the rejudge as stored now, or empty when {@code owner} lost its lease to another
   */
  public Optional<Rejudge> advance(
      String id, String owner, Page page, boolean last, long leaseUntil, long now) {
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("afterIndex", page.afterIndex()));
    if (page.after() != null) {
      updates.add(
          Updates.set(
              "after",
              new Document("createdAt", page.after().createdAt()).append("id", page.after().id())));
    }
    updates.add(Updates.inc("selected", page.selected()));
    updates.add(Updates.inc("requeued", page.requeued()));
    updates.add(Updates.inc("skipped", page.skipped()));
    updates.add(Updates.set("leaseUntil", leaseUntil));
    if (last) {
      updates.add(Updates.set("state", Rejudge.State.SELECTED.name()));
      updates.add(Updates.set("selectedAt", now));
    }
    return update(id, owner, Updates.combine(updates));
  }

  /**
   * Extends {@code owner}'s lease of rejudge {@code id} and reads it.
   *
   * @return the rejudge as stored now, or empty when {@code owner} lost its lease to another
   */
  public Optional<Rejudge> renew(String id, String owner, long leaseUntil) {
    return update(id, owner, Updates.set("leaseUntil", leaseUntil));
  }

  /** One new grading of rejudge {@code id} has its result; {@code changed}: a different verdict. */
  public void finished(String id, boolean changed) {
    try (Timer.Context ignored = writeTimer.time()) {
      collection.updateOne(
          Filters.eq("_id", id),
          Updates.combine(Updates.inc("finished", 1L), Updates.inc("changed", changed ? 1L : 0L)));
    }
  }

  private Optional<Rejudge> update(String id, String owner, Bson update) {
    try (Timer.Context ignored = writeTimer.time()) {
      return Optional.ofNullable(
              collection.findOneAndUpdate(
                  Filters.and(Filters.eq("_id", id), Filters.eq("owner", owner)),
                  update,
                  new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
          .map(RejudgeStore::fromDocument);
    }
  }

  private static Rejudge fromDocument(Document d) {
    Map<String, String> versions = new LinkedHashMap<>();
    Document stored = d.get("versions", Document.class);
    if (stored != null) {
      stored.forEach((problem, version) -> versions.put(problem, (String) version));
    }
    Document after = d.get("after", Document.class);
    List<String> ids = d.getList("ids", String.class);
    return new Rejudge(
        d.getString("_id"),
        d.getString("requestedBy"),
        number(d, "createdAt"),
        ids,
        ids == null ? new RejudgeSelection(d.getString("problemId"), d.getString("verdict")) : null,
        versions,
        Rejudge.State.valueOf(d.getString("state")),
        (int) number(d, "afterIndex"),
        after == null
            ? null
            : new SubmissionQuery.Position(number(after, "createdAt"), after.getString("id")),
        number(d, "selected"),
        number(d, "requeued"),
        number(d, "skipped"),
        number(d, "finished"),
        number(d, "changed"),
        number(d, "selectedAt"));
  }

  private static long number(Document d, String key) {
    return d.get(key) instanceof Number n ? n.longValue() : 0;
  }
}
