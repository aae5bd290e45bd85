package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services' ahead-of-time caches as {@code ./verdict up} makes and uses them (images/aot.sh),
 * on the MongoDB stand-in's jar: a cache is never offered to another build, and keeping a newly
 * trained one removes the old; a damaged cache is ignored by the JVM and removed, never fatal.
 */
class ServiceAotCacheIT {
  private static final Path SCRIPT = Path.of("..", "images", "aot.sh").toAbsolutePath().normalize();

  @TempDir Path temp;
  private Path jar;
  private Path caches;

  @BeforeEach
  void setUp() throws IOException {
    jar =
        Path.of("..", "mongo-standin", "target", "mongo-standin-0.1.0-SNAPSHOT-all.jar")
            .toAbsolutePath()
            .normalize();
    assertThat(jar).as("the reactor builds it in `package`").isRegularFile();
    caches = Files.createDirectories(temp.resolve("aot"));
  }

  @Test
  void aCacheIsNeverOfferedToAnotherBuildAndKeepingANewOneRemovesIt() throws Exception {
    jar = Files.copy(jar, temp.resolve("mongo-standin.jar"));
    Path cache = Path.of(run("aot_cache mongo \"$JAR\"").out.strip());
    Files.write(cache, new byte[] {1, 2, 3});
    Files.write(jar, new byte[] {0}, StandardOpenOption.APPEND);

    assertThat(script("aot_opts mongo \"$JAR\"")).isEmpty();
    Path rebuilt = Path.of(run("aot_cache mongo \"$JAR\"").out.strip());
    assertThat(rebuilt).isNotEqualTo(cache);

    script("aot_training_opts mongo");
    Files.write(caches.resolve("training").resolve("mongo.aot"), new byte[] {4, 5, 6});
    assertThat(run("aot_keep mongo \"$JAR\"").exit).isZero();
    assertThat(rebuilt).isRegularFile();
    assertThat(cache).doesNotExist();
  }

  @Test
  void aDamagedCacheIsIgnoredByTheServiceAndRemoved() throws Exception {
    Path cache = Path.of(run("aot_cache mongo \"$JAR\"").out.strip());
    Files.writeString(cache, "not an AOT cache");

    try (Component service = start(script("aot_opts mongo \"$JAR\""))) {
      assertThat(service.output()).contains("[aot]");
      service.stop();
      Result verify = run("aot_verify mongo \"$JAR\" \"$LOG\"", service.log);
      assertThat(verify.exit).isNotZero();
    }
    assertThat(cache).doesNotExist();
    assertThat(script("aot_opts mongo \"$JAR\"")).isEmpty();
  }

  /** The AOT_OPTS that {@code command} sets, one element per line. */
  private List<String> script(String command) throws Exception {
    Result result = run(command + " && printf '%s\\n' \"${AOT_OPTS[@]}\"");
    assertThat(result.exit).as(result.out).isZero();
    return result.out.lines().filter(line -> !line.isEmpty()).toList();
  }

  private Result run(String command) throws Exception {
    return run(command, temp.resolve("none.log"));
  }

  private Result run(String command, Path log) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", "set -euo pipefail; . \"$SCRIPT\"; " + command)
            .redirectErrorStream(true);
    builder.environment().put("SCRIPT", SCRIPT.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("AOT_DIR", caches.toString());
    builder.environment().put("JAR", jar.toString());
    builder.environment().put("LOG", log.toString());
    builder.environment().remove("VERDICT_JAVA_OPTS");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }

  /** The stand-in started as ./verdict up starts it, with {@code aot} options added. */
  private Component start(List<String> aot) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> options = new ArrayList<>(List.of("-Xss512k"));
    options.addAll(aot);
    return Component.start(
        "mongo-standin",
        options,
        List.of(),
        "--port",
        Integer.toString(port),
        "--file",
        temp.resolve("data-" + port + ".h2").toString());
  }

  private record Result(int exit, String out) {}
}
