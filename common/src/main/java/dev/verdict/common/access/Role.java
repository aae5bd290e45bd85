package dev.verdict.common.access;

import java.util.Locale;

/**
 * What a token may do. Each role includes the one before it: {@code submitter} creates submissions
 * and reads its own, {@code staff} also manages problems and reads every submission, {@code admin}
 * also manages tokens.
 */
public enum Role {
  SUBMITTER,
  STAFF,
  ADMIN;

  /** Whether this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** Whether results are shown to this role whole, secret tests included. */
  public boolean seesEverything() {
    return includes(STAFF);
  }

  /** The name used in JSON, configuration and on the command line: {@code submitter}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the roles there are, when {@code name} is none of them
   */
  public static Role parse(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException("must be submitter, staff or admin");
  }
}
