package dev.verdict.worker.sandbox;

/**
 * The basic contract, with the sandbox built by the slot's spawner itself (worker.sandbox builtin).
 */
class BuiltinSandboxIT extends SandboxContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.builtin();
  }
}
