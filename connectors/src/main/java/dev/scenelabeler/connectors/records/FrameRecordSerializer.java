package dev.scenelabeler.connectors.records;

import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for {@link FrameRecord} values (format version 1). Null in, null out; an
 * image larger than the limit (config {@value RecordLimits#MAX_IMAGE_BYTES_CONFIG})
 * throws {@link RecordFormatException}.
 * Use a {@code StringSerializer} for the key (the camera id).
 */
public final class FrameRecordSerializer implements Serializer<FrameRecord> {

  private RecordLimits limits;

  public FrameRecordSerializer() {
    this(RecordLimits.DEFAULTS);
  }

  public FrameRecordSerializer(RecordLimits limits) {
    this.limits = limits;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (configs.containsKey(RecordLimits.MAX_IMAGE_BYTES_CONFIG)) {
      limits = RecordLimits.fromConfigs(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, FrameRecord frame) {
    return frame == null ? null : FrameRecordFormat.write(frame, limits);
  }
}
