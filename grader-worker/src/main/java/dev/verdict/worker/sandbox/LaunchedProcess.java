package dev.verdict.worker.sandbox;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A run whose launcher is a process of the worker's own: the native launcher started per run, or
 * the shell chain.
 */
final class LaunchedProcess implements Launched {
  private final Process process;
  private final Thread outReader;
  private final Thread errReader;

  private LaunchedProcess(Process process, BoundedOutput stdout, BoundedOutput stderr) {
    this.process = process;
    this.outReader =
        Thread.ofVirtual()
            .name("sandbox-stdout")
            .start(BoundedOutput.drain(process.getInputStream(), stdout));
    this.errReader =
        Thread.ofVirtual()
            .name("sandbox-stderr")
            .start(BoundedOutput.drain(process.getErrorStream(), stderr));
  }

  /** Starts the launcher, its standard input empty: it opens the run's input itself. */
  static LaunchedProcess start(
      List<String> argv,
      Map<String, String> environment,
      BoundedOutput stdout,
      BoundedOutput stderr)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return new LaunchedProcess(builder.start(), stdout, stderr);
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit);
  }

  @Override
  public void waitFor() throws InterruptedException {
    process.waitFor();
  }

  @Override
  public void drain() throws InterruptedException {
    outReader.join();
    errReader.join();
  }

  @Override
  public int exitCode() {
    return process.exitValue();
  }
}
