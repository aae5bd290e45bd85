package dev.verdict.api.access;

import dev.verdict.common.access.Role;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code token create --name NAME --role ROLE [--expires 30d]}: prints the new token once. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create a token and print it on standard output (only this once; only its hash is stored).",
      "Its id, name, role and expiry go to standard error."
    })
final class TokenCreateCommand implements Callable<Integer> {
  @ParentCommand TokenCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--name", required = true, description = "Who the token is for (the user).")
  String name;

  @Option(
      names = "--role",
      required = true,
      description = "submitter, staff or admin.",
      converter = RoleConverter.class)
  Role role;

  @Option(names = "--expires", paramLabel = "AGE", description = "Lifetime, e.g. 30d, 12h, 90m.")
  String expires;

  @Override
  public Integer call() {
    String nameProblem = TokenNames.problem(name);
    if (nameProblem != null) {
      throw new ParameterException(spec.commandLine(), "--name " + nameProblem);
    }
    long now = System.currentTimeMillis();
    Long expiresAt;
    try {
      expiresAt = expires == null ? null : now + Expiry.parse(expires).toMillis();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--expires " + e.getMessage());
    }
    var err = spec.commandLine().getErr();
    return parent.withStore(
        err,
        store -> {
          TokenStore.Issued issued = store.create(name, role, expiresAt, now);
          spec.commandLine().getOut().println(issued.token());
          spec.commandLine().getOut().flush();
          err.println(TokenListCommand.describe(issued.info()));
          err.flush();
          return 0;
        });
  }
}
