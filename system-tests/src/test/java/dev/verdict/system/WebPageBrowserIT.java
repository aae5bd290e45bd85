package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web page in Debian's Chromium against a whole Verdict (API, dispatcher and a bubblewrap
 * grader worker): what a student and staff do, as they would do it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageBrowserIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  /** Where the screenshots for docs/ are written; they are copied by hand when the page changes. */
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private Browser browser;
  private String alice;
  private String bob;
  private String staff;

  @BeforeAll
  void start() {
    cluster = VerdictCluster.start(services, temp, List.of());
    alice = cluster.token("alice", Role.SUBMITTER);
    bob = cluster.token("bob", Role.SUBMITTER);
    staff = cluster.token("lab-staff", Role.STAFF);
    browser = Browser.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void signedOut() {
    browser.driver.get(cluster.baseUrl() + "/");
    browser.driver.manage().deleteAllCookies();
  }

  private void signIn(String token) {
    browser.driver.get(cluster.baseUrl() + "/");
    browser.waitForHeading("Sign in");
    WebElement field = browser.find("#token");
    field.sendKeys(token, Keys.ENTER);
    browser.find("#sign-out");
  }

  private String submitInPage(String language, String source) {
    browser.driver.get(cluster.baseUrl() + "/problems/sum");
    browser.waitForHeading("Sum of two integers");
    new Select(browser.find("#language")).selectByValue(language);
    typeSource(source);
    browser.find("#submit").click();
    browser.await(d -> d.getCurrentUrl().contains("/submissions/"));
    return awaitFinal();
  }

  /** Types {@code source} into the page's source editor, as a user would. */
  private void typeSource(String source) {
    browser.find(".CodeMirror").click();
    new Actions(browser.driver).sendKeys(source).perform();
  }

  @Test
  void theStatementsMathIsTypesetAndTheSourceHighlightedAsTheChosenLanguage() {
    signIn(alice);
    browser.driver.get(cluster.baseUrl() + "/problems/sum");
    browser.waitForHeading("Sum of two integers");
    WebElement math = browser.find(".statement .katex");
    assertThat(
            math.findElement(By.cssSelector(".katex-mathml annotation"))
                .getAttribute("textContent"))
        .isEqualTo("|a|, |b| \\le 10^{18}");
    assertThat(browser.find(".statement p").getText()).doesNotContain("$").contains("≤");
    assertThat(browser.find("label[for='source-editor']").getText()).isEqualTo("Source code");

    new Select(browser.find("#language")).selectByValue("python3");
    typeSource("def main():");
    By keyword = By.cssSelector(".CodeMirror .cm-keyword");
    assertThat(browser.find(".CodeMirror .cm-keyword").getText()).isEqualTo("def");
    new Select(browser.find("#language")).selectByValue("cpp");
    browser.await(d -> d.findElements(keyword).isEmpty());
    typeSource(" int");
    assertThat(browser.find(".CodeMirror .cm-type, .CodeMirror .cm-keyword").getText())
        .isEqualTo("int");
  }

  private String awaitFinal() {
    return browser.find("#summary .final .badge").getText();
  }

  @Test
  void aStudentSubmitsAWrongThenARightSolutionAndWatchesTheTestsArrive() throws Exception {
    String carol = cluster.token("carol", Role.SUBMITTER);
    signIn(carol);

    String wrong = submitInPage("python3", Programs.PY_WRONG);
    assertThat(wrong).isEqualTo("WRONG_ANSWER");
    String id = browser.driver.getCurrentUrl().replaceAll(".*/submissions/", "");
    int judged =
        new Http(cluster.baseUrl(), carol)
            .get("/api/v1/submissions/" + id)
            .body()
            .get("tests")
            .size();
    assertThat(judged).isPositive();
    browser.await(d -> d.findElements(By.cssSelector("#tests tr[data-index]")).size() == judged);
    assertThat(browser.find("#tests tr[data-index='0']").getText())
        .contains("sample/1", "WRONG_ANSWER", "ms");
    String dom = browser.driver.getPageSource();
    for (String secret : secretData()) {
      assertThat(dom).as("secret test data in the page").doesNotContain(secret);
    }
    assertThat(browser.driver.findElements(By.cssSelector("tr.details"))).hasSize(1);
    String permalink = browser.driver.getCurrentUrl();

    assertThat(submitInPage("python3", Programs.PY_ACCEPTED)).isEqualTo("ACCEPTED");
    assertThat(browser.find("#summary").getText()).contains("Score: 10 / 10");
    browser.await(d -> d.findElements(By.cssSelector("#tests tr[data-index]")).size() == 10);
    browser.screenshot(360, SCREENSHOTS.resolve("ui-result-360.png"));
    browser.screenshot(1280, SCREENSHOTS.resolve("ui-result-1280.png"));

    browser.driver.get(cluster.baseUrl() + "/submissions");
    browser.waitForHeading("My submissions");
    assertThat(browser.driver.findElements(By.cssSelector("#submissions tbody tr"))).hasSize(2);
    assertThat(browser.find("#submissions tbody tr").getText()).contains("ACCEPTED");

    browser.driver.manage().deleteAllCookies();
    signIn(bob);
    browser.driver.get(permalink);
    browser.waitForHeading("Not found");
    String othersPage = browser.find("main").getText();
    browser.driver.get(cluster.baseUrl() + "/submissions/no-such-submission");
    browser.waitForHeading("Not found");
    assertThat(browser.find("main").getText()).isEqualTo(othersPage);
  }

  @Test
  void uploadedFilesAreSubmittedAndARefusedFileNameIsShownNextToTheFilesField() throws Exception {
    signIn(cluster.token("heidi", Role.SUBMITTER));
    Path dir = Files.createDirectories(temp.resolve("heidi"));
    Path spaced = Files.writeString(dir.resolve("my main.py"), Programs.PY_ACCEPTED);
    browser.driver.get(cluster.baseUrl() + "/problems/sum");
    browser.waitForHeading("Sum of two integers");
    new Select(browser.find("#language")).selectByValue("python3");
    browser.find("#files").sendKeys(spaced.toString());
    browser.find("#submit").click();
    browser.await(d -> !browser.find("#files-error").getText().isEmpty());
    assertThat(browser.find("#files-error").getText()).contains("files[0].name");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/problems/sum");

    Path main = Files.writeString(dir.resolve("main.py"), "from helper import add\nadd()\n");
    Path helper =
        Files.writeString(
            dir.resolve("helper.py"),
            "def add():\n    a, b = map(int, input().split())\n    print(a + b)\n");
    browser.find("#files").clear();
    browser.find("#files").sendKeys(main + "\n" + helper);
    browser.find("#submit").click();
    browser.await(d -> d.getCurrentUrl().contains("/submissions/"));
    assertThat(awaitFinal()).isEqualTo("ACCEPTED");
  }

  @Test
  void theFirstLoadIsUnder200KbOfCompressedScriptAndStyle() {
    browser.driver.get(cluster.baseUrl() + "/");
    browser.waitForHeading("Sign in");
    Number bytes =
        (Number)
            browser.script(
                "return performance.getEntriesByType('resource')"
                    + ".filter((r) => /[.](js|css)$/.test(new URL(r.name).pathname))"
                    + ".reduce((n, r) => n + r.encodedBodySize, 0)");
    assertThat(bytes.longValue()).as("gzipped bytes").isPositive().isLessThan(200 * 1024);
  }

  @Test
  void noPageHasASeriousOrCriticalAccessibilityViolation() {
    Map<String, List<String>> found = new LinkedHashMap<>();
    browser.driver.get(cluster.baseUrl() + "/");
    browser.waitForHeading("Sign in");
    found.put("sign-in", browser.seriousAccessibilityViolations());

    String dave = cluster.token("dave", Role.SUBMITTER);
    signIn(dave);
    browser.waitForHeading("Problems");
    found.put("problems", browser.seriousAccessibilityViolations());
    assertThat(submitInPage("python3", Programs.PY_WRONG)).isEqualTo("WRONG_ANSWER");
    browser.find("tr.details");
    found.put("result", browser.seriousAccessibilityViolations());
    browser.driver.get(cluster.baseUrl() + "/problems/sum");
    browser.waitForHeading("Sum of two integers");
    found.put("problem", browser.seriousAccessibilityViolations());
    browser.driver.get(cluster.baseUrl() + "/submissions");
    browser.waitForHeading("My submissions");
    browser.find("#submissions tbody tr");
    found.put("history", browser.seriousAccessibilityViolations());
    browser.driver.get(cluster.baseUrl() + "/submissions/no-such-submission");
    browser.waitForHeading("Not found");
    found.put("not-found", browser.seriousAccessibilityViolations());

    browser.driver.manage().deleteAllCookies();
    signIn(staff);
    for (String[] staffPage :
        new String[][] {
          {"/staff/submissions", "All submissions", "#submissions tbody tr"},
          {"/staff/problems", "Manage problems", "#upload"},
          {"/staff/system", "System", ".charts canvas"}
        }) {
      browser.driver.get(cluster.baseUrl() + staffPage[0]);
      browser.waitForHeading(staffPage[1]);
      browser.find(staffPage[2]);
      found.put(staffPage[0], browser.seriousAccessibilityViolations());
    }
    browser.driver.get(cluster.baseUrl() + "/staff/submissions?user=dave");
    browser.waitForHeading("All submissions");
    browser.find("#submissions tbody tr a").click();
    browser.find("#summary .final");
    found.put("staff result", browser.seriousAccessibilityViolations());

    assertThat(found)
        .hasSize(10)
        .allSatisfy((where, violations) -> assertThat(violations).as(where).isEmpty());
  }

  @Test
  void staffSeeTheDiffOfAWrongAnswerAndItsStudentNever() {
    String frank = cluster.token("frank", Role.SUBMITTER);
    Http student = new Http(cluster.baseUrl(), frank);
    String id = student.submitPython(Programs.PY_WRONG).body().get("id").asText();
    assertThat(student.awaitDone(id, Duration.ofSeconds(60)).get("verdict").asText())
        .isEqualTo("WRONG_ANSWER");

    signIn(frank);
    browser.driver.get(cluster.baseUrl() + "/submissions/" + id);
    assertThat(awaitFinal()).isEqualTo("WRONG_ANSWER");
    browser.find("tr.details");
    assertThat(browser.driver.findElements(By.cssSelector(".diff"))).isEmpty();
    assertThat(browser.driver.getPageSource()).doesNotContain("Expected (-)");

    browser.driver.manage().deleteAllCookies();
    signIn(staff);
    browser.driver.get(cluster.baseUrl() + "/submissions/" + id);
    assertThat(awaitFinal()).isEqualTo("WRONG_ANSWER");
    WebElement diff = browser.find("tr.details .diff");
    assertThat(diff.findElement(By.cssSelector(".del")).getText()).isEqualTo("- 3");
    assertThat(diff.findElement(By.cssSelector(".ins")).getText()).isEqualTo("+ -1");
  }

  @Test
  void theWholeStudentPathWorksWithTheKeyboardAlone() {
    browser.driver.get(cluster.baseUrl() + "/");
    browser.waitForHeading("Sign in");
    WebElement token = browser.find("#token");
    browser.tabTo(token);
    browser.driver.switchTo().activeElement().sendKeys(alice, Keys.ENTER);
    browser.waitForHeading("Problems");
    WebElement problem = browser.find("a[href='/problems/sum']");
    browser.tabTo(problem);
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.waitForHeading("Sum of two integers");
    WebElement language = browser.find("#language");
    browser.tabTo(language);
    new Select(language).selectByValue("python3");
    browser.tabTo(browser.find("#source-editor"));
    new Actions(browser.driver).sendKeys(Programs.PY_ACCEPTED).perform();
    browser.tabTo(browser.find("#submit"));
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(awaitFinal()).isEqualTo("ACCEPTED");
  }

  @Test
  void markupInSourceOutputAndCompilerMessagesIsShownAsText() {
    signIn(alice);
    String payload = "\"><img src=x onerror=alert(1)><script>alert(2)</script>javascript:alert(3)";
    String printer = "print('" + payload.replace("'", "\\'") + "')\n";
    assertThat(submitInPage("python3", printer)).isEqualTo("WRONG_ANSWER");
    assertThat(browser.find("tr.details pre").getText()).contains(payload);
    assertNoScriptRan();

    assertThat(submitInPage("python3", "x = (\n# " + payload + "\n"))
        .isEqualTo("COMPILATION_ERROR");
    assertNoScriptRan();
  }

  private void assertNoScriptRan() {
    assertThat(browser.driver.findElements(By.cssSelector("main img, main script"))).isEmpty();
    assertThatThrownBy(() -> browser.driver.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
  }

  @Test
  void aFormPostedFromAnotherOriginIsRefused() throws Exception {
    signIn(alice);
    int before = countSubmissions();
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String form =
        "<!doctype html><form method=post enctype=text/plain action='"
            + cluster.baseUrl()
            + "/api/v1/submissions'><input name='{\"problem\":\"sum\",\"language\":\"python3\","
            + "\"files\":[{\"name\":\"main.py\",\"content\":\"print(1)\"}],\"x\":\"' value='\"}'>"
            + "<button id=go>go</button></form>";
    attacker.createContext(
        "/",
        exchange -> {
          byte[] body = form.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    attacker.start();
    try {
      browser.driver.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
      browser.find("#go").click();
      browser.await(d -> d.getPageSource().contains("error"));
      assertThat(browser.driver.getPageSource()).contains("another origin");
    } finally {
      attacker.stop(0);
    }
    assertThat(countSubmissions()).isEqualTo(before);
  }

  private int countSubmissions() {
    Http http = new Http(cluster.baseUrl(), alice);
    return http.get("/api/v1/submissions?limit=100").body().get("submissions").size();
  }

  @Test
  void staffSeeWhyAnUploadedPackageIsRefused() throws Exception {
    signIn(staff);
    browser.driver.get(cluster.baseUrl() + "/staff/problems");
    browser.waitForHeading("Manage problems");
    Path zip = temp.resolve("not-a-problem.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("README.txt"));
      out.write("no problem.yaml here".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    browser.find("#package").sendKeys(zip.toString());
    browser.find("#upload button[type=submit]").click();
    WebElement refusal = browser.find("#upload-result .error");
    assertThat(refusal.getText()).startsWith("Refused (400)").contains("id is needed");
  }

  @Test
  void staffRejudgeAProblemAndSeeTheResultsChange() throws Exception {
    signIn(staff);
    uploadInPage(onePackage("answer-1", "1"), "echo-one");
    String erin = cluster.token("erin", Role.SUBMITTER);
    Http student = new Http(cluster.baseUrl(), erin);
    String id = submitPrintOne(student, "echo-one");
    assertThat(student.awaitDone(id, Duration.ofSeconds(60)).get("verdict").asText())
        .isEqualTo("ACCEPTED");

    uploadInPage(onePackage("answer-2", "2"), "echo-one");
    browser.driver.get(cluster.baseUrl() + "/staff/problems");
    browser.waitForHeading("Manage problems");
    WebElement row = browser.find("tr[data-problem='echo-one']");
    new Select(row.findElement(By.cssSelector("select"))).selectByValue("newest");
    row.findElement(By.cssSelector("button.rejudge")).click();
    browser.await(
        d -> row.findElement(By.cssSelector(".rejudge-status")).getText().startsWith("DONE"));
    assertThat(row.findElement(By.cssSelector(".rejudge-status")).getText())
        .isEqualTo("DONE: 1 of 1 graded again, 1 changed, 0 skipped");
    assertThat(row.findElement(By.cssSelector("progress")).getAttribute("value")).isEqualTo("1");

    browser.driver.get(cluster.baseUrl() + "/submissions/" + id);
    assertThat(awaitFinal()).isEqualTo("WRONG_ANSWER");
    WebElement control = browser.find("#rejudge");
    control.findElement(By.cssSelector("button.rejudge")).click();
    browser.await(ExpectedConditions.stalenessOf(control));
    assertThat(awaitFinal()).isEqualTo("WRONG_ANSWER");
    assertThat(student.get("/api/v1/submissions/" + id).body().get("grading").asInt()).isEqualTo(3);
  }

  @Test
  void staffRejudgeTheSubmissionsTheySelectAndSeeTheirVerdictsChange() throws Exception {
    signIn(staff);
    uploadInPage(onePackage("pick-1", "1"), "picked");
    Http student = new Http(cluster.baseUrl(), cluster.token("grace", Role.SUBMITTER));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submitPrintOne(student, "picked"));
    }
    for (String id : ids) {
      assertThat(student.awaitDone(id, Duration.ofSeconds(60)).get("verdict").asText())
          .isEqualTo("ACCEPTED");
    }
    uploadInPage(onePackage("pick-2", "2"), "picked");

    browser.driver.get(cluster.baseUrl() + "/staff/submissions?problem=picked");
    browser.waitForHeading("All submissions");
    browser.await(d -> d.findElements(By.cssSelector("#submissions tbody tr")).size() == 3);
    List<String> chosen = ids.subList(0, 2);
    for (String id : chosen) {
      browser.find("#submissions tr[data-id='" + id + "'] input.pick").click();
    }
    WebElement control = browser.find("#rejudge-selected");
    new Select(control.findElement(By.cssSelector("select"))).selectByValue("newest");
    control.findElement(By.cssSelector("button.rejudge")).click();
    browser.await(
        d -> control.findElement(By.cssSelector(".rejudge-status")).getText().startsWith("DONE"));
    assertThat(control.findElement(By.cssSelector(".rejudge-status")).getText())
        .isEqualTo("DONE: 2 of 2 graded again, 2 changed, 0 skipped");
    assertThat(control.findElement(By.cssSelector("progress")).getAttribute("value"))
        .isEqualTo("2");
    for (String id : ids) {
      String expected = chosen.contains(id) ? "WRONG_ANSWER" : "ACCEPTED";
      browser.await(
          d ->
              d.findElement(By.cssSelector("#submissions tr[data-id='" + id + "'] td.verdict"))
                  .getText()
                  .equals(expected));
      assertThat(student.get("/api/v1/submissions/" + id).body().get("verdict").asText())
          .isEqualTo(expected);
    }
  }

  /** Submits a Python program printing 1 to {@code problem}; answers the submission's id. */
  @Test
  void aStudentFiltersTheirHistoryByVerdictAndProblem() throws Exception {
    String hana = cluster.token("hana", Role.SUBMITTER);
    Http student = new Http(cluster.baseUrl(), hana);
    String wrong = submit(student, "sum", "print(0)\n");
    String right = submit(student, "sum", Programs.PY_ACCEPTED);
    assertThat(student.awaitDone(wrong, Duration.ofSeconds(60)).get("verdict").asText())
        .isEqualTo("WRONG_ANSWER");
    assertThat(student.awaitDone(right, Duration.ofSeconds(60)).get("verdict").asText())
        .isEqualTo("ACCEPTED");
    signIn(hana);

    browser.driver.get(cluster.baseUrl() + "/submissions");
    browser.waitForHeading("My submissions");
    browser.await(d -> d.findElements(By.cssSelector("#submissions tbody tr")).size() == 2);
    new Select(browser.find("#f-verdict")).selectByValue("WRONG_ANSWER");
    browser.find("form.filters button[type=submit]").click();
    browser.await(d -> d.getCurrentUrl().contains("verdict=WRONG_ANSWER"));
    browser.await(d -> d.findElements(By.cssSelector("#submissions tbody tr")).size() == 1);
    assertThat(browser.find("#submissions tbody tr").getAttribute("data-id")).isEqualTo(wrong);
    assertThat(browser.find("#submissions tbody tr .verdict").getText()).isEqualTo("WRONG_ANSWER");

    new Select(browser.find("#f-verdict")).selectByValue("");
    new Select(browser.find("#f-problem")).selectByValue("reverse");
    browser.find("form.filters button[type=submit]").click();
    browser.await(d -> d.getCurrentUrl().contains("problem=reverse"));
    browser.await(
        d -> d.findElements(By.xpath("//main//p[text()='No submissions match.']")).size() == 1);
    assertThat(browser.driver.findElements(By.cssSelector("#submissions tbody tr"))).isEmpty();
  }

  @Test
  void everyStudentPageFitsAScreen360PxWideWithoutScrollingSideways() throws Exception {
    String jade = cluster.token("jade", Role.SUBMITTER);
    Http student = new Http(cluster.baseUrl(), jade);
    String id = submit(student, "sum", "print(0)\n");
    student.awaitDone(id, Duration.ofSeconds(60));
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(360, 800));
    try {
      browser.driver.get(cluster.baseUrl() + "/");
      browser.waitForHeading("Sign in");
      assertFitsTheWidth("sign-in");
      signIn(jade);
      for (String path : List.of("/", "/problems/sum", "/submissions/" + id, "/submissions")) {
        browser.driver.get(cluster.baseUrl() + path);
        browser.find("main h1");
        if (path.startsWith("/submissions/")) {
          awaitFinal();
        }
        assertFitsTheWidth(path);
      }
    } finally {
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
  }

  /** The page, as laid out now, is no wider than the window: nothing needs a sideways scroll. */
  private void assertFitsTheWidth(String page) {
    Object widths =
        browser.script(
            "const d = document.documentElement; return [d.scrollWidth, d.clientWidth];");
    List<?> pair = (List<?>) widths;
    assertThat(((Number) pair.get(0)).longValue())
        .as("%s: page width %s against the window's %s", page, pair.get(0), pair.get(1))
        .isLessThanOrEqualTo(((Number) pair.get(1)).longValue());
  }

  @Test
  void aSamplesCopyButtonPutsItsInputOnTheClipboard() {
    browser.driver.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of(
            "origin",
            cluster.baseUrl(),
            "permissions",
            List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    signIn(cluster.token("kim", Role.SUBMITTER));
    browser.driver.get(cluster.baseUrl() + "/problems/sum");
    browser.waitForHeading("Sum of two integers");

    WebElement copy = browser.find(".sample .io-head button");
    assertThat(copy.getText()).isEqualTo("Copy input");
    copy.click();
    browser.await(d -> copy.getText().equals("Copied"));
    Object copied =
        browser.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, (e) => done('failed: ' + e));");
    assertThat(copied).isEqualTo("1 2\n");
  }

  @Test
  void staffListAProblemsVersionsAndHideItFromStudents() throws Exception {
    signIn(staff);
    uploadInPage(onePackage("hidden-1", "1"), "to-hide");
    uploadInPage(onePackage("hidden-2", "2"), "to-hide");

    browser.driver.get(cluster.baseUrl() + "/staff/problems");
    browser.waitForHeading("Manage problems");
    WebElement row = browser.find("tr[data-problem='to-hide']");
    row.findElement(By.xpath(".//button[text()='Versions']")).click();
    browser.await(d -> row.findElements(By.cssSelector("li")).size() == 2);
    List<String> versions =
        row.findElements(By.cssSelector("li")).stream().map(WebElement::getText).toList();
    assertThat(versions).allMatch(line -> line.contains("2 tests"));
    assertThat(versions.stream().filter(line -> line.endsWith("(current)"))).hasSize(1);

    row.findElement(By.xpath(".//button[text()='Hide']")).click();
    browser.await(ExpectedConditions.alertIsPresent()).accept();
    browser.await(ExpectedConditions.stalenessOf(row));
    Http student = new Http(cluster.baseUrl(), cluster.token("ivan", Role.SUBMITTER));
    assertThat(student.get("/api/v1/problems").body().findValuesAsText("id"))
        .doesNotContain("to-hide")
        .contains("sum");
    assertThat(
            student
                .post(
                    "/api/v1/submissions",
                    Map.of(
                        "problem",
                        "to-hide",
                        "language",
                        "python3",
                        "files",
                        List.of(Map.of("name", "main.py", "content", "print(1)\n"))))
                .status())
        .isEqualTo(400);
  }

  @Test
  void aProblemWhoseStatementIsLatexOnlySaysSoAndShowsItsSamples() throws Exception {
    Path zip = temp.resolve("latex-only.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      for (Map.Entry<String, String> entry :
          Map.of(
                  "problem.yaml", "name: Told in LaTeX\n",
                  "problem_statement/problem.en.tex", "\\problemname{Told in LaTeX}\nAdd.\n",
                  "data/sample/1.in", "4 5\n",
                  "data/sample/1.ans", "9\n",
                  "data/secret/1.in", "1 1\n",
                  "data/secret/1.ans", "2\n")
              .entrySet()) {
        out.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    signIn(staff);
    uploadInPage(zip, "latex-only");

    browser.driver.get(cluster.baseUrl() + "/problems/latex-only");
    browser.waitForHeading("Told in LaTeX");
    assertThat(browser.find(".statement").getText())
        .startsWith(
            "This problem has no statement the page can show; it is in the problem package.");
    assertThat(browser.find(".sample pre").getText()).isEqualTo("4 5");
  }

  private static String submitPrintOne(Http http, String problem) {
    return submit(http, problem, "print(1)\n");
  }

  /** Submits the Python {@code program} to {@code problem}; answers the submission's id. */
  private static String submit(Http http, String problem, String program) {
    List<Map<String, String>> files = List.of(Map.of("name", "main.py", "content", program));
    return http.post(
            "/api/v1/submissions",
            Map.of("problem", problem, "language", "python3", "files", files))
        .body()
        .get("id")
        .asText();
  }

  private void uploadInPage(Path zip, String id) {
    browser.driver.get(cluster.baseUrl() + "/staff/problems");
    browser.waitForHeading("Manage problems");
    browser.find("#package").sendKeys(zip.toString());
    browser.find("#problem-id").sendKeys(id);
    browser.find("#upload button[type=submit]").click();
    assertThat(browser.find("#upload-result p").getText()).startsWith("Stored");
  }

  /** A package of one sample and one secret test, each expecting {@code answer}. */
  private static Path onePackage(String name, String answer) throws Exception {
    return echoPackage(name, answer, 1);
  }

  /** A package of one sample and {@code secret} secret tests, each expecting {@code answer}. */
  private static Path echoPackage(String name, String answer, int secret) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("problem.yaml", "name: Echo one\nlimits:\n  time_limit: 1\n");
    entries.put("data/sample/1.in", "\n");
    entries.put("data/sample/1.ans", answer + "\n");
    for (int i = 1; i <= secret; i++) {
      entries.put("data/secret/%03d.in".formatted(i), "\n");
      entries.put("data/secret/%03d.ans".formatted(i), answer + "\n");
    }
    Path zip = temp.resolve(name + ".zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        out.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }

  /**
   * Recorded in the page before its own scripts run: each long task (over 50 ms of the main thread
   * without a break) and, per batch of DOM changes, how many test rows were drawn.
   */
  private static final String WATCH_THE_MAIN_THREAD =
      """
      window.__longTasks = [];
      window.__rowBatches = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver((records) => {
        let rows = 0;
        for (const r of records) {
          for (const n of r.addedNodes) if (n.nodeType === 1 && n.matches('tr[data-index]')) rows++;
        }
        if (rows > 0) window.__rowBatches.push(rows);
      }).observe(document, { childList: true, subtree: true });
      """;

  /** The page's own cap on rows drawn in one animation frame ({@code ROWS_PER_FRAME}). */
  private static final int ROWS_PER_FRAME = 20;

  /**
   * A task the user would feel as a frozen page. Long tasks are measured by the browser in wall
   * time, which a loaded machine stretches many times over; this bound is far above what drawing
   * the rows takes on a busy machine (tens of milliseconds), so it only catches a page that holds
   * the main thread, not a slow machine. The check that does not depend on speed is the one on rows
   * per batch.
   */
  private static final long FROZEN_MS = 1000;

  @Test
  void aHundredTestsStreamInAFewRowsAtATimeInOrderWithoutFreezingThePage() throws Exception {
    signIn(staff);
    uploadInPage(echoPackage("hundred", "1", 99), "hundred");
    String id = submitPrintOne(new Http(cluster.baseUrl(), alice), "hundred");
    try (AutoCloseable watch = browser.beforeEachPage(WATCH_THE_MAIN_THREAD)) {
      browser.driver.get(cluster.baseUrl() + "/submissions/" + id);
      assertThat(awaitFinal()).isEqualTo("ACCEPTED");
      List<String> inOrder =
          java.util.stream.IntStream.range(0, 100).mapToObj(String::valueOf).toList();
      browser.await(d -> rowIndexes().equals(inOrder));
    }
    List<Long> batches = numbers(browser.script("return window.__rowBatches"));
    assertThat(batches.stream().mapToLong(Long::longValue).sum())
        .as("rows drawn, the final result redrawing each once more")
        .isGreaterThanOrEqualTo(100);
    assertThat(batches)
        .as("rows drawn per batch")
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ROWS_PER_FRAME));
    assertThat(numbers(browser.script("return window.__longTasks")))
        .as("long tasks (ms) while the rows came in")
        .allSatisfy(ms -> assertThat(ms).isLessThan(FROZEN_MS));
  }

  private static List<Long> numbers(Object fromScript) {
    assertThat(fromScript).as("the page was watched from its start").isInstanceOf(List.class);
    return ((List<?>) fromScript).stream().map(n -> ((Number) n).longValue()).toList();
  }

  @Test
  void aStreamCutMidwayResumesFromLastEventIdWithNoRowLostOrRepeated() throws Exception {
    signIn(staff);
    int tests = 16;
    uploadInPage(echoPackage("unhurried", "1", tests - 1), "unhurried");
    browser.driver.manage().deleteAllCookies();
    signIn(alice);
    // why: each test's run takes 0.4 s, so the stream is still open when it is cut.
    String program = "import time\ntime.sleep(0.4)\nprint(1)\n";
    String id = submit(new Http(cluster.baseUrl(), alice), "unhurried", program);
    String events = "GET /api/v1/submissions/" + id + "/events";
    try (CuttableProxy proxy = new CuttableProxy(URI.create(cluster.baseUrl()).getPort())) {
      browser.driver.get(proxy.baseUrl() + "/submissions/" + id);
      browser.await(d -> !testEventIds(streams(proxy, events), 0).isEmpty());
      assertThat(streams(proxy, events).get(0).received())
          .as("the result came before the cut")
          .doesNotContain("event: result");
      proxy.cutAll();
      browser.await(d -> browser.find("#status").getText().contains("reconnecting"));
      assertThat(awaitFinal()).isEqualTo("ACCEPTED");

      List<CuttableProxy.Connection> streams = streams(proxy, events);
      assertThat(streams).as("event streams opened").hasSizeGreaterThanOrEqualTo(2);
      List<Integer> beforeCut = testEventIds(streams, 0);
      String resumed = streams.get(1).sent();
      resumed = resumed.substring(resumed.indexOf(events));
      java.util.regex.Matcher last =
          java.util.regex.Pattern.compile("(?i)Last-Event-ID: (\\d+)").matcher(resumed);
      assertThat(last.find()).as("the reconnect names the last event it had: " + resumed).isTrue();
      int lastSeen = Integer.parseInt(last.group(1));
      assertThat(lastSeen).isBetween(1, beforeCut.get(beforeCut.size() - 1));
      List<Integer> afterCut = testEventIds(streams, 1);
      List<Integer> all = new ArrayList<>(beforeCut.subList(0, beforeCut.indexOf(lastSeen) + 1));
      all.addAll(afterCut);
      assertThat(all)
          .as("test events the page had, before and after the cut")
          .containsExactlyElementsOf(
              java.util.stream.IntStream.rangeClosed(1, tests).boxed().toList());
    }
    List<String> eachOnce =
        java.util.stream.IntStream.range(0, tests).mapToObj(String::valueOf).toList();
    browser.await(d -> rowIndexes().equals(eachOnce));
  }

  /** The test rows' indexes in the order the page shows them, read at one instant. */
  @SuppressWarnings("unchecked")
  private List<String> rowIndexes() {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('#tests tr[data-index]')]"
                + ".map((r) => r.dataset.index)");
  }

  /** The proxy's connections that carried {@code request}, in the order they were opened. */
  private static List<CuttableProxy.Connection> streams(CuttableProxy proxy, String request) {
    return proxy.connections().stream().filter(c -> c.sent().contains(request)).toList();
  }

  /** The ids of the test events the {@code n}th stream delivered, none if there is no such one. */
  private static List<Integer> testEventIds(List<CuttableProxy.Connection> streams, int n) {
    if (streams.size() <= n) {
      return List.of();
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("event: test\nid: (\\d+)\n")
            .matcher(streams.get(n).received());
    List<Integer> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(Integer.parseInt(m.group(1)));
    }
    return ids;
  }

  @Test
  void staffWatchTheSystemAtWork() {
    signIn(staff);
    browser.driver.get(cluster.baseUrl() + "/staff/system");
    browser.waitForHeading("System");
    assertThat(browser.find("#slots").getText()).matches("\\d+ busy, \\d+ free");
    assertThat(browser.find("#queue-depth").getText()).matches("\\d+");
    browser.await(d -> d.findElements(By.cssSelector(".charts canvas")).size() == 3);
    browser.screenshot(360, SCREENSHOTS.resolve("ui-system-360.png"));
    browser.screenshot(1280, SCREENSHOTS.resolve("ui-system-1280.png"));
  }

  /** The inputs and answers of the secret tests, those long enough to be recognisable. */
  private static List<String> secretData() throws Exception {
    List<String> data = new ArrayList<>();
    Path secret = Path.of("..", "examples", "problems", "sum", "data", "secret");
    try (Stream<Path> files = Files.list(secret)) {
      for (Path file : files.toList()) {
        String text = Files.readString(file).trim();
        if (text.length() >= 6) {
          data.add(text);
        }
      }
    }
    assertThat(data).isNotEmpty();
    return data;
  }
}
