package dev.scenelabeler.connectors.records;

import java.io.Serializable;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * How a {@code T} goes out as one Kafka record: key, value, timestamp and headers. One generic
 * Kafka serializer ({@link RecordSerde}) and one Flink sink schema serve every format through
 * this, so the glue is written once. Implementations are stateless singletons (serializable,
 * as a Flink sink schema that holds one is shipped to the task managers).
 *
 * @param <T> the record type, e.g. {@link MaskRecord}
 */
public interface RecordFormat<T> extends Serializable {

  /** The key bytes: the camera id as UTF-8 (one camera's records stay in one partition, in order). */
  byte[] key(T record);

  /** The Kafka record timestamp, epoch ms (capture time for frames, labeling time for masks). */
  long timestampMs(T record);

  /**
   * The value bytes, exactly as docs/FORMATS.md describes them.
   *
   * @param limits bounds the image or PNG carried, in bytes ({@link RecordLimits#maxImageBytes()})
   * @throws RecordFormatException when a field breaks its bound (a name over
   *     {@link RecordLimits#MAX_NAME_BYTES} UTF-8 bytes, an image over the limit)
   */
  byte[] write(T record, RecordLimits limits);

  /** Headers of the record; none unless the format adds some. */
  default Iterable<Header> headers(T record) {
    return List.of();
  }

  /** The whole Kafka record for {@code topic}; the partition is left to the producer (by key). */
  default ProducerRecord<byte[], byte[]> toProducerRecord(String topic, T record, RecordLimits limits) {
    return new ProducerRecord<>(topic, null, timestampMs(record), key(record), write(record, limits),
        headers(record));
  }
}
