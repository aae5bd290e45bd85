package dev.verdict.common.cli;

import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options every Verdict command shares: a file and key=value overrides. */
public final class ConfigOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "YAML configuration file (default: $VERDICT_CONFIG, else built-in defaults). Every key is"
              + " documented in docs/configuration.md.")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one configuration key, e.g. --set worker.prefetch=2. Repeatable; wins over the"
              + " file and VERDICT_* environment variables.")
  List<String> overrides = new ArrayList<>();

  /** Loads the configuration, adding {@code extra} overrides after the user's. */
  public VerdictConfig load(List<String> extra) {
    Map<String, String> env = System.getenv();
    Path configFile = file;
    if (configFile == null && env.containsKey(ConfigLoader.CONFIG_FILE_ENV)) {
      configFile = Path.of(env.get(ConfigLoader.CONFIG_FILE_ENV));
    }
    List<String> all = new ArrayList<>(overrides);
    all.addAll(extra);
    return ConfigLoader.load(configFile, env, all);
  }
}
