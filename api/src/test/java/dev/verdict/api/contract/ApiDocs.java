package dev.verdict.api.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/api.md read for tests: its fenced blocks in order, each under its heading, and the {@code
 * curl} commands of its {@code sh} blocks split into words as a POSIX shell splits them, each with
 * the answer shown after it.
 */
public final class ApiDocs {
  private static final Pattern ENDPOINT = Pattern.compile("^#+ `([A-Z]+) ([^`?]+)[^`]*`.*");
  private final List<Block> blocks;

  private ApiDocs(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** A fenced block: its number in the file (from 0), its heading, its language and its text. */
  public record Block(int index, String heading, String language, String text) {
    /** The curl commands of an {@code sh} block, in order; none for another language. */
    public List<Curl> curls() {
      return language.equals("sh") ? new ShellReader(this).curls() : List.of();
    }

    /** The endpoint the heading names, as in {@code ### `GET /api/v1/problems/{id}`}, if any. */
    public Optional<Endpoint> endpoint() {
      Matcher matcher = ENDPOINT.matcher(heading);
      return matcher.matches()
          ? Optional.of(new Endpoint(matcher.group(1), matcher.group(2)))
          : Optional.empty();
    }
  }

  /** An endpoint a heading names: a method and a path template. */
  public record Endpoint(String method, String path) {}

  /**
   * One curl command: the block it is in, its words from {@code curl} on, and the comment right
   * after the line it ends (the answer it shows), if any.
   */
  public record Curl(Block block, List<String> words, String answer) {
    /** A curl run with these arguments (no {@code curl} word first), not from the docs. */
    public static Curl of(List<String> arguments) {
      List<String> words = new ArrayList<>();
      words.add("curl");
      words.addAll(arguments);
      return new Curl(null, words, null);
    }

    /** The URL: the first word starting with {@code $API} or {@code http}. */
    public Optional<String> url() {
      return words.stream()
          .filter(word -> word.startsWith("$API") || word.startsWith("http"))
          .findFirst();
    }

    /** The URL's path, without its query. */
    public String path() {
      return URI.create(url().orElseThrow().replace("$API", "http://api")).getRawPath();
    }

    /** The HTTP method, as curl chooses it. */
    public String method() {
      String method = option("-X");
      if (method != null) {
        return method;
      }
      boolean sends =
          option("-d") != null || option("-F") != null || option("--data-binary") != null;
      return sends ? "POST" : "GET";
    }

    /** The value after the first {@code name}, or null. */
    public String option(String name) {
      int at = words.indexOf(name);
      return at < 0 || at + 1 >= words.size() ? null : words.get(at + 1);
    }

    /** The value of the {@code -F part=value} form field, without a {@code ;type=}, or null. */
    public String form(String part) {
      for (int i = 0; i + 1 < words.size(); i++) {
        String value = words.get(i + 1);
        if (words.get(i).equals("-F") && value.startsWith(part + "=")) {
          return value.substring(part.length() + 1).replaceAll(";type=[^;]*$", "");
        }
      }
      return null;
    }
  }

  /** docs/api.md of the checkout whose module the test runs in. */
  public static ApiDocs read() {
    return read(Path.of("..", "docs", "api.md"));
  }

  public static ApiDocs read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    String heading = "";
    String fence = null;
    List<String> block = new ArrayList<>();
    for (String line : lines) {
      if (fence == null && line.startsWith("#")) {
        heading = line;
      } else if (fence == null && line.startsWith("```")) {
        fence = line.substring(3).trim();
        block.clear();
      } else if (fence != null && line.startsWith("```")) {
        blocks.add(new Block(blocks.size(), heading, fence, String.join("\n", block) + "\n"));
        fence = null;
      } else if (fence != null) {
        block.add(line);
      }
    }
    return new ApiDocs(blocks);
  }

  public List<Block> blocks() {
    return blocks;
  }

  /** The blocks of one language, e.g. {@code sh} or {@code json}. */
  public List<Block> blocks(String language) {
    return blocks.stream().filter(block -> block.language().equals(language)).toList();
  }

  /** Every curl command of every {@code sh} block, in order. */
  public List<Curl> curls() {
    return blocks.stream().flatMap(block -> block.curls().stream()).toList();
  }

  /**
   * Splits a shell block into words (single and double quotes, backslash-newline), commands (ended
   * by a newline, {@code ;}, {@code |}, {@code &}, parentheses and {@code $(}) and lines (a newline
   * outside {@code $(...)}); consecutive comment lines are one comment, and a comment right after a
   * line is the answer its curl shows.
   */
  private static final class ShellReader {
    private final Block block;
    private final List<Curl> curls = new ArrayList<>();
    private final List<List<String>> line = new ArrayList<>();
    private final List<String> command = new ArrayList<>();
    private StringBuilder word;
    private StringBuilder comment;
    private List<List<String>> answered = List.of();
    private int depth;

    ShellReader(Block block) {
      this.block = block;
    }

    List<Curl> curls() {
      String text = block.text();
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '#' && word == null) {
          int eol = text.indexOf('\n', i);
          endLine();
          String said = text.substring(i + 1, eol).trim();
          comment = comment == null ? new StringBuilder(said) : comment.append(' ').append(said);
          i = eol + 1;
          continue;
        }
        if (c != '\n' && comment != null && !Character.isWhitespace(c)) {
          endComment();
        }
        if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i += 2;
        } else if (c == '\'' || c == '"') {
          int close = text.indexOf(c, i + 1);
          word().append(text, i + 1, close);
          i = close + 1;
        } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
          endCommand();
          depth++;
          i += 2;
        } else if (c == ')' && depth > 0) {
          endCommand();
          depth--;
          i++;
        } else if (c == '\n') {
          endCommand();
          if (depth == 0) {
            endLine();
          }
          i++;
        } else if (c == ';' || c == '|' || c == '&' || c == '(' || c == ')') {
          endCommand();
          i++;
        } else if (c == ' ' || c == '\t') {
          endWord();
          i++;
        } else {
          word().append(c);
          i++;
        }
      }
      endLine();
      endComment();
      return curls;
    }

    private StringBuilder word() {
      word = word == null ? new StringBuilder() : word;
      return word;
    }

    private void endWord() {
      if (word != null) {
        command.add(word.toString());
        word = null;
      }
    }

    private void endCommand() {
      endWord();
      if (!command.isEmpty()) {
        line.add(List.copyOf(command));
        command.clear();
      }
    }

    private void endLine() {
      endCommand();
      if (!line.isEmpty()) {
        endComment();
        answered = List.copyOf(line);
        line.clear();
      }
    }

    /** Gives the comment, if any, to the curl commands of the line before it. */
    private void endComment() {
      String answer = comment == null ? null : comment.toString();
      comment = null;
      for (List<String> words : answered) {
        int at = words.indexOf("curl");
        if (at >= 0) {
          curls.add(new Curl(block, words.subList(at, words.size()), answer));
        }
      }
      answered = List.of();
    }
  }
}
