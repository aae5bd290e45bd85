package dev.verdict.api.access;

import dev.verdict.common.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code token ensure --file F --name N --role R}: a token kept in a file across restarts. The
 * token in F is used when it still works (and registered again if the database lost it); otherwise
 * a new one is made and written to F, readable by its owner only.
 */
@Command(
    name = "ensure",
    mixinStandardHelpOptions = true,
    description = {
      "Keep a token in FILE: reuse the one there if it still works (registering it again if the"
          + " database lost it), else create one and write it there (mode 600).",
      "Prints the token on standard output."
    })
final class TokenEnsureCommand implements Callable<Integer> {
  @ParentCommand TokenCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--file", required = true, description = "Where the token is kept.")
  Path file;

  @Option(names = "--name", required = true, description = "Who the token is for.")
  String name;

  @Option(
      names = "--role",
      required = true,
      description = "submitter, staff or admin.",
      converter = RoleConverter.class)
  Role role;

  @Override
  public Integer call() throws IOException {
    String saved =
        Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
    return parent.withStore(
        spec.commandLine().getErr(),
        store -> {
          long now = System.currentTimeMillis();
          String token = saved;
          if (TokenSecrets.wellFormed(saved)) {
            Optional<TokenInfo> known = store.find(saved);
            if (known.isEmpty()) {
              store.register(saved, name, role, null, now);
            } else if (!known.get().validAt(now)) {
              token = "";
            }
          } else {
            token = "";
          }
          if (token.isEmpty()) {
            token = store.create(name, role, null, now).token();
            write(token);
          }
          spec.commandLine().getOut().println(token);
          spec.commandLine().getOut().flush();
          return 0;
        });
  }

  private void write(String token) {
    try {
      Path parentDir = file.toAbsolutePath().getParent();
      Files.createDirectories(parentDir);
      Path tmp =
          Files.createTempFile(
              parentDir,
              ".token",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
