package dev.verdict.loadgen.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/** Chooses how progress is shown: a live line on a terminal, plain periodic lines elsewhere. */
public final class Terminal {
  private Terminal() {}

  /**
   * @param plainEverySeconds period of plain lines when not on a terminal; 0 for none
   */
  public static ProgressSink progress(PrintWriter out, int plainEverySeconds) {
    if (interactive()) {
      return ProgressSink.terminal(out);
    }
    return plainEverySeconds <= 0
        ? ProgressSink.silent()
        : ProgressSink.plain(out, plainEverySeconds);
  }

  /**
   * Whether a person is watching: {@code System.console()} is there and, on JDKs that can tell
   * (22+, {@code Console.isTerminal()}), it is a real terminal rather than a redirected stream.
   */
  @SuppressWarnings("SystemConsoleNull") // why: isTerminal() is called reflectively, see below.
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      // why: JDK 21 has no isTerminal(); there a non-null console is a terminal.
      return true;
    }
  }
}
