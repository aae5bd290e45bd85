package dev.verdict.api.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A {@code multipart/form-data} body built part by part, for requests in tests. */
public final class Multipart {
  private final String boundary = "verdict-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final List<String> names = new ArrayList<>();

  /** Adds a text field. */
  public Multipart field(String name, String value) {
    return part(name, null, "text/plain; charset=utf-8", value.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a file part named {@code name} with the file name {@code fileName}. */
  public Multipart file(String name, String fileName, byte[] content) {
    return part(name, fileName, "application/octet-stream", content);
  }

  /** Adds a file part with text content. */
  public Multipart file(String name, String fileName, String content) {
    return file(name, fileName, content.getBytes(StandardCharsets.UTF_8));
  }

  private Multipart part(String name, String fileName, String type, byte[] content) {
    names.add(name);
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\""
            + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
            + "\r\nContent-Type: "
            + type
            + "\r\n\r\n";
    body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public HttpRequest.BodyPublisher publisher() {
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.writeBytes(body.toByteArray());
    whole.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.BodyPublishers.ofByteArray(whole.toByteArray());
  }
}
