package dev.verdict.api.problem;

import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current version of each problem, cached for a short time so accepting a submission does not
 * cost two MongoDB reads. A newly loaded problem version is used by submissions at most {@code
 * ttlMillis} later.
 */
public final class CurrentProblems {
  private final ProblemStore store;
  private final long ttlMillis;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<ProblemVersion> problem, long loadedAt) {}

  public CurrentProblems(ProblemStore store, long ttlMillis) {
    this.store = store;
    this.ttlMillis = ttlMillis;
  }

  public Optional<ProblemVersion> get(String problemId) {
    long now = System.currentTimeMillis();
    Cached cached = cache.get(problemId);
    if (cached != null && now - cached.loadedAt() < ttlMillis) {
      return cached.problem();
    }
    Optional<ProblemVersion> loaded = store.current(problemId);
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(problemId, new Cached(loaded, now));
    return loaded;
  }

  public List<ProblemVersion> all() {
    return store.list();
  }
}
