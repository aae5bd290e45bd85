package dev.verdict.worker.sandbox;

/** Nothing survives a run started by a native launcher of its own either. */
class BubblewrapNativeCleanupIT extends SandboxCleanupContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.perRunLauncher();
  }
}
