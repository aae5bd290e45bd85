package dev.verdict.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.testing.MongoExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProblemStoreIT {
  private static final String SHA = "a".repeat(64);
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private ProblemStore store;

  @BeforeEach
  void newStore() {
    store = new ProblemStore(mongo.database(), new MetricRegistry());
  }

  @Test
  void a_saved_version_is_the_problem_s_current_one() {
    ProblemVersion hello = version("hello", "v1", 1);

    store.save(hello, 1_000);

    assertThat(store.current("hello")).contains(hello);
    assertThat(store.version("hello", "v1")).contains(hello);
  }

  @Test
  void a_new_version_becomes_current_and_the_old_one_stays_readable() {
    ProblemVersion v1 = version("hello", "v1", 1);
    ProblemVersion v2 = version("hello", "v2", 3);

    store.save(v1, 1_000);
    store.save(v2, 2_000);

    assertThat(store.current("hello")).contains(v2);
    assertThat(store.version("hello", "v1")).contains(v1);
  }

  @Test
  void saving_the_same_version_twice_stores_it_once() {
    ProblemVersion hello = version("hello", "v1", 1);

    store.save(hello, 1_000);
    store.save(hello, 2_000);

    assertThat(mongo.database().getCollection("problem_versions").countDocuments()).isEqualTo(1);
    assertThat(store.current("hello")).contains(hello);
  }

  @Test
  void an_unlisted_version_stored_twice_is_stored_once_readable_and_in_no_list() {
    ProblemVersion adhoc = version("_adhoc", "a1", 2);

    store.storeUnlisted(adhoc);
    store.storeUnlisted(adhoc);

    assertThat(mongo.database().getCollection("problem_versions").countDocuments()).isEqualTo(1);
    assertThat(store.version("_adhoc", "a1")).contains(adhoc);
    assertThat(store.current("_adhoc")).isEmpty();
    assertThat(mongo.database().getCollection("problems").countDocuments()).isZero();
  }

  @Test
  void an_unknown_problem_or_version_is_not_found() {
    store.save(version("hello", "v1", 1), 1_000);

    assertThat(store.current("nobody")).isEmpty();
    assertThat(store.version("hello", "v9")).isEmpty();
  }

  @Test
  void list_returns_every_problem_s_current_version_by_id() {
    store.save(version("zeta", "z1", 1), 1_000);
    store.save(version("alpha", "a1", 1), 1_000);
    store.save(version("alpha", "a2", 2), 2_000);

    assertThat(store.list())
        .extracting(p -> p.problemId() + "@" + p.version())
        .containsExactly("alpha@a2", "zeta@z1");
  }

  @Test
  void every_version_is_listed_once_in_the_order_it_was_first_stored() {
    store.save(version("hello", "v1", 1), 1_000);
    store.save(version("hello", "v2", 2), 2_000);
    store.save(version("hello", "v1", 1), 3_000);

    ProblemRecord hello = store.find("hello").orElseThrow();

    assertThat(hello.currentVersion()).isEqualTo("v1");
    assertThat(hello.versions())
        .containsExactly(
            new ProblemRecord.VersionEntry("v1", 1_000, 1),
            new ProblemRecord.VersionEntry("v2", 2_000, 2));
  }

  @Test
  void creating_a_problem_that_exists_fails_and_leaves_it_as_it_was() {
    assertThat(store.create(version("hello", "v1", 1), 1_000)).isTrue();

    assertThat(store.create(version("hello", "v2", 2), 2_000)).isFalse();

    assertThat(store.find("hello").orElseThrow().versions())
        .extracting(ProblemRecord.VersionEntry::version)
        .containsExactly("v1");
    assertThat(store.current("hello")).map(ProblemVersion::version).contains("v1");
  }

  @Test
  void a_hidden_problem_has_no_current_version_and_is_not_listed_but_keeps_its_versions() {
    store.save(version("hello", "v1", 1), 1_000);
    store.save(version("other", "o1", 1), 1_000);

    assertThat(store.hide("hello", 2_000)).isTrue();

    assertThat(store.current("hello")).isEmpty();
    assertThat(store.list()).extracting(ProblemVersion::problemId).containsExactly("other");
    assertThat(store.version("hello", "v1")).isPresent();
    assertThat(store.find("hello").orElseThrow().hidden()).isTrue();
  }

  @Test
  void saving_a_new_version_of_a_hidden_problem_keeps_it_hidden_until_it_is_shown() {
    store.save(version("hello", "v1", 1), 1_000);
    store.hide("hello", 2_000);

    store.save(version("hello", "v2", 2), 3_000);
    assertThat(store.current("hello")).isEmpty();

    assertThat(store.show("hello")).isTrue();
    assertThat(store.current("hello")).map(ProblemVersion::version).contains("v2");
  }

  @Test
  void hiding_or_showing_an_unknown_problem_finds_nothing() {
    assertThat(store.hide("nobody", 1_000)).isFalse();
    assertThat(store.show("nobody")).isFalse();
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void a_problem_stored_before_versions_were_listed_lists_its_current_version() {
    mongo
        .database()
        .getCollection("problems")
        .insertOne(
            new Document("_id", "old")
                .append("name", "Old")
                .append("currentVersion", "v0")
                .append("tests", 3)
                .append("updatedAt", 500L));

    assertThat(store.find("old").orElseThrow().versions())
        .containsExactly(new ProblemRecord.VersionEntry("v0", 500, 3));
  }

  private static ProblemVersion version(String id, String version, int tests) {
    List<TestCase> cases =
        IntStream.rangeClosed(1, tests)
            .mapToObj(i -> new TestCase("secret/" + i, SHA, SHA, i))
            .toList();
    return new ProblemVersion(
        id,
        version,
        "Problem " + id,
        new LimitOverrides(1_000L, null, 128, null, null, null, null, null, null),
        new CheckerSpec(CheckerSpec.EXACT, List.of("case_sensitive")),
        cases,
        true,
        ProblemType.PASS_FAIL,
        null);
  }
}
