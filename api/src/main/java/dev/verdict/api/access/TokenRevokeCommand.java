package dev.verdict.api.access;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code token revoke ID}: the token stops working (within {@code api.access.tokenCacheMs}). */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description =
        "Revoke a token by its id (see token list). Running APIs stop accepting it within"
            + " api.access.tokenCacheMs.")
final class TokenRevokeCommand implements Callable<Integer> {
  @ParentCommand TokenCommand parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The token's id, tok_...")
  String id;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return parent.withStore(
        err,
        store -> {
          var revoked = store.revoke(id, System.currentTimeMillis());
          if (revoked.isEmpty()) {
            err.println("verdict-api token: no token with id " + id);
            err.flush();
            return 1;
          }
          spec.commandLine().getOut().println(TokenListCommand.describe(revoked.get()));
          spec.commandLine().getOut().flush();
          return 0;
        });
  }
}
