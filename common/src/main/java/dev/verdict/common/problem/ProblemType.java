package dev.verdict.common.problem;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kind of problem, as {@code problem.yaml} names it in {@code type}. */
public enum ProblemType {
  /** Accepted when every test passes. */
  PASS_FAIL,
  /** Scored by the weights of the tests that pass. */
  SCORING;

  /** The name {@code problem.yaml} and the API use: {@code pass-fail}, {@code scoring}. */
  @JsonValue
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The type with this {@code problem.yaml} name, or null when there is none. */
  @JsonCreator
  public static ProblemType ofYamlName(String name) {
    for (ProblemType type : values()) {
      if (type.yamlName().equals(name)) {
        return type;
      }
    }
    return null;
  }
}
