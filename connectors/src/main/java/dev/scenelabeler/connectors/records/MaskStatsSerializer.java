package dev.scenelabeler.connectors.records;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for {@link MaskStats} values as UTF-8 JSON. Null in, null out. */
public final class MaskStatsSerializer implements Serializer<MaskStats> {
  @Override
  public byte[] serialize(String topic, MaskStats stats) {
    return stats == null ? null : MaskStatsJson.write(stats);
  }
}
