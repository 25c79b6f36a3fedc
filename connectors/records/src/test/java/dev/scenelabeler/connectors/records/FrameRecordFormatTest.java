package dev.scenelabeler.connectors.records;

import static dev.scenelabeler.connectors.records.RecordFixtures.putInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameRecordFormatTest {

  private static final RecordLimits SMALL = new RecordLimits(4096);
  private final RecordSerde<FrameRecord> serde = RecordSerdes.frames(SMALL);

  static Stream<Arguments> validFrames() {
    return Stream.of(
        Arguments.of("typical JPEG", RecordFixtures.frame(7)),
        Arguments.of(
            "PNG", new FrameRecord("cam-1", 0, 0, ImageEncoding.PNG, 1, 1, new byte[] {1})),
        Arguments.of(
            "extreme numbers",
            new FrameRecord(
                "c",
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                ImageEncoding.JPEG,
                RecordLimits.MAX_DIMENSION,
                RecordLimits.MAX_DIMENSION,
                new byte[] {-1})),
        Arguments.of(
            "non-ASCII camera id",
            new FrameRecord(
                "caméra-北-🚗",
                42,
                1_700_000_000_000L,
                ImageEncoding.JPEG,
                640,
                480,
                RecordFixtures.imageBytes(42, 64))),
        Arguments.of(
            "255-byte camera id",
            new FrameRecord(
                "x".repeat(255), 1, 2, ImageEncoding.JPEG, 2, 2, RecordFixtures.imageBytes(1, 3))),
        Arguments.of(
            "image exactly at the limit",
            new FrameRecord(
                "cam",
                9,
                9,
                ImageEncoding.PNG,
                64,
                64,
                RecordFixtures.imageBytes(9, SMALL.maxImageBytes()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFrames")
  void shouldRoundTripFrame(String name, FrameRecord frame) {
    byte[] value = serde.serialize("frames", frame);

    assertThat(value[0]).isEqualTo(FrameRecordFormat.MAGIC);
    assertThat(value[1]).isEqualTo(FrameRecordFormat.VERSION);
    assertThat(value)
        .hasSize(
            FrameRecordFormat.FIXED_BYTES
                + frame.cameraId().getBytes(StandardCharsets.UTF_8).length
                + frame.image().length);
    assertThat(serde.deserialize("frames", value)).isEqualTo(frame);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFrames")
  void shouldReadTheHeaderAndFindTheImageInTheValueWithoutCopyingIt(
      String name, FrameRecord frame) {
    byte[] value = FrameRecordFormat.INSTANCE.write(frame, SMALL);

    FrameHeader header = FrameRecordFormat.INSTANCE.readHeader(value, SMALL);

    assertThat(header.toFrame(value)).isEqualTo(frame);
    ByteBuffer image = header.image(value);
    assertThat(image.array()).as("a view of the value").isSameAs(value);
    byte[] viewed = new byte[image.remaining()];
    image.get(viewed);
    assertThat(viewed).isEqualTo(frame.image());
  }

  @Test
  void shouldWriteTheDocumentedByteLayout() {
    FrameRecord frame = new FrameRecord("cam", 5, 1000, ImageEncoding.PNG, 3, 2, new byte[] {9, 8});
    byte[] expected =
        ByteBuffer.allocate(FrameRecordFormat.FIXED_BYTES + 3 + 2)
            .put((byte) 0x46)
            .put((byte) 1)
            .putShort((short) 3)
            .put(new byte[] {'c', 'a', 'm'})
            .putLong(5)
            .putLong(1000)
            .put((byte) 2)
            .putInt(3)
            .putInt(2)
            .putInt(2)
            .put(new byte[] {9, 8})
            .array();

    assertThat(serde.serialize("frames", frame)).isEqualTo(expected);
  }

  @Test
  void shouldRejectOversizedImageOnWrite() {
    FrameRecord big =
        new FrameRecord(
            "cam", 1, 1, ImageEncoding.JPEG, 640, 480, new byte[SMALL.maxImageBytes() + 1]);

    assertThatThrownBy(() -> serde.serialize("frames", big))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("image is 4097 bytes, the limit is 4096")
        .as("the message names the option that raises the limit")
        .hasMessageContaining("--max-frame-bytes")
        .hasMessageContaining("scene-labeler.max.image.bytes");
  }

  /**
   * A valid frame "cam-0" (5-byte camera id): encoding at 25, width 26, height 30, image length 34,
   * image 38.
   */
  private static byte[] valid() {
    return FrameRecordFormat.INSTANCE.write(
        new FrameRecord(
            "cam-0",
            3,
            1_700_000_000_000L,
            ImageEncoding.JPEG,
            480,
            360,
            RecordFixtures.imageBytes(3, 1000)),
        RecordLimits.DEFAULTS);
  }

  private static Arguments malformed(String name, UnaryOperator<byte[]> corrupt, String expected) {
    return Arguments.of(name, corrupt.apply(valid()), expected);
  }

  static Stream<Arguments> malformedFrames() {
    return Stream.of(
        malformed("one byte", b -> new byte[] {0x46}, "too short: 1 bytes"),
        malformed("truncated in the header", b -> Arrays.copyOf(b, 20), "too short: 20 bytes"),
        malformed(
            "truncated in the image",
            b -> Arrays.copyOf(b, b.length - 10),
            "truncated: field 'image' needs 1000 bytes at offset 38, only 990 remain (record is"
                + " 1028 bytes)"),
        malformed(
            "trailing byte",
            b -> Arrays.copyOf(b, b.length + 1),
            "1 trailing bytes after offset 1038"),
        malformed(
            "wrong magic (a mask record)",
            b -> {
              b[0] = 'M';
              return b;
            },
            "not a frame record: magic byte is 0x4D, expected 0x46 ('F')"),
        malformed(
            "JSON instead of a frame",
            b -> "{\"camera\":\"cam-0\",\"x\":1234567890123456789}".getBytes(),
            "magic byte is 0x7B"),
        malformed(
            "wrong version 2",
            b -> {
              b[1] = 2;
              return b;
            },
            "frame record format version 2 is not supported: this reader knows version 1"),
        malformed(
            "version 0",
            b -> {
              b[1] = 0;
              return b;
            },
            "format version 0 is not supported"),
        malformed(
            "camera id length past the end",
            b -> {
              b[2] = (byte) 0xFF;
              b[3] = (byte) 0xFF;
              return b;
            },
            "field 'camera id' at offset 2 is 65535 bytes, the limit is 255"),
        malformed(
            "empty camera id",
            b -> {
              byte[] c =
                  FrameRecordFormat.INSTANCE.write(RecordFixtures.frame(0), RecordLimits.DEFAULTS);
              byte[] out = new byte[c.length - 5];
              out[0] = 'F';
              out[1] = 1;
              System.arraycopy(c, 9, out, 4, c.length - 9);
              return out;
            },
            "field 'camera id' is empty"),
        malformed(
            "camera id not UTF-8",
            b -> {
              b[4] = (byte) 0xC3;
              b[5] = (byte) 0x28;
              return b;
            },
            "field 'camera id' at offset 2 is not valid UTF-8 (5 bytes)"),
        malformed(
            "unknown encoding 7",
            b -> {
              b[25] = 7;
              return b;
            },
            "unknown image encoding code 7 (known: 1 = JPEG, 2 = PNG)"),
        malformed(
            "width 0", b -> putInt(b, 26, 0), "field 'width' at offset 26 is 0, expected 1..16384"),
        malformed(
            "height negative",
            b -> putInt(b, 30, -360),
            "field 'height' at offset 30 is -360, expected 1..16384"),
        malformed("width huge", b -> putInt(b, 26, 1 << 20), "is 1048576, expected 1..16384"),
        malformed(
            "image length negative",
            b -> putInt(b, 34, -1),
            "field 'image' at offset 34 declares -1 bytes, expected 0..4096"),
        malformed(
            "image length over the limit",
            b -> putInt(b, 34, 5000),
            "declares 5000 bytes, expected 0..4096"),
        malformed(
            "image length says more than present",
            b -> putInt(b, 34, 2000),
            "truncated: field 'image' needs 2000 bytes at offset 38, only 1000 remain"),
        malformed(
            "image length 0",
            b -> Arrays.copyOf(putInt(b, 34, 0), 38),
            "field 'image' is empty (0 bytes) for a 480x360 JPEG frame"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFrames")
  void shouldRejectMalformedFrameWithTheNumbers(String name, byte[] value, String expectedMessage) {
    RecordFixtures.assertRejected(
        "bad frame | " + name, () -> serde.deserialize("frames", value), expectedMessage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFrames")
  void shouldRejectMalformedFrameHeaderWithTheNumbers(
      String name, byte[] value, String expectedMessage) {
    RecordFixtures.assertRejected(
        "bad frame header | " + name,
        () -> FrameRecordFormat.INSTANCE.readHeader(value, SMALL),
        expectedMessage);
  }
}
