package dev.scenelabeler.connectors.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordSerdeTest {

  /** Each serde of {@link RecordSerdes} with its format and a valid record of its topic. */
  static Stream<Arguments> serdes() {
    MaskRecord mask = RecordFixtures.mask(1, 8, 4);
    return Stream.of(
        Arguments.of(
            Topics.FRAMES,
            RecordSerdes.frames(),
            FrameRecordFormat.INSTANCE,
            RecordFixtures.frame(1)),
        Arguments.of(Topics.MASKS, RecordSerdes.masks(), MaskRecordFormat.INSTANCE, mask),
        Arguments.of(
            Topics.MASK_STATS,
            RecordSerdes.maskStats(),
            MaskStatsJson.INSTANCE,
            MaskStats.of(mask)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serdes")
  void shouldMapNullToNull(
      String topic, RecordSerde<Object> serde, ValueFormat<Object> format, Object record) {
    assertThat(serde.serialize(topic, null)).isNull();
    assertThat(serde.deserialize(topic, null)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serdes")
  void shouldWriteTheFormatsBytesAndReadThemBack(
      String topic, RecordSerde<Object> serde, ValueFormat<Object> format, Object record) {
    byte[] value = serde.serialize(topic, record);

    assertThat(value).isEqualTo(format.write(record, RecordLimits.DEFAULTS));
    assertThat(serde.deserialize(topic, value)).isEqualTo(record);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serdes")
  void shouldStayUsableAfterRepeatedClose(
      String topic, RecordSerde<Object> serde, ValueFormat<Object> format, Object record) {
    serde.close();
    serde.close();

    assertThat(serde.deserialize(topic, serde.serialize(topic, record))).isEqualTo(record);
  }

  /** Values every format refuses before parsing: empty, or over its size limit (in bytes). */
  static Stream<Arguments> emptyOrOversizedValues() {
    RecordLimits small = new RecordLimits(4096);
    return Stream.of(
        Arguments.of(
            "empty frame",
            RecordSerdes.frames(),
            new byte[0],
            "frame record too short: 0 bytes, a valid one has at least 34 (empty value)"),
        Arguments.of(
            "empty mask",
            RecordSerdes.masks(),
            new byte[0],
            "mask record too short: 0 bytes, a valid one has at least 63 (empty value)"),
        Arguments.of(
            "empty stats",
            RecordSerdes.maskStats(),
            new byte[0],
            "mask-stats record too short: 0 bytes (empty value), expected a JSON object"),
        Arguments.of(
            "frame over image limit + 33 + 255 name bytes",
            RecordSerdes.frames(small),
            new byte[10_000],
            "frame record too large: 10000 bytes, the limit is 4384"),
        Arguments.of(
            "mask over image limit + 64 KiB metadata",
            RecordSerdes.masks(small),
            new byte[200_000],
            "mask record too large: 200000 bytes, the limit is 69632"),
        Arguments.of(
            "stats over 64 KiB",
            RecordSerdes.maskStats(),
            new byte[70_000],
            "mask-stats record too large: 70000 bytes, the limit is 65536"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emptyOrOversizedValues")
  void shouldRejectAnEmptyOrOversizedValueBeforeParsingIt(
      String name, RecordSerde<?> serde, byte[] value, String expected) {
    RecordFixtures.assertRejected(name, () -> serde.deserialize("any", value), expected);
  }

  @Test
  void shouldReadTheImageLimitFromKafkaConfig() {
    RecordSerde<FrameRecord> configured = RecordSerdes.frames();
    configured.configure(Map.of(RecordLimits.MAX_IMAGE_BYTES_CONFIG, "100"), false);
    byte[] value =
        RecordSerdes.frames()
            .serialize(
                Topics.FRAMES,
                new FrameRecord("cam", 1, 1, ImageEncoding.JPEG, 8, 8, new byte[101]));

    RecordFixtures.assertRejected(
        "configured limit",
        () -> configured.deserialize(Topics.FRAMES, value),
        "declares 101 bytes, expected 0..100");
  }

  @Test
  void shouldKeepItsLimitsWhenTheConfigDoesNotSetThem() {
    RecordSerde<FrameRecord> small = RecordSerdes.frames(new RecordLimits(100));
    small.configure(Map.of("bootstrap.servers", "localhost:9092"), false);

    RecordFixtures.assertRejected(
        "own limit",
        () ->
            small.serialize(
                Topics.FRAMES,
                new FrameRecord("cam", 1, 1, ImageEncoding.JPEG, 8, 8, new byte[101])),
        "image is 101 bytes, the limit is 100");
  }
}
