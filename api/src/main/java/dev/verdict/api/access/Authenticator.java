package dev.verdict.api.access;

import dev.verdict.api.http.ServiceUnavailableException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the caller of a bearer token, remembering each answer for {@code api.access.tokenCacheMs}
 * so a request costs no MongoDB read. Requests arriving together with the same unknown token share
 * one read. A token revoked through this process is forgotten at once; through another, within the
 * cache time.
 */
public final class Authenticator {
  private static final int MAX_ENTRIES = 100_000;

  private final TokenStore store;
  private final long cacheMillis;
  private final int retryAfterSeconds;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(CompletableFuture<Optional<TokenInfo>> info, long loadedAt) {}

  public Authenticator(TokenStore store, long cacheMillis, int retryAfterSeconds) {
    this.store = store;
    this.cacheMillis = cacheMillis;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * The caller {@code token} stands for, or empty when it is unknown, revoked or expired.
   *
   * @throws ServiceUnavailableException when the token store cannot be read
   */
  public Optional<Caller> authenticate(String token) {
    if (!TokenSecrets.wellFormed(token)) {
      return Optional.empty();
    }
    return authenticateHashed(TokenSecrets.hash(token));
  }

  /**
   * The caller of the token whose stored form ({@link TokenSecrets#hash}) is {@code key}: how a
   * signed-in page's session, which keeps only the hash, is checked on every request, so revoking
   * or expiring the token ends the session too.
   *
   * @throws ServiceUnavailableException when the token store cannot be read
   */
  public Optional<Caller> authenticateHashed(String key) {
    long now = System.currentTimeMillis();
    Entry entry = cache.get(key);
    if (entry == null || now - entry.loadedAt() >= cacheMillis) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      Entry mine = new Entry(new CompletableFuture<>(), now);
      boolean won =
          entry == null ? cache.putIfAbsent(key, mine) == null : cache.replace(key, entry, mine);
      Entry theirs = won ? mine : cache.get(key);
      if (won || theirs == null) {
        load(key, mine);
        theirs = mine;
      }
      entry = theirs;
    }
    Optional<TokenInfo> info;
    try {
      info = entry.info().join();
    } catch (CompletionException e) {
      throw new ServiceUnavailableException(
          "tokens cannot be checked now; retry later", retryAfterSeconds);
    }
    return info.filter(found -> found.validAt(now))
        .map(found -> new Caller(found.name(), found.role(), found.id(), found.callbackUrl()));
  }

  /** Forgets every cached answer, so a revocation made here takes effect at once. */
  public void forgetAll() {
    cache.clear();
  }

  private void load(String key, Entry entry) {
    try {
      entry.info().complete(store.findHashed(key));
    } catch (RuntimeException e) {
      // why: a failed read must not stick; the next request tries MongoDB again.
      cache.remove(key, entry);
      entry.info().completeExceptionally(e);
    }
  }
}
