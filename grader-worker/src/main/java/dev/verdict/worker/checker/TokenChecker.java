package dev.verdict.worker.checker;

import java.nio.charset.StandardCharsets;

/**
 * The ICPC/Kattis default output validator: compares whitespace-separated tokens, letters
 * case-insensitively unless {@code case_sensitive}, whitespace loosely unless {@code
 * space_change_sensitive}, and numbers within a tolerance when one is given.
 */
public final class TokenChecker implements Checker {
  private final ValidatorFlags flags;

  public TokenChecker(ValidatorFlags flags) {
    this.flags = flags;
  }

  @Override
  public CheckResult check(byte[] input, byte[] answer, byte[] output) {
    String judge = new String(answer, StandardCharsets.ISO_8859_1);
    String team = new String(output, StandardCharsets.ISO_8859_1);
    int j = 0;
    int t = 0;
    int token = 0;
    while (true) {
      int js = skipSpace(judge, j);
      int ts = skipSpace(team, t);
      if (flags.spaceChangeSensitive() && !judge.substring(j, js).equals(team.substring(t, ts))) {
        return CheckResult.wrong("whitespace differs after token " + token);
      }
      j = js;
      t = ts;
      boolean judgeEnd = j >= judge.length();
      boolean teamEnd = t >= team.length();
      if (judgeEnd && teamEnd) {
        return CheckResult.ok();
      }
      if (judgeEnd) {
        return CheckResult.wrong("trailing output after token " + token);
      }
      if (teamEnd) {
        return CheckResult.wrong("output ended after token " + token + ", more was expected");
      }
      int je = tokenEnd(judge, j);
      int te = tokenEnd(team, t);
      String expected = judge.substring(j, je);
      String actual = team.substring(t, te);
      token++;
      String difference = compare(expected, actual);
      if (difference != null) {
        return CheckResult.wrong("token " + token + ": " + difference);
      }
      j = je;
      t = te;
    }
  }

  private String compare(String expected, String actual) {
    if (flags.floats()) {
      Double judgeValue = parseDouble(expected);
      if (judgeValue != null) {
        Double teamValue = parseDouble(actual);
        if (teamValue == null) {
          return "expected a number " + clip(expected) + ", got " + clip(actual);
        }
        if (!withinTolerance(judgeValue, teamValue)) {
          return "expected " + clip(expected) + ", got " + clip(actual) + " (beyond tolerance)";
        }
        return null;
      }
    }
    boolean same =
        flags.caseSensitive() ? expected.equals(actual) : expected.equalsIgnoreCase(actual);
    return same ? null : "expected " + clip(expected) + ", got " + clip(actual);
  }

  private boolean withinTolerance(double judge, double team) {
    if (Double.isNaN(judge) || Double.isNaN(team)) {
      return false;
    }
    if (Double.isInfinite(judge) || Double.isInfinite(team)) {
      return judge == team;
    }
    double diff = Math.abs(judge - team);
    return (flags.absoluteTolerance() >= 0 && diff <= flags.absoluteTolerance())
        || (flags.relativeTolerance() >= 0 && diff <= flags.relativeTolerance() * Math.abs(judge));
  }

  private static Double parseDouble(String token) {
    if (!token.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity|nan)")) {
      return null;
    }
    try {
      return Double.parseDouble(token.replaceAll("(?i)^([+-]?)inf$", "$1Infinity"));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int tokenEnd(String s, int i) {
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String clip(String token) {
    return token.length() <= 40 ? "'" + token + "'" : "'" + token.substring(0, 37) + "...'";
  }
}
