package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubmissionIdsTest {

  @Test
  void ids_made_in_the_same_moment_share_no_time_prefix() {
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      prefixes.add(SubmissionIds.next().substring(0, 8));
    }

    // why: time-ordered ids made within a few milliseconds share their first 32 bits; random ids
    // almost never do.
    assertThat(prefixes).hasSizeGreaterThan(990);
  }

  @Test
  void an_id_is_a_random_uuid_and_is_recognised() {
    String id = SubmissionIds.next();

    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(SubmissionIds.looksValid(id)).isTrue();
    assertThat(SubmissionIds.looksValid("../../etc/passwd")).isFalse();
  }
}
