package dev.verdict.api.access;

import dev.verdict.api.http.ApiException;
import dev.verdict.common.access.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
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
 */
public final class Access {
  /** The route role of the few routes anyone may call: health, readiness and metrics. */
  public enum Open implements RouteRole {
    PUBLIC
  }

  public static final RouteRole PUBLIC = Open.PUBLIC;

  private static final String CALLER = Access.class.getName() + ".caller";
  private static final String BEARER = "Bearer ";

  private Access() {}

  /** Checks the token of every request that matched a route not marked {@link #PUBLIC}. */
  public static void install(Javalin app, Authenticator authenticator) {
    app.beforeMatched(
        ctx -> {
          if (ctx.routeRoles().contains(PUBLIC)) {
            return;
          }
          ctx.attribute(CALLER, authenticate(ctx, authenticator));
        });
  }

  private static Caller authenticate(Context ctx, Authenticator authenticator) {
    String header = ctx.header("Authorization");
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
