package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.testing.MongoExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where an ad-hoc run's tests are kept: small text inputs in the version, the rest in GridFS. */
class AdhocProblemsIT {
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();

  private BlobStore blobs;
  private ProblemStore problems;

  @BeforeEach
  void stores() {
    blobs = new BlobStore(mongo.database(), new MetricRegistry());
    problems = new ProblemStore(mongo.database(), new MetricRegistry());
  }

  @Test
  void a_small_text_input_travels_in_the_stored_version_and_not_in_gridfs() {
    byte[] input = utf8("3 4\n");

    ProblemVersion version = new AdhocProblems(blobs, problems, 16).store(run(input, null));

    TestCase test = version.tests().getFirst();
    assertThat(test.input()).isEqualTo("3 4\n");
    assertThat(test.inputSha256()).isEqualTo(Sha256.hex(input));
    assertThat(blobs.exists(test.inputSha256())).isFalse();
    assertThat(problems.version(AdhocProblems.ID, version.version()).orElseThrow().tests())
        .containsExactly(test);
  }

  @Test
  void the_same_run_makes_the_same_version_id_every_time() {
    AdhocProblems adhoc = new AdhocProblems(blobs, problems, 16);

    String first = adhoc.store(run(utf8("3 4\n"), null)).version();
    String again = new AdhocProblems(blobs, problems, 16).store(run(utf8("3 4\n"), null)).version();

    // why: versions are content-addressed; a change of how a version is serialised for its digest
    // would give every stored run's tests a second version.
    assertThat(first).isEqualTo(again).isEqualTo("78433b8fc4cc6b51");
  }

  @Test
  void an_input_over_the_inline_size_or_not_utf8_and_every_answer_go_to_gridfs() {
    byte[] large = utf8("12345678901234567\n");
    byte[] binary = {(byte) 0xff, (byte) 0xfe, '\n'};
    byte[] answer = utf8("7\n");

    ProblemVersion version =
        new AdhocProblems(blobs, problems, 16)
            .store(
                NewSubmission.adhoc(
                    "python3",
                    List.of(new NewSubmission.NewFile("prog.py", utf8("print(1)\n"))),
                    List.of(
                        new NewSubmission.NewTest(large, null),
                        new NewSubmission.NewTest(binary, answer)),
                    LimitOverrides.NONE));

    assertThat(version.tests()).allSatisfy(test -> assertThat(test.input()).isNull());
    assertThat(blobs.get(version.tests().get(0).inputSha256())).isEqualTo(large);
    assertThat(blobs.get(version.tests().get(1).inputSha256())).isEqualTo(binary);
    assertThat(blobs.get(version.tests().get(1).answerSha256())).isEqualTo(answer);
  }

  private static NewSubmission run(byte[] input, byte[] answer) {
    return NewSubmission.adhoc(
        "python3",
        List.of(new NewSubmission.NewFile("prog.py", utf8("print(1)\n"))),
        List.of(new NewSubmission.NewTest(input, answer)),
        LimitOverrides.NONE);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
