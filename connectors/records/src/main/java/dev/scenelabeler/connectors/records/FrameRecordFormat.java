package dev.scenelabeler.connectors.records;

import org.apache.kafka.clients.producer.ProducerRecord;

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
 *
 * <p>Key = camera id (UTF-8); record timestamp = capture time. Use {@link #INSTANCE}, or {@link
 * RecordSerdes#frames()} as a Kafka serializer/deserializer.
 */
public enum FrameRecordFormat implements ValueFormat<FrameRecord> {
  INSTANCE;

  public static final byte MAGIC = 'F';
  public static final byte VERSION = 1;
  static final String KIND = "frame";

  /** Everything but the camera id and the image. */
  static final int FIXED_BYTES = 1 + 1 + 2 + 8 + 8 + 1 + 4 + 4 + 4;

  /**
   * The value of {@code frame}: 33 bytes of fixed fields + the camera id + the image.
   *
   * @throws RecordFormatException when the camera id is over {@link RecordLimits#MAX_NAME_BYTES}
   *     UTF-8 bytes or the image over {@code limits.maxImageBytes()} bytes
   */
  @Override
  public byte[] write(FrameRecord frame, RecordLimits limits) {
    byte[] camera =
        RecordWriter.utf8(KIND, "camera id", frame.cameraId(), RecordLimits.MAX_NAME_BYTES);
    if (frame.image().length > limits.maxImageBytes()) {
      throw new RecordFormatException(
          KIND
              + " record image is "
              + frame.image().length
              + " bytes, the limit is "
              + limits.maxImageBytes()
              + " bytes ("
              + RecordLimits.HOW_TO_RAISE
              + "; "
              + frame
              + ")");
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

  /**
   * Parses a frame value of at most 33 + {@link RecordLimits#MAX_NAME_BYTES} + {@code
   * limits.maxImageBytes()} bytes.
   *
   * @throws RecordFormatException when it is not a well-formed version-1 frame record: wrong magic
   *     or version, truncated, oversized, trailing bytes, an empty camera id or image, a width or
   *     height outside 1..{@link RecordLimits#MAX_DIMENSION}; the message has the numbers
   */
  @Override
  public FrameRecord read(byte[] value, RecordLimits limits) {
    return readHeader(value, limits).toFrame(value);
  }

  /**
   * Checks a frame value as {@link #read} does but leaves the image where it is: the header says
   * where it lies in {@code value}, so a reader that keeps the value keeps one copy of the image.
   *
   * @throws RecordFormatException as {@link #read}
   */
  public FrameHeader readHeader(byte[] value, RecordLimits limits) {
    int maxBytes = FIXED_BYTES + RecordLimits.MAX_NAME_BYTES + limits.maxImageBytes();
    RecordReader in = RecordReader.open(KIND, value, MAGIC, VERSION, FIXED_BYTES + 1, maxBytes);
    String camera = in.string("camera id", RecordLimits.MAX_NAME_BYTES);
    if (camera.isEmpty()) {
      throw in.invalid("camera id", "is empty");
    }
    long sequence = in.i64("sequence");
    long captureMs = in.i64("capture timestamp");
    ImageEncoding encoding = ImageEncoding.fromCode(in.u8("encoding"));
    int width = in.dimension("width");
    int height = in.dimension("height");
    int imageLength = in.skipBytes("image", limits.maxImageBytes());
    if (imageLength == 0) {
      throw in.invalid(
          "image", "is empty (0 bytes) for a " + width + "x" + height + " " + encoding + " frame");
    }
    in.expectEnd(); // so the image ends the value
    return new FrameHeader(
        camera,
        sequence,
        captureMs,
        encoding,
        width,
        height,
        value.length - imageLength,
        imageLength);
  }

  /** Keyed by camera id, stamped with the capture time. */
  @Override
  public ProducerRecord<byte[], byte[]> toProducerRecord(
      String topic, FrameRecord frame, RecordLimits limits) {
    return RecordFormat.keyedByCamera(
        topic, frame.cameraId(), frame.captureTimestampMs(), write(frame, limits));
  }
}
