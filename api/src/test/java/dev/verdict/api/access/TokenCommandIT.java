package dev.verdict.api.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.api.ApiMain;
import dev.verdict.common.testing.MongoExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code verdict-api token ...} against the MongoDB stand-in. */
class TokenCommandIT {
  @TempDir Path temp;
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 5];
    all[0] = "token";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--set";
    all[args.length + 2] = "mongo.uri=" + mongo.uri();
    all[args.length + 3] = "--set";
    all[args.length + 4] = "mongo.database=" + mongo.database().getName();
    int exit =
        new CommandLine(new ApiMain())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(moveOptions(all));
    return new Run(exit, out.toString(), err.toString());
  }

  // why: the --set options belong to the token command, before its subcommand.
  private static String[] moveOptions(String[] args) {
    String[] moved = new String[args.length];
    moved[0] = args[0];
    System.arraycopy(args, args.length - 4, moved, 1, 4);
    System.arraycopy(args, 1, moved, 5, args.length - 5);
    return moved;
  }

  @Test
  void create_prints_the_token_once_list_shows_it_without_and_revoke_ends_it() {
    Run created = run("create", "--name", "lab-staff", "--role", "staff", "--expires", "30d");

    assertThat(created.exit()).as(created.err()).isZero();
    String token = created.out().trim();
    assertThat(TokenSecrets.wellFormed(token)).isTrue();
    String id = created.err().trim().split("\\s+")[0];
    assertThat(id).startsWith("tok_");
    Run listed = run("list");
    assertThat(listed.out())
        .contains(id, "lab-staff", "staff", "valid until")
        .doesNotContain(token);

    Run revoked = run("revoke", id);

    assertThat(revoked.exit()).isZero();
    assertThat(run("list").out()).contains("revoked");
    assertThat(run("revoke", "tok_0000000000000000").exit()).isEqualTo(1);
  }

  @Test
  void a_bad_role_or_name_is_a_usage_error() {
    assertThat(run("create", "--name", "x", "--role", "root").exit()).isEqualTo(2);
    assertThat(run("create", "--name", "a b", "--role", "staff").exit()).isEqualTo(2);
  }

  @Test
  void ensure_keeps_one_token_in_its_file_and_registers_it_again_if_the_database_lost_it()
      throws Exception {
    Path file = temp.resolve("state").resolve("admin.token");

    String first = run("ensure", "--file", file.toString(), "--name", "a", "--role", "admin").out();
    String second =
        run("ensure", "--file", file.toString(), "--name", "a", "--role", "admin").out();
    mongo.database().drop();
    String third = run("ensure", "--file", file.toString(), "--name", "a", "--role", "admin").out();

    assertThat(first.trim()).isEqualTo(second.trim()).isEqualTo(third.trim());
    assertThat(Files.readString(file).trim()).isEqualTo(first.trim());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(run("list").out()).contains(" a  admin");
  }
}
