package dev.verdict.worker.sandbox;

/** The basic contract, with each run started by a native launcher of its own. */
class BubblewrapNativeLaunchIT extends SandboxContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.perRunLauncher();
  }
}
