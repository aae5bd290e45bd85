package dev.verdict.worker.sandbox;

class BubblewrapLimitsIT extends SandboxLimitsContract {
  @Override
  protected SandboxFixture newFixture() {
    return new BubblewrapFixture();
  }
}
