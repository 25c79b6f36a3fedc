package dev.scenelabeler.connectors.flink;

import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes {@link MaskStats} as JSON to the mask-stats topic, key = camera id. */
public final class MaskStatsSerializationSchema implements KafkaRecordSerializationSchema<MaskStats> {

  private static final long serialVersionUID = 1L;

  private final String topic;

  public MaskStatsSerializationSchema(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(MaskStats stats, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, stats.labeledTimestampMs(),
        stats.camera().getBytes(StandardCharsets.UTF_8), MaskStatsJson.write(stats));
  }
}
