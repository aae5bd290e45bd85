package dev.verdict.loadgen.scale;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line with placeholders, split into an argument vector the way a shell would split words
 * and quotes (no variables, globs or pipes: write {@code sh -c '...'} for those, and start the real
 * program with {@code exec} so that stopping the PID stops it).
 */
public record CommandTemplate(String template) {

  public CommandTemplate {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("--worker-command is empty");
    }
    if (!template.contains("{cores}")) {
      throw new IllegalArgumentException(
          "--worker-command must contain {cores}, where the core count goes: " + template);
    }
    split(template);
  }

  /** The argument vector for {@code cores}. */
  public List<String> render(int cores) {
    return split(template).stream()
        .map(a -> a.replace("{cores}", Integer.toString(cores)))
        .toList();
  }

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("--worker-command has an unclosed " + quote + " quote");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
