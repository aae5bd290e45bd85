package dev.verdict.worker.checker;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The default output validator of the ICPC/Kattis problem package format, judging as problemtools'
 * {@code default_validator} does.
 *
 * <ul>
 *   <li>Output and answer are bytes, split into tokens at runs of C whitespace (space, tab, line
 *       feed, vertical tab, form feed, carriage return). Any other byte, including NUL and bytes
 *       from 0x80 up, belongs to a token.
 *   <li>Whitespace only separates tokens; leading and trailing whitespace is ignored. With {@code
 *       space_change_sensitive} every run of whitespace, leading and trailing ones included, must
 *       be byte-for-byte the one in the answer.
 *   <li>When a tolerance is set and an answer token is a finite number as C's {@code strtod} reads
 *       it (see {@link FloatToken}), the output token must be one too, within the absolute or the
 *       relative tolerance: {@code |a - o| <= abs || |a - o| <= rel * |a|}. Any other answer token
 *       (such as {@code inf}, {@code nan} or {@code 1e999}) is compared as a string.
 *   <li>Strings are equal byte for byte with {@code case_sensitive}; otherwise ASCII letters match
 *       either case.
 *   <li>Output with tokens left after the answer's last one, or ending before it, is wrong.
 * </ul>
 *
 * <p>The checks run in the validator's order: for each token, whitespace first, then the end of the
 * answer, the end of the output, then the tokens themselves.
 */
public final class TokenChecker implements Checker {
  private final ValidatorFlags flags;

  public TokenChecker(ValidatorFlags flags) {
    this.flags = Objects.requireNonNull(flags, "flags");
  }

  @Override
  public CheckResult check(byte[] input, byte[] answer, byte[] output) {
    return new Scan(answer, output).run();
  }

  /** One comparison's cursors; a fresh one per call keeps the checker thread-safe. */
  private final class Scan {
    private final byte[] judge;
    private final byte[] team;
    private int j;
    private int t;
    private int tokens;
    private int line = 1;

    Scan(byte[] judge, byte[] team) {
      this.judge = judge;
      this.team = team;
    }

    CheckResult run() {
      while (true) {
        String spaceError = skipSpace();
        if (spaceError != null) {
          return CheckResult.wrong(spaceError);
        }
        if (j == judge.length) {
          return t == team.length
              ? CheckResult.ok()
              : CheckResult.wrong(
                  "trailing output " + where() + ": " + Excerpt.quote(team, t, tokenEnd(team, t)));
        }
        int je = tokenEnd(judge, j);
        if (t == team.length) {
          return CheckResult.wrong(missing() + ", expected " + Excerpt.quote(judge, j, je));
        }
        int te = tokenEnd(team, t);
        tokens++;
        String difference = compare(je, te);
        if (difference != null) {
          return CheckResult.wrong("token " + tokens + " (line " + line + "): " + difference);
        }
        j = je;
        t = te;
      }
    }

    /** Skips the whitespace before the next token of each side; returns what differs, if any. */
    private String skipSpace() {
      int js = CType.skipSpace(judge, j);
      int ts = CType.skipSpace(team, t);
      if (flags.spaceChangeSensitive()) {
        int same = Arrays.mismatch(judge, j, js, team, t, ts);
        if (same >= 0) {
          countLines(t, t + same);
          return "whitespace "
              + where()
              + ": expected "
              + Excerpt.describe(byteAt(judge, j + same))
              + ", got "
              + Excerpt.describe(byteAt(team, t + same));
        }
      }
      countLines(t, ts);
      j = js;
      t = ts;
      return null;
    }

    private String compare(int je, int te) {
      if (flags.floats()) {
        double expected = FloatToken.valueOf(judge, j, je);
        if (!Double.isNaN(expected)) {
          return compareNumbers(expected, je, te);
        }
      }
      int at =
          flags.caseSensitive()
              ? Arrays.mismatch(judge, j, je, team, t, te)
              : mismatchIgnoringCase(je, te);
      if (at < 0) {
        return null;
      }
      return "expected "
          + Excerpt.quote(judge, j, je, j + at)
          + ", got "
          + Excerpt.quote(team, t, te, t + at);
    }

    private String compareNumbers(double expected, int je, int te) {
      double got = FloatToken.valueOf(team, t, te);
      if (Double.isNaN(got)) {
        return "expected a number like "
            + Excerpt.quote(judge, j, je)
            + ", got "
            + Excerpt.quote(team, t, te);
      }
      double error = Math.abs(expected - got);
      // why: written as the validator's test, so that NaN-free IEEE arithmetic gives its results,
      // e.g. an unset (negative) tolerance never accepts and 0 within 0 of 0 does.
      if (error <= flags.absoluteTolerance()
          || error <= flags.relativeTolerance() * Math.abs(expected)) {
        return null;
      }
      String relative =
          expected == 0
              ? ""
              : String.format(Locale.ROOT, ", relative error %.3g", error / Math.abs(expected));
      return "expected "
          + Excerpt.quote(judge, j, je)
          + ", got "
          + Excerpt.quote(team, t, te)
          + String.format(Locale.ROOT, ", absolute error %.3g", error)
          + relative;
    }

    /** The first index where the tokens differ, ASCII case aside, or -1 if they do not. */
    private int mismatchIgnoringCase(int je, int te) {
      int length = Math.min(je - j, te - t);
      for (int i = 0; i < length; i++) {
        if (CType.toLower(judge[j + i]) != CType.toLower(team[t + i])) {
          return i;
        }
      }
      return je - j == te - t ? -1 : length;
    }

    private String missing() {
      if (tokens > 0) {
        return "output ended " + where();
      }
      return team.length == 0 ? "output is empty" : "output has only whitespace";
    }

    private String where() {
      return (tokens == 0 ? "before the first token" : "after token " + tokens)
          + " (line "
          + line
          + ")";
    }

    private void countLines(int from, int to) {
      for (int i = from; i < to; i++) {
        if (team[i] == '\n') {
          line++;
        }
      }
    }
  }

  private static int tokenEnd(byte[] b, int from) {
    return CType.skipNonSpace(b, from);
  }

  /** The unsigned byte at {@code i}, or -1 past the end. */
  private static int byteAt(byte[] b, int i) {
    return i < b.length ? b[i] & 0xff : -1;
  }
}
