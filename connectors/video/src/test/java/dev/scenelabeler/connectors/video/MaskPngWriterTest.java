package dev.scenelabeler.connectors.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskPngWriterTest {

  @TempDir Path tmp;

  @Test
  void shouldReadBackExactlyTheClassesWritten() throws Exception {
    int width = 97; // odd sizes catch row-stride mistakes
    int height = 61;
    byte[] classes = new byte[width * height];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < classes.length; i++) {
      classes[i] = (byte) (i % 13 == 0 ? 255 : random.nextInt(6));
    }
    MaskPngWriter writer = new MaskPngWriter(tmp);
    Path file = writer.write(42, width, height, classes);
    assertThat(file.getFileName().toString()).isEqualTo("mask-000042.png");
    assertThat(MaskPngWriter.readPng(file, width, height)).isEqualTo(classes);
  }

  @Test
  void shouldRoundTripTheGroundTruthLabels() throws Exception {
    byte[] truth = MaskPngWriter.readPng(TestData.label(30), 480, 360);
    TreeSet<Integer> present = new TreeSet<>();
    for (byte b : truth) {
      present.add(b & 0xFF);
    }
    // sky, tree, road, building, pedestrian, other: the clip shows every class.
    assertThat(present).containsExactly(0, 1, 2, 3, 4, 5);
    Path file = new MaskPngWriter(tmp).write(30, 480, 360, truth);
    assertThat(MaskPngWriter.readPng(file, 480, 360)).isEqualTo(truth);
  }

  @Test
  void shouldRejectMaskOfWrongSize() {
    assertThatThrownBy(() -> new MaskPngWriter(tmp).write(0, 4, 3, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4x3 needs 12 class indices, got 11");
  }

  @Test
  void shouldRejectMissingOutputDirectory() {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(() -> new MaskPngWriter(missing))
        .isInstanceOf(VideoWriteException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldNameTheFileWhenItCannotBeWritten() throws Exception {
    MaskPngWriter writer = new MaskPngWriter(tmp);
    Files.createDirectory(writer.fileFor(3)); // a directory where the PNG should go
    assertThatThrownBy(() -> writer.write(3, 2, 2, new byte[4]))
        .isInstanceOf(VideoWriteException.class)
        .hasMessageContaining("mask-000003.png");
  }
}
