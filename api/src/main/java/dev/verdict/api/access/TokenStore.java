package dev.verdict.api.access;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.verdict.common.access.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Tokens in MongoDB, collection {@code tokens}: {@code _id} is the token's SHA-256, so a request's
 * token is found by one lookup on the primary key, and the clear token is never stored. Beside it:
 * the public {@code id}, {@code name}, {@code role}, {@code createdAt}, {@code expiresAt}, {@code
 * revokedAt}, and {@code callbackUrl} when the token has a default webhook URL.
 */
public final class TokenStore {
  private final MongoCollection<Document> tokens;
  private final Timer findTimer;

  public TokenStore(MongoDatabase database, MetricRegistry metrics) {
    this.tokens = database.getCollection("tokens");
    this.findTimer = metrics.timer("verdict.mongo.token.find");
    tokens.createIndex(Indexes.ascending("id"), new IndexOptions().unique(true).name("id"));
  }

  /** A token just made: what is stored about it, and the clear token, shown this once. */
  public record Issued(TokenInfo info, String token) {}

  /** Makes and stores a new token. */
  public Issued create(String name, Role role, Long expiresAt, long now) {
    return create(name, role, expiresAt, null, now);
  }

  /** Makes and stores a new token whose submissions default to {@code callbackUrl} (or null). */
  public Issued create(String name, Role role, Long expiresAt, String callbackUrl, long now) {
    String token = TokenSecrets.newToken();
    return new Issued(register(token, name, role, expiresAt, callbackUrl, now), token);
  }

  /**
   * Stores a clear token made elsewhere (a saved local token whose record was lost).
   *
   * @return what is now stored about it
   */
  public TokenInfo register(String token, String name, Role role, Long expiresAt, long now) {
    return register(token, name, role, expiresAt, null, now);
  }

  private TokenInfo register(
      String token, String name, Role role, Long expiresAt, String callbackUrl, long now) {
    TokenInfo info =
        new TokenInfo(TokenSecrets.newId(), name, role, now, expiresAt, null, callbackUrl);
    Document document =
        new Document("_id", TokenSecrets.hash(token))
            .append("id", info.id())
            .append("name", name)
            .append("role", role.wireName())
            .append("createdAt", now);
    if (expiresAt != null) {
      document.append("expiresAt", expiresAt);
    }
    if (callbackUrl != null) {
      document.append("callbackUrl", callbackUrl);
    }
    tokens.insertOne(document);
    return info;
  }

  /** The token whose clear form is {@code token}, valid or not. */
  public Optional<TokenInfo> find(String token) {
    return findHashed(TokenSecrets.hash(token));
  }

  /** The token whose stored form ({@link TokenSecrets#hash}) is {@code hash}, valid or not. */
  public Optional<TokenInfo> findHashed(String hash) {
    try (Timer.Context ignored = findTimer.time()) {
      return Optional.ofNullable(tokens.find(Filters.eq("_id", hash)).first())
          .map(TokenStore::info);
    }
  }

  /** Every token, revoked and expired ones too, oldest first. */
  public List<TokenInfo> list() {
    List<TokenInfo> all = new ArrayList<>();
    for (Document document : tokens.find().sort(Sorts.ascending("createdAt"))) {
      all.add(info(document));
    }
    return all;
  }

  /**
   * Revokes the token with public id {@code id}; revoking twice keeps the first time.
   *
   * @return what is stored about it, or empty when there is no such token
   */
  public Optional<TokenInfo> revoke(String id, long now) {
    tokens.updateOne(
        Filters.and(Filters.eq("id", id), Filters.exists("revokedAt", false)),
        Updates.set("revokedAt", now));
    return Optional.ofNullable(tokens.find(Filters.eq("id", id)).first()).map(TokenStore::info);
  }

  private static TokenInfo info(Document d) {
    return new TokenInfo(
        d.getString("id"),
        d.getString("name"),
        Role.parse(d.getString("role")),
        ((Number) d.get("createdAt")).longValue(),
        d.get("expiresAt") == null ? null : ((Number) d.get("expiresAt")).longValue(),
        d.get("revokedAt") == null ? null : ((Number) d.get("revokedAt")).longValue(),
        d.getString("callbackUrl"));
  }
}
