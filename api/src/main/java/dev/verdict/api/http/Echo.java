package dev.verdict.api.http;

/**
 * What of a client's input an error message may quote: a short prefix, control characters replaced,
 * so an answer never mirrors a large or hostile value back.
 */
public final class Echo {
  public static final int MAX_CHARS = 40;

  private Echo() {}

  public static String clip(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int end = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
    }
    if (value.length() > MAX_CHARS) {
      out.append("...");
    }
    return out.toString();
  }
}
