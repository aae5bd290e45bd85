package dev.verdict.api.submission;

import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.common.config.ApiAdhocConfig;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.common.message.SourceFileNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks of a new submission's parts that hold however it arrived (a JSON body, a form, a call
 * from another route in Java): counts, names, sizes and limits against the configured caps. Each
 * refusal names the field: 400 for a wrong value, 413 for a test over its size cap.
 */
final class SubmissionChecks {
  private final ApiConfig config;
  private final ApiAdhocConfig adhoc;

  SubmissionChecks(ApiConfig config) {
    this.config = config;
    this.adhoc = config.adhoc();
  }

  /** Everything about {@code request} that needs no store. */
  void check(NewSubmission request) {
    files(request.files());
    if (request.isAdhoc()) {
      tests(request.tests(), i -> "tests[" + i + "]");
      limits(request.limits());
    } else if (!request.tests().isEmpty()) {
      throw ApiException.badRequest("tests", "cannot be combined with problem");
    } else if (!request.limits().equals(LimitOverrides.NONE)) {
      throw ApiException.badRequest("limits", "are only for ad-hoc runs (with tests or stdin)");
    }
  }

  void fileCount(int count) {
    if (count == 0) {
      throw ApiException.badRequest("files", "must contain at least one file");
    }
    if (count > config.maxFiles()) {
      throw ApiException.badRequest(
          "files", "must contain at most " + config.maxFiles() + " files, has " + count);
    }
  }

  private void files(List<NewSubmission.NewFile> files) {
    fileCount(files.size());
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      total = file("files[" + i + "]", files.get(i), names, total);
    }
  }

  /**
   * Checks one file given the names before it and their total size; returns the new total.
   *
   * @param field the file's field, e.g. {@code files[2]}
   */
  long file(String field, NewSubmission.NewFile file, Set<String> names, long total) {
    fileName(field, file.name(), names);
    return fileContent(field, file.content(), total);
  }

  /** Checks a file's name against the names before it, and adds it to them. */
  void fileName(String field, String name, Set<String> names) {
    String problemWithName = SourceFileNames.problem(name);
    if (problemWithName != null) {
      throw ApiException.badRequest(field + ".name", problemWithName);
    }
    if (!names.add(name)) {
      throw ApiException.badRequest(
          field + ".name", "repeats the file name '" + Echo.clip(name) + "'");
    }
  }

  /** Checks a file's content given the total size before it; returns the new total. */
  long fileContent(String field, byte[] content, long total) {
    int bytes = content.length;
    if (bytes == 0) {
      throw ApiException.badRequest(field + ".content", "must not be empty");
    }
    if (bytes > config.maxFileBytes()) {
      throw ApiException.badRequest(
          field + ".content",
          "is " + bytes + " bytes; at most " + config.maxFileBytes() + " are allowed");
    }
    long sum = total + bytes;
    if (sum > config.maxTotalBytes()) {
      throw ApiException.badRequest(
          "files", "total more than the " + config.maxTotalBytes() + " bytes allowed");
    }
    return sum;
  }

  void testCount(int count) {
    if (count == 0) {
      throw ApiException.badRequest("tests", "must contain at least one test");
    }
    if (count > adhoc.maxTests()) {
      throw ApiException.badRequest(
          "tests",
          "must contain at most " + adhoc.maxTests() + " tests (api.adhoc.maxTests), has " + count);
    }
  }

  /**
   * @param fields the field of the test at an index, e.g. {@code tests[2]}
   */
  void tests(List<NewSubmission.NewTest> tests, Function<Integer, String> fields) {
    testCount(tests.size());
    long total = 0;
    for (int i = 0; i < tests.size(); i++) {
      NewSubmission.NewTest test = tests.get(i);
      String field = fields.apply(i);
      total = size(field + ".input", test.input(), total);
      if (test.expectedOutput() != null) {
        total = size(field + ".expectedOutput", test.expectedOutput(), total);
      }
    }
  }

  /** Checks one input or expected output; returns the new total. */
  long size(String field, byte[] content, long total) {
    if (content.length > adhoc.maxTestBytes()) {
      throw new ApiException(
          413,
          field
              + " is "
              + content.length
              + " bytes; at most "
              + adhoc.maxTestBytes()
              + " are allowed (api.adhoc.maxTestBytes)",
          field);
    }
    long sum = total + content.length;
    if (sum > adhoc.maxTotalTestBytes()) {
      throw new ApiException(
          413,
          "tests total more than the "
              + adhoc.maxTotalTestBytes()
              + " bytes allowed (api.adhoc.maxTotalTestBytes)",
          "tests");
    }
    return sum;
  }

  /** Checks each limit asked for against its ceiling in {@code api.adhoc.maxLimits}. */
  void limits(LimitOverrides limits) {
    ResourceLimits max = adhoc.ceilings();
    atMost("timeLimitMs", limits.timeLimitMs(), max.timeLimitMs());
    atMost("wallTimeMs", limits.wallTimeMs(), max.wallTimeMs());
    atMost("memoryMb", limits.memoryMb(), max.memoryMb());
    atMost("processes", limits.processes(), max.processes());
    atMost("outputKb", limits.outputKb(), max.outputKb());
    atMost("fileSizeKb", limits.fileSizeKb(), max.fileSizeKb());
    atMost("openFiles", limits.openFiles(), max.openFiles());
    atMost("stackMb", limits.stackMb(), max.stackMb());
    atMost("tmpMb", limits.tmpMb(), max.tmpMb());
  }

  /** The ceiling of the limit {@code name}, for messages and the parser's range checks. */
  long ceiling(String name) {
    ResourceLimits max = adhoc.ceilings();
    return switch (name) {
      case "timeLimitMs" -> max.timeLimitMs();
      case "wallTimeMs" -> max.wallTimeMs();
      case "memoryMb" -> max.memoryMb();
      case "processes" -> max.processes();
      case "outputKb" -> max.outputKb();
      case "fileSizeKb" -> max.fileSizeKb();
      case "openFiles" -> max.openFiles();
      case "stackMb" -> max.stackMb();
      case "tmpMb" -> max.tmpMb();
      default -> throw new IllegalArgumentException("no limit named " + name);
    };
  }

  private static void atMost(String name, Number value, long max) {
    if (value != null && value.longValue() > max) {
      throw ApiException.badRequest(
          "limits." + name,
          "must be 1.." + max + " (api.adhoc.maxLimits." + name + "), was " + value);
    }
  }
}
