package dev.verdict.worker.sandbox;

class BubblewrapCleanupIT extends SandboxCleanupContract {
  @Override
  protected SandboxFixture newFixture() {
    return new BubblewrapFixture();
  }
}
