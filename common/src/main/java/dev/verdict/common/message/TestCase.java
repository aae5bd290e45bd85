package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One test of a problem version.
 *
 * @param name e.g. {@code secret/02-negative}
 * @param inputSha256 GridFS id of the input
 * @param answerSha256 GridFS id of the expected answer; null for a test of an ad-hoc run that has
 *     none, whose verdict is then about running only (accepted when it ran cleanly)
 * @param weight points for passing it (pass-fail problems count passed tests)
 * @param validatorArgs arguments for the output validator beyond the problem's, from the test's
 *     group ({@code output_validator_flags}, {@code output_validator_args}); null when none
 * @param input the input itself, as UTF-8 text, for a small input of an ad-hoc run, which then is
 *     not in GridFS: its SHA-256 is still {@code inputSha256}. Null: fetch the input by its id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestCase(
    String name,
    String inputSha256,
    String answerSha256,
    int weight,
    List<String> validatorArgs,
    String input) {

  public TestCase {
    validatorArgs =
        validatorArgs == null || validatorArgs.isEmpty() ? null : List.copyOf(validatorArgs);
  }

  public TestCase(
      String name,
      String inputSha256,
      String answerSha256,
      int weight,
      List<String> validatorArgs) {
    this(name, inputSha256, answerSha256, weight, validatorArgs, null);
  }

  public TestCase(String name, String inputSha256, String answerSha256, int weight) {
    this(name, inputSha256, answerSha256, weight, null, null);
  }

  /** The extra validator arguments, empty when none. */
  public List<String> extraValidatorArgs() {
    return validatorArgs == null ? List.of() : validatorArgs;
  }
}
