package dev.verdict.system;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: both paths are given, so
 * Selenium never looks for or downloads a browser or driver of its own. A missing browser fails the
 * test at once with what to install.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  static Browser start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium"
              + " chromium-driver (./verdict test installs them)");
    }
    try {
      Path profile = Files.createTempDirectory("verdict-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--window-size=1280,900",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T> T await(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50))
        .until(condition);
  }

  WebElement find(String css) {
    return await(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  void waitForHeading(String text) {
    // why: read in one script, since the page may replace the heading between a find and a read.
    await(
        d ->
            text.equals(
                script("const e = document.querySelector('main h1'); return e && e.textContent")));
  }

  /** Presses Tab until {@code target} has the focus: proof that the keyboard alone reaches it. */
  void tabTo(WebElement target) {
    for (int i = 0; i < 80; i++) {
      if (driver.switchTo().activeElement().equals(target)) {
        return;
      }
      new Actions(driver).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reaches " + target);
  }

  /**
   * Runs axe-core (the copy bundled in Deque's jar, from Maven Central, never fetched at run time)
   * on the page as it is now and answers its serious and critical violations, one line each.
   */
  @SuppressWarnings("unchecked")
  List<String> seriousAccessibilityViolations() {
    if (script("return typeof window.axe").equals("undefined")) {
      script(AXE.get());
    }
    return (List<String>)
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then((r) => done("
                + "r.passes.length === 0 ? ['axe passed no rule: it checked nothing'] : r.violations"
                + ".filter((v) => v.impact === 'serious' || v.impact === 'critical')"
                + ".map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' at '"
                + " + v.nodes.map((n) => n.target.join(' ')).join(', '))),"
                + " (e) => done(['axe failed: ' + e]));");
  }

  private static final Supplier<String> AXE =
      () -> {
        try (InputStream in = Browser.class.getResourceAsStream("/axe.min.js")) {
          if (in == null) {
            throw new IllegalStateException("axe.min.js is not on the test class path");
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };

  /**
   * Runs {@code js} in every page loaded from now on, before the page's own scripts (through the
   * DevTools protocol, so the page's Content-Security-Policy does not apply to it); the returned
   * handle stops it.
   */
  AutoCloseable beforeEachPage(String js) {
    Object id =
        driver
            .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js))
            .get("identifier");
    return () ->
        driver.executeCdpCommand(
            "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  void resize(int width) {
    driver.manage().window().setSize(new Dimension(width, 900));
  }

  /** A full-page screenshot at {@code width} pixels to {@code file}. */
  void screenshot(int width, Path file) {
    resize(width);
    long height = (Long) script("return Math.max(900, document.documentElement.scrollHeight)");
    driver.manage().window().setSize(new Dimension(width, (int) Math.min(height, 4000)));
    File shot = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.createDirectories(file.getParent());
      Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    resize(1280);
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
