package dev.verdict.worker.sandbox;

class BubblewrapIsolationIT extends SandboxIsolationContract {
  @Override
  protected SandboxFixture newFixture() {
    return new BubblewrapFixture();
  }
}
