package dev.verdict.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a report folder's JSON and CSV files. */
public final class ReportWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final CsvMapper CSV = new CsvMapper();

  private final Path dir;

  /** Creates {@code dir} if needed. */
  public ReportWriter(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create report folder " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code value} (records, maps, lists) as indented JSON; returns the file. */
  public Path json(String fileName, Object value) {
    Path file = dir.resolve(fileName);
    try {
      JSON.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /**
   * Writes one CSV row per element, a header of {@code rowType}'s properties first. {@code rowType}
   * should be a record annotated with {@code @JsonPropertyOrder} so the columns keep their order.
   */
  public <T> Path csv(String fileName, Class<T> rowType, List<T> rows) {
    Path file = dir.resolve(fileName);
    CsvSchema schema = CSV.schemaFor(rowType).withHeader();
    try {
      CSV.writer(schema).writeValue(file.toFile(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
