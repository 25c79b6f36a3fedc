package dev.scenelabeler.connectors.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeadLetterFormatTest {

  static Stream<RawRecord> originals() {
    return Stream.of(
        new RawRecord(
            "frames",
            3,
            1234,
            1_700_000_000_000L,
            "cam-1".getBytes(StandardCharsets.UTF_8),
            new byte[] {'F', 9, 9, 9},
            List.of(new RawHeader("trace", new byte[] {1, 2}), new RawHeader("empty", null))),
        new RawRecord("frames", 0, 0, -1, null, null, List.of()),
        new RawRecord(
            "frames",
            1,
            Long.MAX_VALUE,
            0,
            new byte[0],
            new byte[0],
            List.of(
                new RawHeader("dlq.reason", "an earlier life".getBytes(StandardCharsets.UTF_8)))));
  }

  @ParameterizedTest
  @MethodSource("originals")
  void shouldKeepOriginalKeyValueAndHeadersByteIdentical(RawRecord original) {
    DeadLetter letter =
        new DeadLetter(
            original, "parse-frame", "frame record too short: 4 bytes", 1_700_000_001_000L);

    ProducerRecord<byte[], byte[]> out =
        DeadLetterFormat.INSTANCE.toProducerRecord("frames-dlq", letter, RecordLimits.DEFAULTS);
    DeadLetter read = DeadLetterFormat.fromConsumerRecord(asConsumed(out, 7));

    assertThat(out.key()).isSameAs(original.key());
    assertThat(out.value()).isSameAs(original.value());
    assertThat(read).isEqualTo(letter);
    assertThat(new String(out.headers().lastHeader("dlq.stage").value(), StandardCharsets.UTF_8))
        .isEqualTo("parse-frame");
  }

  @Test
  void shouldNameTheExceptionInTheReason() {
    RawRecord original = originals().findFirst().orElseThrow();
    DeadLetter letter = DeadLetter.of(original, "parse-frame", new RecordFormatException("bad"));

    assertThat(letter.reason()).isEqualTo("RecordFormatException: bad");
  }

  @Test
  void shouldRejectARecordWithoutDeadLetterHeaders() {
    ProducerRecord<byte[], byte[]> plain =
        new ProducerRecord<>("frames-dlq", null, 1L, new byte[] {1}, new byte[] {2});

    assertThatThrownBy(() -> DeadLetterFormat.fromConsumerRecord(asConsumed(plain, 0)))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("has 0 headers, a valid one has at least 7");
  }

  @Test
  void shouldRejectAnUnknownDeadLetterVersion() {
    RawRecord original = originals().findFirst().orElseThrow();
    ProducerRecord<byte[], byte[]> out =
        DeadLetterFormat.INSTANCE.toProducerRecord(
            "frames-dlq", new DeadLetter(original, "s", "r", 1), RecordLimits.DEFAULTS);
    RecordHeaders headers = new RecordHeaders();
    out.headers()
        .forEach(
            h ->
                headers.add(
                    h.key(),
                    h.key().equals("dlq.version")
                        ? "2".getBytes(StandardCharsets.UTF_8)
                        : h.value()));

    assertThatThrownBy(
            () ->
                DeadLetterFormat.fromConsumerRecord(
                    asConsumed(
                        new ProducerRecord<>(
                            out.topic(), null, out.timestamp(), out.key(), out.value(), headers),
                        0)))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("dead-letter record format version 2 is not supported");
  }

  static ConsumerRecord<byte[], byte[]> asConsumed(
      ProducerRecord<byte[], byte[]> record, long offset) {
    return new ConsumerRecord<>(
        record.topic(),
        0,
        offset,
        record.timestamp(),
        TimestampType.CREATE_TIME,
        record.key() == null ? -1 : record.key().length,
        record.value() == null ? -1 : record.value().length,
        record.key(),
        record.value(),
        record.headers(),
        Optional.empty());
  }
}
