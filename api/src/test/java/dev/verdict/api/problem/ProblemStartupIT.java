package dev.verdict.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.verdict.common.problem.ProblemPackageLoader;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A package in api.problemsDir that cannot be used is skipped; the API starts with the rest. */
class ProblemStartupIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  @TempDir Path problemsDir;

  private void write(String path, String content) throws IOException {
    Path file = problemsDir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void minimalPackage(String id, String problemYaml) throws IOException {
    write(id + "/problem.yaml", problemYaml);
    write(id + "/data/sample/1.in", "1\n");
    write(id + "/data/sample/1.ans", "1\n");
  }

  @Test
  void an_unusable_package_is_skipped_with_one_log_line_and_the_api_serves_the_rest()
      throws Exception {
    minimalPackage("alpha", "name: Alpha\n");
    minimalPackage("answers", "problem_format_version: 2023-07-draft\ntype: submit-answer\n");
    minimalPackage("unreadable", "name: [unclosed\n");
    minimalPackage("zeta", "name: Zeta\n");
    Logger logger = (Logger) LoggerFactory.getLogger(ProblemPackageLoader.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);

    try (RunningApi api = RunningApi.start(services, "api.problemsDir=" + problemsDir)) {
      assertThat(
              StreamSupport.stream(api.get("/api/v1/problems").body().spliterator(), false)
                  .map(problem -> problem.get("id").asText()))
          .containsExactly("alpha", "zeta");
      assertThat(api.get("/api/v1/problems/answers").status()).isEqualTo(404);
    } finally {
      logger.detachAppender(log);
    }

    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(line -> line.contains("skipped"))
        .hasSize(2)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "Problem(id=answers) skipped: problem.yaml: type submit-answer is not"
                            + " supported"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("Problem(id=unreadable) skipped: problem.yaml: is not valid YAML"));
  }
}
