package dev.verdict.api.problem;

import dev.verdict.common.problem.ProblemRecord;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The current version of each problem, cached so accepting a submission costs no MongoDB read. A
 * newly loaded problem version is used by submissions about {@code ttlMillis} later.
 *
 * <p>A problem is read from MongoDB once however many requests ask for it at the same moment, and
 * an expired entry is refreshed in the background while requests go on with the entry they have:
 * under a burst of thousands of submissions, the expiry of one entry must not send every one of
 * them to MongoDB at once.
 */
public final class CurrentProblems {
  private static final int MAX_ENTRIES = 10_000;

  private final ProblemStore store;
  private final long ttlMillis;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final Map<String, Reveal> reveals = new ConcurrentHashMap<>();

  /** Whether a problem names the first failing secret test, as read at {@code loadedAt}. */
  private record Reveal(boolean reveals, long loadedAt) {}

  /** One problem's lookup: its result (possibly still loading) and when it was loaded. */
  private static final class Entry {
    final CompletableFuture<Optional<ProblemVersion>> problem = new CompletableFuture<>();
    final long loadedAt;
    final AtomicBoolean refreshing = new AtomicBoolean();

    Entry(long loadedAt) {
      this.loadedAt = loadedAt;
    }
  }

  public CurrentProblems(ProblemStore store, long ttlMillis) {
    this.store = store;
    this.ttlMillis = ttlMillis;
  }

  public Optional<ProblemVersion> get(String problemId) {
    Entry entry = cache.get(problemId);
    if (entry == null) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      Entry mine = new Entry(System.currentTimeMillis());
      entry = cache.putIfAbsent(problemId, mine);
      if (entry == null) {
        entry = mine;
        load(problemId, mine);
      }
    } else if (System.currentTimeMillis() - entry.loadedAt >= ttlMillis
        && entry.problem.isDone()
        && entry.refreshing.compareAndSet(false, true)) {
      Entry stale = entry;
      Thread.ofVirtual().name("problem-refresh").start(() -> refresh(problemId, stale));
    }
    try {
      return entry.problem.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  /**
   * Drops what this node cached about a problem, so its next submission sees the change just made
   * (a new version, the problem hidden). Other API nodes see it within {@code ttlMillis}.
   */
  public void forget(String problemId) {
    cache.remove(problemId);
    reveals.remove(problemId);
  }

  /**
   * Whether submitters are told the name of the first secret test they failed on {@code problemId}
   * (false for an unknown problem, and for a submission without one). Read as often as results are,
   * so cached like the versions; a change is seen within {@code ttlMillis}.
   */
  public boolean revealsFirstFailingTest(String problemId) {
    if (problemId == null) {
      return false;
    }
    long now = System.currentTimeMillis();
    Reveal known = reveals.get(problemId);
    if (known != null && now - known.loadedAt() < ttlMillis) {
      return known.reveals();
    }
    if (reveals.size() >= MAX_ENTRIES) {
      reveals.clear();
    }
    boolean reveals =
        store.find(problemId).map(ProblemRecord::revealsFirstFailingTest).orElse(false);
    this.reveals.put(problemId, new Reveal(reveals, now));
    return reveals;
  }

  public List<ProblemVersion> all() {
    return store.list();
  }

  /** Loads on the caller's thread; the requests that came meanwhile wait for the same result. */
  private void load(String problemId, Entry entry) {
    try {
      entry.problem.complete(store.current(problemId));
    } catch (RuntimeException e) {
      // why: a failed read must not stick; the next request tries MongoDB again.
      cache.remove(problemId, entry);
      entry.problem.completeExceptionally(e);
    }
  }

  private void refresh(String problemId, Entry stale) {
    try {
      Entry fresh = new Entry(System.currentTimeMillis());
      fresh.problem.complete(store.current(problemId));
      cache.replace(problemId, stale, fresh);
    } catch (RuntimeException e) {
      // why: MongoDB is away for a moment; the stale entry serves until a later refresh works.
      stale.refreshing.set(false);
    }
  }
}
