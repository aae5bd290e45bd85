package dev.verdict.worker.sandbox;

class BubblewrapHostileResourcesIT extends HostileResourcesContract {
  @Override
  protected SandboxFixture newFixture() {
    return new BubblewrapFixture();
  }
}
