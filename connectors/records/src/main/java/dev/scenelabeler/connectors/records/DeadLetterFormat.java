package dev.scenelabeler.connectors.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record, format version 1 (docs/FORMATS.md, "Dead letter"): key and value are the
 * original bytes; the original headers come first, unchanged, then these UTF-8 headers: {@value
 * #VERSION_HEADER}, {@value #STAGE_HEADER}, {@value #REASON_HEADER}, {@value #TOPIC_HEADER},
 * {@value #PARTITION_HEADER}, {@value #OFFSET_HEADER}, {@value #TIMESTAMP_HEADER}. The record's own
 * timestamp is the rejection time. Written through {@link #INSTANCE} (a {@link RecordFormat}); read
 * back with {@link #fromConsumerRecord}, which needs the headers and key, not the value alone.
 */
public enum DeadLetterFormat implements RecordFormat<DeadLetter> {
  INSTANCE;

  public static final String VERSION = "1";
  public static final String VERSION_HEADER = "dlq.version";
  public static final String STAGE_HEADER = "dlq.stage";
  public static final String REASON_HEADER = "dlq.reason";
  public static final String TOPIC_HEADER = "dlq.topic";
  public static final String PARTITION_HEADER = "dlq.partition";
  public static final String OFFSET_HEADER = "dlq.offset";
  public static final String TIMESTAMP_HEADER = "dlq.timestamp";

  /** The dead-letter headers, in the order they are appended. */
  static final List<String> HEADERS =
      List.of(
          VERSION_HEADER,
          STAGE_HEADER,
          REASON_HEADER,
          TOPIC_HEADER,
          PARTITION_HEADER,
          OFFSET_HEADER,
          TIMESTAMP_HEADER);

  /**
   * Reasons longer than this are cut (a stack of causes can be long; 4 KiB is plenty to act on).
   */
  static final int MAX_REASON_CHARS = 4096;

  private static final String KIND = "dead-letter";

  /**
   * The original value, unchanged (may be null). The limits do not apply: the original already
   * passed them, and a dead letter must not fail for the size that may have made it one.
   */
  @Override
  public byte[] write(DeadLetter letter, RecordLimits limits) {
    return letter.original().value();
  }

  /**
   * The original key and value, unchanged (either may be null), stamped with the rejection time.
   */
  @Override
  public ProducerRecord<byte[], byte[]> toProducerRecord(
      String topic, DeadLetter letter, RecordLimits limits) {
    RawRecord original = letter.original();
    return new ProducerRecord<>(
        topic, null, letter.rejectedAtMs(), original.key(), write(letter, limits), headers(letter));
  }

  /** All headers of the dead-letter record: the original ones, then the {@code dlq.*} ones. */
  public static RecordHeaders headers(DeadLetter letter) {
    RawRecord original = letter.original();
    RecordHeaders headers = new RecordHeaders();
    for (RawHeader header : original.headers()) {
      headers.add(new RecordHeader(header.key(), header.value()));
    }
    String reason =
        letter.reason().length() > MAX_REASON_CHARS
            ? letter.reason().substring(0, MAX_REASON_CHARS) + "..."
            : letter.reason();
    headers.add(utf8(VERSION_HEADER, VERSION));
    headers.add(utf8(STAGE_HEADER, letter.stage()));
    headers.add(utf8(REASON_HEADER, reason));
    headers.add(utf8(TOPIC_HEADER, original.topic()));
    headers.add(utf8(PARTITION_HEADER, Integer.toString(original.partition())));
    headers.add(utf8(OFFSET_HEADER, Long.toString(original.offset())));
    headers.add(utf8(TIMESTAMP_HEADER, Long.toString(original.timestamp())));
    return headers;
  }

  /**
   * Reads a record of the dead-letter topic back.
   *
   * @throws RecordFormatException when a {@code dlq.*} header is missing or out of order, the
   *     version is not {@value #VERSION}, or partition, offset or timestamp is not a number
   */
  public static DeadLetter fromConsumerRecord(ConsumerRecord<byte[], byte[]> record) {
    List<RawHeader> all = RawRecord.of(record).headers();
    int originalCount = all.size() - HEADERS.size();
    if (originalCount < 0) {
      throw new RecordFormatException(
          KIND
              + " record at "
              + record.topic()
              + "-"
              + record.partition()
              + "@"
              + record.offset()
              + " has "
              + all.size()
              + " headers, a valid one has at least "
              + HEADERS.size()
              + " ("
              + HEADERS
              + ")");
    }
    List<RawHeader> tail = all.subList(originalCount, all.size());
    for (int i = 0; i < HEADERS.size(); i++) {
      if (!tail.get(i).key().equals(HEADERS.get(i))) {
        throw new RecordFormatException(
            KIND
                + " record header "
                + (originalCount + i)
                + " is '"
                + tail.get(i).key()
                + "', expected '"
                + HEADERS.get(i)
                + "'");
      }
    }
    String version = text(tail.get(0));
    if (!VERSION.equals(version)) {
      throw new RecordFormatException(
          KIND
              + " record format version "
              + version
              + " is not supported: this reader knows version "
              + VERSION);
    }
    RawRecord original;
    try {
      original =
          new RawRecord(
              text(tail.get(3)),
              Integer.parseInt(text(tail.get(4))),
              Long.parseLong(text(tail.get(5))),
              Long.parseLong(text(tail.get(6))),
              record.key(),
              record.value(),
              new ArrayList<>(all.subList(0, originalCount)));
    } catch (NumberFormatException e) {
      throw new RecordFormatException(
          KIND
              + " record has a non-numeric partition, offset or timestamp header: "
              + e.getMessage(),
          e);
    }
    return new DeadLetter(original, text(tail.get(1)), text(tail.get(2)), record.timestamp());
  }

  private static Header utf8(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(RawHeader header) {
    return header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
