package dev.scenelabeler.connectors.records;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka serializer and deserializer of one {@link ValueFormat}'s values; get one from {@link
 * RecordSerdes}. Null in, null out (a tombstone stays one). A record or value that breaks the
 * format or the limits throws {@link RecordFormatException} (a Kafka {@code
 * SerializationException}) naming the field and the numbers. The limits are the constructor's
 * unless the client configs carry {@value RecordLimits#MAX_IMAGE_BYTES_CONFIG} (bytes). Use a
 * {@code StringSerializer}/{@code StringDeserializer} for the key (camera id). Stateless apart from
 * the limits; {@link #close()} does nothing and may be called any number of times.
 *
 * @param <T> the record type
 */
public final class RecordSerde<T> implements Serializer<T>, Deserializer<T> {

  private final ValueFormat<T> format;
  private RecordLimits limits;

  public RecordSerde(ValueFormat<T> format, RecordLimits limits) {
    this.format = Objects.requireNonNull(format, "format");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (configs.containsKey(RecordLimits.MAX_IMAGE_BYTES_CONFIG)) {
      limits = RecordLimits.fromConfigs(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    return record == null ? null : format.write(record, limits);
  }

  @Override
  public T deserialize(String topic, byte[] value) {
    return value == null ? null : format.read(value, limits);
  }

  @Override
  public void close() {}
}
