package dev.scenelabeler.connectors.records;

import static dev.scenelabeler.connectors.records.RecordFixtures.assertRejected;
import static dev.scenelabeler.connectors.records.RecordFixtures.putInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaskRecordFormatTest {

  private static final RecordLimits SMALL = new RecordLimits(64 * 1024);
  private final RecordSerde<MaskRecord> serde = RecordSerdes.masks(SMALL);

  static Stream<Arguments> validMasks() {
    return Stream.of(
        Arguments.of("480x360 bands", RecordFixtures.mask(3, 480, 360)),
        Arguments.of("1x1", RecordFixtures.mask(0, 1, 1)),
        Arguments.of("odd size 33x7", RecordFixtures.mask(5, 33, 7)),
        Arguments.of(
            "one class, non-ASCII names",
            MaskRecord.builder()
                .setFrame("caméra", Long.MAX_VALUE, -1)
                .setLabeledTimestampMs(0)
                .setModel("modèle", "")
                .setLabelSet(new LabelSetDescriptor("uno", List.of("tout"), new int[] {0xFFFFFF}))
                .setClassIndices(4, 4, new byte[16])
                .setMeanConfidence(1f)
                .build()),
        Arguments.of(
            "void pixels and given fractions",
            MaskRecord.builder()
                .setFrame("cam", 1, 2)
                .setLabeledTimestampMs(3)
                .setModel("m", "v")
                .setLabelSet(RecordFixtures.SCENE6)
                .setClassIndices(2, 2, new byte[] {0, (byte) 255, 5, 5})
                .optClassFractions(new float[] {0.25f, 0, 0, 0, 0, 0.5f})
                .setMeanConfidence(Float.NaN)
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validMasks")
  void shouldRoundTripMask(String name, MaskRecord mask) {
    byte[] value = serde.serialize("masks", mask);

    MaskRecord read = serde.deserialize("masks", value);

    assertThat(value[0]).isEqualTo(MaskRecordFormat.MAGIC);
    assertThat(value[1]).isEqualTo(MaskRecordFormat.VERSION);
    assertThat(read).isEqualTo(mask);
    assertThat(read.classIndices()).isEqualTo(mask.classIndices());
  }

  @Test
  void shouldEncodeClassIndicesAsLosslessGreyPngThatAnyReaderDecodes() throws Exception {
    byte[] classes = RecordFixtures.classIndices(4, 97, 31);
    MaskRecord mask =
        MaskRecord.builder()
            .setFrame("cam", 4, 100)
            .setLabeledTimestampMs(140)
            .setModel("m", "1")
            .setLabelSet(RecordFixtures.SCENE6)
            .setClassIndices(97, 31, classes)
            .setMeanConfidence(0.9f)
            .build();

    // javax.imageio, not OpenCV: the PNG must be a plain 8-bit grey PNG for any consumer.
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(mask.maskPng()));

    assertThat(png.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    assertThat(png.getWidth()).isEqualTo(97);
    assertThat(png.getHeight()).isEqualTo(31);
    byte[] pixels = new byte[97 * 31];
    png.getRaster().getDataElements(0, 0, 97, 31, pixels);
    assertThat(pixels).isEqualTo(classes);
    assertThat(mask.classIndices()).isEqualTo(classes);
  }

  @Test
  void shouldCountClassFractionsWhenNotGiven() {
    MaskRecord mask =
        MaskRecord.builder()
            .setFrame("cam", 1, 0)
            .setLabeledTimestampMs(25)
            .setModel("m", "1")
            .setLabelSet(RecordFixtures.SCENE6)
            .setClassIndices(4, 1, new byte[] {2, 2, 3, (byte) 255})
            .setMeanConfidence(0.5f)
            .build();

    assertThat(mask.classFractions()).containsExactly(0f, 0f, 0.5f, 0.25f, 0f, 0f);
    assertThat(mask.latencyMs()).isEqualTo(25);
  }

  @Test
  void shouldRefuseToBuildWithoutRequiredFields() {
    assertThatThrownBy(() -> MaskRecord.builder().setFrame("cam", 1, 1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call setLabeledTimestampMs before build()");
  }

  @Test
  void shouldRejectWrongNumberOfClassIndices() {
    assertThatThrownBy(() -> MaskPng.encode(10, 10, new byte[99]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mask 10x10 needs 100 class indices, got 99");
  }

  /** Mask 8x2 from camera "cam" with model "m" "1", label set "ls" of 2 classes "a" "b". */
  private static MaskRecord small() {
    return MaskRecord.builder()
        .setFrame("cam", 1, 2)
        .setLabeledTimestampMs(3)
        .setModel("m", "1")
        .setLabelSet(new LabelSetDescriptor("ls", List.of("a", "b"), new int[] {1, 2}))
        .setClassIndices(8, 2, new byte[] {0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0})
        .setMeanConfidence(0.75f)
        .build();
  }

  // Offsets in small(): camera 2..6, seq 7, capture 15, labeled 23, model id 31..33,
  // version 34..36, label set id 37..40, class count 41, "a" 42..44 + rgb 45, "b" 49..51 + rgb 52,
  // width 56, height 60, fractions 64, 68, confidence 72, PNG length 76, PNG 80.
  private static Arguments malformed(String name, UnaryOperator<byte[]> corrupt, String expected) {
    return Arguments.of(
        name,
        corrupt.apply(MaskRecordFormat.INSTANCE.write(small(), RecordLimits.DEFAULTS)),
        expected);
  }

  static Stream<Arguments> malformedMasks() {
    return Stream.of(
        malformed(
            "truncated in the PNG",
            b -> Arrays.copyOf(b, b.length - 1),
            "truncated: field 'mask PNG' needs"),
        malformed(
            "truncated in the fractions",
            b -> Arrays.copyOf(b, 70),
            "truncated: field 'fraction 1' needs 4 bytes at offset 68, only 2 remain (record is 70"
                + " bytes)"),
        malformed("trailing bytes", b -> Arrays.copyOf(b, b.length + 3), "3 trailing bytes"),
        malformed(
            "a frame record",
            b -> FrameRecordFormat.INSTANCE.write(RecordFixtures.frame(1), RecordLimits.DEFAULTS),
            "not a mask record: magic byte is 0x46, expected 0x4D ('M')"),
        malformed(
            "wrong version 9",
            b -> {
              b[1] = 9;
              return b;
            },
            "mask record format version 9 is not supported: this reader knows version 1"),
        malformed(
            "class count 0",
            b -> {
              b[41] = 0;
              return b;
            },
            "field 'class count' is 0, expected 1..255"),
        malformed(
            "class count larger than the names present",
            b -> {
              b[41] = 100;
              return b;
            },
            "field 'class name 6' at offset 82 is 20039 bytes, the limit is 255"),
        malformed(
            "width 0", b -> putInt(b, 56, 0), "field 'width' at offset 56 is 0, expected 1..16384"),
        malformed(
            "PNG length over the limit",
            b -> putInt(b, 76, 1 << 30),
            "field 'mask PNG' at offset 76 declares 1073741824 bytes, expected 0..65536"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedMasks")
  void shouldRejectMalformedMaskWithTheNumbers(String name, byte[] value, String expectedMessage) {
    assertRejected("bad mask | " + name, () -> serde.deserialize("masks", value), expectedMessage);
  }

  static Stream<Arguments> badPngs() {
    MaskRecord good = small();
    return Stream.of(
        Arguments.of(
            "PNG bytes garbage",
            Arrays.copyOf(good.maskPng(), 20),
            8,
            2,
            "mask PNG (20 bytes) could not be decoded"),
        Arguments.of(
            "PNG size differs from the record",
            good.maskPng(),
            4,
            4,
            "mask PNG is 8x2, the record says 4x4"),
        Arguments.of("colour PNG instead of grey", colourPng(), 2, 2, "expected 8-bit greyscale"));
  }

  private static byte[] colourPng() {
    try {
      BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(rgb, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPngs")
  void shouldRejectBadMaskPngOnDecode(
      String name, byte[] png, int width, int height, String expected) {
    MaskRecord mask =
        new MaskRecord(
            "cam",
            1,
            2,
            3,
            "m",
            "1",
            new LabelSetDescriptor("ls", List.of("a", "b"), new int[] {1, 2}),
            width,
            height,
            png,
            new float[] {0.5f, 0.5f},
            0.5f);

    assertRejected("bad mask PNG | " + name, mask::classIndices, expected);
  }
}
