package dev.scenelabeler.connectors.video;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one JSON object per line (JSON Lines) with Jackson: any record or map, e.g. the per-frame
 * mask statistics. Lines are flushed on {@link #flush()} and {@link #close()}.
 */
public final class StatsJsonLinesWriter extends ClosesOnce {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final BufferedWriter out;

  private StatsJsonLinesWriter(Path file, BufferedWriter out) {
    super("stats writer for " + file);
    this.file = file;
    this.out = out;
  }

  /** Creates or replaces {@code file}. */
  public static StatsJsonLinesWriter open(Path file) throws VideoWriteException {
    WritablePaths.checkWritableFile(file);
    try {
      return new StatsJsonLinesWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new VideoWriteException(file, "cannot open stats file: " + e, e);
    }
  }

  /** Appends {@code value} as one line of JSON. */
  public void write(Object value) throws VideoWriteException {
    checkOpen();
    try {
      out.write(MAPPER.writeValueAsString(value));
      out.write('\n');
    } catch (IOException e) {
      throw new VideoWriteException(file, "cannot write stats line: " + e, e);
    }
  }

  public void flush() throws VideoWriteException {
    try {
      out.flush();
    } catch (IOException e) {
      throw new VideoWriteException(file, "cannot flush stats file: " + e, e);
    }
  }

  @Override
  void finish() throws VideoWriteException {
    try {
      out.close();
    } catch (IOException e) {
      throw new VideoWriteException(file, "cannot close stats file: " + e, e);
    }
  }
}
