package dev.verdict.loadgen.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The two calls load-gen makes to the Verdict API. Thread-safe; each call does its I/O on the
 * calling (virtual) thread over a pooled keep-alive connection. Errors come back as values,
 * classified by kind, so the caller can count them.
 *
 * <p>why HttpURLConnection and not java.net.http.HttpClient: measured against the real API here,
 * one status GET cost ~0.25 ms of load-gen CPU with it and ~0.75 ms with HttpClient (whose selector
 * and executor threads hand every exchange around), and load-gen must stay small next to the system
 * it measures.
 */
public final class VerdictClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // why: by default a POST whose keep-alive connection turns out stale is silently sent again,
    // which would submit twice; a failed POST must be counted, not repeated.
    System.setProperty("sun.net.http.retryPost", "false");
    // why: idle connections kept per destination; the default 5 would make every client beyond
    // the fifth open and close a connection per request.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "10000");
    }
  }

  private final URL submissions;
  private final String statusPrefix;
  private final int timeoutMillis;
  private final String authorization;

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8080}
   * @param requestTimeout the longest wait to connect, and for each read of an answer
   * @param token the bearer token sent with every request, or null for none
   */
  public VerdictClient(URI baseUrl, Duration requestTimeout, String token) {
    this.authorization = token == null || token.isBlank() ? null : "Bearer " + token.trim();
    String base = baseUrl.toString().replaceAll("/+$", "");
    try {
      this.submissions = URI.create(base + "/api/v1/submissions").toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--url " + baseUrl + " is not an http URL", e);
    }
    this.statusPrefix = base + "/api/v1/submissions/";
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
  }

  public SubmitResult submit(byte[] body) {
    HttpURLConnection conn = null;
    try {
      conn = open(submissions);
      conn.setRequestMethod("POST");
      conn.setDoOutput(true);
      conn.setFixedLengthStreamingMode(body.length);
      conn.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = conn.getOutputStream()) {
        out.write(body);
      }
      int status = conn.getResponseCode();
      byte[] answer = drain(conn, status);
      if (status != 202) {
        return new SubmitResult.Refused(
            status, retryAfterMillis(conn.getHeaderField("Retry-After")));
      }
      String id = JSON.readTree(answer).path("id").asText("");
      return id.isEmpty()
          ? new SubmitResult.Failed("bad-body", "202 without an id")
          : new SubmitResult.Accepted(id);
    } catch (SocketTimeoutException e) {
      disconnect(conn);
      return new SubmitResult.Failed("timeout", e.getMessage());
    } catch (IOException e) {
      disconnect(conn);
      return new SubmitResult.Failed("connection", e.toString());
    }
  }

  public PollResult poll(String id) {
    return poll(id, null, 0);
  }

  /**
   * A long poll: answers once the submission has a first result ({@code until} = {@code result}) or
   * is done ({@code done}), or after {@code waitMillis}.
   */
  public PollResult poll(String id, String until, long waitMillis) {
    HttpURLConnection conn = null;
    try {
      String query =
          until == null || waitMillis <= 0 ? "" : "?until=" + until + "&waitMs=" + waitMillis;
      conn = open(URI.create(statusPrefix + id + query).toURL());
      if (waitMillis > 0) {
        conn.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis + waitMillis));
      }
      int status = conn.getResponseCode();
      byte[] answer = drain(conn, status);
      if (status != 200) {
        return new PollResult.Failed("poll-http-" + status);
      }
      try {
        return new PollResult.Status(parse(answer));
      } catch (IOException e) {
        return new PollResult.Failed("poll-bad-body");
      }
    } catch (SocketTimeoutException e) {
      disconnect(conn);
      return new PollResult.Failed("poll-timeout");
    } catch (IOException e) {
      disconnect(conn);
      return new PollResult.Failed("poll-connection");
    }
  }

  private HttpURLConnection open(URL url) throws IOException {
    HttpURLConnection conn = (HttpURLConnection) url.openConnection();
    conn.setConnectTimeout(timeoutMillis);
    conn.setReadTimeout(timeoutMillis);
    conn.setUseCaches(false);
    if (authorization != null) {
      conn.setRequestProperty("Authorization", authorization);
    }
    return conn;
  }

  /** Reads the whole answer, error or not, so the connection goes back to the keep-alive pool. */
  private static byte[] drain(HttpURLConnection conn, int status) throws IOException {
    try (InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream()) {
      return in == null ? new byte[0] : in.readAllBytes();
    }
  }

  private static void disconnect(HttpURLConnection conn) {
    if (conn != null) {
      conn.disconnect();
    }
  }

  /**
   * Reads the fields load-gen needs with a streaming parser: the tests are counted, not built, and
   * the timestamps are only parsed once the submission is DONE.
   */
  static StatusView parse(byte[] json) throws IOException {
    String status = "";
    String verdict = null;
    Integer score = null;
    Integer maxScore = null;
    String createdAt = null;
    String finishedAt = null;
    String revision = null;
    int tests = 0;
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "status" -> status = p.getValueAsString("");
          case "verdict" -> verdict = p.getValueAsString();
          case "score" -> score = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
          case "maxScore" ->
              maxScore = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
          case "createdAt" -> createdAt = p.getValueAsString();
          case "finishedAt" -> finishedAt = p.getValueAsString();
          case "revision" -> revision = p.getValueAsString();
          case "tests" -> {
            if (value == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) {
                tests++;
                p.skipChildren();
              }
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    boolean done = "DONE".equals(status);
    return new StatusView(
        status,
        verdict,
        score,
        maxScore,
        tests,
        done ? epochMillis(createdAt) : 0,
        done ? epochMillis(finishedAt) : 0,
        revision);
  }

  private static long epochMillis(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  static long retryAfterMillis(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()) * 1000);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Nothing to release: idle keep-alive connections are closed by the JDK's cache. */
  @Override
  public void close() {}
}
