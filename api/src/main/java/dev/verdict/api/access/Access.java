package dev.verdict.api.access;

import dev.verdict.api.http.ApiException;
import dev.verdict.common.access.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may call what. Every route needs a bearer token ({@code Authorization: Bearer <token>})
 * unless it is registered with the route role {@link #PUBLIC}; the token is checked before the
 * route's handler runs, and the handler states what it needs in one line:
 *
 * <pre>{@code
 * Caller caller = Access.require(ctx, Role.STAFF);   // 403 unless staff or admin
 * Caller caller = Access.caller(ctx);                 // any valid token
 * }</pre>
 *
 * No token, or one that is unknown, revoked or expired, is a 401; a valid token without the role a
 * 403. A request that matches no route is a 404 whatever its token.
 *
 * <p>A request without an {@code Authorization} header may instead carry the web page's session
 * cookie ({@link Sessions}). Such a request, unless it is a GET or HEAD, must also carry the
 * session's CSRF token in {@code X-CSRF-Token} and, when it names an {@code Origin}, come from this
 * API's own origin; otherwise it is a 403. A bearer token needs neither: a browser never sends one
 * on its own.
 */
public final class Access {
  /** The route role of the few routes anyone may call: health, readiness and metrics. */
  public enum Open implements RouteRole {
    PUBLIC
  }

  public static final RouteRole PUBLIC = Open.PUBLIC;

  private static final String CALLER = Access.class.getName() + ".caller";
  private static final String BEARER = "Bearer ";
  private static final String SESSION = Access.class.getName() + ".session";

  /** The header a signed-in page sends its session's CSRF token in. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private Access() {}

  /** Checks the token of every request that matched a route not marked {@link #PUBLIC}. */
  public static void install(Javalin app, Authenticator authenticator, Sessions sessions) {
    app.beforeMatched(
        ctx -> {
          if (ctx.routeRoles().contains(PUBLIC)) {
            return;
          }
          ctx.attribute(CALLER, authenticate(ctx, authenticator, sessions));
        });
  }

  /** Whether the request was authenticated by the page's session cookie, not a bearer token. */
  public static boolean bySession(Context ctx) {
    return ctx.attribute(SESSION) != null;
  }

  /** The session a cookie-authenticated request carried, or null for a bearer token. */
  public static Sessions.Session session(Context ctx) {
    return ctx.attribute(SESSION);
  }

  private static Caller authenticate(Context ctx, Authenticator authenticator, Sessions sessions) {
    String header = ctx.header("Authorization");
    if ((header == null || header.isBlank()) && ctx.cookie(Sessions.COOKIE) != null) {
      return bySession(ctx, authenticator, sessions);
    }
    if (header == null || header.isBlank()) {
      throw ApiException.unauthorized("a bearer token is required: Authorization: Bearer <token>");
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw ApiException.unauthorized("the Authorization header must be Bearer <token>");
    }
    Optional<Caller> caller = authenticator.authenticate(header.substring(BEARER.length()).trim());
    return caller.orElseThrow(
        () -> ApiException.unauthorized("the token is unknown, revoked or expired"));
  }

  private static Caller bySession(Context ctx, Authenticator authenticator, Sessions sessions) {
    Sessions.Session session =
        sessions
            .find(ctx.cookie(Sessions.COOKIE))
            .orElseThrow(() -> ApiException.unauthorized("the session has ended; sign in again"));
    Caller caller =
        authenticator
            .authenticateHashed(session.tokenHash())
            .orElseThrow(
                () -> ApiException.unauthorized("the session's token is revoked or expired"));
    String method = ctx.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      String origin = ctx.header("Origin");
      if (origin != null && !origin.equals(ownOrigin(ctx))) {
        throw ApiException.forbidden("a request from another origin is refused");
      }
      String csrf = ctx.header(CSRF_HEADER);
      if (csrf == null
          || !MessageDigest.isEqual(
              csrf.getBytes(StandardCharsets.UTF_8),
              session.csrf().getBytes(StandardCharsets.UTF_8))) {
        throw ApiException.forbidden(
            "a signed-in page's request must carry its " + CSRF_HEADER + " header");
      }
    }
    ctx.attribute(SESSION, session);
    return caller;
  }

  /** The origin the browser sees this API at, as an {@code Origin} header names it. */
  static String ownOrigin(Context ctx) {
    String forwarded = ctx.header("X-Forwarded-Proto");
    String scheme = forwarded != null ? forwarded : ctx.scheme();
    return scheme + "://" + ctx.host();
  }

  /**
   * The caller of a request to a route that is not {@link #PUBLIC}.
   *
   * @throws IllegalStateException on a public route, where nobody was authenticated
   */
  public static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no caller on " + ctx.method() + " " + ctx.path());
    }
    return caller;
  }

  /**
   * The caller, if their role includes {@code role}.
   *
   * @throws ApiException 403 when it does not
   */
  public static Caller require(Context ctx, Role role) {
    Caller caller = caller(ctx);
    if (!caller.role().includes(role)) {
      throw ApiException.forbidden(
          "this needs a " + role.wireName() + " token; yours is " + caller.role().wireName());
    }
    return caller;
  }
}
