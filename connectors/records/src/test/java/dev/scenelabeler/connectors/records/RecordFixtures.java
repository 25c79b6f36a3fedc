package dev.scenelabeler.connectors.records;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Deterministic records keyed by frame index, and the checks the record tests share. */
final class RecordFixtures {

  static final LabelSetDescriptor SCENE6 =
      new LabelSetDescriptor(
          "scene6-v1",
          List.of("sky", "tree", "road", "building", "pedestrian", "other"),
          new int[] {0x4A90E2, 0x2E8B3A, 0x8C8C8C, 0xC0504D, 0xFFD700, 0x8E44AD});

  private RecordFixtures() {}

  /** Pseudo-random but fixed bytes for frame {@code index}: a stand-in for an encoded image. */
  static byte[] imageBytes(int index, int length) {
    byte[] bytes = new byte[length];
    long state = 0x9E3779B97F4A7C15L * (index + 1);
    for (int i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      bytes[i] = (byte) state;
    }
    return bytes;
  }

  static FrameRecord frame(int index) {
    return new FrameRecord(
        "cam-" + (index % 3),
        index,
        1_700_000_000_000L + index * 66L,
        ImageEncoding.JPEG,
        480,
        360,
        imageBytes(index, 1000 + index));
  }

  /**
   * Class indices of a {@code width x height} mask: horizontal bands of the six classes, shifted by
   * index.
   */
  static byte[] classIndices(int index, int width, int height) {
    byte[] classes = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        classes[y * width + x] = (byte) (((y * 6) / height + (x + index) / 17) % 6);
      }
    }
    return classes;
  }

  static MaskRecord mask(int index, int width, int height) {
    return MaskRecord.builder()
        .setFrame("cam-" + (index % 3), index, 1_700_000_000_000L + index * 66L)
        .setLabeledTimestampMs(1_700_000_000_000L + index * 66L + 40)
        .setModel("farabet2013", "1.0.0")
        .setLabelSet(SCENE6)
        .setClassIndices(width, height, classIndices(index, width, height))
        .setMeanConfidence(0.5f + index / 1000f)
        .build();
  }

  /**
   * {@code bytes} with the big-endian int32 at {@code offset} set to {@code value}: one corrupt
   * length or size.
   */
  static byte[] putInt(byte[] bytes, int offset, int value) {
    ByteBuffer.wrap(bytes).putInt(offset, value);
    return bytes;
  }

  /**
   * Asserts that {@code read} fails with a {@link RecordFormatException} (so a Kafka {@code
   * SerializationException}) whose message contains {@code expected}, and prints the message: the
   * log then shows what a dead letter would say about such a record.
   */
  static void assertRejected(String label, ThrowingCallable read, String expected) {
    assertThatThrownBy(read)
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining(expected)
        .satisfies(
            e -> System.out.println(label + " | " + e.getMessage().lines().findFirst().orElse("")));
  }
}
