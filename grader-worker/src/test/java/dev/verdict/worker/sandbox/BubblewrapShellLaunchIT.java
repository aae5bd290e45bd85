package dev.verdict.worker.sandbox;

/** The basic contract, with runs started by the shell chain instead of the native launcher. */
class BubblewrapShellLaunchIT extends SandboxContract {
  @Override
  protected SandboxFixture newFixture() {
    return BubblewrapFixture.shell();
  }
}
