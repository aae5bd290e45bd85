package dev.verdict.system;

import java.util.List;

/**
 * Every language's verdicts end to end, with the worker's built-in sandbox instead of bubblewrap.
 */
class GradingEndToEndBuiltinIT extends GradingEndToEndIT {
  @Override
  protected List<String> settings() {
    return List.of("worker.sandbox=builtin");
  }
}
