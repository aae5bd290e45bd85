package dev.verdict.api.access;

import dev.verdict.common.access.Role;

/**
 * What is stored about a token, never the token itself.
 *
 * @param id public id, to list and revoke it by
 * @param name the user it was issued to
 * @param createdAt epoch milliseconds
 * @param expiresAt epoch milliseconds, or null for never
 * @param revokedAt epoch milliseconds, or null while valid
 * @param callbackUrl the webhook URL of a submission made with it that names none, or null
 */
public record TokenInfo(
    String id,
    String name,
    Role role,
    long createdAt,
    Long expiresAt,
    Long revokedAt,
    String callbackUrl) {

  /** Whether the token may be used at {@code now}. */
  public boolean validAt(long now) {
    return revokedAt == null && (expiresAt == null || now < expiresAt);
  }
}
