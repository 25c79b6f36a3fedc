package dev.scenelabeler.connectors.flink;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.DeadLetterFormat;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link DeadLetter}s to the dead-letter topic: original key, value and headers
 * byte-identical, reason/stage/origin in appended {@code dlq.*} headers.
 */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {

  private static final long serialVersionUID = 1L;

  private final String topic;

  public DeadLetterSerializationSchema(String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    return DeadLetterFormat.toProducerRecord(topic, letter);
  }
}
