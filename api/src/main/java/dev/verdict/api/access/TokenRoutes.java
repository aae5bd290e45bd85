package dev.verdict.api.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.QueryParameters;
import dev.verdict.api.http.RequestBodies;
import dev.verdict.api.http.StrictJson;
import dev.verdict.common.access.Role;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code POST /api/v1/tokens} ({@code {"name", "role", "expires"}} → 201 with the clear token,
 * shown this once), {@code GET /api/v1/tokens} and {@code DELETE /api/v1/tokens/{id}}: admins only.
 */
public final class TokenRoutes {
  private final TokenStore tokens;
  private final Authenticator authenticator;
  private final StrictJson json;
  private final UnaryOperator<String> callbackCheck;

  /**
   * @param callbackCheck checks a token's default {@code callbackUrl} as a submission's own is
   *     checked, throwing a 400 naming {@code callbackUrl}
   */
  public TokenRoutes(
      TokenStore tokens,
      Authenticator authenticator,
      StrictJson json,
      UnaryOperator<String> callbackCheck) {
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.json = json;
    this.callbackCheck = callbackCheck;
  }

  /** A token as the API shows it; {@code token} only in the answer that created it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TokenView(
      String id,
      String name,
      String role,
      String createdAt,
      String expiresAt,
      String revokedAt,
      String callbackUrl,
      String token) {

    static TokenView of(TokenInfo info, String token) {
      return new TokenView(
          info.id(),
          info.name(),
          info.role().wireName(),
          iso(info.createdAt()),
          info.expiresAt() == null ? null : iso(info.expiresAt()),
          info.revokedAt() == null ? null : iso(info.revokedAt()),
          info.callbackUrl(),
          token);
    }

    private static String iso(long millis) {
      return Instant.ofEpochMilli(millis).toString();
    }
  }

  public void register(Javalin app) {
    app.post("/api/v1/tokens", this::create);
    app.get("/api/v1/tokens", this::list);
    app.delete("/api/v1/tokens/{id}", this::revoke);
  }

  private void create(Context ctx) {
    Access.require(ctx, Role.ADMIN);
    JsonNode body = json.readObject(RequestBodies.json(ctx));
    StrictJson.onlyFields(body, "", Set.of("name", "role", "expires", "callbackUrl"));
    String name = text(body, "name");
    String nameProblem = TokenNames.problem(name);
    if (nameProblem != null) {
      throw ApiException.badRequest("name", nameProblem);
    }
    Role role;
    try {
      role = Role.parse(text(body, "role"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("role", e.getMessage());
    }
    long now = System.currentTimeMillis();
    Long expiresAt = null;
    if (body.hasNonNull("expires")) {
      try {
        expiresAt = now + Expiry.parse(text(body, "expires")).toMillis();
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("expires", e.getMessage());
      }
    }
    String callbackUrl =
        body.hasNonNull("callbackUrl") ? callbackCheck.apply(text(body, "callbackUrl")) : null;
    TokenStore.Issued issued = tokens.create(name, role, expiresAt, callbackUrl, now);
    ctx.status(201).json(TokenView.of(issued.info(), issued.token()));
  }

  private void list(Context ctx) {
    Access.require(ctx, Role.ADMIN);
    QueryParameters.only(ctx);
    ctx.json(tokens.list().stream().map(info -> TokenView.of(info, null)).toList());
  }

  private void revoke(Context ctx) {
    Access.require(ctx, Role.ADMIN);
    String id = ctx.pathParam("id");
    TokenInfo revoked =
        tokens
            .revoke(id, System.currentTimeMillis())
            .orElseThrow(
                () -> ApiException.notFound("id", "no token with id '" + Echo.clip(id) + "'"));
    authenticator.forgetAll();
    ctx.json(TokenView.of(revoked, null));
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw ApiException.badRequest(field, "is required");
    }
    if (!value.isTextual()) {
      throw ApiException.badRequest(field, "must be a string");
    }
    return value.textValue();
  }
}
