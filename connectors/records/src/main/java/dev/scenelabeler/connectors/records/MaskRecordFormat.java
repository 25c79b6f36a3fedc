package dev.scenelabeler.connectors.records;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The mask record value, format version 1 (docs/FORMATS.md, "Mask record"). Big-endian:
 *
 * <pre>
 *   u8  magic 0x4D ('M')          u8  version 1
 *   str camera id                 i64 sequence
 *   i64 capture timestamp ms      i64 labeled timestamp ms
 *   str model id                  str model version
 *   str label set id              u8  class count C (1..255)
 *   C x { str class name, i32 palette 0x00RRGGBB }
 *   i32 width                     i32 height
 *   C x f32 class fraction        f32 mean confidence
 *   i32 PNG length                ... PNG bytes (8-bit greyscale, pixel = class index)
 * </pre>
 *
 * where {@code str} is a u16 byte length followed by that many UTF-8 bytes.
 *
 * <p>Key = camera id (UTF-8); record timestamp = labeling time. Use {@link #INSTANCE}, or {@link
 * RecordSerdes#masks()} as a Kafka serializer/deserializer.
 */
public enum MaskRecordFormat implements ValueFormat<MaskRecord> {
  INSTANCE;

  public static final byte MAGIC = 'M';
  public static final byte VERSION = 1;
  static final String KIND = "mask";

  /** Everything but strings, per-class entries and the PNG. */
  static final int FIXED_BYTES = 1 + 1 + 2 + 8 + 8 + 8 + 2 + 2 + 2 + 1 + 4 + 4 + 4 + 4;

  /**
   * The value of {@code mask}.
   *
   * @throws RecordFormatException when an id, version or class name is over {@link
   *     RecordLimits#MAX_NAME_BYTES} UTF-8 bytes or the PNG over {@code limits.maxImageBytes()}
   *     bytes
   */
  @Override
  public byte[] write(MaskRecord mask, RecordLimits limits) {
    byte[] camera =
        RecordWriter.utf8(KIND, "camera id", mask.cameraId(), RecordLimits.MAX_NAME_BYTES);
    byte[] modelId =
        RecordWriter.utf8(KIND, "model id", mask.modelId(), RecordLimits.MAX_NAME_BYTES);
    byte[] modelVersion =
        RecordWriter.utf8(KIND, "model version", mask.modelVersion(), RecordLimits.MAX_NAME_BYTES);
    LabelSetDescriptor labels = mask.labelSet();
    byte[] labelSetId =
        RecordWriter.utf8(KIND, "label set id", labels.id(), RecordLimits.MAX_NAME_BYTES);
    byte[][] names = new byte[labels.classCount()][];
    int size =
        FIXED_BYTES
            + camera.length
            + modelId.length
            + modelVersion.length
            + labelSetId.length
            + mask.maskPng().length;
    for (int c = 0; c < names.length; c++) {
      names[c] =
          RecordWriter.utf8(
              KIND, "class name " + c, labels.classNames().get(c), RecordLimits.MAX_NAME_BYTES);
      size += RecordWriter.stringSize(names[c]) + 4 + 4;
    }
    if (mask.maskPng().length > limits.maxImageBytes()) {
      throw new RecordFormatException(
          KIND
              + " record PNG is "
              + mask.maskPng().length
              + " bytes, the limit is "
              + limits.maxImageBytes()
              + " bytes ("
              + RecordLimits.HOW_TO_RAISE
              + ")");
    }
    RecordWriter out =
        new RecordWriter(size, MAGIC, VERSION)
            .string(camera)
            .i64(mask.sequence())
            .i64(mask.captureTimestampMs())
            .i64(mask.labeledTimestampMs())
            .string(modelId)
            .string(modelVersion)
            .string(labelSetId)
            .u8(names.length);
    int[] palette = labels.paletteRgb();
    for (int c = 0; c < names.length; c++) {
      out.string(names[c]).i32(palette[c]);
    }
    out.i32(mask.width()).i32(mask.height());
    for (float fraction : mask.classFractions()) {
      out.f32(fraction);
    }
    return out.f32(mask.meanConfidence()).bytes(mask.maskPng()).toArray();
  }

  /**
   * Parses a mask value of at most {@code limits.maxRecordBytes()} bytes (the PNG bound plus {@link
   * RecordLimits#MAX_METADATA_BYTES}).
   *
   * @throws RecordFormatException when it is not a well-formed version-1 mask record: wrong magic
   *     or version, truncated, oversized, trailing bytes, an empty camera id or PNG, no classes, a
   *     width or height outside 1..{@link RecordLimits#MAX_DIMENSION}; the message has the numbers.
   *     The PNG itself is decoded later, by {@link MaskRecord#classIndices()}.
   */
  @Override
  public MaskRecord read(byte[] value, RecordLimits limits) {
    RecordReader in =
        RecordReader.open(
            KIND, value, MAGIC, VERSION, FIXED_BYTES + 1 + 10 + 1, limits.maxRecordBytes());
    String camera = in.string("camera id", RecordLimits.MAX_NAME_BYTES);
    if (camera.isEmpty()) {
      throw in.invalid("camera id", "is empty");
    }
    long sequence = in.i64("sequence");
    long captureMs = in.i64("capture timestamp");
    long labeledMs = in.i64("labeled timestamp");
    String modelId = in.string("model id", RecordLimits.MAX_NAME_BYTES);
    String modelVersion = in.string("model version", RecordLimits.MAX_NAME_BYTES);
    String labelSetId = in.string("label set id", RecordLimits.MAX_NAME_BYTES);
    int classCount = in.u8("class count");
    if (classCount == 0) {
      throw in.invalid("class count", "is 0, expected 1.." + LabelSetDescriptor.MAX_CLASSES);
    }
    List<String> names = new ArrayList<>(classCount);
    int[] palette = new int[classCount];
    for (int c = 0; c < classCount; c++) {
      names.add(in.string("class name " + c, RecordLimits.MAX_NAME_BYTES));
      palette[c] = in.i32("palette " + c);
    }
    int width = in.dimension("width");
    int height = in.dimension("height");
    float[] fractions = new float[classCount];
    for (int c = 0; c < classCount; c++) {
      fractions[c] = in.f32("fraction " + c);
    }
    float confidence = in.f32("mean confidence");
    byte[] png = in.bytes("mask PNG", limits.maxImageBytes());
    if (png.length == 0) {
      throw in.invalid("mask PNG", "is empty (0 bytes) for a " + width + "x" + height + " mask");
    }
    in.expectEnd();
    return new MaskRecord(
        camera,
        sequence,
        captureMs,
        labeledMs,
        modelId,
        modelVersion,
        new LabelSetDescriptor(labelSetId, names, palette),
        width,
        height,
        png,
        fractions,
        confidence);
  }

  /** Keyed by camera id, stamped with the labeling time. */
  @Override
  public ProducerRecord<byte[], byte[]> toProducerRecord(
      String topic, MaskRecord mask, RecordLimits limits) {
    return RecordFormat.keyedByCamera(
        topic, mask.cameraId(), mask.labeledTimestampMs(), write(mask, limits));
  }
}
