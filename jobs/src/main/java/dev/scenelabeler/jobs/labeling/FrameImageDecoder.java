package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.models.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes a frame record's JPEG/PNG into the BGR Mat the labeler takes, once per frame, and
 * checks it is the size the record claims. The caller owns (and releases) the Mat.
 */
final class FrameImageDecoder {

  FrameImageDecoder() {
    OpenCv.load();
  }

  /** @throws UndecodableImageException when the bytes are no image or not the claimed size */
  Mat decode(FrameRecord frame) {
    if (frame.encoding() == ImageEncoding.JPEG && !endsWithJpegEndMarker(frame.image())) {
      // libjpeg decodes a truncated JPEG "successfully", grey below the cut: refuse it here.
      throw new UndecodableImageException("JPEG of " + frame.image().length
          + " bytes has no end-of-image marker (truncated?) (camera " + frame.cameraId() + " #" + frame.sequence() + ")");
    }
    MatOfByte encoded = new MatOfByte(frame.image());
    Mat image;
    try {
      image = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
    } finally {
      encoded.release();
    }
    if (image.empty()) {
      image.release();
      throw new UndecodableImageException(frame.encoding() + " image of " + frame.image().length
          + " bytes does not decode (camera " + frame.cameraId() + " #" + frame.sequence() + ")");
    }
    if (image.cols() != frame.width() || image.rows() != frame.height()) {
      String actual = image.cols() + "x" + image.rows();
      image.release();
      throw new UndecodableImageException("image decodes to " + actual + " but the record says "
          + frame.width() + "x" + frame.height() + " (camera " + frame.cameraId() + " #" + frame.sequence() + ")");
    }
    return image;
  }

  /** JPEG ends with FF D9; some encoders pad a few bytes after it. */
  private static boolean endsWithJpegEndMarker(byte[] jpeg) {
    for (int i = jpeg.length - 2; i >= Math.max(0, jpeg.length - 64); i--) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xD9) {
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
