package dev.verdict.api.problem;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.verdict.common.blob.BlobHead;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.problem.ProblemStatement;
import dev.verdict.common.problem.ProblemVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * What {@code GET /api/v1/problems/{id}} shows of a problem: its name, limits and type, its
 * statement, its sample tests, and its secret tests only to a caller who may see secret data.
 */
final class ProblemDetails {
  private static final String SAMPLE = "sample/";

  /**
   * @param summary what the list shows of the problem, its fields inline
   * @param outputKb output per test run before any language's own limit
   * @param statement null when the package has none
   * @param secretTests null unless the caller may see secret data
   */
  record ProblemDetail(
      @JsonUnwrapped ProblemSummary summary,
      long outputKb,
      Statement statement,
      List<TestData> samples,
      List<TestData> secretTests) {}

  /**
   * @param html the package's own HTML rendering, or null
   * @param safeHtml the Markdown rendered here as CommonMark, with any HTML in it escaped and
   *     unsafe link targets ({@code javascript:} and the like) removed: what the web page shows
   */
  record Statement(String markdown, String html, String safeHtml) {}

  private static final Parser MARKDOWN = Parser.builder().build();
  private static final HtmlRenderer SAFE_HTML =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  /**
   * One test's data as text, cut at {@code problems.shownTestBytes}.
   *
   * @param truncated the input or the answer was cut
   */
  record TestData(
      String name,
      int weight,
      String input,
      String answer,
      long inputBytes,
      long answerBytes,
      boolean truncated) {}

  private final BlobStore blobs;
  private final LimitsConfig limits;
  private final int shownTestBytes;

  ProblemDetails(BlobStore blobs, LimitsConfig limits, int shownTestBytes) {
    this.blobs = blobs;
    this.limits = limits;
    this.shownTestBytes = shownTestBytes;
  }

  ProblemDetail describe(ProblemVersion problem, boolean maySeeSecretData) {
    List<TestCase> samples =
        problem.tests().stream().filter(test -> test.name().startsWith(SAMPLE)).toList();
    List<TestCase> secret =
        problem.tests().stream().filter(test -> !test.name().startsWith(SAMPLE)).toList();
    return new ProblemDetail(
        ProblemSummary.of(problem, limits),
        ProblemSummary.resolve(problem, limits).outputKb(),
        statement(problem.statement()),
        samples.stream().map(this::data).toList(),
        maySeeSecretData ? secret.stream().map(this::data).toList() : null);
  }

  private Statement statement(ProblemStatement statement) {
    if (statement == null) {
      return null;
    }
    String markdown = text(blobs.get(statement.markdownSha256()));
    return new Statement(
        markdown,
        statement.htmlSha256() == null ? null : text(blobs.get(statement.htmlSha256())),
        SAFE_HTML.render(MARKDOWN.parse(markdown)));
  }

  private TestData data(TestCase test) {
    BlobHead input = blobs.head(test.inputSha256(), shownTestBytes);
    BlobHead answer = blobs.head(test.answerSha256(), shownTestBytes);
    return new TestData(
        test.name(),
        test.weight(),
        text(input.bytes()),
        text(answer.bytes()),
        input.length(),
        answer.length(),
        input.truncated() || answer.truncated());
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
