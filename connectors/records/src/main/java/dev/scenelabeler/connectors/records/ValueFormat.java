package dev.scenelabeler.connectors.records;

/**
 * A {@link RecordFormat} whose value alone reads back into the record (frames, masks, stats; not
 * dead letters, whose origin rides in headers): what a Kafka deserializer can use.
 *
 * @param <T> the record type
 */
public interface ValueFormat<T> extends RecordFormat<T> {

  /**
   * Parses one value, checking every length against what is left and against {@code limits}.
   *
   * @param limits bounds the image or PNG carried, in bytes ({@link RecordLimits#maxImageBytes()})
   * @throws RecordFormatException when the value does not follow the format: wrong magic or
   *     version, truncated, oversized, trailing bytes, a field out of range; the message names the
   *     field and the numbers
   */
  T read(byte[] value, RecordLimits limits);
}
