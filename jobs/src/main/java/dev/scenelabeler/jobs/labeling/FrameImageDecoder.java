package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.FrameHeader;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.models.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes a frame record's JPEG/PNG into the BGR Mat the labeler takes, once per frame, and checks
 * it is the size the record claims. The caller owns (and releases) the Mat.
 */
final class FrameImageDecoder {

  FrameImageDecoder() {
    OpenCv.load();
  }

  /**
   * Decodes the image of {@code header} where it lies in {@code value}, without copying it on the
   * heap.
   *
   * @throws UndecodableImageException when the bytes are no image or not the claimed size
   */
  Mat decode(FrameHeader header, byte[] value) {
    int offset = header.imageOffset();
    int length = header.imageLength();
    String frame = " (camera " + header.cameraId() + " #" + header.sequence() + ")";
    if (header.encoding() == ImageEncoding.JPEG && !endsWithJpegEndMarker(value, offset, length)) {
      // libjpeg decodes a truncated JPEG "successfully", grey below the cut: refuse it here.
      throw new UndecodableImageException(
          "JPEG of " + length + " bytes has no end-of-image marker (truncated?)" + frame);
    }
    MatOfByte encoded = new MatOfByte(offset, length, value);
    Mat image;
    try {
      image = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
    } finally {
      encoded.release();
    }
    if (image.empty()) {
      image.release();
      throw new UndecodableImageException(
          header.encoding() + " image of " + length + " bytes does not decode" + frame);
    }
    if (image.cols() != header.width() || image.rows() != header.height()) {
      String actual = image.cols() + "x" + image.rows();
      image.release();
      throw new UndecodableImageException(
          "image decodes to "
              + actual
              + " but the record says "
              + header.width()
              + "x"
              + header.height()
              + frame);
    }
    return image;
  }

  /** JPEG ends with FF D9; some encoders pad a few bytes after it. */
  private static boolean endsWithJpegEndMarker(byte[] value, int offset, int length) {
    int end = offset + length;
    for (int i = end - 2; i >= Math.max(offset, end - 64); i--) {
      if ((value[i] & 0xFF) == 0xFF && (value[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }

  /** The record's image is not a usable picture. */
  static final class UndecodableImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UndecodableImageException(String message) {
      super(message);
    }
  }
}
