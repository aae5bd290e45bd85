package dev.verdict.worker.sandbox;

/** Hostile use of resources, with each run started by a native launcher of its own. */
class BubblewrapNativeHostileResourcesIT extends HostileResourcesContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.perRunLauncher();
  }
}
