package dev.verdict.api.access;

import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.QueryParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The web page's sign-in. {@code POST /api/v1/session} with {@code Authorization: Bearer <token>}
 * exchanges the token, once, for a session cookie ({@code HttpOnly}, {@code SameSite=Strict},
 * {@code Secure} when the page is served over TLS) and answers {@code {"name", "role", "csrf"}};
 * {@code GET /api/v1/session} answers the same for a signed-in page; {@code DELETE /api/v1/session}
 * signs out, ending the session and clearing the cookie.
 */
public final class SessionRoutes {
  private final Sessions sessions;
  private final TokenStore tokens;

  record SessionView(String name, String role, String csrf) {}

  public SessionRoutes(Sessions sessions, TokenStore tokens) {
    this.sessions = sessions;
    this.tokens = tokens;
  }

  public void register(Javalin app) {
    app.post("/api/v1/session", this::open);
    app.get("/api/v1/session", this::show);
    app.delete("/api/v1/session", this::close);
  }

  private void open(Context ctx) {
    QueryParameters.only(ctx);
    if (Access.bySession(ctx)) {
      throw ApiException.badRequest(
          "Authorization", "signing in needs the token: Authorization: Bearer <token>");
    }
    Caller caller = Access.caller(ctx);
    String token = ctx.header("Authorization").substring("Bearer ".length()).trim();
    String hash = TokenSecrets.hash(token);
    Long expiresAt = tokens.findHashed(hash).map(TokenInfo::expiresAt).orElse(null);
    Sessions.Opened opened = sessions.open(hash, expiresAt, System.currentTimeMillis());
    ctx.header("Set-Cookie", cookie(ctx, opened.id(), opened.lifetimeSeconds()));
    ctx.status(201).json(new SessionView(caller.name(), caller.role().wireName(), opened.csrf()));
  }

  private void show(Context ctx) {
    QueryParameters.only(ctx);
    Caller caller = Access.caller(ctx);
    Sessions.Session session = Access.session(ctx);
    ctx.json(
        new SessionView(
            caller.name(), caller.role().wireName(), session == null ? null : session.csrf()));
  }

  private void close(Context ctx) {
    QueryParameters.only(ctx);
    sessions.close(ctx.cookie(Sessions.COOKIE));
    ctx.header("Set-Cookie", cookie(ctx, "", 0));
    ctx.status(204);
  }

  private static String cookie(Context ctx, String value, long maxAgeSeconds) {
    boolean tls = Access.ownOrigin(ctx).startsWith("https:");
    return Sessions.COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + (tls ? "; Secure" : "");
  }
}
