package dev.verdict.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.verdict.common.blob.BlobHead;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.config.LimitsConfig;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.problem.ProblemStatement;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.problem.SampleInteraction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * What {@code GET /api/v1/problems/{id}} shows of a problem: its name, limits and type, its
 * statement, its sample tests, and its secret tests only to a caller who may see secret data.
 *
 * <p>An interactive problem's sample inputs and answers are the validator's, not what a submission
 * reads and writes, so a submitter sees its samples' {@code .interaction} files instead (the
 * package format's rule); staff see both.
 */
final class ProblemDetails {
  private static final String SAMPLE = "sample/";

  /**
   * @param summary what the list shows of the problem, its fields inline
   * @param outputKb output per test run before any language's own limit
   * @param statement null when the package has none
   * @param secretTests null unless the caller may see secret data
   * @param languages the languages the problem takes, when it names them (2023-07 {@code
   *     languages}); null: every language offered
   * @param allowFileWriting a run may write files in its working directory
   * @param interactions the samples' {@code .interaction} files
   */
  record ProblemDetail(
      @JsonUnwrapped ProblemSummary summary,
      long outputKb,
      Statement statement,
      List<TestData> samples,
      List<TestData> secretTests,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> languages,
      boolean allowFileWriting,
      List<Interaction> interactions) {}

  /**
   * A sample's {@code .interaction} file as text, cut at {@code problems.shownTestBytes}: lines
   * starting {@code >} are the submission's output, {@code <} its input, {@code ---} a new pass.
   */
  record Interaction(String name, String text, long bytes, boolean truncated) {}

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
    boolean hideSamples = problem.checker().interacts() && !maySeeSecretData;
    return new ProblemDetail(
        ProblemSummary.of(problem, limits),
        ProblemSummary.resolve(problem, limits).outputKb(),
        statement(problem.statement()),
        hideSamples ? List.of() : samples.stream().map(this::data).toList(),
        maySeeSecretData ? secret.stream().map(this::data).toList() : null,
        problem.languages(),
        problem.allowFileWriting(),
        problem.interactions().stream().map(this::interaction).toList());
  }

  private Interaction interaction(SampleInteraction sample) {
    BlobHead text = blobs.head(sample.sha256(), shownTestBytes);
    return new Interaction(sample.name(), text(text.bytes()), text.length(), text.truncated());
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
