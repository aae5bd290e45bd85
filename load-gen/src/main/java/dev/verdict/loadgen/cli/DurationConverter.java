package dev.verdict.loadgen.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations as people write them: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code
 * 1m30s}; a bare number is seconds; ISO-8601 ({@code PT30S}) also works.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String text = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (text.startsWith("pt")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw bad(value);
      }
    }
    if (text.matches("\\d+(\\.\\d+)?")) {
      return Duration.ofNanos(Math.round(Double.parseDouble(text) * 1e9));
    }
    Matcher m = PART.matcher(text);
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw bad(value);
      }
      double amount = Double.parseDouble(m.group(1));
      double unit =
          switch (m.group(2)) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
          };
      nanos += Math.round(amount * unit);
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw bad(value);
    }
    return Duration.ofNanos(nanos);
  }

  private static CommandLine.TypeConversionException bad(String value) {
    return new CommandLine.TypeConversionException(
        "'" + value + "' is not a duration: write e.g. 30s, 500ms, 2m, 1m30s or 1h");
  }
}
