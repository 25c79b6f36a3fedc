package dev.scenelabeler.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.LabelSet;
import org.junit.jupiter.api.Test;

class GroundTruthClassesTest {

  @Test
  void shouldPaintTheClassIndexesOfTheLabelSetTheModelsLabelWith() {
    LabelSet labels = LabelSet.SCENE6;
    assertThat(GroundTruthClasses.LABEL_SET_ID).isEqualTo(labels.id());
    assertThat(labels.name(GroundTruthClasses.SKY)).isEqualTo("sky");
    assertThat(labels.name(GroundTruthClasses.TREE)).isEqualTo("tree");
    assertThat(labels.name(GroundTruthClasses.ROAD)).isEqualTo("road");
    assertThat(labels.name(GroundTruthClasses.BUILDING)).isEqualTo("building");
    assertThat(labels.name(GroundTruthClasses.PEDESTRIAN)).isEqualTo("pedestrian");
    assertThat(labels.name(GroundTruthClasses.OTHER)).isEqualTo("other");
  }
}
