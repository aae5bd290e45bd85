package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputExcerptTest {

  @Test
  void a_short_output_is_kept_whole() {
    assertThat(OutputExcerpt.of("41\n".getBytes(StandardCharsets.UTF_8), 1024)).isEqualTo("41\n");
  }

  @Test
  void no_output_or_no_excerpts_give_nothing() {
    assertThat(OutputExcerpt.of(new byte[0], 1024)).isNull();
    assertThat(OutputExcerpt.of("x".getBytes(StandardCharsets.UTF_8), 0)).isNull();
  }

  @Test
  void a_long_output_is_cut_and_says_so() {
    String excerpt = OutputExcerpt.of("a".repeat(100).getBytes(StandardCharsets.UTF_8), 10);

    assertThat(excerpt).isEqualTo("aaaaaaaaaa\n[... the first 10 of 100 bytes]");
  }

  @Test
  void a_cut_never_splits_a_character() {
    // "é" is two bytes: a cut after 3 bytes of "aéé" would fall inside the second one.
    String excerpt = OutputExcerpt.of("aéé".getBytes(StandardCharsets.UTF_8), 4);

    assertThat(excerpt).startsWith("aé\n").doesNotContain("\uFFFD");
  }

  @Test
  void output_that_is_not_utf8_is_escaped_byte_by_byte_as_jobe_does() {
    byte[] output = {'o', 'k', (byte) 0xff, (byte) 0xe9, '\n', '\t', 0x01, '~', 0x7f};

    assertThat(OutputExcerpt.of(output, 1024)).isEqualTo("ok\\xff\\xe9\n\t\\x01~\\x7f");
  }

  @Test
  void valid_utf8_is_kept_whole_control_characters_included() {
    byte[] output = "é\u0001€\n".getBytes(StandardCharsets.UTF_8);

    assertThat(OutputExcerpt.of(output, 1024)).isEqualTo("é\u0001€\n");
  }

  @Test
  void a_valid_character_beside_an_invalid_byte_is_escaped_too() {
    byte[] output = {(byte) 0xc3, (byte) 0xa9, (byte) 0x80};

    assertThat(OutputExcerpt.of(output, 1024)).isEqualTo("\\xc3\\xa9\\x80");
  }
}
