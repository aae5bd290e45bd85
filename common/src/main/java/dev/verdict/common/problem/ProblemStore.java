package dev.verdict.common.problem;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.verdict.common.mongo.Documents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Problems in MongoDB: {@code problem_versions} holds every version ever loaded (immutable, id
 * {@code <problem>@<version>}), {@code problems} points each problem at its current version.
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

  /** Stores the version (once) and makes it the problem's current one. */
  public void save(ProblemVersion problem, long now) {
    String versionId = problem.problemId() + "@" + problem.version();
    if (versions.find(Filters.eq("_id", versionId)).first() == null) {
      Document document = Documents.toDocument(problem).append("_id", versionId);
      versions.replaceOne(
          Filters.eq("_id", versionId), document, new ReplaceOptions().upsert(true));
    }
    problems.replaceOne(
        Filters.eq("_id", problem.problemId()),
        new Document("_id", problem.problemId())
            .append("name", problem.name())
            .append("currentVersion", problem.version())
            .append("tests", problem.tests().size())
            .append("updatedAt", now),
        new ReplaceOptions().upsert(true));
  }

  /** The current version of a problem. */
  public Optional<ProblemVersion> current(String problemId) {
    try (Timer.Context ignored = findTimer.time()) {
      Document pointer = problems.find(Filters.eq("_id", problemId)).first();
      if (pointer == null) {
        return Optional.empty();
      }
      return version(problemId, pointer.getString("currentVersion"));
    }
  }

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

  /** Every problem's current version, by id. */
  public List<ProblemVersion> list() {
    List<ProblemVersion> all = new ArrayList<>();
    for (Document pointer : problems.find().sort(Sorts.ascending("_id"))) {
      version(pointer.getString("_id"), pointer.getString("currentVersion")).ifPresent(all::add);
    }
    return all;
  }
}
