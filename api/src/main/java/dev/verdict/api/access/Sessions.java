package dev.verdict.api.access;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * The web page's sign-in sessions, in Redis so that every API process knows them: key {@code
 * <namespace>:session:<SHA-256 of the session id>} holds the hash of the token it was made from and
 * the session's CSRF token. The clear session id lives only in the browser's cookie and the clear
 * bearer token nowhere. A session expires with its token or after {@link #MAX_LIFETIME_SECONDS},
 * whichever comes first; each request checks the token again, so revoking the token ends it.
 */
public final class Sessions {
  /** The longest a session lasts, even with a token that never expires: a working day. */
  public static final long MAX_LIFETIME_SECONDS = 12 * 3600;

  public static final String COOKIE = "verdict_session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JedisPooled redis;
  private final String prefix;

  /** A stored session: the token it stands for and the CSRF token its page must send. */
  public record Session(String tokenHash, String csrf) {}

  /** A session just made: its clear id, for the cookie, and how long it lasts. */
  public record Opened(String id, String csrf, long lifetimeSeconds) {}

  public Sessions(JedisPooled redis, String namespace) {
    this.redis = redis;
    this.prefix = namespace + ":session:";
  }

  /**
   * Opens a session for the token whose hash is {@code tokenHash}, lasting at most until {@code
   * tokenExpiresAt} (epoch milliseconds, null for never).
   */
  public Opened open(String tokenHash, Long tokenExpiresAt, long now) {
    long lifetime = MAX_LIFETIME_SECONDS;
    if (tokenExpiresAt != null) {
      lifetime = Math.min(lifetime, Math.max(1, (tokenExpiresAt - now) / 1000));
    }
    String id = random();
    String csrf = random();
    String key = prefix + TokenSecrets.hash(id);
    redis.hset(key, Map.of("token", tokenHash, "csrf", csrf));
    redis.expire(key, lifetime);
    return new Opened(id, csrf, lifetime);
  }

  /** The live session of the clear id {@code id}, if any. */
  public Optional<Session> find(String id) {
    if (id == null || !id.matches("[A-Za-z0-9_-]{43}")) {
      return Optional.empty();
    }
    Map<String, String> fields = redis.hgetAll(prefix + TokenSecrets.hash(id));
    if (fields.get("token") == null || fields.get("csrf") == null) {
      return Optional.empty();
    }
    return Optional.of(new Session(fields.get("token"), fields.get("csrf")));
  }

  /** Ends the session of the clear id {@code id}; ending an unknown one does nothing. */
  public void close(String id) {
    if (id != null && id.matches("[A-Za-z0-9_-]{43}")) {
      redis.del(prefix + TokenSecrets.hash(id));
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
