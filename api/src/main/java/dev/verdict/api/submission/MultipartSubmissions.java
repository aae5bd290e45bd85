package dev.verdict.api.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.StrictJson;
import io.javalin.http.Context;
import io.javalin.http.util.MultipartUtil;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code multipart/form-data} {@code POST /api/v1/submissions} into the JSON object a JSON
 * body would be, so that {@link SubmissionRequestParser} checks both alike and names the same
 * fields. The parts:
 *
 * <ul>
 *   <li>{@code files}: a source file each, in order, named by its part's {@code filename}; its
 *       content must be UTF-8 text. They become {@code files[0]}, {@code files[1]}, ...
 *   <li>{@code problem}, {@code language}, {@code stdin}, {@code expectedOutput}: text fields.
 *   <li>{@code metadata}: a JSON object with any of the JSON body's fields ({@code tests} and
 *       {@code limits} travel here), read as strictly as a JSON body.
 * </ul>
 *
 * A field given twice (as a part and in {@code metadata}, or as two parts) is refused, as is a part
 * with another name; text must be well-formed UTF-8.
 */
final class MultipartSubmissions {
  static final String MEDIA_TYPE = "multipart/form-data";
  private static final String FILES = "files";
  private static final String METADATA = "metadata";
  private static final Set<String> TEXT_FIELDS =
      Set.of("problem", "language", "stdin", "expectedOutput", "entryPoint");
  private static final List<String> PARTS =
      List.of(FILES, "problem", "language", "stdin", "expectedOutput", "entryPoint", METADATA);

  private final ObjectMapper mapper;
  private final StrictJson json;

  MultipartSubmissions(ObjectMapper mapper) {
    this.mapper = mapper;
    this.json = new StrictJson(mapper);
  }

  /** The request's parts as the equivalent JSON body. */
  JsonNode read(Context ctx) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode files = mapper.createArrayNode();
    for (Part part : parts(ctx)) {
      String name = part.getName();
      if (FILES.equals(name)) {
        String field = "files[" + files.size() + "]";
        String fileName = part.getSubmittedFileName();
        if (fileName == null) {
          throw ApiException.badRequest(field, "must be a file part with a filename");
        }
        files.addObject().put("name", fileName).put("content", text(field + ".content", part));
      } else if (TEXT_FIELDS.contains(name)) {
        once(root, name);
        root.put(name, text(name, part));
      } else if (METADATA.equals(name)) {
        JsonNode metadata = metadata(part);
        for (Map.Entry<String, JsonNode> field : metadata.properties()) {
          once(root, field.getKey());
          root.set(field.getKey(), field.getValue());
        }
      } else {
        throw ApiException.badRequest(
            name == null ? "body" : Echo.clip(name), "is not a known part; known are " + PARTS);
      }
    }
    if (!files.isEmpty()) {
      once(root, FILES);
      root.set(FILES, files);
    }
    return root;
  }

  private JsonNode metadata(Part part) {
    try {
      return json.readObject(bytes(METADATA, part));
    } catch (ApiException e) {
      if (!"body".equals(e.field())) {
        throw e;
      }
      // why: here the whole JSON is the metadata part, not the request's body.
      throw ApiException.badRequest(
          METADATA, e.getMessage().replaceFirst("^body ", "") + " (a JSON object)");
    }
  }

  private static Collection<Part> parts(Context ctx) {
    try {
      // why: the servlet container reads parts only with the multipart configuration that
      // Javalin's own form readers set first; reading the parts here keeps their order and bytes.
      MultipartUtil.INSTANCE.getPreUploadFunction().invoke(ctx.req());
      return ctx.req().getParts();
    } catch (IOException | ServletException | RuntimeException e) {
      throw ApiException.badRequest("body", "could not be read as multipart/form-data");
    }
  }

  private static void once(ObjectNode root, String field) {
    if (root.has(field)) {
      throw ApiException.badRequest(field, "appears twice");
    }
  }

  private static String text(String field, Part part) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes(field, part)))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest(field, "is not valid UTF-8 text");
    }
  }

  private static byte[] bytes(String field, Part part) {
    try (InputStream in = part.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw ApiException.badRequest(field, "could not be read from the multipart body");
    }
  }
}
