package dev.scenelabeler.connectors.flink;

import dev.scenelabeler.connectors.records.RecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes every element to one topic as its {@link RecordFormat} says: key, value, timestamp and
 * headers (e.g. masks keyed by camera id at labeling time; dead letters with the original bytes and
 * {@code dlq.*} headers). It also declares that topic: the Kafka sink's POOLING transaction naming
 * needs it to find and abort lingering transactions on recovery, and Flink's lineage shows it. A
 * record that breaks the format or the limits throws {@link
 * dev.scenelabeler.connectors.records.RecordFormatException}, failing the sink.
 *
 * @param <T> the element type, e.g. {@code MaskRecord}
 */
public final class TopicSerializationSchema<T>
    implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final RecordFormat<T> format;
  private final RecordLimits limits;

  /**
   * @param topic where every element goes
   * @param format e.g. {@code MaskRecordFormat.INSTANCE}
   * @param limits bounds the image or PNG of each record, in bytes
   */
  public TopicSerializationSchema(String topic, RecordFormat<T> format, RecordLimits limits) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.format = Objects.requireNonNull(format, "format");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    return format.toProducerRecord(topic, element, limits);
  }

  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(
        new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
  }
}
