package dev.verdict.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One bash, as a reader pastes documentation into a terminal: blocks of shell text run in it one
 * after another, so a variable one block sets is there for the next, and {@code set -e -o pipefail}
 * ends it at the first command that fails. {@code curl} is found first on the shell's {@code PATH}
 * as a script that runs the real curl unchanged and keeps what each call sent and got ({@link
 * Call}); a call answered 4xx or 5xx fails as {@code curl -f} would.
 */
final class DocsShell implements AutoCloseable {
  private static final String END_OF_OUTPUT = "\u0000end";
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\S+ (\\d{3})");
  private static final String CURL_RECORDER =
      """
      #!/usr/bin/env bash
      # Runs the real curl with the caller's arguments, keeping them, the answer's headers and body.
      set -o pipefail
      dir="$DOCS_CALLS/$(printf %05d "$(find "$DOCS_CALLS" -mindepth 1 -maxdepth 1 | wc -l)")"
      mkdir "$dir"
      printf '%s\\0' "$@" >"$dir/arguments"
      "$DOCS_REAL_CURL" --max-time 90 -D "$dir/headers" "$@" | tee "$dir/body"
      code=${PIPESTATUS[0]}
      status=$(sed -n 's/^HTTP\\/[^ ]* \\([0-9]*\\).*/\\1/p' "$dir/headers" | tail -n 1)
      if [ "$code" -eq 0 ] && [ "${status:-0}" -ge 400 ]; then code=22; fi
      echo "$code" >"$dir/exit"
      exit "$code"
      """;

  /** One curl call: its arguments (without {@code curl}), exit code, status, headers, body. */
  record Call(List<String> arguments, int exitCode, int status, String headers, byte[] body) {
    /** The value of the answer's last header {@code name}, if any. */
    Optional<String> header(String name) {
      String value = null;
      for (String line : headers.split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          value = line.substring(colon + 1).trim();
        }
      }
      return Optional.ofNullable(value);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** What running one block did: what the shell printed, and the curl calls it made. */
  record Ran(String output, List<Call> calls) {}

  private final Process bash;
  private final Writer input;
  private final Path calls;
  private final Path errors;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private int seen;

  private DocsShell(Process bash, Path calls, Path errors) {
    this.bash = bash;
    this.input = bash.outputWriter(StandardCharsets.UTF_8);
    this.calls = calls;
    this.errors = errors;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output unreadable: " + e + ")");
              }
              lines.add(END_OF_OUTPUT);
            });
  }

  /**
   * Starts bash in {@code directory} with {@code environment} added to this process's own, less its
   * {@code VERDICT_*} variables (a configuration of their own for the commands run).
   */
  static DocsShell start(Path directory, Path scratch, Map<String, String> environment) {
    try {
      Path bin = Files.createDirectories(scratch.resolve("bin"));
      Path recorder = bin.resolve("curl");
      Files.writeString(recorder, CURL_RECORDER);
      Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path calls = Files.createDirectories(scratch.resolve("calls"));
      Path errors = scratch.resolve("stderr.log");
      ProcessBuilder builder =
          new ProcessBuilder("bash", "--noprofile", "--norc")
              .directory(directory.toFile())
              .redirectError(errors.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("VERDICT_"));
      env.put("DOCS_REAL_CURL", realCurl(env.get("PATH")));
      env.put("DOCS_CALLS", calls.toString());
      env.put("PATH", bin + ":" + env.get("PATH"));
      env.putAll(environment);
      DocsShell shell = new DocsShell(builder.start(), calls, errors);
      shell.send("set -e -o pipefail\n");
      return shell;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets and exports a variable in the shell, as a reader would before the next block. */
  void export(String name, String value) {
    send("export " + name + "='" + value.replace("'", "'\\''") + "'\n");
  }

  /**
   * Runs {@code text} and returns once it has, with its output and calls; fails, with the shell's
   * error output, if a command of it failed (the shell has then ended) or it ran over {@code
   * timeout}.
   */
  Ran run(String text, long timeout, TimeUnit unit) throws InterruptedException {
    String marker = "end-of-block-" + UUID.randomUUID();
    // why: the block's commands read nothing from the shell's own input, which is its script.
    send("{\n" + text + "\n} </dev/null\nprintf '\\n%s\\n' '" + marker + "'\n");
    StringBuilder output = new StringBuilder();
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(END_OF_OUTPUT)) {
        throw new AssertionError(
            (line == null ? "ran over " + timeout + " " + unit : "a command failed")
                + " in:\n"
                + text
                + "\noutput:\n"
                + output
                + "\nerrors:\n"
                + ProcessLog.tail(errors)
                + "\ncalls:\n"
                + newCalls().stream().map(DocsShell::describe).toList());
      }
      if (line.equals(marker)) {
        break;
      }
      output.append(line).append('\n');
    }
    // why: the marker is printed after a newline, in case the output before it did not end in one.
    String printed = output.length() > 0 ? output.substring(0, output.length() - 1) : "";
    return new Ran(printed, newCalls());
  }

  private List<Call> newCalls() {
    List<Call> found = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(calls)) {
      List<Path> sorted = dirs.sorted().toList();
      for (Path dir : sorted.subList(seen, sorted.size())) {
        found.add(read(dir));
      }
      seen = sorted.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static Call read(Path dir) throws IOException {
    String arguments = Files.readString(dir.resolve("arguments"));
    List<String> words =
        arguments.isEmpty()
            ? List.of()
            : Arrays.asList(arguments.substring(0, arguments.length() - 1).split("\0", -1));
    Path exit = dir.resolve("exit");
    int code = Files.exists(exit) ? Integer.parseInt(Files.readString(exit).trim()) : -1;
    Path headerFile = dir.resolve("headers");
    String headers = Files.exists(headerFile) ? Files.readString(headerFile) : "";
    int status = 0;
    for (String line : headers.split("\r?\n")) {
      Matcher matcher = STATUS_LINE.matcher(line);
      if (matcher.find()) {
        status = Integer.parseInt(matcher.group(1));
        // why: a 100 Continue comes before the answer; only the last status line is the answer's.
        headers = "";
      }
      headers += line + "\n";
    }
    Path body = dir.resolve("body");
    byte[] bytes = Files.exists(body) ? Files.readAllBytes(body) : new byte[0];
    return new Call(List.copyOf(words), code, status, headers, bytes);
  }

  static String describe(Call call) {
    String text = call.text();
    return "curl "
        + call.arguments()
        + " -> exit "
        + call.exitCode()
        + ", HTTP "
        + call.status()
        + ": "
        + (text.length() > 500 ? text.substring(0, 500) + "..." : text);
  }

  private void send(String text) {
    try {
      input.write(text);
      input.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the shell has ended; errors:\n" + ProcessLog.tail(errors), e);
    }
  }

  private static String realCurl(String path) {
    for (String dir : path.split(":")) {
      Path curl = Path.of(dir, "curl");
      if (Files.isExecutable(curl)) {
        return curl.toString();
      }
    }
    throw new IllegalStateException("no curl on PATH " + path);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      input.close();
    } catch (IOException e) {
      // why: a shell that ended at a failed command has closed its input already.
    }
    if (!bash.waitFor(30, TimeUnit.SECONDS)) {
      bash.destroyForcibly();
      bash.waitFor();
    }
  }
}
