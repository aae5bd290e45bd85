package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a problem's output is judged.
 *
 * @param kind {@code default} (token comparison of the ICPC/Kattis default output validator),
 *     {@code exact} (byte comparison, trailing whitespace ignored) or {@code custom} (the problem's
 *     own output validator program)
 * @param flags the validator flags of {@code problem.yaml}, e.g. {@code float_tolerance 1e-6};
 *     passed to a custom validator as extra arguments
 * @param language for {@code custom}: the language the validator is written in
 * @param files for {@code custom}: the validator's source files
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CheckerSpec(
    String kind, List<String> flags, String language, List<SourceFile> files) {
  public static final String DEFAULT = "default";
  public static final String EXACT = "exact";
  public static final String CUSTOM = "custom";

  public CheckerSpec {
    kind = kind == null ? DEFAULT : kind;
    flags = flags == null ? List.of() : List.copyOf(flags);
    files = files == null ? List.of() : List.copyOf(files);
  }

  public CheckerSpec(String kind, List<String> flags) {
    this(kind, flags, null, List.of());
  }

  public static CheckerSpec defaultChecker() {
    return new CheckerSpec(DEFAULT, List.of());
  }

  public boolean custom() {
    return CUSTOM.equals(kind);
  }
}
