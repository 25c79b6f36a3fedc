package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.records.ImageEncoding;
import org.bytedeco.javacpp.Loader;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** Encodes BGR frames as JPEG (quality 1..100) or lossless PNG for frame records. */
public final class FrameEncoder {

  static {
    Loader.load(org.bytedeco.opencv.opencv_java.class);
  }

  private final ImageEncoding encoding;
  private final MatOfInt params;

  public FrameEncoder(ImageEncoding encoding, int jpegQuality) {
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1..100, got " + jpegQuality);
    }
    this.encoding = encoding;
    // PNG level 1: frames are noisy camera images; higher levels cost much CPU for little size.
    this.params =
        encoding == ImageEncoding.JPEG
            ? new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality)
            : new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 1);
  }

  public ImageEncoding encoding() {
    return encoding;
  }

  public byte[] encode(Mat bgr) {
    MatOfByte out = new MatOfByte();
    try {
      if (!Imgcodecs.imencode(encoding.extension(), bgr, out, params)) {
        throw new IllegalStateException(
            "OpenCV could not encode a " + bgr.cols() + "x" + bgr.rows() + " frame as " + encoding);
      }
      return out.toArray();
    } finally {
      out.release();
    }
  }
}
