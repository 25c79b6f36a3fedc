package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelSetTest {

  @Test
  void shouldMapCamVidClassesAsTheDatasetReadmeSays() {
    int[] expected = {LabelSet.SKY, LabelSet.BUILDING, LabelSet.OTHER, LabelSet.ROAD, LabelSet.OTHER, LabelSet.TREE,
        LabelSet.OTHER, LabelSet.OTHER, LabelSet.OTHER, LabelSet.PEDESTRIAN, LabelSet.OTHER, LabelSet.VOID};
    for (int v = 0; v < expected.length; v++) {
      assertThat(LabelSet.fromCamVid(v)).as("CamVid %d", v).isEqualTo(expected[v]);
    }
    assertThat(LabelSet.fromCamVid(200)).isEqualTo(LabelSet.VOID);
    assertThat(LabelSet.camVidLookupTable()[9]).isEqualTo((byte) LabelSet.PEDESTRIAN);
  }

  @Test
  void shouldHaveSixNamedClassesWithDistinctColours() {
    assertThat(LabelSet.names()).containsExactly("sky", "tree", "road", "building", "pedestrian", "other");
    assertThat(Arrays.stream(LabelSet.paletteRgb()).distinct().count()).isEqualTo(6);
  }

  @Test
  void shouldCountClassFractionsOfAMask() {
    SceneMask mask = SceneMask.of(2, 2, new byte[] {0, 0, 2, 5}, 0.9f);
    assertThat(mask.classFractions()).containsExactly(0.5f, 0f, 0.25f, 0f, 0f, 0.25f);
    assertThat(mask.classAt(1, 1)).isEqualTo(5);
  }

  @Test
  void shouldResizeClassMapsByNearestNeighbour() {
    byte[] two = {0, 1, 2, 3};
    assertThat(ClassMaps.resizeNearest(two, 2, 2, 4, 4))
        .containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3);
    assertThat(ClassMaps.resizeNearest(new byte[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3}, 4, 4, 2, 2))
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void shouldParseDevices() {
    assertThat(DeviceSpec.parse("gpu:1")).isEqualTo(DeviceSpec.gpu(1));
    assertThat(DeviceSpec.parse(" CPU ")).isEqualTo(DeviceSpec.cpu());
    assertThat(DeviceSpec.parse("auto").resolve()).isEqualTo(ai.djl.Device.cpu());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceSpec.parse("gpu:x"))
        .hasMessageContaining("'gpu:x'");
  }
}
