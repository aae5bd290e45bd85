package dev.verdict.system;

import dev.verdict.common.message.Verdict;
import dev.verdict.loadgen.workload.SourceFileSpec;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The soak's mix as a load-gen {@link Workload}: every language the worker offers by default, right
 * and wrong, and hostile programs among them (a fork bomb, endless loops, an output flood, memory
 * hogs), each entry expecting exactly the verdict its program deserves on problem {@code sum}.
 */
final class SoakWorkload {
  private SoakWorkload() {}

  static final String JS_ACCEPTED =
      """
      const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);
      console.log((a + b).toString());
      """;
  static final String JS_SLOW = "for (;;) {}\n";
  static final String BASH_ACCEPTED = "read a b\necho $((a + b))\n";
  static final String BASH_WRONG = "read a b\necho $((a - b))\n";

  /** The languages of the mix; the test checks it against the worker's default configuration. */
  static final Set<String> LANGUAGES = languages(entries());

  static Workload workload() {
    return new Workload("soak", entries());
  }

  private static List<WorkloadEntry> entries() {
    List<WorkloadEntry> all = new ArrayList<>();
    all.add(entry("python3/accepted", 3, "python3", "main.py", Programs.PY_ACCEPTED, "ACCEPTED"));
    all.add(entry("python3/wrong", 1, "python3", "main.py", Programs.PY_WRONG, "WRONG_ANSWER"));
    all.add(entry("python3/crash", 1, "python3", "main.py", Programs.PY_CRASH, "RUNTIME_ERROR"));
    all.add(
        entry(
            "python3/memory-hog",
            1,
            "python3",
            "main.py",
            Programs.PY_MEMORY,
            "MEMORY_LIMIT_EXCEEDED"));
    all.add(
        entry(
            "python3/fork-bomb",
            1,
            "python3",
            "main.py",
            Programs.PY_FORK_BOMB,
            "TIME_LIMIT_EXCEEDED"));
    all.add(
        entry(
            "python3/output-flood",
            1,
            "python3",
            "main.py",
            Programs.PY_OUTPUT_FLOOD,
            "OUTPUT_LIMIT_EXCEEDED"));
    all.add(
        entry(
            "python3/endless-loop",
            1,
            "python3",
            "main.py",
            Programs.PY_SLOW,
            "TIME_LIMIT_EXCEEDED"));
    all.add(entry("c/accepted", 2, "c", "main.c", Programs.C_ACCEPTED, "ACCEPTED"));
    all.add(entry("c/not-compiling", 1, "c", "main.c", Programs.C_BROKEN, "COMPILATION_ERROR"));
    all.add(entry("c/endless-loop", 1, "c", "main.c", Programs.C_SLOW, "TIME_LIMIT_EXCEEDED"));
    all.add(entry("cpp/accepted", 2, "cpp", "main.cpp", Programs.CPP_ACCEPTED, "ACCEPTED"));
    all.add(
        entry(
            "cpp/memory-hog", 1, "cpp", "main.cpp", Programs.CPP_MEMORY, "MEMORY_LIMIT_EXCEEDED"));
    all.add(entry("java/accepted", 2, "java", "Main.java", Programs.JAVA_ACCEPTED, "ACCEPTED"));
    all.add(entry("java/crash", 1, "java", "Main.java", Programs.JAVA_CRASH, "RUNTIME_ERROR"));
    all.add(
        entry(
            "java/memory-hog",
            1,
            "java",
            "Main.java",
            Programs.JAVA_MEMORY,
            "MEMORY_LIMIT_EXCEEDED"));
    all.add(entry("javascript/accepted", 2, "javascript", "main.js", JS_ACCEPTED, "ACCEPTED"));
    all.add(
        entry(
            "javascript/endless-loop", 1, "javascript", "main.js", JS_SLOW, "TIME_LIMIT_EXCEEDED"));
    all.add(entry("bash/accepted", 2, "bash", "main.sh", BASH_ACCEPTED, "ACCEPTED"));
    all.add(entry("bash/wrong", 1, "bash", "main.sh", BASH_WRONG, "WRONG_ANSWER"));
    return all;
  }

  private static WorkloadEntry entry(
      String label, double weight, String language, String file, String source, String verdict) {
    return new WorkloadEntry(
        label,
        weight,
        "sum",
        language,
        List.of(new SourceFileSpec(file, source)),
        Set.of(Verdict.valueOf(verdict)));
  }

  private static Set<String> languages(List<WorkloadEntry> entries) {
    return entries.stream()
        .map(WorkloadEntry::language)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
