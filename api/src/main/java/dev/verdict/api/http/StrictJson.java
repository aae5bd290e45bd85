package dev.verdict.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads request bodies as strict JSON: one value and nothing after it, no key twice in an object,
 * no lone UTF-16 surrogate in a string or key, well-formed UTF-8 throughout, nesting no deeper than
 * the parser's limit (1,000). Each refusal is a 400 naming the field ({@code files[0].name}, or
 * {@code body} for the whole), and never quotes the parser's own words, which name its classes and
 * echo what the client sent.
 */
public final class StrictJson {
  private static final int MAX_FIELD_CHARS = 200;
  private final ObjectMapper mapper;

  public StrictJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The body as a JSON object.
   *
   * @throws ApiException 400 naming the field when the body is not a strict JSON object
   */
  public JsonNode readObject(byte[] body) {
    JsonNode root;
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      try {
        root = mapper.readTree(parser);
        if (root != null && parser.nextToken() != null) {
          throw ApiException.badRequest("body", "has more after its JSON value");
        }
      } catch (JsonProcessingException e) {
        throw refusal(parser, e);
      }
    } catch (IOException e) {
      throw ApiException.badRequest("body", "could not be read");
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    checkSurrogates(root, "");
    int bad = firstInvalidUtf8(body);
    if (bad >= 0) {
      throw ApiException.badRequest(
          fieldAt(body, bad), "is not valid UTF-8 (byte " + bad + " of the body)");
    }
    return root;
  }

  /**
   * @throws ApiException 400 naming the first key of {@code object} not in {@code allowed}
   */
  public static void onlyFields(JsonNode object, String path, Set<String> allowed) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            join(path, Echo.clip(name)), "is not a known field; known are " + allowed);
      }
    }
  }

  /**
   * The offset of the first byte that is not part of well-formed UTF-8, or -1. The parser decodes
   * leniently (an overlong {@code C0 AF} becomes '/'), so its acceptance alone is not enough.
   */
  static int firstInvalidUtf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return -1;
      }
      out.clear();
    }
  }

  /** The field whose key or string value holds byte {@code offset} of a body that parsed. */
  private String fieldAt(byte[] body, int offset) {
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        long start = parser.currentTokenLocation().getByteOffset();
        if (token != JsonToken.FIELD_NAME) {
          // why: a string value is read lazily; finish it so its end is known. (After a key the
          // same call would read the key's value too.)
          parser.finishToken();
        }
        long end = parser.currentLocation().getByteOffset();
        if (start <= offset && offset < end) {
          String field =
              token == JsonToken.FIELD_NAME
                  ? path(parser.getParsingContext().getParent())
                  : path(parser.getParsingContext());
          return field.isEmpty() || field.length() > MAX_FIELD_CHARS ? "body" : field;
        }
      }
    } catch (IOException e) {
      // why: it parsed once; should it not now, the body as a whole is to blame.
    }
    return "body";
  }

  private static ApiException refusal(JsonParser parser, JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      // why: the path to the spot would be thousands of characters of [0][0]...
      return ApiException.badRequest("body", "nests too deeply or is too large for its parts");
    }
    // why: a body that ends too early is wrong as a whole, not in the field it stopped in.
    String field = endedEarly(e) ? "" : path(parser.getParsingContext());
    if (field.length() > MAX_FIELD_CHARS) {
      field = "";
    }
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (original.startsWith("Duplicate field")) {
      return ApiException.badRequest(field.isEmpty() ? "body" : field, "appears twice");
    }
    JsonLocation at = e.getLocation();
    String where =
        at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return ApiException.badRequest(field.isEmpty() ? "body" : field, "is not valid JSON" + where);
  }

  private static boolean endedEarly(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonEOFException
          || (t.getMessage() != null && t.getMessage().contains("end-of-input"))) {
        return true;
      }
    }
    return false;
  }

  private static String path(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        path.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        path.insert(0, "." + Echo.clip(c.getCurrentName()));
      }
    }
    return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
  }

  private static void checkSurrogates(JsonNode node, String path) {
    if (node.isTextual() && hasLoneSurrogate(node.textValue())) {
      throw ApiException.badRequest(
          path.isEmpty() ? "body" : path, "contains a lone UTF-16 surrogate");
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkSurrogates(node.get(i), path + "[" + i + "]");
      }
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (hasLoneSurrogate(field.getKey())) {
          throw ApiException.badRequest(
              path.isEmpty() ? "body" : path, "has a key with a lone UTF-16 surrogate");
        }
        checkSurrogates(field.getValue(), join(path, field.getKey()));
      }
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
