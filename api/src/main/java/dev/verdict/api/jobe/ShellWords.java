package dev.verdict.api.jobe;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into words as a POSIX shell does, quotes and backslashes included, with nothing
 * expanded. Jobe joins each of a run's extra arguments into a shell command line, so one argument
 * such as {@code -c "print(\"Blah\")"} is two words there; Verdict runs commands without a shell,
 * so the facade splits them the same way first.
 */
final class ShellWords {
  private ShellWords() {}

  /**
   * @throws IllegalArgumentException when a quote is not closed or the string ends in a backslash
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("has an unclosed single quote");
        }
        word.append(line, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(line, i + 1, word);
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException("ends in a backslash");
        }
        char next = line.charAt(i + 1);
        if (next != '\n') {
          word.append(next);
          inWord = true;
        }
        i += 2;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends the double-quoted text starting at {@code start}; returns the index after it. */
  private static int doubleQuoted(String line, int start, StringBuilder word) {
    int i = start;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < line.length()) {
        char next = line.charAt(i + 1);
        // why: inside double quotes a backslash escapes only these; before anything else it stays.
        if (next == '"' || next == '\\' || next == '$' || next == '`') {
          word.append(next);
          i += 2;
          continue;
        }
        if (next == '\n') {
          i += 2;
          continue;
        }
      }
      word.append(c);
      i++;
    }
    throw new IllegalArgumentException("has an unclosed double quote");
  }
}
