package dev.verdict.api.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The web page's files, read from the API's own jar once at start: our HTML, ES modules and CSS
 * below {@code web/}, and the charting library from its WebJar. Each is kept with its gzip form and
 * ETag. They are served below {@code /assets/<version>/}, where the version is a hash of them all,
 * so a browser may cache them for a year and still never runs an old file beside a new one.
 */
public final class WebAssets {
  /** Our own files, below {@code web/} on the class path. */
  private static final String[] OWN = {
    "app.js",
    "api.js",
    "dom.js",
    "libs.js",
    "editor.js",
    "student.js",
    "staff.js",
    "rejudge.js",
    "diff.js",
    "system.js",
    "style.css"
  };

  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final String CODEMIRROR = "META-INF/resources/webjars/codemirror/5.65.16/";
  private static final String KATEX = "META-INF/resources/webjars/katex/0.16.4/dist/";

  /**
   * The CodeMirror modes the editor loads, one per family of the languages the graders offer (C,
   * C++, Java, Kotlin, Scala and C# share {@code clike}).
   */
  static final List<String> EDITOR_MODES =
      List.of("clike", "python", "go", "rust", "javascript", "ruby", "haskell", "swift");

  /** KaTeX's fonts; its CSS names WOFF2 first, which every browser the page supports loads. */
  private static final List<String> KATEX_FONTS =
      List.of(
          "AMS-Regular",
          "Caligraphic-Bold",
          "Caligraphic-Regular",
          "Fraktur-Bold",
          "Fraktur-Regular",
          "Main-Bold",
          "Main-BoldItalic",
          "Main-Italic",
          "Main-Regular",
          "Math-BoldItalic",
          "Math-Italic",
          "SansSerif-Bold",
          "SansSerif-Italic",
          "SansSerif-Regular",
          "Script-Regular",
          "Size1-Regular",
          "Size2-Regular",
          "Size3-Regular",
          "Size4-Regular",
          "Typewriter-Regular");

  /**
   * Library files from WebJars: the name served and where the jar keeps it. uPlot draws the System
   * page's charts, CodeMirror is the source editor and KaTeX typesets statements' math; each is
   * loaded only by the page that uses it.
   */
  private static final Map<String, String> LIBRARIES = libraries();

  private static Map<String, String> libraries() {
    Map<String, String> libraries = new LinkedHashMap<>();
    libraries.put("lib/uPlot.esm.js", UPLOT + "uPlot.esm.js");
    libraries.put("lib/uPlot.min.css", UPLOT + "uPlot.min.css");
    libraries.put("lib/codemirror/codemirror.js", CODEMIRROR + "lib/codemirror.js");
    libraries.put("lib/codemirror/codemirror.css", CODEMIRROR + "lib/codemirror.css");
    for (String mode : EDITOR_MODES) {
      libraries.put(
          "lib/codemirror/" + mode + ".js", CODEMIRROR + "mode/" + mode + "/" + mode + ".js");
    }
    libraries.put("lib/katex/katex.min.js", KATEX + "katex.min.js");
    libraries.put("lib/katex/katex.min.css", KATEX + "katex.min.css");
    libraries.put("lib/katex/auto-render.min.js", KATEX + "contrib/auto-render.min.js");
    for (String font : KATEX_FONTS) {
      String file = "fonts/KaTeX_" + font + ".woff2";
      libraries.put("lib/katex/" + file, KATEX + file);
    }
    return libraries;
  }

  /** One file: its bytes as is and gzipped, its type and its ETag. */
  public record Asset(byte[] plain, byte[] gzip, String contentType, String etag) {}

  private final Map<String, Asset> assets;
  private final String version;
  private final Asset shell;

  private WebAssets(Map<String, Asset> assets, String version, Asset shell) {
    this.assets = assets;
    this.version = version;
    this.shell = shell;
  }

  /** Reads every file; a missing one stops the start, since the page would be broken. */
  public static WebAssets load() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : OWN) {
      files.put(name, read("web/" + name));
    }
    LIBRARIES.forEach((name, path) -> files.put(name, read(path)));
    MessageDigest all = sha256();
    files.forEach(
        (name, bytes) -> {
          all.update(name.getBytes(StandardCharsets.UTF_8));
          all.update(bytes);
        });
    String version = HexFormat.of().formatHex(all.digest()).substring(0, 16);
    Map<String, Asset> assets = new LinkedHashMap<>();
    files.forEach((name, bytes) -> assets.put(name, asset(name, bytes)));
    String html =
        new String(read("web/index.html"), StandardCharsets.UTF_8)
            .replace("{{assets}}", "/assets/" + version);
    return new WebAssets(
        assets, version, asset("index.html", html.getBytes(StandardCharsets.UTF_8)));
  }

  /** The version part of the assets' URLs. */
  public String version() {
    return version;
  }

  /** The file served as {@code /assets/<version>/<name>}, if there is one. */
  public Optional<Asset> get(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  /** The HTML page every page route answers; its modules find the route in the URL. */
  public Asset shell() {
    return shell;
  }

  private static Asset asset(String name, byte[] bytes) {
    String etag = "\"" + HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 32) + "\"";
    return new Asset(bytes, gzip(bytes), contentType(name), etag);
  }

  private static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".woff2")) {
      return "font/woff2";
    }
    return "text/html; charset=utf-8";
  }

  private static byte[] read(String path) {
    try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the web page's file " + path + " is not in the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
