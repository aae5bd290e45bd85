import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.compiler.WarmCompiler;
import dev.verdict.worker.compiler.WarmCompilers;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SlotSandboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CPU time of compiling a small class (Scanner a+b) in the slot's warm compiler, as the
 * compiler process measures it per compile, against the language's compile command (a cold
 * javac) in the slot's sandbox, as the sandbox measures it. Both on core 0, with the worker's
 * default configuration and sandbox; alternating, after a few compiles of each to warm up.
 *
 * <pre>
 * java -cp worker-bench/target/worker-bench-0.1.0-SNAPSHOT-all.jar bench/WarmCompile.java [ROUNDS=20]
 * </pre>
 *
 * Needs root (cgroups, the sandbox uids); run while no worker grades on core 0.
 */
public class WarmCompile {
  private static final String SOURCE =
      """
      import java.util.Scanner;
      public class Main {
        public static void main(String[] args) {
          Scanner in = new Scanner(System.in);
          long a = in.nextLong(), b = in.nextLong();
          System.out.println(a + b);
        }
      }
      """;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    VerdictConfig config = ConfigLoader.load(null, Map.of(), List.of());
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "warm-compile-");
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    MetricRegistry metrics = new MetricRegistry();
    Language java =
        new Language("java", config.languages().get("java"), System.getProperty("java.home"));
    ResourceLimits limits = config.limits().resolveCompile(java.config().compileLimits());
    try (CgroupDriver cgroups = CgroupDriver.detect("verdict-bench-warm-compile");
        SlotSandboxes sandboxes =
            new SlotSandboxes(config.worker(), "verdict-bench-wc", cgroups, dir.resolve("bin"), metrics);
        Sandbox sandbox = sandboxes.forSlot(0, 0, dir.resolve("slot"));
        WarmCompilers compilers =
            new WarmCompilers(
                scratch -> sandboxes.forCompiler(0, 0, scratch),
                config.worker().compilerUid(0),
                dir.resolve("compilers"),
                config.limits(),
                config.worker().warmCompilerMaxCompiles(),
                config.worker().warmCompilerStartTimeoutMs(),
                config.worker().warmCompilerWarmUps(),
                metrics)) {
      WarmCompiler warm = compilers.of(java);
      Path box = Files.createDirectories(dir.resolve("box"));
      Files.writeString(box.resolve("Main.java"), SOURCE);
      for (String name : List.of(".", "Main.java")) {
        Files.setAttribute(box.resolve(name), "unix:uid", sandboxes.uid(0));
      }
      var layout = java.layout(Map.of("Main.java", SOURCE.getBytes(StandardCharsets.UTF_8)));
      List<String> cold = java.compileCommand(layout, limits);
      List<Double> warmCpu = new ArrayList<>();
      List<Double> warmWall = new ArrayList<>();
      List<Double> coldCpu = new ArrayList<>();
      List<Double> coldWall = new ArrayList<>();
      for (int i = -3; i < rounds; i++) {
        WarmCompiler.Result w =
            warm.compile(
                Map.of("Main.java", SOURCE.getBytes(StandardCharsets.UTF_8)),
                java.warmCompileOptions(),
                limits);
        RunResult c =
            sandbox.run(new RunRequest(cold, box, true, null, limits, java.readOnlyPaths(), Map.of()));
        if (w.outcome() != WarmCompiler.Outcome.SUCCEEDED || c.exitCode() != 0) {
          throw new IllegalStateException("a compile failed: " + w + " / " + c);
        }
        if (i >= 0) {
          warmCpu.add(w.cpuTimeMs());
          warmWall.add(w.wallTimeMs());
          coldCpu.add(c.cpuTimeMs());
          coldWall.add(c.wallTimeMs());
        }
      }
      System.out.printf(
          "warm compiler: CPU p50 %.1f ms (p10 %.1f, p90 %.1f), wall p50 %.1f ms%n",
          q(warmCpu, 0.5), q(warmCpu, 0.1), q(warmCpu, 0.9), q(warmWall, 0.5));
      System.out.printf(
          "cold javac:    CPU p50 %.1f ms (p10 %.1f, p90 %.1f), wall p50 %.1f ms%n",
          q(coldCpu, 0.5), q(coldCpu, 0.1), q(coldCpu, 0.9), q(coldWall, 0.5));
    }
  }

  private static double q(List<Double> values, double p) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.round(p * (sorted.size() - 1)));
  }
}
