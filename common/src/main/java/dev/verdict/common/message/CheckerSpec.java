package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a problem's output is judged.
 *
 * @param kind {@code default} (token comparison of the ICPC/Kattis default output validator),
 *     {@code exact} (byte comparison, trailing whitespace ignored)
 * @param flags the validator flags of {@code problem.yaml}, e.g. {@code float_tolerance 1e-6}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckerSpec(String kind, List<String> flags) {
  public static final String DEFAULT = "default";
  public static final String EXACT = "exact";

  public CheckerSpec {
    kind = kind == null ? DEFAULT : kind;
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  public static CheckerSpec defaultChecker() {
    return new CheckerSpec(DEFAULT, List.of());
  }
}
