package dev.verdict.api.access;

import dev.verdict.common.access.Role;

/**
 * Who sent a request: the name and role of the token it carried.
 *
 * @param name the token's name, the user it was issued to; submissions are owned by it
 * @param tokenId the token's public id, the key of its rate limit
 * @param callbackUrl the token's default webhook URL, or null
 */
public record Caller(String name, Role role, String tokenId, String callbackUrl) {

  /** A caller whose token has no default webhook URL. */
  public Caller(String name, Role role, String tokenId) {
    this(name, role, tokenId, null);
  }

  /** Whether this caller may read a submission owned by {@code owner}. */
  public boolean mayRead(String owner) {
    return role.seesEverything() || name.equals(owner);
  }
}
