package dev.scenelabeler.connectors.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * One camera frame on the {@code frames} topic; key = camera id (UTF-8). Byte layout in
 * docs/FORMATS.md and {@link FrameRecordFormat}.
 *
 * @param cameraId the camera that took the frame, 1..255 UTF-8 bytes
 * @param sequence the frame's number in this camera's stream, counting from 0
 * @param captureTimestampMs when the frame was taken, epoch milliseconds
 * @param encoding how {@code image} is encoded
 * @param width image width in pixels
 * @param height image height in pixels
 * @param image the encoded image (not copied: the caller hands it over)
 */
public record FrameRecord(
    String cameraId,
    long sequence,
    long captureTimestampMs,
    ImageEncoding encoding,
    int width,
    int height,
    byte[] image) {

  public FrameRecord {
    checkCameraId(cameraId);
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(image, "image");
    checkDimension("width", width);
    checkDimension("height", height);
  }

  static void checkCameraId(String cameraId) {
    Objects.requireNonNull(cameraId, "cameraId");
    if (cameraId.isEmpty()) {
      throw new IllegalArgumentException("cameraId must not be empty");
    }
  }

  static void checkDimension(String name, int value) {
    if (value < 1 || value > RecordLimits.MAX_DIMENSION) {
      throw new IllegalArgumentException(
          name + " must be in 1.." + RecordLimits.MAX_DIMENSION + ", got " + value);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FrameRecord other
        && cameraId.equals(other.cameraId)
        && sequence == other.sequence
        && captureTimestampMs == other.captureTimestampMs
        && encoding == other.encoding
        && width == other.width
        && height == other.height
        && Arrays.equals(image, other.image);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cameraId, sequence, captureTimestampMs, encoding, width, height) * 31
        + Arrays.hashCode(image);
  }

  @Override
  public String toString() {
    return "FrameRecord["
        + cameraId
        + " #"
        + sequence
        + " @"
        + captureTimestampMs
        + " "
        + encoding
        + " "
        + width
        + "x"
        + height
        + ", "
        + image.length
        + " bytes]";
  }
}
