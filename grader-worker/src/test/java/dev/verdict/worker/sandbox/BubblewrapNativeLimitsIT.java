package dev.verdict.worker.sandbox;

/** The limits, with each run started by a native launcher of its own. */
class BubblewrapNativeLimitsIT extends SandboxLimitsContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.perRunLauncher();
  }
}
