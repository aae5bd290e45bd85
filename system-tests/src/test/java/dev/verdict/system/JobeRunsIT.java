package dev.verdict.system;

import static dev.verdict.system.JobeClient.fileList;
import static dev.verdict.system.JobeClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST runs} of the Jobe facade end to end: each run a one-test ad-hoc submission through
 * the queue, the dispatcher and a worker's sandbox, answered synchronously with Jobe's outcome and
 * Jobe's fields, as Jobe's own test client checks them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobeRunsIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private JobeClient jobe;

  @BeforeAll
  void start() {
    cluster = VerdictCluster.start(services, temp, List.of());
    jobe = new JobeClient(cluster.baseUrl(), cluster.token("coderunner", Role.STAFF));
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void a_program_that_runs_cleanly_is_15_with_its_stdout() {
    JobeClient.Answer python =
        jobe.run(spec("python3", "print(input()[::-1])\n", "input", "hello\n"));
    JobeClient.Answer c =
        jobe.run(
            spec(
                "c",
                "#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b);"
                    + " printf(\"%d\\n\", a + b); return 0; }\n",
                "input",
                "20 22\n"));
    JobeClient.Answer java =
        jobe.run(
            spec(
                "java",
                "public class Greeter {\n  public static void main(String[] args) {\n"
                    + "    System.out.println(\"Hello \" + new java.util.Scanner(System.in).next());"
                    + "\n  }\n}\n",
                "input",
                "world\n"));

    assertThat(python.status()).isEqualTo(200);
    assertThat(python.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(python.body().get("stdout").asText()).isEqualTo("olleh\n");
    assertThat(python.body().get("stderr").asText()).isEmpty();
    assertThat(python.body().get("cmpinfo").asText()).isEmpty();
    assertThat(python.body().get("run_id").asText()).isNotEmpty();
    assertThat(c.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(c.body().get("stdout").asText()).isEqualTo("42\n");
    assertThat(java.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(java.body().get("stdout").asText()).isEqualTo("Hello world\n");
  }

  @Test
  void a_compile_error_is_11_with_the_compilers_output_in_cmpinfo() {
    JobeClient.Answer c = jobe.run(spec("c", Programs.C_BROKEN));
    JobeClient.Answer python = jobe.run(spec("python3", "print('unclosed'\n"));
    JobeClient.Answer node = jobe.run(spec("nodejs", "s = 'unclosed\nconsole.log(s);\n"));

    assertThat(c.body().get("outcome").asInt()).isEqualTo(11);
    assertThat(c.body().get("cmpinfo").asText()).contains("undeclared_variable");
    assertThat(c.body().get("stdout").asText()).isEmpty();
    assertThat(python.body().get("outcome").asInt()).isEqualTo(11);
    assertThat(python.body().get("cmpinfo").asText()).contains("SyntaxError");
    // why: Jobe runs Node.js without a compile step, so there a syntax error is a runtime error.
    assertThat(node.body().get("outcome").asInt()).isEqualTo(12);
    assertThat(node.body().get("stderr").asText()).contains("SyntaxError");
  }

  @Test
  void output_on_stderr_is_12_and_a_silent_nonzero_exit_is_15_as_jobe_judges_them() {
    JobeClient.Answer crash = jobe.run(spec("python3", "print('before')\nraise ValueError('x')\n"));
    JobeClient.Answer silent = jobe.run(spec("python3", "print('out')\nraise SystemExit(3)\n"));

    assertThat(crash.body().get("outcome").asInt()).isEqualTo(12);
    assertThat(crash.body().get("stdout").asText()).isEqualTo("before\n");
    assertThat(crash.body().get("stderr").asText()).contains("ValueError: x");
    assertThat(silent.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(silent.body().get("stdout").asText()).isEqualTo("out\n");
  }

  @Test
  void cputime_bounds_the_run_and_running_out_is_13_without_stderr() {
    JobeClient.Answer slow =
        jobe.run(
            spec(
                "python3",
                "import sys\nprint('started', flush=True)\nprint('err', file=sys.stderr)\n"
                    + "while True:\n    pass\n",
                "parameters",
                Map.of("cputime", 1)));

    assertThat(slow.body().get("outcome").asInt()).isEqualTo(13);
    assertThat(slow.body().get("stdout").asText()).isEqualTo("started\n");
    assertThat(slow.body().get("stderr").asText()).isEmpty();
  }

  @Test
  void memorylimit_bounds_each_processs_address_space_so_a_large_malloc_fails_as_in_jobe() {
    JobeClient.Answer byDefault = jobe.run(spec("c", Programs.C_RESERVE_2GB));
    JobeClient.Answer asked =
        jobe.run(spec("c", Programs.C_RESERVE_2GB, "parameters", Map.of("memorylimit", 3000)));
    JobeClient.Answer none =
        jobe.run(spec("c", Programs.C_RESERVE_2GB, "parameters", Map.of("memorylimit", 0)));
    JobeClient.Answer python =
        jobe.run(
            spec("python3", "import resource\nprint(resource.getrlimit(resource.RLIMIT_AS))\n"));
    JobeClient.Answer java =
        jobe.run(
            spec(
                "java",
                "public class Reserve {\n  public static void main(String[] a) {\n"
                    + "    System.out.println(new byte[1 << 20].length);\n  }\n}\n",
                "parameters",
                Map.of("memorylimit", 10)));

    // why: Jobe's default memorylimit is 400 MB (1000 for Python), an address-space limit of
    // runguard's, so reserving 2 GB fails without a byte being used; 0 is no limit, and Java
    // ignores memorylimit.
    assertThat(byDefault.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(byDefault.body().get("stdout").asText()).isEqualTo("Memory limit worked\n");
    assertThat(asked.body().get("stdout").asText()).isEqualTo("Oh dear, the malloc worked\n");
    assertThat(none.body().get("stdout").asText()).isEqualTo("Oh dear, the malloc worked\n");
    assertThat(python.body().get("stdout").asText()).isEqualTo("(1024000000, 1024000000)\n");
    assertThat(java.body().get("outcome").asInt()).as(java.text()).isEqualTo(15);
    assertThat(java.body().get("stdout").asText()).isEqualTo("1048576\n");
  }

  @Test
  void memory_the_runs_processes_use_together_beyond_memorylimit_is_17() {
    JobeClient.Answer big =
        jobe.run(spec("c", Programs.C_FORKING_MEMORY, "parameters", Map.of("memorylimit", 64)));

    assertThat(big.body().get("outcome").asInt()).as(big.text()).isEqualTo(17);
  }

  @Test
  void a_run_ends_when_its_program_does_and_what_it_left_spinning_is_killed_as_in_jobe() {
    JobeClient.Answer forking =
        jobe.run(
            spec(
                "c",
                Programs.C_FORKS_SPINNING_CHILDREN,
                "sourcefilename",
                "test.c",
                "parameters",
                Map.of("numprocs", 20)));
    JobeClient.Answer after = jobe.run(spec("python3", "print('next')\n"));

    assertThat(forking.body().get("outcome").asInt()).as(forking.text()).isEqualTo(15);
    assertThat(forking.body().get("stdout").asText()).isEqualTo("OK\n");
    assertThat(after.body().get("stdout").asText()).isEqualTo("next\n");
  }

  @Test
  void a_python_program_may_run_pylint_with_its_home_in_its_directory() {
    JobeClient.Answer approved =
        jobe.run(
            spec(
                "python3",
                Programs.PYTHON_RUNS_PYLINT.formatted("\"\"\"Doc string\"\"\""),
                "parameters",
                Map.of("memorylimit", 200_000)));
    JobeClient.Answer refused =
        jobe.run(
            spec(
                "python3",
                Programs.PYTHON_RUNS_PYLINT.formatted("# Alas no docstring"),
                "parameters",
                Map.of("memorylimit", 200_000)));

    assertThat(approved.body().get("outcome").asInt()).as(approved.text()).isEqualTo(15);
    assertThat(approved.body().get("stdout").asText()).isEqualTo("Yay!\n");
    assertThat(refused.body().get("stdout").asText()).startsWith("source.py:1:0: C0114");
  }

  @Test
  void a_program_killed_by_sigsys_is_19() {
    JobeClient.Answer killed =
        jobe.run(spec("c", "#include <signal.h>\nint main(void) { raise(SIGSYS); return 0; }\n"));

    assertThat(killed.body().get("outcome").asInt()).isEqualTo(19);
  }

  @Test
  void compile_link_interpreter_and_run_arguments_reach_the_commands() {
    JobeClient.Answer python =
        jobe.run(
            spec(
                "python3",
                "import sys\nprint(sys.argv[1:], sys.flags.optimize)\n",
                "parameters",
                Map.of("interpreterargs", List.of("-O"), "runargs", List.of("first 'two words'"))));
    JobeClient.Answer c =
        jobe.run(
            spec(
                "c",
                "#include <stdio.h>\n#include <math.h>\n"
                    + "int main(void) { printf(\"%s %.0f\\n\", GREETING, sqrt(N)); return 0; }\n",
                "parameters",
                Map.of(
                    "compileargs",
                    List.of("-DN=49", "-DGREETING=\\\"hi\\\""),
                    "linkargs",
                    List.of("-lm"))));

    assertThat(python.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(python.body().get("stdout").asText()).isEqualTo("['first', 'two words'] 1\n");
    assertThat(c.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(c.body().get("stdout").asText()).isEqualTo("hi 7\n");
  }

  @Test
  void a_c_warning_is_a_compile_error_by_jobes_default_and_not_with_other_compileargs() {
    String unused = "int main(void) { int unused; return 0; }\n";

    JobeClient.Answer strict = jobe.run(spec("c", unused));
    JobeClient.Answer lenient =
        jobe.run(spec("c", unused, "parameters", Map.of("compileargs", List.of("-w"))));

    assertThat(strict.body().get("outcome").asInt()).isEqualTo(11);
    assertThat(strict.body().get("cmpinfo").asText()).contains("unused");
    assertThat(lenient.body().get("outcome").asInt()).isEqualTo(15);
  }

  @Test
  void jobes_overload_probe_is_21_without_a_run() {
    JobeClient.Answer overload = jobe.run(spec("python3", "!** TESTING OVERLOAD EXCEPTION **!"));

    assertThat(overload.status()).isEqualTo(200);
    assertThat(overload.body().get("outcome").asInt()).isEqualTo(21);
  }

  @Test
  void a_missing_file_is_404_then_put_then_the_same_run_succeeds() {
    String id = "f" + UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> run =
        spec(
            "python3",
            "print(open('data.txt').read().upper(), end='')\n",
            "file_list",
            fileList(id, "data.txt"));

    JobeClient.Answer missing = jobe.run(run);
    JobeClient.Answer put = jobe.put(id, "shared by every node\n");
    JobeClient.Answer retried = jobe.run(run);

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).isEqualTo(JobeClient.FILES_MISSING);
    assertThat(put.status()).isEqualTo(204);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(retried.body().get("stdout").asText()).isEqualTo("SHARED BY EVERY NODE\n");
  }

  @Test
  void a_support_file_of_the_language_is_importable_but_the_program_is_what_runs() {
    String id = "m" + UUID.randomUUID().toString().replace("-", "");
    jobe.put(id, "def twice(x):\n    return 2 * x\n");

    JobeClient.Answer run =
        jobe.run(
            spec(
                "python3",
                "from helper import twice\nprint(twice(21))\n",
                "file_list",
                fileList(id, "helper.py")));

    assertThat(run.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(run.body().get("stdout").asText()).isEqualTo("42\n");
  }

  @Test
  void a_bad_key_is_403_and_a_bad_spec_400_with_jobes_bodies() {
    JobeClient wrongKey = new JobeClient(cluster.baseUrl(), "not-a-verdict-token");

    JobeClient.Answer forbidden = wrongKey.run(spec("python3", "print(1)\n"));
    JobeClient.Answer unknownLanguage = jobe.run(spec("cobol", "DISPLAY 'HI'."));
    JobeClient.Answer tooMuchCpu =
        jobe.run(spec("python3", "print(1)\n", "parameters", Map.of("cputime", 100_000)));

    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.text()).isEqualTo("\"Unknown API key\"");
    assertThat(unknownLanguage.status()).isEqualTo(400);
    assertThat(unknownLanguage.text()).isEqualTo("\"Language 'cobol' is not known\"");
    assertThat(tooMuchCpu.status()).isEqualTo(400);
    assertThat(tooMuchCpu.text()).startsWith("\"cputime exceeds maximum allowed");
  }

  @Test
  void output_that_is_not_utf8_is_escaped_as_jobe_escapes_it_and_utf8_is_kept() {
    JobeClient.Answer latin =
        jobe.run(
            spec(
                "c",
                "#include <stdio.h>\nint main() {\n"
                    + "    printf(\"Hello world\\n\\01\\006\\300\\311\\n\");\n}\n"));
    JobeClient.Answer utf8 = jobe.run(spec("python3", "print('h\\u00e9llo \\u20ac')\n"));

    assertThat(latin.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(latin.body().get("stdout").asText())
        .isEqualTo("Hello world\n\\x01\\x06\\xc0\\xc9\n");
    assertThat(utf8.body().get("stdout").asText()).isEqualTo("h\u00e9llo \u20ac\n");
  }

  @Test
  void numprocs_counts_the_program_and_its_children_as_jobe_counts_them() {
    JobeClient.Answer forking =
        jobe.run(
            spec(
                "c",
                "#include <unistd.h>\n#include <stdio.h>\nint main() {\n"
                    + "  int ok = 0, failed = 0;\n"
                    + "  for (int i = 0; i < 100; i++) {\n"
                    + "    int pid = fork();\n"
                    + "    if (pid == -1) failed++; else if (pid == 0) { pause(); return 0; }"
                    + " else ok++;\n"
                    + "  }\n"
                    + "  printf(\"%d forks succeeded, %d failed\\n\", ok, failed);\n"
                    + "  fflush(stdout);\n"
                    + "  return 0;\n}\n",
                "parameters",
                Map.of("numprocs", 20, "cputime", 2)));

    // why: Jobe allows numprocs processes of the run besides its shell: the program and 19
    // children.
    assertThat(forking.body().get("stdout").asText()).isEqualTo("19 forks succeeded, 81 failed\n");
  }

  @Test
  void a_long_output_comes_back_whole() {
    JobeClient.Answer lines = jobe.run(spec("python3", "for i in range(2000):\n    print(i)\n"));

    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      expected.append(i).append('\n');
    }
    assertThat(lines.body().get("outcome").asInt()).isEqualTo(15);
    assertThat(lines.body().get("stdout").asText()).isEqualTo(expected.toString());
  }

  @Test
  void a_program_may_write_files_beside_itself_as_in_jobe() {
    JobeClient.Answer io =
        jobe.run(
            spec(
                "python3",
                "with open('testoutput.txt', 'w') as output:\n"
                    + "    output.write('One fish\\nTwo fish\\n')\n"
                    + "with open('testoutput.txt') as input:\n"
                    + "    print(input.read(), end='')\n"));

    assertThat(io.body().get("outcome").asInt()).as(io.text()).isEqualTo(15);
    assertThat(io.body().get("stdout").asText()).isEqualTo("One fish\nTwo fish\n");
  }
}
