package dev.verdict.worker.sandbox;

/** Cleanup, with the sandbox built by the slot's spawner itself (worker.sandbox builtin). */
class BuiltinCleanupIT extends SandboxCleanupContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.builtin();
  }
}
