package dev.scenelabeler.connectors.records;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link MaskRecord} values. Null in, null out; anything that is not
 * a well-formed version-1 mask record throws {@link RecordFormatException} with the numbers.
 */
public final class MaskRecordDeserializer implements Deserializer<MaskRecord> {

  private RecordLimits limits;

  public MaskRecordDeserializer() {
    this(RecordLimits.DEFAULTS);
  }

  public MaskRecordDeserializer(RecordLimits limits) {
    this.limits = limits;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (configs.containsKey(RecordLimits.MAX_IMAGE_BYTES_CONFIG)) {
      limits = RecordLimits.fromConfigs(configs);
    }
  }

  @Override
  public MaskRecord deserialize(String topic, byte[] data) {
    return data == null ? null : MaskRecordFormat.read(data, limits);
  }
}
