package dev.verdict.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads request bodies as strict JSON: one value and nothing after it, no key twice in an object,
 * no lone UTF-16 surrogate in a string or key. Each refusal is a 400 naming the field ({@code
 * files[0].name}, or {@code body} for the whole), and never quotes the parser's own words, which
 * name its classes and echo what the client sent.
 */
public final class StrictJson {
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

  private static ApiException refusal(JsonParser parser, JsonProcessingException e) {
    // why: a body that ends too early is wrong as a whole, not in the field it stopped in.
    String field = endedEarly(e) ? "" : path(parser.getParsingContext());
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
