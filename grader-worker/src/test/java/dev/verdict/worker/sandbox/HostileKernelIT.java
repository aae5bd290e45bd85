package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that go for the kernel itself: its stores that outlive a run, its system calls that no
 * judged program needs. Each is refused, and afterwards the same sandbox runs an ordinary program
 * correctly.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class HostileKernelIT extends SandboxTestSupport {

  @Test
  void a_key_stored_in_the_kernels_keyrings_is_not_found_by_a_later_run_of_any_slot()
      throws Exception {
    // why: the built-in sandbox's program runs as the slot's uid in the host's user namespace,
    // whose keyrings (the uid's, and the session keyring inherited from the worker) outlive a run.
    String keys = compileC("keys", KernelPrograms.KEYRING);
    String name = "verdict-" + UUID.randomUUID();
    Sandbox other = sandboxForSlot(1);

    RunResult store = exec(LIMITS, keys, "store", name);
    RunResult sameSlot = exec(LIMITS, keys, "find", name);
    RunResult otherSlot = other.run(request(List.of(keys, "find", name), box, false, LIMITS));

    assertThat(store.succeeded()).as("stderr: %s", err(store)).isTrue();
    assertThat(out(sameSlot)).isEqualTo("absent\n");
    assertThat(out(otherSlot)).isEqualTo("absent\n");
    assertReported(sameSlot);
    assertStillWorks();
  }

  @Test
  void every_system_call_the_seccomp_policy_refuses_fails_inside_the_sandbox() throws Exception {
    String probe = compileC("probe", KernelPrograms.PROBE);

    RunResult result = exec(LIMITS, probe);

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    Map<String, List<String>> answers = new HashMap<>();
    List<String> allowed = new ArrayList<>();
    for (String line : out(result).lines().toList()) {
      if (line.startsWith("allowed ")) {
        allowed.add(line);
      } else {
        String[] parts = line.split(" ");
        answers.computeIfAbsent(parts[0], call -> new ArrayList<>()).add(parts[1]);
      }
    }
    SoftAssertions softly = new SoftAssertions();
    SeccompPolicy.Arch arch = SeccompPolicy.Arch.current();
    for (SeccompPolicy.Rule rule : SeccompPolicy.RULES) {
      if (arch.number(rule) < 0) {
        continue;
      }
      softly.assertThat(answers).as("the probe makes %s", rule.call()).containsKey(rule.call());
      softly
          .assertThat(answers.getOrDefault(rule.call(), List.of()))
          .as("what %s answered (errno)", rule.call())
          .containsOnly(Integer.toString(rule.errno()));
    }
    if (mode.docker()) {
      // why: the Docker profile refuses personality whatever its argument
      // (DockerSeccompProfile): stricter than the policy, which lets the query and PER_LINUX by.
      softly.assertThat(allowed).hasSize(6);
      softly
          .assertThat(allowed.stream().filter(line -> !line.contains("personality")))
          .hasSize(4)
          .allMatch(line -> line.endsWith(" ok"));
    } else {
      softly.assertThat(allowed).hasSize(6).allMatch(line -> line.endsWith(" ok"));
    }
    softly.assertAll();
    assertStillWorks();
  }

  @Test
  void every_language_the_worker_runs_still_compiles_and_runs_under_the_policy()
      throws IOException {
    Files.writeString(
        box.resolve("main.c"),
        "#include <stdio.h>\n#include <math.h>\nint main(void) { printf(\"c %.0f\\n\", sqrt(4.0)); }\n");
    Files.writeString(
        box.resolve("main.cpp"),
        "#include <iostream>\n#include <thread>\n#include <vector>\nint main() { std::vector<int> v{1,"
            + " 2}; std::thread t([&] { v.push_back(3); }); t.join(); std::cout << \"cpp \" <<"
            + " v.size() << std::endl; }\n");
    Files.writeString(
        box.resolve("Main.java"),
        "public class Main { public static void main(String[] a) throws Exception { Thread t ="
            + " new Thread(() -> {}); t.start(); t.join(); System.out.println(\"java \" +"
            + " java.util.stream.IntStream.range(0, 4).parallel().sum()); } }\n");
    Files.writeString(
        box.resolve("main.py"),
        """
        import multiprocessing, socket, threading
        if __name__ == '__main__':
            with multiprocessing.Pool(2) as pool:
                print('python', sum(pool.map(abs, [-1, 2])))
        """);
    Files.writeString(
        box.resolve("main.js"),
        "const fs = require('fs');\nsetTimeout(() => console.log('node',"
            + " fs.readFileSync('/box/main.js').length > 0, require('child_process').execSync('echo"
            + " 1').toString().trim()), 1);\n");
    Files.writeString(box.resolve("main.sh"), "echo bash $(( 1 + 1 ))\n");
    String java = System.getProperty("java.home");
    String script =
        String.join(
            " && ",
            "/usr/bin/gcc -O2 -std=c17 -pipe -o c main.c -lm",
            "./c",
            "/usr/bin/g++ -O2 -std=c++17 -pipe -o cpp main.cpp",
            "./cpp",
            java
                + "/bin/javac -J-Xmx512m -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1"
                + " -J-XX:-UsePerfData -encoding UTF-8 -d . Main.java",
            java + "/bin/java -Xmx128m -Xss64m -XX:+UseSerialGC -XX:-UsePerfData -cp . Main",
            "/usr/bin/python3 -B main.py",
            "/usr/bin/node main.js",
            "/bin/bash main.sh");
    ResourceLimits generous =
        Limits.limits().cpuMs(30_000).wallMs(90_000).memoryMb(1_024).processes(256).build();

    RunResult result =
        sandbox.run(
            new RunRequest(
                List.of("/bin/sh", "-c", script),
                box,
                true,
                null,
                generous,
                List.of(java),
                Map.of()));

    assertThat(result.succeeded()).as("stdout: %s, stderr: %s", out(result), err(result)).isTrue();
    assertThat(out(result)).isEqualTo("c 2\ncpp 3\njava 6\npython 3\nnode true 1\nbash 2\n");
    assertThat(Path.of(box.toString(), "Main.class")).exists();
  }

  @Test
  void the_program_holds_no_capability_not_even_in_its_bounding_set() throws IOException {
    RunResult result = sh("grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status");

    assertThat(out(result))
        .isEqualTo(
            """
            CapInh:\t0000000000000000
            CapPrm:\t0000000000000000
            CapEff:\t0000000000000000
            CapBnd:\t0000000000000000
            CapAmb:\t0000000000000000
            """);
    assertStillWorks();
  }
}
