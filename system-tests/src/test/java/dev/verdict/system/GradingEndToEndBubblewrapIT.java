package dev.verdict.system;

import java.util.List;

/** Every language's verdicts end to end, with bubblewrap instead of the built-in sandbox. */
class GradingEndToEndBubblewrapIT extends GradingEndToEndIT {
  @Override
  protected List<String> settings() {
    return List.of("worker.sandbox=bubblewrap");
  }
}
