package dev.verdict.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.api.problem.RunningApi.Answer;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of hostile or broken package is refused with 400, the field {@code package} and the
 * reason, and nothing of it is stored: no blob, no problem, no version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePackageIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final int MIB = 1 << 20;

  private RunningApi api;

  @BeforeAll
  void start() {
    api =
        RunningApi.start(
            services,
            "problems.maxFiles=40",
            "problems.maxFileBytes=" + 2 * MIB,
            "problems.maxUncompressedBytes=" + 4 * MIB,
            "problems.maxCompressionRatio=100");
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
  }

  /** A usable package, whose test data no other test uses, for hostile entries to join. */
  private static TestZips usable(String top) {
    String unique = UUID.randomUUID().toString();
    return new TestZips()
        .add(top + "/problem.yaml", "name: Hostile\n")
        .add(top + "/data/sample/1.in", unique + " in\n")
        .add(top + "/data/sample/1.ans", unique + " answer\n");
  }

  static Stream<Arguments> hostilePackages() {
    return Stream.of(
        hostile(
            "zip bomb: an entry inflating beyond the compression ratio",
            () -> usable("p").add("p/data/secret/1.in", new byte[16 * MIB]).bytes(),
            "data/secret/1.in: inflates to more than problems.maxCompressionRatio (100)"),
        hostile(
            "zip bomb: small entries inflating beyond the ratio together",
            () -> {
              TestZips zip = usable("p");
              for (int i = 0; i < 8; i++) {
                zip.add("p/data/secret/" + i + ".in", new byte[MIB - 1]);
              }
              return zip.bytes();
            },
            "the package inflates to more than problems.maxCompressionRatio (100)"),
        hostile(
            "files adding up beyond the uncompressed cap",
            () ->
                usable("p")
                    .add("p/data/secret/1.in", random(3 * MIB / 2))
                    .add("p/data/secret/2.in", random(3 * MIB / 2))
                    .add("p/data/secret/3.in", random(3 * MIB / 2))
                    .bytes(),
            "problems.maxUncompressedBytes"),
        hostile(
            "a file over the size cap",
            () -> usable("p").add("p/data/secret/1.in", random(5 * MIB / 2)).bytes(),
            "data/secret/1.in: larger than problems.maxFileBytes"),
        hostile(
            "zip slip with ../",
            () -> usable("p").add("p/../../../tmp/evil.sh", "rm -rf /\n").bytes(),
            "p/../../../tmp/evil.sh: '..' is not allowed"),
        hostile(
            "an absolute path",
            () -> usable("p").add("/etc/cron.d/evil", "* * * * * root sh\n").bytes(),
            "/etc/cron.d/evil: absolute paths are not allowed"),
        hostile(
            "an absolute symbolic link",
            () -> usable("p").symlink("p/data/secret/1.in", "/etc/shadow").bytes(),
            "data/secret/1.in: symbolic link to '/etc/shadow' is absolute"),
        hostile(
            "a symbolic link climbing out",
            () -> usable("p").symlink("p/data/secret/1.in", "../../../../etc/shadow").bytes(),
            "data/secret/1.in: symbolic link to '../../../../etc/shadow' leaves the package"),
        hostile(
            "more files than the cap",
            () -> {
              TestZips zip = usable("p");
              for (int i = 0; i < 40; i++) {
                zip.add("p/data/secret/" + i + ".in", "1\n");
              }
              return zip.bytes();
            },
            "more than problems.maxFiles (40)"),
        hostile(
            "a duplicate entry",
            () -> usable("p").add("p/problem.yaml", "name: Other\n").bytes(),
            "p/problem.yaml: appears twice"),
        hostile(
            "invalid YAML",
            () ->
                usable("p")
                    .add("p/data/secret/testdata.yaml", "accept_score: [1\n")
                    .add("p/data/secret/1.in", "1\n")
                    .add("p/data/secret/1.ans", "1\n")
                    .bytes(),
            "data/secret/testdata.yaml: is not valid YAML"),
        hostile(
            "invalid YAML in problem.yaml",
            () ->
                new TestZips()
                    .add("p/problem.yaml", "name: [unclosed\n")
                    .add("p/data/sample/1.in", UUID.randomUUID() + "\n")
                    .add("p/data/sample/1.ans", "1\n")
                    .bytes(),
            "problem.yaml: is not valid YAML"),
        hostile(
            "a name that is not UTF-8",
            () -> usable("p").latin1().add("p/data/secret/caf\u00e9.in", "1\n").bytes(),
            "the name is not valid UTF-8"),
        hostile(
            "a submit-answer problem, a feature Verdict lacks",
            () ->
                new TestZips()
                    .add(
                        "p/problem.yaml",
                        "problem_format_version: 2023-07-draft\ntype: submit-answer\n")
                    .add("p/data/sample/1.in", UUID.randomUUID() + "\n")
                    .add("p/data/sample/1.ans", "1\n")
                    .bytes(),
            "problem.yaml: type submit-answer is not supported"),
        hostile(
            "bytes that are no zip",
            () -> "PK\u0003\u0004 not really".getBytes(StandardCharsets.UTF_8),
            "not a readable zip archive"));
  }

  private static Arguments hostile(String why, Supplier<byte[]> zip, String reason) {
    return Arguments.of(why, zip, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostilePackages")
  void a_hostile_package_is_refused_with_its_reason_and_nothing_of_it_is_stored(
      String why, Supplier<byte[]> zip, String reason) {
    Map<String, Long> before = api.stored();

    Answer refused = api.postZip("/api/v1/problems", zip.get());

    assertThat(refused.status()).as(why + ": " + refused.body()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("package");
    assertThat(refused.error()).contains(reason);
    assertThat(api.stored()).as(why).isEqualTo(before);
    assertThat(api.get("/api/v1/problems/p").status()).isEqualTo(404);
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
