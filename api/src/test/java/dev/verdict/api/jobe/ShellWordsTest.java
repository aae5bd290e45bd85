package dev.verdict.api.jobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

  @Test
  void words_split_at_blanks_and_quotes_group_them_as_a_shell_does() {
    assertThat(ShellWords.split("-c \"print(\\\"Blah\\\")\""))
        .containsExactly("-c", "print(\"Blah\")");
    assertThat(ShellWords.split("  a   'b c'  d\\ e ")).containsExactly("a", "b c", "d e");
    assertThat(ShellWords.split("\"$HOME\" 'it''s'")).containsExactly("$HOME", "its");
    assertThat(ShellWords.split("\"a\\b\"")).containsExactly("a\\b");
    assertThat(ShellWords.split("")).isEmpty();
    assertThat(ShellWords.split("''")).containsExactly("");
  }

  @Test
  void an_unclosed_quote_or_a_trailing_backslash_is_refused() {
    assertThatThrownBy(() -> ShellWords.split("-c 'x")).hasMessageContaining("single quote");
    assertThatThrownBy(() -> ShellWords.split("\"x")).hasMessageContaining("double quote");
    assertThatThrownBy(() -> ShellWords.split("x\\")).hasMessageContaining("backslash");
  }
}
