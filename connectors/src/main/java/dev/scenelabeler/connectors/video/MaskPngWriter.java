package dev.scenelabeler.connectors.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Writes class-index masks as lossless 8-bit greyscale PNGs, one file per frame, named
 * {@code mask-NNNNNN.png} by frame index. A pixel's grey value is its class index (255 = void).
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

  /** Writes the mask of one frame and returns its file. */
  public Path write(long frameIndex, int width, int height, byte[] classes) throws VideoWriteException {
    Path file = fileFor(frameIndex);
    byte[] png = encodePng(width, height, classes);
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw new VideoWriteException(file, "cannot write mask PNG: " + e, e);
    }
    return file;
  }

  /**
   * Encodes a row-major class-index mask as an 8-bit greyscale PNG.
   *
   * @throws IllegalArgumentException if {@code classes.length != width * height}
   */
  public static byte[] encodePng(int width, int height, byte[] classes) {
    if (width < 1 || height < 1 || classes.length != (long) width * height) {
      throw new IllegalArgumentException("mask of " + width + "x" + height + " needs "
          + (long) width * height + " bytes, got " + classes.length);
    }
    OpenCvNatives.ensureLoaded();
    Mat mask = new Mat(height, width, CvType.CV_8UC1);
    MatOfByte png = new MatOfByte();
    try {
      mask.put(0, 0, classes);
      // Fastest zlib level: masks are flat regions, higher levels save little and cost time.
      if (!Imgcodecs.imencode(".png", mask, png, new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 1))) {
        throw new IllegalStateException("OpenCV could not encode a " + width + "x" + height + " PNG");
      }
      return png.toArray();
    } finally {
      mask.release();
      png.release();
    }
  }

  /** Reads a mask PNG back as row-major class indices; the size is checked against the file. */
  public static byte[] readPng(Path file, int expectedWidth, int expectedHeight) throws IOException {
    OpenCvNatives.ensureLoaded();
    MatOfByte encoded = new MatOfByte(Files.readAllBytes(file));
    Mat mask = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_UNCHANGED);
    encoded.release();
    try {
      if (mask.empty() || mask.type() != CvType.CV_8UC1) {
        throw new IOException(file + ": not an 8-bit greyscale PNG mask");
      }
      if (mask.cols() != expectedWidth || mask.rows() != expectedHeight) {
        throw new IOException(file + ": mask is " + mask.cols() + "x" + mask.rows()
            + ", expected " + expectedWidth + "x" + expectedHeight);
      }
      byte[] classes = new byte[expectedWidth * expectedHeight];
      mask.get(0, 0, classes);
      return classes;
    } finally {
      mask.release();
    }
  }
}
