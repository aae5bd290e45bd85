#!/usr/bin/env python3
"""CPU time of one JVM start per variant of the run command's JVM options, outside any sandbox.

Compiles a judge program (Scanner a+b by default; `--program matmul` a numeric kernel of about
0.3 s; `--program reader` BufferedReader a+b) into a temporary folder and starts it ROUNDS times
per variant, alternating variants round by round, pinned to one core. Each start's CPU time
(user + system, from wait4) is the JVM's whole cost; the median and quartiles are printed with
the difference from the first variant. The options common to all variants are the Java run
command's (default-languages.yaml) with the heap of a 256 MB limit.

  bench/jvm-flags.py [--rounds 20] [--core 1] [--program scanner|reader|matmul] \
      'base=' 'aot=-XX:AOTCache=/path/java.aot' 'c1=-XX:TieredStopAtLevel=1' ...
"""
import argparse
import os
import shlex
import statistics
import subprocess
import tempfile
import time

PROGRAMS = {
    "scanner": """import java.util.Scanner;
public class Main {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    long a = in.nextLong(), b = in.nextLong();
    System.out.println(a + b);
  }
}
""",
    "reader": """import java.io.*;
import java.util.*;
public class Main {
  public static void main(String[] args) throws IOException {
    StringTokenizer t = new StringTokenizer(new BufferedReader(new InputStreamReader(System.in)).readLine());
    System.out.println(Long.parseLong(t.nextToken()) + Long.parseLong(t.nextToken()));
  }
}
""",
    "matmul": """public class Main {
  public static void main(String[] args) {
    int n = 700;
    double[][] a = new double[n][n], b = new double[n][n], c = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { a[i][j] = i + j; b[i][j] = i - j; }
    for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) { double x = a[i][k]; for (int j = 0; j < n; j++) c[i][j] += x * b[k][j]; }
    long h = 0; for (int i = 0; i < 200_000_000; i++) h = h * 31 + (i ^ (h >>> 7));
    System.out.println(c[n - 1][n - 1] + " " + h);
  }
}
""",
}
BASE = "-Xmx192m -Xss64m -XX:+UseSerialGC -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--core", type=int, default=1)
    parser.add_argument("--program", default="scanner", choices=PROGRAMS)
    parser.add_argument("--java-home", default=os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
    parser.add_argument("variants", nargs="+")
    args = parser.parse_args()
    java = os.path.join(args.java_home, "bin", "java")
    work = tempfile.mkdtemp(prefix="jvm-flags-")
    with open(os.path.join(work, "Main.java"), "w") as f:
        f.write(PROGRAMS[args.program])
    subprocess.run([os.path.join(args.java_home, "bin", "javac"), "-d", work, os.path.join(work, "Main.java")], check=True)
    stdin = os.path.join(work, "in.txt")
    with open(stdin, "w") as f:
        f.write("3 4\n")
    variants = [v.split("=", 1) for v in args.variants]

    def start(extra):
        fd = os.open(stdin, os.O_RDONLY)
        pid = os.fork()
        if pid == 0:
            os.dup2(fd, 0)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.sched_setaffinity(0, {args.core})
            os.chdir(work)
            os.execv(java, [java] + shlex.split(BASE) + shlex.split(extra) + ["-cp", ".", "Main"])
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
        if status != 0:
            raise SystemExit(f"{extra}: exit status {status}")
        return (usage.ru_utime + usage.ru_stime) * 1000

    for _, extra in variants:
        start(extra)
    cpu = {name: [] for name, _ in variants}
    for _ in range(args.rounds):
        for name, extra in variants:
            cpu[name].append(start(extra))
    first = statistics.median(cpu[variants[0][0]])
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} program {args.program}, {args.rounds} rounds, core {args.core}")
    for name, extra in variants:
        xs = sorted(cpu[name])
        m = statistics.median(xs)
        print(f"{name:14s} CPU p50 {m:7.1f} ms ({m - first:+6.1f})  p25 {xs[len(xs) // 4]:7.1f}  p75 {xs[3 * len(xs) // 4]:7.1f}  [{extra}]")


if __name__ == "__main__":
    main()
