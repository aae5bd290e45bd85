package dev.verdict.worker.compiler;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A slot's warm compilers, one per language that compiles warm ({@code warmCompiler: true}),
 * started on the language's first compile, each in a sandbox of its own on the slot's core.
 */
public final class WarmCompilers implements AutoCloseable {
  private final SandboxFactory sandboxes;
  private final int uid;
  private final Path home;
  private final LimitsConfig limits;
  private final int maxCompiles;
  private final long startTimeoutMs;
  private final int warmUps;
  private final MetricRegistry metrics;
  private final Map<String, WarmCompiler> byLanguage = new TreeMap<>();
  private final Map<String, Sandbox> sandboxByLanguage = new TreeMap<>();

  /** Makes a sandbox for one warm compiler of the slot: on its core, as {@code uid}. */
  @FunctionalInterface
  public interface SandboxFactory {
    Sandbox newSandbox(Path scratch);
  }

  /**
   * @param sandboxes makes each compiler's sandbox, on the slot's core, as {@code uid}
   * @param uid the compilers' uid, which no test run uses
   * @param home a directory of the slot's compilers
   */
  public WarmCompilers(
      SandboxFactory sandboxes,
      int uid,
      Path home,
      LimitsConfig limits,
      int maxCompiles,
      long startTimeoutMs,
      int warmUps,
      MetricRegistry metrics) {
    this.sandboxes = sandboxes;
    this.uid = uid;
    this.home = home;
    this.limits = limits;
    this.maxCompiles = maxCompiles;
    this.startTimeoutMs = startTimeoutMs;
    this.warmUps = warmUps;
    this.metrics = metrics;
  }

  /** The warm compiler of {@code language}, which must compile warm. */
  public synchronized WarmCompiler of(Language language) {
    if (!language.warmCompiled()) {
      throw new IllegalArgumentException(language.name() + " does not compile warm");
    }
    return byLanguage.computeIfAbsent(
        language.name(),
        name -> {
          Sandbox sandbox = sandboxes.newSandbox(home.resolve(name).resolve("sandbox"));
          sandboxByLanguage.put(name, sandbox);
          return new WarmCompiler(
              sandbox,
              uid,
              home.resolve(name).resolve("compiler"),
              new WarmCompiler.Settings(
                  language.warmCompilerJava(),
                  language.warmCompilerJvmOptions(),
                  language.readOnlyPaths(),
                  limits.resolveCompile(language.config().compileLimits()),
                  maxCompiles,
                  startTimeoutMs,
                  warmUps),
              metrics);
        });
  }

  /** Stops every compiler, then closes its sandbox. */
  @Override
  public synchronized void close() {
    byLanguage.values().forEach(WarmCompiler::close);
    sandboxByLanguage.values().forEach(Sandbox::close);
    byLanguage.clear();
    sandboxByLanguage.clear();
  }
}
