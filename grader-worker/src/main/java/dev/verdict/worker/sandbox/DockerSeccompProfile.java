package dev.verdict.worker.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link SeccompPolicy}'s table as a Docker seccomp profile ({@code --security-opt seccomp=...}),
 * so that a program in the Docker sandbox is refused exactly the calls it is refused in the other
 * backends, with the same errors. Everything else is allowed: the engine's default profile is not
 * applied on top (a given profile replaces it), but the calls it refuses beyond ours all need a
 * capability the container does not have.
 *
 * <p>Rules are joined with "or", so "any of these bits" becomes one rule per bit; "not this value"
 * is one not-equal condition, and "none of these values" (personality's) is refused whatever the
 * argument, since the runtime joins conditions on one argument with "or" as well.
 */
final class DockerSeccompProfile {
  private DockerSeccompProfile() {}

  /** The profile as the JSON object the engine takes. */
  static Map<String, Object> profile() {
    List<Map<String, Object>> syscalls = new ArrayList<>();
    for (SeccompPolicy.Rule rule : SeccompPolicy.RULES) {
      switch (rule.check()) {
        case ALWAYS -> syscalls.add(refuse(rule, List.of()));
        case ANY_BIT_OF_FIRST_ARGUMENT -> {
          for (long mask : rule.values()) {
            for (long bit = Long.lowestOneBit(mask); bit != 0; bit = Long.lowestOneBit(mask)) {
              syscalls.add(refuse(rule, List.of(condition("SCMP_CMP_MASKED_EQ", bit, bit))));
              mask &= ~bit;
            }
          }
        }
        case FIRST_ARGUMENT_NOT_AMONG ->
            // why: the engine's runtime joins several conditions on one argument with "or", so
            // "none of these values" cannot be said for more than one value: such a call
            // (personality) is refused whatever its argument, stricter than the policy.
            syscalls.add(
                refuse(
                    rule,
                    rule.values().length == 1
                        ? List.of(condition("SCMP_CMP_NE", rule.values()[0], 0))
                        : List.of()));
      }
    }
    return Map.of(
        "defaultAction",
        "SCMP_ACT_ALLOW",
        "architectures",
        List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"),
        "syscalls",
        syscalls);
  }

  private static Map<String, Object> refuse(
      SeccompPolicy.Rule rule, List<Map<String, Object>> args) {
    return Map.of(
        "names",
        List.of(rule.call()),
        "action",
        "SCMP_ACT_ERRNO",
        "errnoRet",
        rule.errno(),
        "args",
        args);
  }

  private static Map<String, Object> condition(String op, long value, long valueTwo) {
    return Map.of("index", 0, "value", value, "valueTwo", valueTwo, "op", op);
  }
}
