package dev.verdict.common.problem;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.verdict.common.mongo.Documents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Problems in MongoDB: {@code problem_versions} holds every version ever loaded (immutable, id
 * {@code <problem>@<version>}); {@code problems} holds one document per problem pointing at its
 * current version, listing every version it had, and saying whether it is hidden. A hidden problem
 * takes no new submissions and is not listed, while its versions stay readable for the submissions
 * graded against them.
 */
public final class ProblemStore {
  private final MongoCollection<Document> problems;
  private final MongoCollection<Document> versions;
  private final Timer findTimer;

  public ProblemStore(MongoDatabase database, MetricRegistry metrics) {
    this.problems = database.getCollection("problems");
    this.versions = database.getCollection("problem_versions");
    this.findTimer = metrics.timer("verdict.mongo.problem.find");
  }

  /**
   * Stores the version (once) and makes it the problem's current one, creating the problem if
   * needed. A hidden problem stays hidden.
   */
  public void save(ProblemVersion problem, long now) {
    storeVersion(problem);
    problems.updateOne(
        Filters.eq("_id", problem.problemId()),
        Updates.combine(
            Updates.set("name", problem.name()),
            Updates.set("currentVersion", problem.version()),
            Updates.set("tests", problem.tests().size()),
            Updates.set("updatedAt", now)),
        new UpdateOptions().upsert(true));
    // why: a version listed once stays where it first appeared, also when a later upload brings
    // the same content back.
    problems.updateOne(
        Filters.and(
            Filters.eq("_id", problem.problemId()),
            Filters.ne("versions.version", problem.version())),
        Updates.push("versions", versionEntry(problem, now)));
  }

  /**
   * Stores the version and creates the problem with it, unless a problem with that id exists
   * (hidden or not).
   *
   * @return false when the problem exists; its version document is stored all the same (versions
   *     are immutable and content-addressed, so it is harmless)
   */
  public boolean create(ProblemVersion problem, long now) {
    storeVersion(problem);
    try {
      problems.insertOne(
          new Document("_id", problem.problemId())
              .append("name", problem.name())
              .append("currentVersion", problem.version())
              .append("tests", problem.tests().size())
              .append("updatedAt", now)
              .append("versions", List.of(versionEntry(problem, now))));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Stores a version that belongs to no listed problem (the tests an ad-hoc run brought with it):
   * readable by {@link #version}, as the dispatcher reads every version it grades against, but in
   * no list and never current. Versions are content-addressed, so storing the same one twice is a
   * no-op.
   */
  public void storeUnlisted(ProblemVersion problem) {
    storeVersion(problem);
  }

  /**
   * Hides a problem from new submissions and lists. Returns false when there is no such problem.
   */
  public boolean hide(String problemId, long now) {
    return problems
            .updateOne(
                Filters.eq("_id", problemId),
                Updates.combine(Updates.set("hidden", true), Updates.set("hiddenAt", now)))
            .getMatchedCount()
        > 0;
  }

  /**
   * Whether submitters learn the name of the first secret test they failed. Returns false when
   * there is no such problem.
   */
  public boolean revealFirstFailingTest(String problemId, boolean reveal) {
    return problems
            .updateOne(Filters.eq("_id", problemId), Updates.set("revealsFirstFailingTest", reveal))
            .getMatchedCount()
        > 0;
  }

  /** Takes a hidden problem back. Returns false when there is no such problem. */
  public boolean show(String problemId) {
    return problems
            .updateOne(
                Filters.eq("_id", problemId),
                Updates.combine(Updates.set("hidden", false), Updates.unset("hiddenAt")))
            .getMatchedCount()
        > 0;
  }

  /** A problem whether hidden or not, with its versions. */
  public Optional<ProblemRecord> find(String problemId) {
    try (Timer.Context ignored = findTimer.time()) {
      return Optional.ofNullable(problems.find(Filters.eq("_id", problemId)).first())
          .map(ProblemStore::record);
    }
  }

  /** The current version of a problem that is not hidden. */
  public Optional<ProblemVersion> current(String problemId) {
    try (Timer.Context ignored = findTimer.time()) {
      Document pointer = problems.find(Filters.eq("_id", problemId)).first();
      if (pointer == null || pointer.getBoolean("hidden", false)) {
        return Optional.empty();
      }
      return version(problemId, pointer.getString("currentVersion"));
    }
  }

  /** One version of a problem, hidden or not. */
  public Optional<ProblemVersion> version(String problemId, String version) {
    try (Timer.Context ignored = findTimer.time()) {
      Document document = versions.find(Filters.eq("_id", problemId + "@" + version)).first();
      if (document == null) {
        return Optional.empty();
      }
      document.remove("_id");
      return Optional.of(Documents.fromDocument(document, ProblemVersion.class));
    }
  }

  /** Every problem's current version, by id, leaving hidden problems out. */
  public List<ProblemVersion> list() {
    List<ProblemVersion> all = new ArrayList<>();
    for (Document pointer :
        problems.find(Filters.ne("hidden", true)).sort(Sorts.ascending("_id"))) {
      version(pointer.getString("_id"), pointer.getString("currentVersion")).ifPresent(all::add);
    }
    return all;
  }

  /**
   * Inserts the version unless it is there. why: one round trip, not a look-up and a write: an
   * ad-hoc run stores a version of its own almost every time, and a version that is there already
   * is the same content (content-addressed), so the duplicate key is the whole answer.
   */
  private void storeVersion(ProblemVersion problem) {
    String versionId = problem.problemId() + "@" + problem.version();
    try {
      versions.insertOne(Documents.toDocument(problem).append("_id", versionId));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  private static Document versionEntry(ProblemVersion problem, long now) {
    return new Document("version", problem.version())
        .append("uploadedAt", now)
        .append("tests", problem.tests().size());
  }

  private static ProblemRecord record(Document pointer) {
    String current = pointer.getString("currentVersion");
    List<ProblemRecord.VersionEntry> entries = new ArrayList<>();
    for (Document entry : pointer.getList("versions", Document.class, List.of())) {
      entries.add(
          new ProblemRecord.VersionEntry(
              entry.getString("version"),
              ((Number) entry.get("uploadedAt")).longValue(),
              ((Number) entry.get("tests")).intValue()));
    }
    if (entries.stream().noneMatch(e -> e.version().equals(current))) {
      // why: problems stored before versions were listed know only their current version.
      Number at = (Number) pointer.get("updatedAt");
      Number tests = (Number) pointer.get("tests");
      entries.addFirst(
          new ProblemRecord.VersionEntry(
              current, at == null ? 0 : at.longValue(), tests == null ? 0 : tests.intValue()));
    }
    return new ProblemRecord(
        pointer.getString("_id"),
        pointer.getString("name"),
        current,
        pointer.getBoolean("hidden", false),
        entries,
        pointer.getBoolean("revealsFirstFailingTest", false));
  }
}
