package dev.scenelabeler.connectors.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaskStatsJsonTest {

  private final RecordSerde<MaskStats> serde = RecordSerdes.maskStats();

  /** The example printed in docs/FORMATS.md; a change here means a change there. */
  static final String DOCUMENTED_EXAMPLE =
      "{\"formatVersion\":1,\"camera\":\"cam-1\",\"sequence\":42,"
          + "\"captureTimestampMs\":1700000000000,\"labeledTimestampMs\":1700000000085,\"latencyMs\":85,"
          + "\"modelId\":\"farabet2013\",\"classFractions\":{\"sky\":0.25,\"tree\":0.125,\"road\":0.375,"
          + "\"building\":0.125,\"pedestrian\":0.0625,\"other\":0.0625},\"meanConfidence\":0.875,\"skipped\":3,"
          + "\"filtered\":true}";

  @Test
  void shouldWriteTheDocumentedJson() {
    MaskRecord mask =
        MaskRecord.builder()
            .setFrame("cam-1", 42, 1_700_000_000_000L)
            .setLabeledTimestampMs(1_700_000_000_085L)
            .setModel("farabet2013", "1")
            .setLabelSet(RecordFixtures.SCENE6)
            .setClassIndices(16, 1, new byte[] {0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 5})
            .setMeanConfidence(0.875f)
            .build();

    byte[] json = serde.serialize("mask-stats", MaskStats.of(mask, 3, true));

    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(DOCUMENTED_EXAMPLE);
  }

  @Test
  void shouldReadARecordWithoutSkippedFromAnOlderWriterAsNothingSkipped() {
    String older =
        DOCUMENTED_EXAMPLE.replace(",\"skipped\":3", "").replace(",\"filtered\":true", "");

    MaskStats read = serde.deserialize("mask-stats", older.getBytes(StandardCharsets.UTF_8));

    assertThat(read.skipped()).isZero();
    assertThat(read.sequence()).isEqualTo(42);
    assertThat(
            serde
                .deserialize("mask-stats", DOCUMENTED_EXAMPLE.getBytes(StandardCharsets.UTF_8))
                .skipped())
        .isEqualTo(3);
  }

  @Test
  void shouldReadARecordWithoutFilteredFromAnOlderWriterAsNotFiltered() {
    String older = DOCUMENTED_EXAMPLE.replace(",\"filtered\":true", "");

    MaskStats read = serde.deserialize("mask-stats", older.getBytes(StandardCharsets.UTF_8));

    assertThat(read.filtered()).isFalse();
    assertThat(read.skipped()).isEqualTo(3);
    assertThat(
            serde
                .deserialize("mask-stats", DOCUMENTED_EXAMPLE.getBytes(StandardCharsets.UTF_8))
                .filtered())
        .isTrue();
  }

  static Stream<MaskStats> validStats() {
    return Stream.of(
        MaskStats.of(RecordFixtures.mask(1, 40, 30)),
        MaskStats.of(RecordFixtures.mask(2, 1, 1)),
        new MaskStats(
            1, "北", -1, Long.MIN_VALUE, Long.MAX_VALUE, 0, "", Map.of(), 0f, Long.MAX_VALUE, false),
        MaskStats.of(RecordFixtures.mask(3, 4, 4), 2, true));
  }

  @ParameterizedTest
  @MethodSource("validStats")
  void shouldRoundTripStats(MaskStats stats) {
    MaskStats read = serde.deserialize("mask-stats", serde.serialize("mask-stats", stats));

    assertThat(read).isEqualTo(stats);
    assertThat(read.classFractions().keySet())
        .containsExactlyElementsOf(stats.classFractions().keySet());
  }

  @Test
  void shouldIgnoreFieldsAddedByANewerWriter() {
    String json =
        DOCUMENTED_EXAMPLE.replace(
            "{\"formatVersion\":1,", "{\"formatVersion\":1,\"gpu\":\"h100\",");

    assertThat(serde.deserialize("mask-stats", json.getBytes(StandardCharsets.UTF_8)).sequence())
        .isEqualTo(42);
  }

  static Stream<Arguments> malformedStats() {
    return Stream.of(
        Arguments.of("not JSON", "frame", "is not valid JSON of format version 1 (5 bytes)"),
        Arguments.of("truncated JSON", DOCUMENTED_EXAMPLE.substring(0, 60), "is not valid JSON"),
        Arguments.of(
            "wrong version",
            DOCUMENTED_EXAMPLE.replace("\"formatVersion\":1", "\"formatVersion\":2"),
            "mask-stats record format version 2 is not supported: this reader knows version 1"),
        Arguments.of(
            "missing field",
            DOCUMENTED_EXAMPLE.replace("\"sequence\":42,", ""),
            "Missing creator property 'sequence'"),
        Arguments.of(
            "null camera",
            DOCUMENTED_EXAMPLE.replace("\"cam-1\"", "null"),
            "Null value for creator property 'camera'"),
        Arguments.of(
            "number as text",
            DOCUMENTED_EXAMPLE.replace("\"latencyMs\":85", "\"latencyMs\":\"soon\""),
            "field 'latencyMs' at line 1, column 133: Cannot deserialize value of type `long` from"
                + " String \"soon\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedStats")
  void shouldRejectMalformedStats(String name, String json, String expected) {
    RecordFixtures.assertRejected(
        "bad stats | " + name,
        () -> serde.deserialize("mask-stats", json.getBytes(StandardCharsets.UTF_8)),
        expected);
  }
}
