package dev.verdict.api.access;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code token list}: every token's id, name, role, and whether it still works. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List every token (never the tokens themselves: they are not stored).")
final class TokenListCommand implements Callable<Integer> {
  @ParentCommand TokenCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    return parent.withStore(
        spec.commandLine().getErr(),
        store -> {
          for (TokenInfo info : store.list()) {
            out.println(describe(info));
          }
          out.flush();
          return 0;
        });
  }

  static String describe(TokenInfo info) {
    long now = System.currentTimeMillis();
    String state =
        info.revokedAt() != null
            ? "revoked " + Instant.ofEpochMilli(info.revokedAt())
            : info.expiresAt() == null
                ? "valid, never expires"
                : (info.validAt(now) ? "valid until " : "expired ")
                    + Instant.ofEpochMilli(info.expiresAt());
    return info.id() + "  " + info.name() + "  " + info.role().wireName() + "  " + state;
  }
}
