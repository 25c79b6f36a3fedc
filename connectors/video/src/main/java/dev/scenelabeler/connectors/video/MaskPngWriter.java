package dev.scenelabeler.connectors.video;

import dev.scenelabeler.connectors.records.MaskPng;
import dev.scenelabeler.connectors.records.RecordFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes class-index masks as lossless 8-bit greyscale PNGs, one file per frame, named {@code
 * mask-NNNNNN.png} by frame index. A pixel's grey value is its class index (255 = void). The PNG is
 * the mask record's format ({@link MaskPng}), so a record's bytes can be written as is.
 */
public final class MaskPngWriter {

  private final Path directory;

  /** Writes into {@code directory}, which must exist and be writable. */
  public MaskPngWriter(Path directory) throws VideoWriteException {
    if (!Files.isDirectory(directory)) {
      throw new VideoWriteException(directory, "mask output directory does not exist", null);
    }
    if (!Files.isWritable(directory)) {
      throw new VideoWriteException(directory, "mask output directory not writable", null);
    }
    this.directory = directory;
  }

  /** The file the mask of {@code frameIndex} goes to. */
  public Path fileFor(long frameIndex) {
    return directory.resolve(String.format(Locale.ROOT, "mask-%06d.png", frameIndex));
  }

  /**
   * Encodes the mask of one frame and writes it; returns its file.
   *
   * @throws IllegalArgumentException if {@code classes.length != width * height}
   */
  public Path write(long frameIndex, int width, int height, byte[] classes)
      throws VideoWriteException {
    return writePng(frameIndex, MaskPng.encode(width, height, classes));
  }

  /** Writes an already encoded mask PNG (e.g. a mask record's) as the mask of one frame. */
  public Path writePng(long frameIndex, byte[] png) throws VideoWriteException {
    Path file = fileFor(frameIndex);
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw new VideoWriteException(file, "cannot write mask PNG: " + e, e);
    }
    return file;
  }

  /** Reads a mask PNG back as row-major class indices; the size is checked against the file. */
  public static byte[] readPng(Path file, int expectedWidth, int expectedHeight)
      throws IOException {
    try {
      return MaskPng.decode(Files.readAllBytes(file), expectedWidth, expectedHeight);
    } catch (RecordFormatException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
