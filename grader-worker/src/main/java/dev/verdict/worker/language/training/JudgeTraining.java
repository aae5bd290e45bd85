package dev.verdict.worker.language.training;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StreamTokenizer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Scanner;
import java.util.Set;
import java.util.StringJoiner;
import java.util.StringTokenizer;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a judge's Java program typically does in its first milliseconds: read numbers and lines with
 * {@link Scanner}, {@link BufferedReader} and {@link StringTokenizer}, {@link StreamTokenizer} or
 * {@link DataInputStream}, keep them in the collections, sort, use streams, lambdas and string
 * concatenation, compute with big numbers, and print with {@code System.out}, {@link PrintWriter}
 * and {@code printf}. The worker runs it once per start, with the runs' JVM options, to record the
 * JDK classes (and the lambda forms and string concatenations) such programs load in the JVM's
 * ahead-of-time cache, so that each run finds them loaded and linked instead of reading them from
 * the JDK's modules.
 *
 * <p>It depends on nothing but the JDK: it runs from a folder of its own classes, which the cache
 * leaves out.
 */
public final class JudgeTraining {
  private JudgeTraining() {}

  /** Reads the training input on stdin: two numbers on the first line, then any lines. */
  public static void main(String[] args) throws IOException {
    byte[] input = System.in.readAllBytes();
    Scanner scanner = new Scanner(new ByteArrayInputStream(input));
    long a = scanner.nextLong();
    int b = scanner.nextInt();
    scanner.nextLine();
    String word = scanner.hasNext() ? scanner.next() : "";
    double real = scanner.hasNextDouble() ? scanner.nextDouble() : 0.5;
    System.out.println(a + b);
    System.out.println("sum " + (a + b) + " of " + word + ", " + real + '!');
    System.out.printf("%d %.3f %s%n", a, real, word);
    System.out.print(String.format(Locale.ROOT, "%5.2f%n", real));

    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8));
    List<Integer> numbers = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      StringTokenizer tokens = new StringTokenizer(line);
      while (tokens.hasMoreTokens()) {
        String token = tokens.nextToken();
        counts.merge(token, 1, Integer::sum);
        if (token.chars().allMatch(Character::isDigit)) {
          numbers.add(Integer.parseInt(token));
        }
      }
      for (String part : line.trim().split("\\s+")) {
        counts.computeIfAbsent(part, k -> 0);
      }
    }
    StreamTokenizer stream =
        new StreamTokenizer(
            new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input))));
    double total = 0;
    while (stream.nextToken() != StreamTokenizer.TT_EOF) {
      total += stream.ttype == StreamTokenizer.TT_NUMBER ? stream.nval : 0;
    }
    DataInputStream data = new DataInputStream(new ByteArrayInputStream(input));
    total += data.read();

    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
    int[] array = numbers.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(array);
    long[] longs = new long[array.length];
    Arrays.fill(longs, Long.parseLong("1"));
    Integer[] boxed = numbers.toArray(new Integer[0]);
    Arrays.sort(boxed, Collections.reverseOrder());
    Collections.sort(numbers);
    numbers.sort(Comparator.comparing(Integer::intValue).thenComparing(x -> -x));
    out.println(Arrays.toString(array) + " " + Arrays.toString(boxed) + " " + total);
    out.println(numbers.stream().map(String::valueOf).collect(Collectors.joining(" ")));
    out.println(IntStream.rangeClosed(1, 10).filter(x -> x % 2 == 0).sum());
    out.println(counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList());

    TreeMap<String, Integer> sorted = new TreeMap<>(counts);
    TreeSet<Integer> set = new TreeSet<>(numbers);
    Set<Long> seen = new HashSet<>();
    Map<Integer, List<Integer>> graph = new LinkedHashMap<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
    LinkedList<Integer> list = new LinkedList<>();
    for (int i = 0; i < 64; i++) {
      graph.computeIfAbsent(i % 8, k -> new ArrayList<>()).add(i);
      queue.add(i);
      heap.add(new long[] {i * 31L % 17, i});
      list.addFirst(i);
      seen.add((long) i * i);
    }
    while (!queue.isEmpty()) {
      queue.poll();
    }
    long best = 0;
    while (!heap.isEmpty()) {
      best = Math.max(best, heap.poll()[0]);
    }
    BitSet bits = new BitSet();
    bits.set(3);
    StringBuilder builder = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      builder.append(i).append(' ');
    }
    builder.reverse();
    StringJoiner joiner = new StringJoiner(",", "[", "]");
    graph.forEach((k, v) -> joiner.add(k + "=" + v.size()));
    Optional<Integer> max = set.stream().max(Integer::compare);
    out.println(
        sorted.firstKey()
            + set.ceiling(2)
            + seen.size()
            + joiner
            + best
            + bits
            + builder
            + max.orElse(-1)
            + list.peekFirst());

    BigInteger big = BigInteger.valueOf(a).pow(20).add(BigInteger.ONE).mod(BigInteger.TEN.pow(9));
    BigDecimal decimal =
        new BigDecimal("1.5").divide(BigDecimal.valueOf(7), 10, RoundingMode.HALF_UP);
    out.println(
        big + " " + decimal + " " + Math.sqrt(a) + " " + Math.abs(-b) + " " + Math.floorMod(a, 7));
    out.printf("%.6f %s%n", Math.PI * real, Long.toBinaryString(a));
    out.println(
        new Random(a).nextInt(100) + Integer.MAX_VALUE + Long.MIN_VALUE + Character.digit('7', 10));
    out.println(
        switchOn(word) + String.join(",", List.of("a", "b")) + "x".repeat(3) + Record.of(a));
    out.flush();
  }

  private static int switchOn(String word) {
    return switch (word) {
      case "a" -> 1;
      case "b" -> 2;
      default -> word.length();
    };
  }

  private record Record(long value) {
    static Record of(long value) {
      return new Record(value);
    }
  }
}
