package dev.verdict.worker.artifact;

import dev.verdict.common.blob.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a compile's result depends on, as one SHA-256: the toolchain (the machine and sandbox the
 * compiler runs in), the language's whole configuration, the compile's limits and options, the
 * entry point and every file of the laid-out submission, by name and content. Two tasks with the
 * same key compile to the same program, so one compile serves both.
 */
public final class ArtifactKey {
  private ArtifactKey() {}

  /**
   * @param parts the toolchain, language and compile settings, each in a stable text form
   * @param files the submission's files as laid out for compiling, by name
   */
  public static String of(List<?> parts, Map<String, byte[]> files) {
    StringBuilder text = new StringBuilder("verdict-artifact/1\n");
    for (Object part : parts) {
      append(text, String.valueOf(part));
    }
    for (var file : new TreeMap<>(files).entrySet()) {
      append(text, file.getKey());
      append(text, Sha256.hex(file.getValue()));
    }
    return Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  // why: each part's length first, so that no two different lists of parts read alike.
  private static void append(StringBuilder text, String part) {
    text.append(part.length()).append(':').append(part).append('\n');
  }
}
