package dev.scenelabeler.connectors.records;

/**
 * The Kafka serializers/deserializers of the three record values, by topic. Each is one {@link
 * RecordSerde}, usable on either side: {@code new KafkaProducer<>(config, new StringSerializer(),
 * RecordSerdes.frames(limits))}.
 */
public final class RecordSerdes {

  private RecordSerdes() {}

  /** Frames ({@link FrameRecordFormat}) with {@link RecordLimits#DEFAULTS}. */
  public static RecordSerde<FrameRecord> frames() {
    return frames(RecordLimits.DEFAULTS);
  }

  /** Frames ({@link FrameRecordFormat}); {@code limits} bounds the image, in bytes. */
  public static RecordSerde<FrameRecord> frames(RecordLimits limits) {
    return new RecordSerde<>(FrameRecordFormat.INSTANCE, limits);
  }

  /** Masks ({@link MaskRecordFormat}) with {@link RecordLimits#DEFAULTS}. */
  public static RecordSerde<MaskRecord> masks() {
    return masks(RecordLimits.DEFAULTS);
  }

  /** Masks ({@link MaskRecordFormat}); {@code limits} bounds the mask PNG, in bytes. */
  public static RecordSerde<MaskRecord> masks(RecordLimits limits) {
    return new RecordSerde<>(MaskRecordFormat.INSTANCE, limits);
  }

  /**
   * Mask statistics as JSON ({@link MaskStatsJson}); bounded by {@link
   * RecordLimits#MAX_METADATA_BYTES}.
   */
  public static RecordSerde<MaskStats> maskStats() {
    return new RecordSerde<>(MaskStatsJson.INSTANCE, RecordLimits.DEFAULTS);
  }
}
