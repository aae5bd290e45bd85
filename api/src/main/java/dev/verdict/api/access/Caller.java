package dev.verdict.api.access;

import dev.verdict.common.access.Role;

/**
 * Who sent a request: the name and role of the token it carried.
 *
 * @param name the token's name, the user it was issued to; submissions are owned by it
 * @param tokenId the token's public id, the key of its rate limit
 */
public record Caller(String name, Role role, String tokenId) {

  /** Whether this caller may read a submission owned by {@code owner}. */
  public boolean mayRead(String owner) {
    return role.seesEverything() || name.equals(owner);
  }
}
