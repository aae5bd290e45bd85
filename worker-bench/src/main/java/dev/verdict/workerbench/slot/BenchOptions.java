package dev.verdict.workerbench.slot;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.cli.ConfigOptions;
import dev.verdict.common.config.VerdictConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every worker benchmark takes: the Verdict configuration and a scratch folder. */
public final class BenchOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      defaultValue = "/var/lib/verdict/worker-bench",
      description =
          "Scratch folder; each command works in a folder of its own below it. Every parent must"
              + " be searchable by the sandbox uids (default: ${DEFAULT-VALUE}).")
  Path workDir;

  /** Loads the configuration, adding {@code extra} overrides after the user's. */
  public VerdictConfig load(List<String> extra) {
    return config.load(extra);
  }

  /** This command's own scratch folder, below {@code --work-dir}. */
  public Path workDir() {
    return workDir.resolve(mixee.name());
  }

  /**
   * Makes slot sandboxes as the worker makes them, with cgroups and network namespaces named {@code
   * {namespace}-COMMAND} so that they never meet a worker's. Close it after the sandboxes.
   */
  public BenchSlots slots(VerdictConfig verdict, MetricRegistry metrics) {
    return BenchSlots.open(
        verdict, verdict.namespace() + "-" + mixee.name(), workDir().resolve("bin"), metrics);
  }
}
