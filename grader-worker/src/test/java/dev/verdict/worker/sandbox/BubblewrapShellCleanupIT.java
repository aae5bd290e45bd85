package dev.verdict.worker.sandbox;

/** Nothing survives a run started by the shell chain either. */
class BubblewrapShellCleanupIT extends SandboxCleanupContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.shell();
  }
}
