package dev.scenelabeler.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.LabelSet;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GroundTruthClassTest {

  @Test
  void shouldPaintTheClassIndexesOfTheLabelSetTheModelsLabelWith() {
    LabelSet labels = LabelSet.SCENE6;
    assertThat(GroundTruthClass.LABEL_SET_ID).isEqualTo(labels.id());
    assertThat(Arrays.stream(GroundTruthClass.values()).map(c -> labels.name(c.index())))
        .containsExactly(
            Arrays.stream(GroundTruthClass.values())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new));
    assertThat(GroundTruthClass.values()).hasSize(labels.size());
  }
}
