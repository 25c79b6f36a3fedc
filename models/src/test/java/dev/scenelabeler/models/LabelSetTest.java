package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.scenelabeler.models.data.CamVidClasses;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class LabelSetTest {

  @Test
  void shouldMapCamVidClassesAsTheDatasetReadmeSays() {
    int[] expected = {
      LabelSet.SKY,
      LabelSet.BUILDING,
      LabelSet.OTHER,
      LabelSet.ROAD,
      LabelSet.OTHER,
      LabelSet.TREE,
      LabelSet.OTHER,
      LabelSet.OTHER,
      LabelSet.OTHER,
      LabelSet.PEDESTRIAN,
      LabelSet.OTHER,
      LabelSet.VOID
    };
    for (int v = 0; v < expected.length; v++) {
      assertThat(CamVidClasses.fromCamVid(v)).as("CamVid %d", v).isEqualTo(expected[v]);
    }
    assertThat(CamVidClasses.fromCamVid(200)).isEqualTo(LabelSet.VOID);
    assertThat(CamVidClasses.lookupTable()[9]).isEqualTo((byte) LabelSet.PEDESTRIAN);
  }

  @Test
  void shouldHaveSixClassesWithDistinctColoursAndFiveNamed() {
    assertThat(LabelSet.SCENE6.names())
        .containsExactly("sky", "tree", "road", "building", "pedestrian", "other");
    assertThat(Arrays.stream(LabelSet.SCENE6.paletteRgb()).distinct().count()).isEqualTo(6);
    assertThat(LabelSet.SCENE6.namedClasses()).isEqualTo(5);
  }

  @Test
  void shouldRoundTripThePaletteThroughItsHexForm() {
    LabelSet s = LabelSet.SCENE6;
    assertThat(LabelSet.fromHexPalette(s.id(), s.names(), s.hexPalette(), s.namedClasses()))
        .isEqualTo(s);
    assertThat(s.hexPalette().get(0)).isEqualTo("#4A90E2");
  }

  @Test
  void shouldNameWhatIsWrongWithAnInconsistentLabelSet() {
    Assertions.assertThatThrownBy(
            () -> LabelSet.fromHexPalette("x", List.of("a", "b"), List.of("#000000"), 1))
        .hasMessageContaining("2 classes but 1 palette colours");
    Assertions.assertThatThrownBy(
            () -> LabelSet.fromHexPalette("x", List.of("a"), List.of("red"), 1))
        .hasMessageContaining("palette entry 0 is 'red'");
  }

  @Test
  void shouldCountClassFractionsOfAMask() {
    SceneMask mask = SceneMask.of(2, 2, new byte[] {0, 0, 2, 5}, 6, 0.9f);
    assertThat(mask.classFractions()).containsExactly(0.5f, 0f, 0.25f, 0f, 0f, 0.25f);
    assertThat(mask.classAt(1, 1)).isEqualTo(5);
  }

  @Test
  void shouldResizeClassMapsByNearestNeighbour() {
    byte[] two = {0, 1, 2, 3};
    assertThat(ClassMaps.resizeNearest(two, 2, 2, 4, 4))
        .containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3);
    assertThat(
            ClassMaps.resizeNearest(
                new byte[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3}, 4, 4, 2, 2))
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void shouldParseDevices() {
    assertThat(DeviceSpec.parse("gpu:1")).isEqualTo(DeviceSpec.gpu(1));
    assertThat(DeviceSpec.parse(" CPU ")).isEqualTo(DeviceSpec.cpu());
    assertThat(DeviceSpec.parse("auto").resolve()).isEqualTo(Device.cpu());
    Assertions.assertThatThrownBy(() -> DeviceSpec.parse("gpu:x")).hasMessageContaining("'gpu:x'");
  }
}
