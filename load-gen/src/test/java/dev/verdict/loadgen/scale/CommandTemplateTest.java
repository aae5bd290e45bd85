package dev.verdict.loadgen.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandTemplateTest {

  @Test
  void splitsLikeAShellAndFillsInTheCores() {
    CommandTemplate template =
        new CommandTemplate(
            "java -jar 'my dir/worker.jar' --cores {cores} --set \"worker.prefetch=1\"");

    assertThat(template.render(2))
        .containsExactly(
            "java", "-jar", "my dir/worker.jar", "--cores", "2", "--set", "worker.prefetch=1");
  }

  @Test
  void keepsShellScriptsInOneWord() {
    assertThat(new CommandTemplate("sh -c 'exec worker --cores {cores} 2>&1'").render(4))
        .containsExactly("sh", "-c", "exec worker --cores 4 2>&1");
  }

  @Test
  void needsThePlaceholderAndClosedQuotes() {
    assertThatThrownBy(() -> new CommandTemplate("java -jar worker.jar"))
        .hasMessageContaining("must contain {cores}");
    assertThatThrownBy(() -> new CommandTemplate("java 'oops {cores}"))
        .hasMessageContaining("unclosed ' quote");
  }
}
