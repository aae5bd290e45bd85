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
    "student.js",
    "staff.js",
    "rejudge.js",
    "diff.js",
    "system.js",
    "style.css"
  };

  /** Library files from WebJars: the name served and where the jar keeps it. */
  private static final Map<String, String> LIBRARIES =
      Map.of(
          "lib/uPlot.esm.js", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js",
          "lib/uPlot.min.css", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");

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
