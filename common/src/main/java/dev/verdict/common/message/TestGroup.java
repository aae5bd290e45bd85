package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * A test group of a scoring problem ({@code data/} and every directory below it), with the rules
 * its score and verdict follow (docs/problems.md §10, §11).
 *
 * @param name the group's path below {@code data/} ({@code secret/g1_tiny}); {@code data} for the
 *     root
 * @param rules how its items' results make its own
 * @param items its test cases and subgroups in judging order (byte order of their names)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestGroup(String name, GroupRules rules, List<Item> items) {

  /**
   * One item of a group: a test case, by its index in the task's tests, or a subgroup.
   *
   * @param test the index of the test case, or null for a subgroup
   * @param group the subgroup, or null for a test case
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(Integer test, TestGroup group) {
    public Item {
      if ((test == null) == (group == null)) {
        throw new IllegalArgumentException("an item is either a test or a group");
      }
    }

    public static Item test(int index) {
      return new Item(index, null);
    }

    public static Item group(TestGroup group) {
      return new Item(null, group);
    }
  }

  public TestGroup {
    items = List.copyOf(items);
  }

  /** This group and every group below it, depth first in judging order. */
  public List<TestGroup> flatten() {
    List<TestGroup> all = new ArrayList<>();
    all.add(this);
    for (Item item : items) {
      if (item.group() != null) {
        all.addAll(item.group().flatten());
      }
    }
    return all;
  }

  /** The subgroup named {@code name} directly in this group, or null. */
  public TestGroup child(String name) {
    for (Item item : items) {
      if (item.group() != null && item.group().name().equals(name)) {
        return item.group();
      }
    }
    return null;
  }
}
