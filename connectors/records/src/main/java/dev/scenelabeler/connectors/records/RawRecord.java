package dev.scenelabeler.connectors.records;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A Kafka record exactly as it was read, not yet parsed: the job parses the value itself so that a
 * record it cannot parse goes to the dead-letter topic untouched, with its origin.
 *
 * @param key the key bytes, may be null
 * @param value the value bytes, may be null (a tombstone)
 * @param headers the headers in their original order
 */
public record RawRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    byte[] key,
    byte[] value,
    List<RawHeader> headers)
    implements Serializable {

  public RawRecord {
    Objects.requireNonNull(topic, "topic");
    headers = List.copyOf(headers);
  }

  /** Wraps a consumer record without copying key or value. */
  public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
    List<RawHeader> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new RawHeader(header.key(), header.value()));
    }
    return new RawRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key(),
        record.value(),
        headers);
  }

  /** "topic-partition@offset", how logs and dead letters name the record. */
  public String origin() {
    return topic + "-" + partition + "@" + offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawRecord other
        && topic.equals(other.topic)
        && partition == other.partition
        && offset == other.offset
        && timestamp == other.timestamp
        && Arrays.equals(key, other.key)
        && Arrays.equals(value, other.value)
        && headers.equals(other.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, timestamp, headers) * 31
        + Arrays.hashCode(key) * 17
        + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "RawRecord["
        + origin()
        + " ts "
        + timestamp
        + ", key "
        + (key == null ? "null" : key.length + " bytes")
        + ", value "
        + (value == null ? "null" : value.length + " bytes")
        + ", headers "
        + headers
        + "]";
  }
}
