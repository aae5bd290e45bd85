package dev.verdict.worker.language;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The classes of a compiled Java submission that the {@code java} launcher can start, read from the
 * class files themselves, as DOMjudge's {@code DetectMain} finds them by reflection: a class with a
 * {@code public static void main(String[])}, or (Java 25 launcher, JEP 512) a non-private {@code
 * main(String[])} or {@code main()}. Reading the compiled classes rather than the sources sees past
 * comments, strings and unusual formatting.
 */
public final class MainClasses {
  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_PRIVATE = 0x0002;
  private static final int ACC_STATIC = 0x0008;
  private static final int ACC_INTERFACE = 0x0200;
  private static final int ACC_ABSTRACT = 0x0400;

  private MainClasses() {}

  /**
   * A class that can be started.
   *
   * @param name binary name, package-qualified with dots
   * @param classic whether its main is {@code public static void main(String[])}
   */
  public record MainClass(String name, boolean classic) {}

  /** Every startable class under {@code dir} (the compiler's output), in name order. */
  public static List<MainClass> in(Path dir) {
    List<MainClass> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        MainClass main = read(Files.readAllBytes(file));
        if (main != null) {
          found.add(main);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class files in " + dir, e);
    }
    found.sort(java.util.Comparator.comparing(MainClass::name));
    return found;
  }

  /** The class a class file defines, if it can be started; null otherwise or if unreadable. */
  static MainClass read(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        return null;
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] classNames = new int[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classNames[i] = in.readUnsignedShort();
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++;
          }
          default -> {
            return null;
          }
        }
      }
      int access = in.readUnsignedShort();
      String name = utf8[classNames[in.readUnsignedShort()]];
      in.readUnsignedShort();
      skip(in, in.readUnsignedShort() * 2);
      skipMembers(in);
      if ((access & (ACC_INTERFACE | ACC_ABSTRACT)) != 0 || name == null) {
        return null;
      }
      Boolean classic = null;
      int methods = in.readUnsignedShort();
      for (int m = 0; m < methods; m++) {
        int flags = in.readUnsignedShort();
        String methodName = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        skipAttributes(in);
        if (!"main".equals(methodName) || (flags & ACC_PRIVATE) != 0) {
          continue;
        }
        boolean stringArray = "([Ljava/lang/String;)V".equals(descriptor);
        if (stringArray && (flags & (ACC_PUBLIC | ACC_STATIC)) == (ACC_PUBLIC | ACC_STATIC)) {
          classic = true;
        } else if ((stringArray || "()V".equals(descriptor)) && classic == null) {
          classic = false;
        }
      }
      return classic == null ? null : new MainClass(name.replace('/', '.'), classic);
    } catch (IOException | RuntimeException e) {
      // why: a file javac did not write (a submitted file named *.class) is simply no candidate.
      return null;
    }
  }

  private static void skipMembers(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      skip(in, 6);
      skipAttributes(in);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      in.readUnsignedShort();
      skip(in, in.readInt());
    }
  }

  private static void skip(DataInputStream in, int bytes) throws IOException {
    if (bytes < 0 || in.skipBytes(bytes) != bytes) {
      throw new IOException("truncated class file");
    }
  }
}
