// What a writing run's box costs the worker: RunBoxes.open (a fresh copy of the work directory,
// owned by the slot's uid) and its close, against the read-only box, for a work directory of
// N files of SIZE bytes. Run as root from the repository's root:
//   java -cp grader-worker/target/grader-worker-0.1.0-SNAPSHOT.jar bench/RunBoxCopy.java DIR N SIZE RUNS
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public class RunBoxCopy {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    Path work = Files.createDirectories(root.resolve("submission"));
    for (int i = 0; i < files; i++) {
      Files.write(work.resolve("f" + i), new byte[size]);
    }
    Class<?> boxes = Class.forName("dev.verdict.worker.grading.RunBoxes");
    Constructor<?> make = boxes.getDeclaredConstructor(Path.class, int.class);
    make.setAccessible(true);
    Object runBoxes = make.newInstance(root.resolve("box"), 60_000);
    Method open = boxes.getDeclaredMethod("open", Path.class, boolean.class);
    open.setAccessible(true);
    for (boolean writing : new boolean[] {false, true}) {
      double[] ms = new double[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        try (AutoCloseable box = (AutoCloseable) open.invoke(runBoxes, work, writing)) {
          // the run would happen here
        }
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(
          "%s: %d files of %d B, %d runs: median %.3f ms, p90 %.3f ms%n",
          writing ? "writable copy" : "read-only", files, size, runs, ms[runs / 2], ms[runs * 9 / 10]);
    }
  }
}
