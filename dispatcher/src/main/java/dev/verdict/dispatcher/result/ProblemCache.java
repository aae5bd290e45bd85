package dev.verdict.dispatcher.result;

import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Problem versions by id and version. A version never changes once stored, so a cached one is never
 * stale; the cache only bounds how many are kept.
 */
public final class ProblemCache {
  private final ProblemStore store;
  private final Map<String, ProblemVersion> cache;

  public ProblemCache(ProblemStore store, int capacity) {
    this.store = store;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ProblemVersion> eldest) {
            return size() > capacity;
          }
        };
  }

  public Optional<ProblemVersion> get(String problemId, String version) {
    String key = problemId + "@" + version;
    synchronized (cache) {
      ProblemVersion cached = cache.get(key);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<ProblemVersion> loaded = store.version(problemId, version);
    loaded.ifPresent(
        problem -> {
          synchronized (cache) {
            cache.put(key, problem);
          }
        });
    return loaded;
  }
}
