package dev.verdict.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
  private final List<String> closed = new ArrayList<>();

  @Test
  void parts_close_in_reverse_order_of_adding() {
    Closer closer = new Closer("test");
    closer.add(() -> closed.add("connection"));
    closer.add(() -> closed.add("publisher"));
    closer.add(() -> closed.add("consumer"));

    closer.close();

    assertThat(closed).containsExactly("consumer", "publisher", "connection");
  }

  @Test
  void a_part_that_fails_to_close_does_not_keep_the_others_open() {
    Closer closer = new Closer("test");
    closer.add(() -> closed.add("first"));
    closer.add(
        () -> {
          throw new IllegalStateException("already gone");
        });
    closer.add(() -> closed.add("last"));

    closer.close();

    assertThat(closed).containsExactly("last", "first");
  }

  @Test
  void each_part_closes_once_however_often_the_closer_is_closed() {
    Closer closer = new Closer("test");
    closer.add(() -> closed.add("part"));

    closer.close();
    closer.close();

    assertThat(closed).containsExactly("part");
  }

  @Test
  void adding_returns_the_part() {
    Closer closer = new Closer("test");
    AutoCloseable part = () -> closed.add("part");

    assertThat(closer.add(part)).isSameAs(part);
  }
}
