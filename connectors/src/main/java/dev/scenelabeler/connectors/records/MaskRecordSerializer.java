package dev.scenelabeler.connectors.records;

import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for {@link MaskRecord} values (format version 1). Null in, null out; a
 * mask PNG larger than the limit (config {@value RecordLimits#MAX_IMAGE_BYTES_CONFIG})
 * throws {@link RecordFormatException}.
 * Use a {@code StringSerializer} for the key (the camera id).
 */
public final class MaskRecordSerializer implements Serializer<MaskRecord> {

  private RecordLimits limits;

  public MaskRecordSerializer() {
    this(RecordLimits.DEFAULTS);
  }

  public MaskRecordSerializer(RecordLimits limits) {
    this.limits = limits;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (configs.containsKey(RecordLimits.MAX_IMAGE_BYTES_CONFIG)) {
      limits = RecordLimits.fromConfigs(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, MaskRecord mask) {
    return mask == null ? null : MaskRecordFormat.write(mask, limits);
  }
}
