package dev.scenelabeler.connectors.records;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link MaskStats} JSON values. Null in, null out; malformed JSON, a
 * missing field or another format version throws {@link RecordFormatException}.
 */
public final class MaskStatsDeserializer implements Deserializer<MaskStats> {
  @Override
  public MaskStats deserialize(String topic, byte[] data) {
    return data == null ? null : MaskStatsJson.read(data);
  }
}
