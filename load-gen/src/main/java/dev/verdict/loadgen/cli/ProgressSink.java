package dev.verdict.loadgen.cli;

import java.io.PrintWriter;

/**
 * Where progress lines go, and how often. Implementations need not be thread-safe: one thread calls
 * them.
 */
public interface ProgressSink {

  /** Seconds between two lines; 0 for no progress at all. */
  int periodSeconds();

  /**
   * @param line the progress over the last period, one line without a line break
   */
  void update(String line);

  /** The run is over. */
  void end();

  /** Prints nothing. */
  static ProgressSink silent() {
    return new ProgressSink() {
      @Override
      public int periodSeconds() {
        return 0;
      }

      @Override
      public void update(String line) {}

      @Override
      public void end() {}
    };
  }

  /** Rewrites one line in place every second (for an interactive terminal). */
  static ProgressSink terminal(PrintWriter out) {
    return new ProgressSink() {
      private int width;

      @Override
      public int periodSeconds() {
        return 1;
      }

      @Override
      public void update(String line) {
        String padded = line.length() < width ? line + " ".repeat(width - line.length()) : line;
        width = line.length();
        out.print("\r" + padded);
        out.flush();
      }

      @Override
      public void end() {
        if (width > 0) {
          out.println();
          out.flush();
        }
      }
    };
  }

  /** Prints a whole line every {@code everySeconds} (for logs and pipes). */
  static ProgressSink plain(PrintWriter out, int everySeconds) {
    return new ProgressSink() {
      @Override
      public int periodSeconds() {
        return everySeconds;
      }

      @Override
      public void update(String line) {
        out.println(line);
        out.flush();
      }

      @Override
      public void end() {}
    };
  }
}
