package dev.scenelabeler.connectors.records;

import org.bytedeco.javacpp.Loader;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Class-index masks as lossless 8-bit greyscale PNG: pixel value = class index. Any PNG
 * reader gives back the exact bytes, which is why the mask record carries PNG and not JPEG.
 */
public final class MaskPng {

  static {
    // org.opencv.* needs its JNI library loaded once; JavaCV bundles it.
    Loader.load(org.bytedeco.opencv.opencv_java.class);
  }

  /**
   * zlib level 1: masks are large uniform regions, so even the fastest level shrinks them
   * ~20-50x; higher levels cost several times the CPU for a few percent.
   */
  private static final MatOfInt PNG_PARAMS = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 1);

  private MaskPng() {}

  /** Encodes {@code width * height} class indices, row-major, as an 8-bit greyscale PNG. */
  public static byte[] encode(int width, int height, byte[] classIndices) {
    long expected = (long) width * height;
    if (width < 1 || height < 1 || classIndices.length != expected) {
      throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + expected
          + " class indices, got " + classIndices.length);
    }
    Mat mat = new Mat(height, width, CvType.CV_8UC1);
    MatOfByte png = new MatOfByte();
    try {
      mat.put(0, 0, classIndices);
      if (!Imgcodecs.imencode(".png", mat, png, PNG_PARAMS)) {
        throw new IllegalStateException("OpenCV could not PNG-encode a " + width + "x" + height + " mask");
      }
      return png.toArray();
    } finally {
      mat.release();
      png.release();
    }
  }

  /**
   * Decodes a mask PNG back to row-major class indices, checking it is 8-bit single-channel
   * and {@code width x height}.
   */
  public static byte[] decode(byte[] png, int width, int height) {
    MatOfByte encoded = new MatOfByte(png);
    Mat mat = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_UNCHANGED);
    try {
      if (mat.empty()) {
        throw new RecordFormatException("mask PNG (" + png.length + " bytes) could not be decoded");
      }
      if (mat.type() != CvType.CV_8UC1) {
        throw new RecordFormatException("mask PNG is " + CvType.typeToString(mat.type())
            + " with " + mat.channels() + " channels, expected 8-bit greyscale (CV_8UC1)");
      }
      if (mat.cols() != width || mat.rows() != height) {
        throw new RecordFormatException("mask PNG is " + mat.cols() + "x" + mat.rows()
            + ", the record says " + width + "x" + height);
      }
      byte[] classes = new byte[width * height];
      mat.get(0, 0, classes);
      return classes;
    } finally {
      mat.release();
      encoded.release();
    }
  }
}
