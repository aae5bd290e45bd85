package dev.verdict.worker.checker;

import dev.verdict.common.message.CheckerSpec;

/** Judges a program's output against the expected answer. Implementations are thread-safe. */
public interface Checker {

  /**
   * @param input the test's input
   * @param answer the expected answer
   * @param output what the program wrote to stdout
   */
  CheckResult check(byte[] input, byte[] answer, byte[] output);

  /**
   * The checker a problem asks for.
   *
   * @throws IllegalArgumentException for an unknown kind or malformed flags
   */
  static Checker of(CheckerSpec spec) {
    return switch (spec.kind()) {
      case CheckerSpec.DEFAULT -> new TokenChecker(ValidatorFlags.parse(spec.flags()));
      case CheckerSpec.EXACT -> new ExactChecker();
      case CheckerSpec.CUSTOM ->
          throw new IllegalArgumentException(
              "a custom validator is a program run in the sandbox, not a built-in checker");
      default -> throw new IllegalArgumentException("unknown checker kind " + spec.kind());
    };
  }
}
