package dev.scenelabeler.connectors.records;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How a {@code T} goes out as one Kafka record: its value bytes, and the whole record with key,
 * timestamp and headers. One generic Kafka serializer ({@link RecordSerde}) and one Flink sink
 * schema serve every format through this, so the glue is written once. Implementations are
 * stateless singletons (serializable: a Flink sink schema that holds one is shipped to the task
 * managers).
 *
 * @param <T> the record type, e.g. {@link MaskRecord}
 */
public interface RecordFormat<T> extends Serializable {

  /**
   * The value bytes, exactly as docs/FORMATS.md describes them.
   *
   * @param limits bounds the image or PNG carried, in bytes ({@link RecordLimits#maxImageBytes()})
   * @throws RecordFormatException when a field breaks its bound (a name over {@link
   *     RecordLimits#MAX_NAME_BYTES} UTF-8 bytes, an image over the limit)
   */
  byte[] write(T record, RecordLimits limits);

  /**
   * The whole Kafka record for {@code topic}: value from {@link #write}, key, timestamp and headers
   * as the format says; the partition is left to the producer (by key).
   *
   * @throws RecordFormatException as {@link #write} does
   */
  ProducerRecord<byte[], byte[]> toProducerRecord(String topic, T record, RecordLimits limits);

  /**
   * A record keyed by camera id (UTF-8), so one camera's records stay in one partition, in order;
   * no headers.
   *
   * @param timestampMs the record timestamp, epoch ms
   */
  static ProducerRecord<byte[], byte[]> keyedByCamera(
      String topic, String cameraId, long timestampMs, byte[] value) {
    return new ProducerRecord<>(
        topic, null, timestampMs, cameraId.getBytes(StandardCharsets.UTF_8), value);
  }
}
