package dev.verdict.worker.sandbox;

class BubblewrapSandboxIT extends SandboxContract {
  @Override
  protected SandboxFixture newFixture() {
    return new BubblewrapFixture();
  }
}
