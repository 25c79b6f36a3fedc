package dev.scenelabeler.connectors.records;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link FrameRecord} values. Null in, null out; anything that is not
 * a well-formed version-1 frame record throws {@link RecordFormatException} with the numbers.
 */
public final class FrameRecordDeserializer implements Deserializer<FrameRecord> {

  private RecordLimits limits;

  public FrameRecordDeserializer() {
    this(RecordLimits.DEFAULTS);
  }

  public FrameRecordDeserializer(RecordLimits limits) {
    this.limits = limits;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (configs.containsKey(RecordLimits.MAX_IMAGE_BYTES_CONFIG)) {
      limits = RecordLimits.fromConfigs(configs);
    }
  }

  @Override
  public FrameRecord deserialize(String topic, byte[] data) {
    return data == null ? null : FrameRecordFormat.read(data, limits);
  }
}
