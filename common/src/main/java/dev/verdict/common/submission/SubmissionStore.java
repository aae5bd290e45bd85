package dev.verdict.common.submission;

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
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.mongo.Documents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Submissions in MongoDB, the durable record: written when the API accepts a submission, when a
 * worker slot starts it and when its final result arrives, each change of state through {@link
 * #change} and so through {@link SubmissionStateMachine}. Live progress lives in Redis, not here,
 * to keep writes per submission few.
 *
 * <p>Beside them, the outbox: a small collection holding one entry per submission whose message the
 * broker has not yet confirmed. The API writes the entry before the submission and removes it once
 * the publish is confirmed, so the dispatcher's sweeper reads only the few unconfirmed ones,
 * however many submissions are stored, whatever indexes the database serves.
 */
public final class SubmissionStore {
  private static final int ATTEMPTS = 5;

  private final MongoCollection<Document> collection;
  private final MongoCollection<Document> outbox;
  private final Timer insertTimer;
  private final Timer findTimer;
  private final Timer saveTimer;
  private final Timer listTimer;

  public SubmissionStore(MongoDatabase database, MetricRegistry metrics) {
    this.collection = database.getCollection("submissions");
    this.outbox = database.getCollection("submission_outbox");
    this.insertTimer = metrics.timer("verdict.mongo.submission.insert");
    this.findTimer = metrics.timer("verdict.mongo.submission.find");
    this.saveTimer = metrics.timer("verdict.mongo.submission.save");
    // why: a save filters on _id and version together (the version guard). MongoDB serves that
    // from the _id index anyway; the in-process stand-in only uses an index whose keys are exactly
    // the query's, and would otherwise scan every submission for each save. Unique because _id is.
    collection.createIndex(
        Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("id_version"));
    outbox.createIndex(Indexes.ascending("createdAt"), new IndexOptions().name("createdAt"));
    // why: listing is newest first, by owner for submitters and by problem or verdict for staff;
    // each filter has an index ending in the sort order, so no list scans the whole collection.
    collection.createIndex(
        Indexes.descending("createdAt", "_id"), new IndexOptions().name("list_all"));
    collection.createIndex(
        Indexes.compoundIndex(Indexes.ascending("owner"), Indexes.descending("createdAt", "_id")),
        new IndexOptions().name("list_owner"));
    collection.createIndex(
        Indexes.compoundIndex(
            Indexes.ascending("problemId"), Indexes.descending("createdAt", "_id")),
        new IndexOptions().name("list_problem"));
    collection.createIndex(
        Indexes.compoundIndex(
            Indexes.ascending("result.verdict"), Indexes.descending("createdAt", "_id")),
        new IndexOptions().name("list_verdict"));
    this.listTimer = metrics.timer("verdict.mongo.submission.list");
  }

  /** The submissions {@code query} selects, newest first (ties by id, descending). */
  public List<Submission> list(SubmissionQuery query) {
    List<Bson> filters = new ArrayList<>();
    if (query.owner() != null) {
      filters.add(Filters.eq("owner", query.owner()));
    }
    if (query.problemId() != null) {
      filters.add(Filters.eq("problemId", query.problemId()));
    }
    if (query.verdict() != null) {
      filters.add(Filters.eq("result.verdict", query.verdict()));
    }
    if (query.createdFrom() != null) {
      filters.add(Filters.gte("createdAt", query.createdFrom()));
    }
    if (query.createdBefore() != null) {
      filters.add(Filters.lt("createdAt", query.createdBefore()));
    }
    if (query.after() != null) {
      long at = query.after().createdAt();
      filters.add(
          Filters.or(
              Filters.lt("createdAt", at),
              Filters.and(Filters.eq("createdAt", at), Filters.lt("_id", query.after().id()))));
    }
    List<Submission> found = new ArrayList<>();
    try (Timer.Context ignored = listTimer.time()) {
      for (Document document :
          collection
              .find(filters.isEmpty() ? new Document() : Filters.and(filters))
              .sort(Sorts.descending("createdAt", "_id"))
              .limit(query.limit())) {
        found.add(fromDocument(document));
      }
    }
    return found;
  }

  /**
   * Stores a new submission; one not yet published also gets its outbox entry, written first so
   * that no stored submission can lack one. If the submission cannot be stored, the entry is
   * removed again (or, failing that, dropped by the sweeper as an orphan).
   */
  public void insert(Submission submission) {
    // why: finish() takes a submission at version 0 to be QUEUED in its first grading.
    if (submission.version() != 0
        || submission.state() != SubmissionState.QUEUED
        || submission.grading() != 1) {
      throw new IllegalArgumentException(
          "Submission(id="
              + submission.id()
              + ") is stored new: QUEUED in grading 1 at version 0, not "
              + submission.state()
              + " in grading "
              + submission.grading()
              + " at version "
              + submission.version());
    }
    try (Timer.Context ignored = insertTimer.time()) {
      if (!submission.published()) {
        outbox.insertOne(
            new Document("_id", submission.id()).append("createdAt", submission.createdAt()));
      }
      try {
        collection.insertOne(toDocument(submission));
      } catch (RuntimeException e) {
        if (!submission.published()) {
          try {
            outbox.deleteOne(Filters.eq("_id", submission.id()));
          } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
          }
        }
        throw e;
      }
    }
  }

  public Optional<Submission> find(String id) {
    try (Timer.Context ignored = findTimer.time()) {
      return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first())
          .map(SubmissionStore::fromDocument);
    }
  }

  /**
   * Records that the broker confirmed the submissions' messages: sets their {@code published} flag
   * and removes their outbox entries.
   */
  public void markPublished(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try (Timer.Context ignored = saveTimer.time()) {
      // why: flag first; an entry left behind by a failure here only costs a harmless republish.
      collection.updateMany(Filters.in("_id", ids), Updates.set("published", true));
      outbox.deleteMany(Filters.in("_id", ids));
    }
  }

  /**
   * Stores {@code submission}'s state, history and result as version {@code submission.version() +
   * 1}, if the stored version is still {@code submission.version()}. The fields set when it was
   * created and the {@code published} flag are left as they are stored.
   *
   * @return the stored submission
   * @throws StaleSubmissionException when the stored version is no longer {@code
   *     submission.version()}
   */
  public Submission save(Submission submission) {
    long version = submission.version() + 1;
    List<Bson> updates =
        new ArrayList<>(
            List.of(
                Updates.set("state", submission.state().name()),
                Updates.set("history", history(submission.history())),
                submission.result() == null
                    ? Updates.unset("result")
                    : Updates.set("result", Documents.toDocument(submission.result())),
                Updates.set("problemVersion", submission.problemVersion()),
                Updates.set("grading", submission.grading()),
                submission.rejudge() == null
                    ? Updates.unset("rejudge")
                    : Updates.set("rejudge", submission.rejudge()),
                Updates.set("gradings", gradings(submission.gradings())),
                Updates.set("version", version)));
    if (submission.state() == SubmissionState.QUEUED) {
      // why: a save can only enter QUEUED by a rejudge (the table has no other way back there),
      // whose new grading is not yet published. Any other save leaves the flag as stored, since the
      // API sets it in batches without touching the version.
      updates.add(Updates.set("published", submission.published()));
    }
    Bson update = Updates.combine(updates);
    try (Timer.Context ignored = saveTimer.time()) {
      // why: a plain document, not Filters.and, which renders as $and: the stand-in serves only a
      // query whose keys are exactly an index's from that index.
      Document saved =
          collection.findOneAndUpdate(
              new Document("_id", submission.id()).append("version", submission.version()),
              update,
              new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
      if (saved == null) {
        throw new StaleSubmissionException(submission.id(), submission.version());
      }
      return fromDocument(saved);
    }
  }

  /**
   * Changes the stored submission: reads it, applies {@code change} (a transition the state table
   * allows, which appends to the history) and saves it under the version guard. When another writer
   * saved in between, it reads and decides again, at most {@value #ATTEMPTS} times, so a change is
   * always decided on the latest stored state.
   *
   * @return the saved submission; empty when no submission has {@code id}, when the table does not
   *     allow the change from the stored state, or when the change reports on a grading the
   *     submission has moved past (a duplicate or late report: dropped)
   * @throws StaleSubmissionException when other writers won every attempt
   */
  public Optional<Submission> change(String id, UnaryOperator<Submission> change) {
    for (int attempt = 1; ; attempt++) {
      Optional<Submission> stored = find(id);
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      Submission next;
      try {
        next = change.apply(stored.get());
      } catch (IllegalSubmissionTransitionException | SupersededGradingException e) {
        return Optional.empty();
      }
      try {
        return Optional.of(save(next));
      } catch (StaleSubmissionException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * A worker slot started the submission's first grading; see {@link #start(String, int, long)}.
   */
  public Optional<Submission> start(String id, long startedAt) {
    return start(id, 1, startedAt);
  }

  /**
   * A worker slot started grading {@code grading} of the submission: RUNNING, through {@link
   * #change}.
   *
   * @return the saved submission, or empty when it is unknown, may not become RUNNING (DONE), or is
   *     in another grading
   */
  public Optional<Submission> start(String id, int grading, long startedAt) {
    return change(id, submission -> submission.start(grading, startedAt));
  }

  /** The first grading's result; see {@link #finish(String, int, GradingOutcome, long)}. */
  public Optional<Submission> finish(String id, GradingOutcome outcome, long finishedAt) {
    return finish(id, 1, outcome, finishedAt);
  }

  /**
   * The final result of grading {@code grading}: DONE with its outcome (through RUNNING when the
   * outcome says it started and that was never recorded), as {@link Submission#finish} decides.
   *
   * <p>A submission still at version 0 is as {@link #insert} stored it, QUEUED in its first
   * grading, since every other change of state goes through the version guard and raises the
   * version: the first grading's result then finishes it in one write guarded by that version,
   * appending what {@link Submission#finish} appends to a QUEUED submission. Anything else (a start
   * recorded before, a duplicate, a result of a replaced grading, an unknown id) goes through
   * {@link #change}, which reads, decides and says why. why: every submission ends here, and the
   * read before the write was a second round trip, and a whole document decoded, on every one.
   *
   * @return the saved submission, or empty when it is unknown, already DONE (a duplicate or
   *     redelivered result, dropped) or in another grading (a result of an earlier one, dropped)
   */
  public Optional<Submission> finish(
      String id, int grading, GradingOutcome outcome, long finishedAt) {
    if (Math.max(1, grading) == 1) {
      List<StateChange> added = new ArrayList<>();
      if (outcome.startedAt() > 0) {
        added.add(new StateChange(SubmissionState.RUNNING, outcome.startedAt()));
      }
      added.add(new StateChange(SubmissionState.DONE, finishedAt));
      Document saved;
      try (Timer.Context ignored = saveTimer.time()) {
        // why: exactly the keys of the id_version index, which the stand-in serves a query from.
        saved =
            collection.findOneAndUpdate(
                new Document("_id", id).append("version", 0L),
                Updates.combine(
                    Updates.set("state", SubmissionState.DONE.name()),
                    Updates.set("result", Documents.toDocument(outcome)),
                    Updates.pushEach("history", history(added)),
                    Updates.set("version", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
      }
      if (saved != null) {
        return Optional.of(fromDocument(saved));
      }
    }
    return change(id, submission -> submission.finish(grading, outcome, finishedAt));
  }

  /**
   * Starts a new grading of a DONE submission for rejudge {@code rejudgeId}: QUEUED against {@code
   * problemVersion} (null: the version it was graded with), not yet published, through {@link
   * #change}. Its outbox entry is written first, so that a new grading whose message is never
   * confirmed is published by the dispatcher's sweeper, as a new submission's would be. An entry
   * left by a refused change is harmless: the sweeper drops it once it sees the submission
   * published, or publishes a duplicate that grading ignores.
   *
   * @return the saved submission, or empty when it is unknown or not DONE (being graded)
   */
  public Optional<Submission> requeue(
      String id, String problemVersion, String rejudgeId, long now) {
    try (Timer.Context ignored = insertTimer.time()) {
      outbox.updateOne(
          Filters.eq("_id", id),
          Updates.setOnInsert("createdAt", now),
          new UpdateOptions().upsert(true));
    }
    return change(
        id,
        submission ->
            submission.requeue(
                problemVersion == null ? submission.problemVersion() : problemVersion,
                rejudgeId,
                now));
  }

  /**
   * At most {@code limit} submissions a rejudge of {@code selection} considers, in the order of
   * their creation (then id), after {@code after} (null: from the first). Each page is a query of
   * its own, so a rejudge of any size holds no server cursor and one page in memory.
   */
  public List<Submission> page(
      RejudgeSelection selection, SubmissionQuery.Position after, int limit) {
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.eq("problemId", selection.problemId()));
    if (selection.verdict() != null) {
      filters.add(Filters.eq("result.verdict", selection.verdict()));
    }
    if (after != null) {
      filters.add(
          Filters.or(
              Filters.gt("createdAt", after.createdAt()),
              Filters.and(
                  Filters.eq("createdAt", after.createdAt()), Filters.gt("_id", after.id()))));
    }
    List<Submission> found = new ArrayList<>();
    try (Timer.Context ignored = listTimer.time()) {
      for (Document document :
          collection
              .find(Filters.and(filters))
              .sort(Sorts.ascending("createdAt", "_id"))
              .limit(limit)) {
        found.add(fromDocument(document));
      }
    }
    return found;
  }

  /** The stored submissions among {@code ids}, in no particular order. */
  public List<Submission> findAll(List<String> ids) {
    List<Submission> found = new ArrayList<>();
    try (Timer.Context ignored = findTimer.time()) {
      for (Document document : collection.find(Filters.in("_id", ids))) {
        found.add(fromDocument(document));
      }
    }
    return found;
  }

  /**
   * Submissions created before {@code createdBefore} whose message was never confirmed, oldest
   * first, read from the outbox. Entries found stale are removed: one whose submission is flagged
   * published (its confirmation was recorded but the removal failed), and one created before {@code
   * orphanedBefore} whose submission does not exist (its insert failed).
   */
  public List<Submission> findUnpublished(long createdBefore, long orphanedBefore, int limit) {
    List<String> ids = new ArrayList<>();
    List<Long> createdAt = new ArrayList<>();
    for (Document entry :
        outbox
            .find(Filters.lt("createdAt", createdBefore))
            .sort(Sorts.ascending("createdAt"))
            .limit(limit)) {
      ids.add(entry.getString("_id"));
      createdAt.add(((Number) entry.get("createdAt")).longValue());
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, Submission> stored = new HashMap<>();
    for (Document document : collection.find(Filters.in("_id", ids))) {
      Submission submission = fromDocument(document);
      stored.put(submission.id(), submission);
    }
    List<Submission> found = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Submission submission = stored.get(ids.get(i));
      if (submission == null ? createdAt.get(i) < orphanedBefore : submission.published()) {
        stale.add(ids.get(i));
      } else if (submission != null) {
        found.add(submission);
      }
    }
    if (!stale.isEmpty()) {
      outbox.deleteMany(Filters.in("_id", stale));
    }
    return found;
  }

  public long count() {
    return collection.countDocuments();
  }

  static Document toDocument(Submission s) {
    List<Document> files = new ArrayList<>();
    for (SourceFile file : s.files()) {
      files.add(
          new Document("name", file.name())
              .append("sha256", file.sha256())
              .append("size", file.size()));
    }
    Document document =
        new Document("_id", s.id())
            .append("problemId", s.problemId())
            .append("problemVersion", s.problemVersion())
            .append("language", s.language())
            .append("files", files)
            .append("state", s.state().name())
            .append("version", s.version())
            .append("history", history(s.history()))
            .append("createdAt", s.createdAt())
            .append("published", s.published());
    if (s.result() != null) {
      document.append("result", Documents.toDocument(s.result()));
    }
    if (s.owner() != null) {
      document.append("owner", s.owner());
    }
    if (s.entryPoint() != null) {
      document.append("entryPoint", s.entryPoint());
    }
    if (s.callbackUrl() != null) {
      document.append("callbackUrl", s.callbackUrl());
    }
    if (s.bulk()) {
      document.append("bulk", true);
    }
    if (s.grading() > 1) {
      document
          .append("grading", s.grading())
          .append("rejudge", s.rejudge())
          .append("gradings", gradings(s.gradings()));
    }
    return document;
  }

  private static List<Document> gradings(List<Grading> gradings) {
    List<Document> documents = new ArrayList<>();
    for (Grading grading : gradings) {
      Document document =
          new Document("grading", grading.number())
              .append("problemVersion", grading.problemVersion())
              .append("queuedAt", grading.queuedAt())
              .append("finishedAt", grading.finishedAt());
      if (grading.rejudge() != null) {
        document.append("rejudge", grading.rejudge());
      }
      if (grading.result() != null) {
        document.append("result", Documents.toDocument(grading.result()));
      }
      documents.add(document);
    }
    return documents;
  }

  private static List<Grading> gradings(Document d) {
    List<Grading> gradings = new ArrayList<>();
    for (Document grading : d.getList("gradings", Document.class, List.of())) {
      Document result = grading.get("result", Document.class);
      gradings.add(
          new Grading(
              ((Number) grading.get("grading")).intValue(),
              grading.getString("problemVersion"),
              grading.getString("rejudge"),
              ((Number) grading.get("queuedAt")).longValue(),
              ((Number) grading.get("finishedAt")).longValue(),
              result == null ? null : Documents.fromDocument(result, GradingOutcome.class)));
    }
    return gradings;
  }

  private static List<Document> history(List<StateChange> changes) {
    List<Document> history = new ArrayList<>();
    for (StateChange change : changes) {
      history.add(new Document("state", change.state().name()).append("at", change.at()));
    }
    return history;
  }

  static Submission fromDocument(Document d) {
    List<SourceFile> files = new ArrayList<>();
    for (Document file : d.getList("files", Document.class)) {
      files.add(
          new SourceFile(
              file.getString("name"),
              file.getString("sha256"),
              ((Number) file.get("size")).longValue(),
              null));
    }
    List<StateChange> history = new ArrayList<>();
    for (Document change : d.getList("history", Document.class)) {
      history.add(
          new StateChange(
              SubmissionState.valueOf(change.getString("state")),
              ((Number) change.get("at")).longValue()));
    }
    Document result = d.get("result", Document.class);
    return new Submission(
        d.getString("_id"),
        d.getString("problemId"),
        d.getString("problemVersion"),
        d.getString("language"),
        files,
        SubmissionState.valueOf(d.getString("state")),
        ((Number) d.get("version")).longValue(),
        history,
        ((Number) d.get("createdAt")).longValue(),
        d.getBoolean("published", false),
        result == null ? null : Documents.fromDocument(result, GradingOutcome.class),
        d.getString("owner"),
        d.getString("entryPoint"),
        d.getString("callbackUrl"),
        d.get("grading") instanceof Number grading ? grading.intValue() : 1,
        d.getString("rejudge"),
        gradings(d),
        d.getBoolean("bulk", false));
  }

  /**
   * Appends one delivery attempt of the submission's callback (their number is bounded by the retry
   * schedule, {@code webhooks.*}). Outside the version guard: attempts only accumulate in a field
   * of their own, which no other writer touches, so they need no ordering with state changes.
   */
  public void recordCallbackAttempt(String id, CallbackAttempt attempt) {
    try (Timer.Context ignored = saveTimer.time()) {
      collection.updateOne(
          Filters.eq("_id", id), Updates.push("callbackAttempts", attempt.toDocument()));
    }
  }

  /** The submission's callback delivery attempts, oldest first; empty when it has none. */
  public List<CallbackAttempt> callbackAttempts(String id) {
    Document found;
    try (Timer.Context ignored = findTimer.time()) {
      found =
          collection
              .find(Filters.eq("_id", id))
              .projection(new Document("callbackAttempts", 1))
              .first();
    }
    if (found == null) {
      return List.of();
    }
    List<Document> attempts = found.getList("callbackAttempts", Document.class, List.of());
    return attempts.stream().map(CallbackAttempt::fromDocument).toList();
  }
}
