package dev.scenelabeler.connectors.records;

import java.nio.charset.StandardCharsets;

/**
 * The frame record value, format version 1 (docs/FORMATS.md, "Frame record"). Big-endian:
 *
 * <pre>
 *   u8  magic 0x46 ('F')      u8  version 1
 *   u16 camera id length      ... camera id, UTF-8
 *   i64 sequence              i64 capture timestamp, epoch ms
 *   u8  encoding (1 JPEG, 2 PNG)
 *   i32 width                 i32 height
 *   i32 image length          ... image bytes
 * </pre>
 */
public final class FrameRecordFormat {

  public static final byte MAGIC = 'F';
  public static final byte VERSION = 1;
  static final String KIND = "frame";

  /** Everything but the camera id and the image. */
  static final int FIXED_BYTES = 1 + 1 + 2 + 8 + 8 + 1 + 4 + 4 + 4;

  private FrameRecordFormat() {}

  public static byte[] key(FrameRecord frame) {
    return frame.cameraId().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] write(FrameRecord frame, RecordLimits limits) {
    byte[] camera = RecordWriter.utf8(KIND, "camera id", frame.cameraId(), RecordLimits.MAX_NAME_BYTES);
    if (frame.image().length > limits.maxImageBytes()) {
      throw new RecordFormatException(KIND + " record image is " + frame.image().length
          + " bytes, the limit is " + limits.maxImageBytes() + " bytes (" + RecordLimits.HOW_TO_RAISE + "; " + frame + ")");
    }
    return new RecordWriter(FIXED_BYTES + camera.length + frame.image().length, MAGIC, VERSION)
        .string(camera)
        .i64(frame.sequence())
        .i64(frame.captureTimestampMs())
        .u8(frame.encoding().code())
        .i32(frame.width())
        .i32(frame.height())
        .bytes(frame.image())
        .toArray();
  }

  public static FrameRecord read(byte[] value, RecordLimits limits) {
    RecordReader in = RecordReader.open(
        KIND, value, MAGIC, VERSION, FIXED_BYTES + 1, FIXED_BYTES + RecordLimits.MAX_NAME_BYTES + limits.maxImageBytes());
    String camera = in.string("camera id", RecordLimits.MAX_NAME_BYTES);
    if (camera.isEmpty()) {
      throw in.invalid("camera id", "is empty");
    }
    long sequence = in.i64("sequence");
    long captureMs = in.i64("capture timestamp");
    ImageEncoding encoding = ImageEncoding.fromCode(in.u8("encoding"));
    int width = in.dimension("width");
    int height = in.dimension("height");
    byte[] image = in.bytes("image", limits.maxImageBytes());
    if (image.length == 0) {
      throw in.invalid("image", "is empty (0 bytes) for a " + width + "x" + height + " " + encoding + " frame");
    }
    in.expectEnd();
    return new FrameRecord(camera, sequence, captureMs, encoding, width, height, image);
  }
}
