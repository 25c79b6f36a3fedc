package dev.scenelabeler.connectors.flink;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link MaskRecord}s to the masks topic: key = camera id, so one camera's masks stay
 * in one partition and in order; record timestamp = labeling time.
 */
public final class MaskRecordSerializationSchema implements KafkaRecordSerializationSchema<MaskRecord> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final RecordLimits limits;

  public MaskRecordSerializationSchema(String topic) {
    this(topic, RecordLimits.DEFAULTS);
  }

  public MaskRecordSerializationSchema(String topic, RecordLimits limits) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(MaskRecord mask, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, mask.labeledTimestampMs(),
        mask.cameraId().getBytes(StandardCharsets.UTF_8), MaskRecordFormat.write(mask, limits));
  }
}
