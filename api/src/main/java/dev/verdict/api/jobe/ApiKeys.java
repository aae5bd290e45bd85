package dev.verdict.api.jobe;

import dev.verdict.api.access.Authenticator;
import dev.verdict.api.access.Caller;
import dev.verdict.api.access.RateLimiter;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.JobeConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Jobe's API keys, which are Verdict tokens here: the {@code X-API-KEY} header carries a token, the
 * runs are owned by its name and drawn from its rate limit ({@code api.access.<role>PerMinute}).
 * The refusals are Jobe's: 403 {@code "Missing API key"}, 403 {@code "Unknown API key"} (unknown,
 * revoked or expired), and 429 {@code "Max RUN rate for this server exceeded"} for a run over the
 * key's limit. With {@code jobe.requireApiKey} false the header is ignored, as Jobe ignores it by
 * default.
 */
final class ApiKeys {
  static final String HEADER = "X-API-KEY";

  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final boolean required;
  private final Caller anonymous;

  ApiKeys(Authenticator authenticator, RateLimiter rateLimiter, JobeConfig config) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.required = config.requireApiKey();
    this.anonymous = new Caller(config.anonymousUser(), Role.SUBMITTER, null);
  }

  /** Who sent the request. */
  Caller caller(Context ctx) {
    if (!required) {
      return anonymous;
    }
    String key = ctx.header(HEADER);
    if (key == null || key.isBlank()) {
      throw new JobeException(403, "Missing API key");
    }
    Optional<Caller> caller;
    try {
      caller = authenticator.authenticate(key.trim());
    } catch (ServiceUnavailableException e) {
      throw new JobeException(503, e.getMessage(), (long) e.retryAfterSeconds());
    }
    return caller.orElseThrow(() -> new JobeException(403, "Unknown API key"));
  }
}
