package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.loadgen.LoadGenMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load-gen check-packages} against a whole system: packages uploaded over HTTP, every
 * example submission graded, each checked against its folder. Packages named by the system property
 * {@code verdict.checkPackages} (folders separated by commas, e.g. problemtools' {@code
 * examples/*}) are checked with ours: docs/problems.md Appendix B was run that way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckPackagesIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final Path EXAMPLES = Path.of("..", "examples", "problems");

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private String staff;

  @BeforeAll
  void start() throws IOException {
    cluster = VerdictCluster.start(services, temp, List.of());
    staff = cluster.token("packages-it-staff", Role.STAFF);
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private record Run(int exit, String out, String err) {}

  private Run check(String prefix, Path... packages) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check-packages",
                "--url",
                cluster.baseUrl(),
                "--token",
                staff,
                "--id-prefix",
                prefix,
                "--timeout",
                "PT6M"));
    for (Path dir : packages) {
      args.add(dir.toString());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        LoadGenMain.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void every_example_of_a_multi_pass_and_a_scoring_package_gets_what_its_folder_expects() {
    List<Path> packages =
        new ArrayList<>(
            List.of(EXAMPLES.resolve("multipasssum"), EXAMPLES.resolve("scoringgroups")));
    String extra = System.getProperty("verdict.checkPackages", "");
    Arrays.stream(extra.split(",")).filter(s -> !s.isBlank()).map(Path::of).forEach(packages::add);

    Run run = check("chk-", packages.toArray(Path[]::new));

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("chk-multipasssum", "chk-scoringgroups")
        .contains("partially_accepted/loop.py")
        .doesNotContain("FAILED");
    assertThat(run.out().lines().filter(line -> line.endsWith(" ok")).count())
        .as(run.out())
        .isGreaterThanOrEqualTo(14);
  }

  @Test
  void a_submission_in_the_wrong_folder_fails_the_check_and_names_itself() throws IOException {
    Path copy = temp.resolve("mislabelled").resolve("multipasssum");
    copyTree(EXAMPLES.resolve("multipasssum"), copy);
    Path accepted = copy.resolve("submissions").resolve("accepted");
    Path moved;
    try (Stream<Path> files = Files.list(accepted)) {
      moved = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    Path wrongAnswer = Files.createDirectories(copy.resolve("submissions").resolve("wrong_answer"));
    Files.move(moved, wrongAnswer.resolve(moved.getFileName()));

    Run run = check("bad-", copy);

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out().lines().filter(line -> line.endsWith("FAILED")))
        .as(run.out())
        .singleElement()
        .asString()
        .contains("wrong_answer/" + moved.getFileName(), "ACCEPTED");
  }

  @Test
  void a_folder_without_problem_yaml_is_bad_usage() throws IOException {
    Run run = check("none-", Files.createDirectories(temp.resolve("not-a-package")));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("not-a-package is not a problem package");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
