package dev.scenelabeler.connectors.records;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frame record read without copying its image: the fields, and where the image lies in the value
 * it was read from ({@link FrameRecordFormat#readHeader}). Lets a queue of frames hold one copy of
 * each image, the record's own bytes.
 *
 * @param imageOffset where the encoded image starts in the value
 * @param imageLength its length in bytes, at least 1
 */
public record FrameHeader(
    String cameraId,
    long sequence,
    long captureTimestampMs,
    ImageEncoding encoding,
    int width,
    int height,
    int imageOffset,
    int imageLength) {

  /** The image inside {@code value}, the array this header was read from: a view, not a copy. */
  public ByteBuffer image(byte[] value) {
    return ByteBuffer.wrap(value, imageOffset, imageLength).slice();
  }

  /**
   * The whole frame, its image copied out of {@code value}, the array this header was read from.
   */
  public FrameRecord toFrame(byte[] value) {
    return new FrameRecord(
        cameraId,
        sequence,
        captureTimestampMs,
        encoding,
        width,
        height,
        Arrays.copyOfRange(value, imageOffset, imageOffset + imageLength));
  }
}
