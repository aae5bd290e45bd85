package dev.verdict.worker.sandbox;

/**
 * Hostile programs that try to get out, with the sandbox built by the slot's spawner itself
 * (worker.sandbox builtin).
 */
class BuiltinHostileEscapesIT extends HostileEscapesContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.builtin();
  }
}
