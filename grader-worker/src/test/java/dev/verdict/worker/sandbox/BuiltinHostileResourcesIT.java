package dev.verdict.worker.sandbox;

/**
 * Hostile programs that try to exhaust the host, with the sandbox built by the slot's spawner
 * itself (worker.sandbox builtin).
 */
class BuiltinHostileResourcesIT extends HostileResourcesContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.builtin();
  }

  @Override
  protected boolean sandboxInitIsReachable() {
    return false;
  }
}
