package dev.verdict.worker.sandbox;

class BubblewrapHostileEscapesIT extends HostileEscapesContract {
  @Override
  protected SandboxFixture newFixture() {
    return new BubblewrapFixture();
  }
}
